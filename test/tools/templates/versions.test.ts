import { describe, expect, it } from "vitest";
import { uploadTarFile } from "../../../src/tools/templates/files.js";
import { createTemplate, getTemplate } from "../../../src/tools/templates/templates.js";
import {
  createTemplateVersion,
  getTemplateVersionLogs,
  updateTemplateActiveVersion,
} from "../../../src/tools/templates/versions.js";
import { useToolHarness } from "../../support/tool-harness.js";
import { call, failed, ok } from "../results.js";
import { importVersion, MAIN_TF, seededTemplate, UNKNOWN_ID, upload } from "./fixtures.js";

describe("coder_upload_tar_file", () => {
  const h = useToolHarness({ seed: false });

  it("uploads the files and returns the id under both names (Go: UploadTarFile)", async () => {
    const result = ok(await call(h, uploadTarFile, { files: { "main.tf": MAIN_TF, "README.md": "# Go" } }));
    expect(result.file_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.hash).toBe(result.file_id);
    expect(result.file_count).toBe(2);
    expect(result.size_bytes % 512).toBe(0);
    expect(h.fake.inspect.files()).toEqual([
      expect.objectContaining({ id: result.file_id, mimetype: "application/x-tar", size: result.size_bytes }),
    ]);
  });

  it("gives the same id for the same files, whatever the key order", async () => {
    const first = ok(await call(h, uploadTarFile, { files: { "a.tf": "a", "b.tf": "b" } }));
    const second = ok(await call(h, uploadTarFile, { files: { "b.tf": "b", "a.tf": "a" } }));
    expect(second.file_id).toBe(first.file_id);
  });

  it("refuses unsafe paths before uploading anything", async () => {
    const failure = failed(await call(h, uploadTarFile, { files: { "../x.tf": "x", "/etc/y": "y" } }));
    expect(failure.error.kind).toBe("input");
    expect(failure.text).toContain('$.files["../x.tf"]');
    expect(failure.text).toContain('$.files["/etc/y"]');
    expect(h.fake.inspect.files()).toEqual([]);
  });

  it("requires files to be a map of strings", async () => {
    expect(failed(await call(h, uploadTarFile, {})).text).toContain("$.files");
    expect(failed(await call(h, uploadTarFile, { files: { "main.tf": 1 } })).error.kind).toBe("input");
  });
});

