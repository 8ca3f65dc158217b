import { describe, expect, it } from "vitest";
import { buildTarArchive } from "../../../src/tools/templates/tar.js";
import { createTemplate, deleteTemplate } from "../../../src/tools/templates/templates.js";
import { useToolHarness } from "../../support/tool-harness.js";
import { call, failed, ok } from "../results.js";
import { importVersion, seededTemplate, UNKNOWN_ID } from "./fixtures.js";

/** coder_create_template and coder_delete_template. */

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
