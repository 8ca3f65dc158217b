import { describe, expect, it } from "vitest";
import { DESTRUCTIVE, MUTATION, READ_ONLY } from "../../../src/tools/index.js";
import {
  createTemplateVersion,
  getTemplate,
  listTemplates,
  templatesToolset,
  templateVersionParameters,
  uploadTarFile,
} from "../../../src/tools/templates/index.js";
import { useToolHarness } from "../../support/tool-harness.js";
import { call, failed, ok } from "../results.js";
import { seededTemplate, UNKNOWN_ID } from "./fixtures.js";

/**
 * Template definitions and the read tools (list, get, version parameters). Creating and deleting
 * templates: templates-manage.test.ts; versions: template-versions.test.ts.
 */

describe("template tools: definitions", () => {
  it("are in the templates toolset with the catalog's annotation classes", () => {
    const classes = Object.fromEntries(templatesToolset.tools.map((t) => [t.name, t.annotations]));
    expect(Object.keys(classes)).toEqual([
      "coder_list_templates",
      "coder_get_template",
      "coder_template_version_parameters",
      "coder_upload_tar_file",
      "coder_create_template_version",
      "coder_get_template_version_logs",
      "coder_update_template_active_version",
      "coder_create_template",
      "coder_delete_template",
    ]);
    expect(classes).toEqual({
      coder_list_templates: READ_ONLY,
      coder_get_template: READ_ONLY,
      coder_template_version_parameters: READ_ONLY,
      coder_upload_tar_file: MUTATION,
      coder_create_template_version: MUTATION,
      coder_get_template_version_logs: READ_ONLY,
      coder_update_template_active_version: MUTATION,
      coder_create_template: MUTATION,
      coder_delete_template: DESTRUCTIVE,
    });
    for (const tool of templatesToolset.tools) expect(tool.toolset).toBe("templates");
  });
});

describe("coder_list_templates", () => {
  const h = useToolHarness();

  it("lists every visible template with ids, organization and agents_allowed (Go: ListTemplates)", async () => {
    const { templates } = ok(await call(h, listTemplates, {}, h.context({ client: h.member })));
    const docker = seededTemplate(h, "docker");
    expect(templates.map((t) => t.name).sort()).toEqual(["docker", "kubernetes"]);
    expect(templates.find((t) => t.name === "docker")).toEqual({
      id: docker.id,
      name: "docker",
      display_name: "Docker Containers",
      description: "Develop in a Docker container on the host.",
      organization_id: h.fake.organization.id,
      organization_name: "coder",
      active_version_id: docker.active_version_id,
      active_user_count: 2,
      agents_allowed: true,
    });
  });

  it("flags deprecated templates", async () => {
    h.fake.seed.template({ name: "old", deprecationMessage: "Use docker instead" });
    const { templates } = ok(await call(h, listTemplates, {}));
    expect(templates.find((t) => t.name === "old")).toMatchObject({
      deprecated: true,
      deprecation_message: "Use docker instead",
    });
    expect(templates.find((t) => t.name === "docker")?.deprecated).toBeUndefined();
  });

  it("reports agents_allowed from Coder, true by default and false where a template opts out", async () => {
    h.fake.seed.template({ name: "fresh" });
    const { templates } = ok(await call(h, listTemplates, {}));
    expect(Object.fromEntries(templates.map((t) => [t.name, t.agents_allowed]))).toEqual({
      docker: true,
      fresh: true,
      kubernetes: false,
    });
    // The value comes from Coder's JSON, not a tool default.
    const sent = h.fake.inspect.templates();
    expect(Object.fromEntries(sent.map((t) => [t.name, t.agents_allowed]))).toEqual({
      docker: true,
      fresh: true,
      kubernetes: false,
    });
  });

  it("reads agents_allowed as false from an older deployment that does not send it", async () => {
    // An older deployment's template list, served through the fake's fault switch.
    const body = h.fake.inspect.templates().map(({ agents_allowed: _, ...t }) => t);
    h.fake.faults.add({ method: "GET", path: "/api/v2/templates", status: 200, body, times: 1 });
    const { templates } = ok(await call(h, listTemplates, {}));
    expect(templates.map((t) => t.agents_allowed)).toEqual([false, false]);
  });
});

