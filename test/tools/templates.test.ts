import { describe, expect, it } from "vitest";
import { DESTRUCTIVE, MUTATION, READ_ONLY } from "../../src/tools/index.js";
import { buildTarArchive } from "../../src/tools/tar.js";
import { uploadTarFile } from "../../src/tools/template-files.js";
import { createTemplateVersion } from "../../src/tools/template-versions.js";
import {
  createTemplate,
  deleteTemplate,
  getTemplate,
  listTemplates,
  templateTools,
  templateVersionParameters,
} from "../../src/tools/templates.js";
import { useToolHarness } from "./harness.js";
import { call, failed, importVersion, ok, seededTemplate, UNKNOWN_ID } from "./template-fixtures.js";

describe("template tools: definitions", () => {
  it("are in the templates toolset with the catalog's annotation classes", () => {
    const classes = Object.fromEntries(templateTools.map((t) => [t.name, t.annotations]));
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
    for (const tool of templateTools) expect(tool.toolset).toBe("templates");
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
      agents_allowed: false,
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

  it.todo("reports agents_allowed from Coder (fake gap: the fake's templates have no agents_allowed field)");

  it("reads agents_allowed when the deployment sends it", async () => {
    // A newer deployment's template list, served through the fake's fault switch.
    const body = h.fake.inspect.templates().map((t) => ({ ...t, agents_allowed: t.name === "docker" }));
    h.fake.faults.add({ method: "GET", path: "/api/v2/templates", status: 200, body, times: 1 });
    const { templates } = ok(await call(h, listTemplates, {}));
    expect(Object.fromEntries(templates.map((t) => [t.name, t.agents_allowed]))).toEqual({
      docker: true,
      kubernetes: false,
    });
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

  it.todo(
    "returns desired_prebuild_instances of presets (fake gap: the fake always sends DesiredPrebuildInstances null)",
  );

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

describe("coder_create_template", () => {
  const h = useToolHarness({ seed: false });

  it("creates a template from an imported version, sending the icon", async () => {
    const version = await importVersion(h);
    expect(version.status).toBe("succeeded");
    const template = ok(
      await call(h, createTemplate, {
        name: "go-dev",
        display_name: "Go development",
        description: "Go toolchain in Docker",
        icon: "/icon/go.svg",
        version_id: version.id,
      }),
    );
    expect(template).toMatchObject({
      name: "go-dev",
      display_name: "Go development",
      description: "Go toolchain in Docker",
      organization_id: h.fake.organization.id,
      active_version_id: version.id,
    });
    expect(h.fake.inspect.templates().find((t) => t.id === template.id)?.icon).toBe("/icon/go.svg");
  });

  it("accepts an explicit organization (Go: CreateTemplate)", async () => {
    const version = await importVersion(h);
    const template = ok(
      await call(h, createTemplate, {
        organization_id: h.fake.organization.id,
        name: "explicit",
        display_name: "Explicit",
        description: "x",
        version_id: version.id,
      }),
    );
    expect(template.organization_id).toBe(h.fake.organization.id);
  });

  it("takes the version's organization when the caller belongs to several", async () => {
    const research = h.fake.seed.organization({ name: "research" });
    h.fake.seed.membership("admin", research.id);
    const versionId = await createVersionIn(h, research.id);
    const template = ok(
      await call(h, createTemplate, {
        name: "multi",
        display_name: "M",
        description: "d",
        version_id: versionId,
      }),
    );
    expect(template).toMatchObject({ organization_id: research.id, organization_name: "research" });
  });

  it("refuses an organization that is not the version's", async () => {
    const research = h.fake.seed.organization({ name: "research" });
    h.fake.seed.membership("admin", research.id);
    const versionId = await createVersionIn(h, h.fake.organization.id);
    const failure = failed(
      await call(h, createTemplate, {
        organization_id: research.id,
        name: "wrong-org",
        display_name: "W",
        description: "d",
        version_id: versionId,
      }),
    );
    expect(failure.error).toMatchObject({
      kind: "input",
      issues: [expect.objectContaining({ path: "$.organization_id" })],
    });
    expect(failure.text).toContain(h.fake.organization.id);
  });

  it("validates version_id and explains an unknown version", async () => {
    const bad = failed(
      await call(h, createTemplate, { name: "x", display_name: "X", description: "d", version_id: "nope" }),
    );
    expect(bad.text).toContain("version_id must be a valid UUID");
    const unknown = failed(
      await call(h, createTemplate, {
        name: "x",
        display_name: "X",
        description: "d",
        version_id: UNKNOWN_ID,
      }),
    );
    expect(unknown.error).toMatchObject({
      kind: "tool",
      hint: expect.stringContaining("coder_create_template_version"),
    });
  });

  it("requires name, display_name and description", async () => {
    const failure = failed(await call(h, createTemplate, { version_id: UNKNOWN_ID }));
    expect(failure.error.kind).toBe("input");
    for (const field of ["name", "display_name", "description"]) expect(failure.text).toContain(`$.${field}`);
  });

  it("passes Coder's validation errors through (bad template name)", async () => {
    const version = await importVersion(h);
    const failure = failed(
      await call(h, createTemplate, {
        name: "Not Valid!",
        display_name: "X",
        description: "d",
        version_id: version.id,
      }),
    );
    expect(failure.error).toMatchObject({ kind: "api", status: 400 });
    expect(failure.text).toContain("name");
  });
});

/** A version imported straight through the client in one organization (no tool org inference). */
async function createVersionIn(h: ReturnType<typeof useToolHarness>, orgId: string): Promise<string> {
  const archive = await buildTarArchive({ "main.tf": 'resource "coder_agent" "main" {}' });
  const file = await h.owner.files.upload(archive.bytes);
  const version = await h.owner.templates.createVersion(orgId, { file_id: file.hash });
  await h.fake.idle();
  return version.id;
}

describe("coder_delete_template", () => {
  const h = useToolHarness();

  it("relays Coder's refusal while workspaces exist, naming them (Go: DeleteTemplate)", async () => {
    const docker = seededTemplate(h, "docker");
    const failure = failed(await call(h, deleteTemplate, { template_id: docker.id }));
    expect(failure.error.kind).toBe("tool");
    expect(failure.text).toContain("All workspaces must be deleted before a template can be removed.");
    expect(failure.text).toContain("admin/dev");
    expect(failure.text).toContain("alice/alice-dev");
    expect(failure.text).toContain("coder_create_workspace_build");
  });

  it("deletes a template without workspaces", async () => {
    const { template } = h.fake.seed.template({ name: "unused" });
    const result = ok(await call(h, deleteTemplate, { template_id: template.id }));
    expect(result).toEqual({ message: "Template deleted successfully.", template_id: template.id });
    expect(h.fake.inspect.templates().some((t) => t.id === template.id)).toBe(false);
  });

  it("rejects a bad id and explains an unknown one", async () => {
    expect(failed(await call(h, deleteTemplate, { template_id: "x" })).text).toContain(
      "template_id must be a valid UUID",
    );
    const unknown = failed(await call(h, deleteTemplate, { template_id: UNKNOWN_ID }));
    expect(unknown.error).toMatchObject({
      kind: "tool",
      hint: expect.stringContaining("coder_list_templates"),
    });
  });

  it("passes Coder's 403 through for a member", async () => {
    const { template } = h.fake.seed.template({ name: "guarded" });
    const failure = failed(
      await call(h, deleteTemplate, { template_id: template.id }, h.context({ client: h.member })),
    );
    expect(failure.error).toMatchObject({ kind: "api", status: 403 });
  });
});