describe("coder_create_template_version and coder_get_template_version_logs", () => {
  const h = useToolHarness({ seed: false });

  it("imports a standalone version and reports its success with logs (Go: without a template id)", async () => {
    const fileId = await upload(h);
    const version = ok(await call(h, createTemplateVersion, { file_id: fileId }));
    expect(version).toMatchObject({ organization_id: h.fake.organization.id, message: "Created by AI" });
    expect(version.template_id).toBeUndefined();
    expect(["pending", "running"]).toContain(version.job.status);
    expect(version.note).toContain("coder_get_template_version_logs");

    const progress: string[] = [];
    const ctx = h.context({ progress: (p) => progress.push(p.message ?? "") });
    const logs = ok(await call(h, getTemplateVersionLogs, { template_version_id: version.id }, ctx));
    expect(logs).toMatchObject({ template_version_id: version.id, status: "succeeded", complete: true });
    expect(logs.line_count).toBeGreaterThan(0);
    expect(logs.logs.length).toBeGreaterThan(0);
    expect(progress.length).toBe(logs.line_count);
    expect(logs.note).toContain("coder_create_template");
  });

  it("adds a version to an existing template, inferring its organization (Go: with a template id)", async () => {
    const { template } = h.fake.seed.template({ name: "base" });
    const research = h.fake.seed.organization({ name: "research" });
    h.fake.seed.membership("admin", research.id);
    const fileId = await upload(h);
    const version = ok(await call(h, createTemplateVersion, { file_id: fileId, template_id: template.id }));
    expect(version).toMatchObject({ template_id: template.id, organization_id: h.fake.organization.id });
  });

  it("accepts an explicit organization that matches (Go: explicit org)", async () => {
    const { template } = h.fake.seed.template({ name: "base" });
    const fileId = await upload(h);
    const version = ok(
      await call(h, createTemplateVersion, {
        file_id: fileId,
        template_id: template.id,
        organization_id: h.fake.organization.id,
      }),
    );
    expect(version.organization_id).toBe(h.fake.organization.id);
  });

  it("refuses an organization that is not the template's", async () => {
    const { template } = h.fake.seed.template({ name: "base" });
    const research = h.fake.seed.organization({ name: "research" });
    h.fake.seed.membership("admin", research.id);
    const failure = failed(
      await call(h, createTemplateVersion, {
        file_id: await upload(h),
        template_id: template.id,
        organization_id: research.id,
      }),
    );
    expect(failure.error).toMatchObject({
      kind: "input",
      issues: [expect.objectContaining({ path: "$.organization_id" })],
    });
  });

  it("asks for an organization when the caller belongs to several", async () => {
    const research = h.fake.seed.organization({ name: "research" });
    h.fake.seed.membership("admin", research.id);
    const failure = failed(await call(h, createTemplateVersion, { file_id: await upload(h) }));
    expect(failure.error).toMatchObject({
      kind: "tool",
      hint: expect.stringContaining("coder_list_organizations"),
    });
    expect(failure.text).toContain(
      "organization_id is required because you belong to multiple organizations",
    );
    const version = ok(
      await call(h, createTemplateVersion, { file_id: await upload(h), organization_id: research.id }),
    );
    expect(version.organization_id).toBe(research.id);
  });

  it("checks every id with Coder's wording", async () => {
    const badFile = failed(await call(h, createTemplateVersion, { file_id: "f" }));
    expect(badFile.text).toContain("file_id must be a valid UUID");
    const badTemplate = failed(
      await call(h, createTemplateVersion, { file_id: UNKNOWN_ID, template_id: "t" }),
    );
    expect(badTemplate.text).toContain("template_id must be a valid UUID");
    const badOrg = failed(
      await call(h, createTemplateVersion, { file_id: UNKNOWN_ID, organization_id: "o" }),
    );
    expect(badOrg.text).toContain("organization_id must be a valid UUID");
    const zeroOrg = failed(
      await call(h, createTemplateVersion, {
        file_id: UNKNOWN_ID,
        organization_id: "00000000-0000-0000-0000-000000000000",
      }),
    );
    expect(zeroOrg.text).toContain("organization_id must be a valid nonzero UUID");
  });

  it("explains an unknown file or template", async () => {
    const noFile = failed(await call(h, createTemplateVersion, { file_id: UNKNOWN_ID }));
    expect(noFile.error).toMatchObject({
      kind: "tool",
      hint: expect.stringContaining("coder_upload_tar_file"),
    });
    const noTemplate = failed(
      await call(h, createTemplateVersion, { file_id: await upload(h), template_id: UNKNOWN_ID }),
    );
    expect(noTemplate.error).toMatchObject({
      kind: "tool",
      hint: expect.stringContaining("coder_list_templates"),
    });
  });

  it("reports a failed import with its error", async () => {
    const version = await importVersion(h, {
      files: {
        "main.tf": MAIN_TF,
        "fake-coder.json": JSON.stringify({ failImport: "terraform plan: boom" }),
      },
    });
    expect(version.status).toBe("failed");
    const logs = ok(await call(h, getTemplateVersionLogs, { template_version_id: version.id }));
    expect(logs).toMatchObject({ status: "failed", complete: true, error: expect.stringContaining("boom") });
    expect(logs.note).toContain("coder_upload_tar_file");
  });

  it("imports the uploaded parameters and presets", async () => {
    const version = await importVersion(h);
    const template = ok(
      await call(h, createTemplate, {
        name: "sized",
        display_name: "Sized",
        description: "d",
        version_id: version.id,
      }),
    );
    const detail = ok(await call(h, getTemplate, { template_id: template.id }));
    expect(detail.parameters).toEqual([
      expect.objectContaining({
        name: "size",
        default_value: "small",
        options: [
          { name: "Small", value: "small" },
          { name: "Large", value: "large" },
        ],
      }),
    ]);
    expect(detail.presets).toEqual([
      expect.objectContaining({ name: "Big", parameters: [{ name: "size", value: "large" }] }),
    ]);
  });

  it("rejects a bad version id and explains an unknown one", async () => {
    expect(failed(await call(h, getTemplateVersionLogs, { template_version_id: "x" })).text).toContain(
      "template_version_id must be a valid UUID",
    );
    const unknown = failed(await call(h, getTemplateVersionLogs, { template_version_id: UNKNOWN_ID }));
    expect(unknown.error).toMatchObject({
      kind: "tool",
      hint: expect.stringContaining("coder_create_template_version"),
    });
  });
});