describe("coder_get_template", () => {
  const h = useToolHarness();

  it("returns parameters and presets of the active version (Go: GetTemplate presets)", async () => {
    const docker = seededTemplate(h, "docker");
    const detail = ok(
      await call(h, getTemplate, { template_id: docker.id }, h.context({ client: h.member })),
    );
    expect(detail).toMatchObject({ id: docker.id, name: "docker", organization_id: h.fake.organization.id });
    expect(detail.parameters.map((p) => p.name)).toEqual([
      "region",
      "cpu",
      "image",
      "enable_gpu",
      "ides",
      "rebuild",
      "dotfiles_uri",
    ]);
    expect(detail.parameters[0]).toEqual({
      name: "region",
      display_name: "Region",
      description: "Where the container runs. Cannot be changed later.",
      type: "string",
      form_type: "radio",
      required: false,
      mutable: false,
      default_value: "us-pittsburgh",
      options: [
        { name: "Pittsburgh", value: "us-pittsburgh" },
        { name: "Helsinki", value: "eu-helsinki" },
        { name: "Sydney", value: "ap-sydney" },
      ],
    });
    expect(detail.parameters.find((p) => p.name === "cpu")).toMatchObject({
      validation_min: 1,
      validation_max: 8,
    });
    expect(detail.parameters.find((p) => p.name === "rebuild")?.ephemeral).toBe(true);
    expect(detail.presets).toEqual([
      {
        id: expect.any(String),
        name: "Small (Pittsburgh)",
        description: "2 cores in Pittsburgh",
        default: true,
        desired_prebuild_instances: 2,
        parameters: [
          { name: "region", value: "us-pittsburgh" },
          { name: "cpu", value: "2" },
        ],
      },
      {
        id: expect.any(String),
        name: "Large GPU (Helsinki)",
        description: "8 cores and a GPU",
        default: false,
        parameters: [
          { name: "region", value: "eu-helsinki" },
          { name: "cpu", value: "8" },
          { name: "enable_gpu", value: "true" },
        ],
      },
    ]);
  });

  it("returns desired_prebuild_instances only for presets with prebuilds (Go: Preset.DesiredPrebuildInstances)", async () => {
    const { template } = h.fake.seed.template({
      name: "prebuilt",
      parameters: [{ name: "size", type: "string", default_value: "s", mutable: true }],
      presets: [
        { name: "Warm", parameters: { size: "m" }, desiredPrebuildInstances: 3 },
        { name: "Cold", parameters: { size: "l" } },
      ],
    });
    const { presets } = ok(await h.call(getTemplate, { template_id: template.id }));
    expect(presets?.map((p) => [p.name, p.desired_prebuild_instances])).toEqual([
      ["Warm", 3],
      ["Cold", undefined],
    ]);
    expect(presets?.[1]).not.toHaveProperty("desired_prebuild_instances");
    // Coder sends the Go field name, null for a preset without prebuilds.
    const raw = (await (
      await h.fake.fetch(`/api/v2/templateversions/${template.active_version_id}/presets`, {
        headers: { "Coder-Session-Token": h.fake.owner.token },
      })
    ).json()) as { Name: string; DesiredPrebuildInstances: number | null }[];
    expect(raw.map((p) => [p.Name, p.DesiredPrebuildInstances])).toEqual([
      ["Warm", 3],
      ["Cold", null],
    ]);
  });

  it("leaves out the presets key when the version has none", async () => {
    const { template } = h.fake.seed.template({
      name: "plain",
      parameters: [{ name: "repo", type: "string", required: true, mutable: true }],
    });
    const result = await call(h, getTemplate, { template_id: template.id });
    const detail = ok(result);
    expect(detail.organization_id).toBe(h.fake.organization.id);
    expect(detail.parameters.map((p) => p.name)).toEqual(["repo"]);
    expect("presets" in detail).toBe(false);
    expect(result.ok && result.text).not.toContain('"presets"');
  });

  it("rejects an invalid id with Coder's wording", async () => {
    const failure = failed(await call(h, getTemplate, { template_id: "not-a-uuid" }));
    expect(failure.error.kind).toBe("input");
    expect(failure.text).toContain("template_id must be a valid UUID");
  });

  it("says get template and what to call when the template does not exist", async () => {
    const failure = failed(await call(h, getTemplate, { template_id: UNKNOWN_ID }));
    expect(failure.error).toMatchObject({
      kind: "tool",
      hint: expect.stringContaining("coder_list_templates"),
    });
    expect(failure.text).toContain("get template");
  });

  it("says the template has no active version instead of asking Coder about the zero UUID", async () => {
    const docker = seededTemplate(h, "docker");
    // A template whose active version is unset, as Coder sends it: the nil UUID.
    const body = { ...docker, active_version_id: "00000000-0000-0000-0000-000000000000" };
    h.fake.faults.add({ method: "GET", path: `/api/v2/templates/${docker.id}`, status: 200, body, times: 1 });
    const failure = failed(await call(h, getTemplate, { template_id: docker.id }));
    expect(failure.error).toMatchObject({
      kind: "tool",
      message: "template has no active version",
      hint: expect.stringContaining("coder_update_template_active_version"),
    });
    expect(h.fake.requests.filter((r) => r.path.startsWith("/api/v2/templateversions/"))).toEqual([]);
  });

  it("keeps Coder's status for other failures, prefixed with the step", async () => {
    const docker = seededTemplate(h, "docker");
    h.fake.faults.add({ path: `/api/v2/templateversions/${docker.active_version_id}/presets`, status: 500 });
    const failure = failed(await call(h, getTemplate, { template_id: docker.id }));
    expect(failure.error).toMatchObject({ kind: "api", status: 500 });
    expect(failure.error.message).toMatch(/^get template presets: /);
  });
});