describe("coder_get_template_version_logs with a slow import", () => {
  const h = useToolHarness({ seed: false, buildStepMs: 300 });

  it("returns what arrived when the wait budget runs out, with a note to call again", async () => {
    const version = ok(await call(h, createTemplateVersion, { file_id: await upload(h) }));
    const ctx = h.context({ limits: { jobWaitMs: 100 } });
    const logs = ok(await call(h, getTemplateVersionLogs, { template_version_id: version.id }, ctx));
    expect(logs.complete).toBe(false);
    expect(["pending", "running"]).toContain(logs.status);
    expect(logs.note).toContain("coder_get_template_version_logs again");
  });

  it("does not promote a version whose import is still running", async () => {
    const { template } = h.fake.seed.template({ name: "base" });
    const version = ok(
      await call(h, createTemplateVersion, { file_id: await upload(h), template_id: template.id }),
    );
    const failure = failed(
      await call(h, updateTemplateActiveVersion, {
        template_id: template.id,
        template_version_id: version.id,
      }),
    );
    expect(failure.error).toMatchObject({
      kind: "tool",
      hint: expect.stringContaining("coder_get_template_version_logs"),
    });
    expect(failure.text).toContain("built successfully");
  });
});

describe("coder_update_template_active_version", () => {
  const h = useToolHarness();

  it("promotes an imported version of the template (Go: UpdateTemplateActiveVersion)", async () => {
    const docker = seededTemplate(h, "docker");
    const version = await importVersion(h, { templateId: docker.id });
    expect(version.status).toBe("succeeded");
    const result = ok(
      await call(h, updateTemplateActiveVersion, { template_id: docker.id, template_version_id: version.id }),
    );
    expect(result).toEqual({
      message: "Successfully updated active version!",
      template_id: docker.id,
      active_version_id: version.id,
    });
    expect(seededTemplate(h, "docker").active_version_id).toBe(version.id);
  });

  it("passes Coder's refusal through for a version of another template", async () => {
    const kube = seededTemplate(h, "kubernetes");
    const docker = seededTemplate(h, "docker");
    const failure = failed(
      await call(h, updateTemplateActiveVersion, {
        template_id: docker.id,
        template_version_id: kube.active_version_id,
      }),
    );
    expect(failure.error).toMatchObject({ kind: "api", status: 400 });
    expect(failure.text).toContain("doesn't belong to the specified template");
  });

  it("checks both ids and explains unknown ones", async () => {
    const docker = seededTemplate(h, "docker");
    const bad = failed(
      await call(h, updateTemplateActiveVersion, { template_id: "t", template_version_id: "v" }),
    );
    expect(bad.text).toContain("template_id must be a valid UUID");
    expect(bad.text).toContain("template_version_id");
    const unknown = failed(
      await call(h, updateTemplateActiveVersion, { template_id: docker.id, template_version_id: UNKNOWN_ID }),
    );
    expect(unknown.error).toMatchObject({
      kind: "tool",
      hint: expect.stringContaining("coder_create_template_version"),
    });
  });
});