describe("coder_template_version_parameters", () => {
  const h = useToolHarness();

  it("lists a version's parameters", async () => {
    const kube = seededTemplate(h, "kubernetes");
    const { parameters } = ok(
      await call(h, templateVersionParameters, { template_version_id: kube.active_version_id }),
    );
    expect(parameters.map((p) => [p.name, p.type, p.required])).toEqual([
      ["namespace", "string", true],
      ["replicas", "number", false],
      ["storage_class", "string", false],
      ["home_size", "number", false],
    ]);
    expect(parameters.find((p) => p.name === "home_size")?.validation_monotonic).toBe("increasing");
  });

  it("returns an empty list for a version without parameters (Go: ListTemplateVersionParameters)", async () => {
    const { version } = h.fake.seed.template({ name: "bare" });
    expect(ok(await call(h, templateVersionParameters, { template_version_id: version.id }))).toEqual({
      parameters: [],
    });
  });

  it("rejects a bad id and explains an unknown one", async () => {
    const bad = failed(await call(h, templateVersionParameters, { template_version_id: "v1" }));
    expect(bad.text).toContain("template_version_id must be a valid UUID");
    const unknown = failed(await call(h, templateVersionParameters, { template_version_id: UNKNOWN_ID }));
    expect(unknown.error).toMatchObject({ kind: "tool", hint: expect.stringContaining("active_version_id") });
  });
});

describe("coder_template_version_parameters while importing", () => {
  const h = useToolHarness({ seed: false, buildStepMs: 2_000 });

  it("tells the model to wait for the import (Coder answers 412)", async () => {
    const file = ok(
      await call(h, uploadTarFile, { files: { "main.tf": 'resource "coder_agent" "main" {}' } }),
    );
    const version = ok(await call(h, createTemplateVersion, { file_id: file.file_id }));
    const failure = failed(await call(h, templateVersionParameters, { template_version_id: version.id }));
    expect(failure.error).toMatchObject({
      kind: "tool",
      hint: expect.stringContaining("coder_get_template_version_logs"),
    });
    expect(failure.text).toContain("has not finished");
  });
});
