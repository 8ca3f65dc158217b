import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createFakeCoder,
  type FakeCoder,
  type ProvisionerJobLog,
  type Template,
  type TemplateVersion,
  type TemplateVersionParameter,
} from "../../src/testing/index.js";
import { makeTar } from "../support/tar.js";
import { apiClient, ISO_TIMESTAMP, waitFor } from "./helpers.js";

const MAIN_TF = `
terraform {
  required_providers {
    coder = { source = "coder/coder" }
  }
}

data "coder_parameter" "size" {
  name         = "size"
  display_name = "Size"
  type         = "string"
  default      = "small"
  mutable      = true
  option {
    name  = "Small"
    value = "small"
  }
  option {
    name  = "Large"
    value = "large"
  }
}

data "coder_parameter" "repo" {
  name = "repo"
  type = "string"
}

resource "coder_agent" "dev" {
  os   = "linux"
  arch = "arm64"
}

resource "coder_app" "web" {
  agent_id = coder_agent.dev.id
  slug     = "web"
  url      = "http://localhost:8080"
}

resource "docker_container" "box" {
  image = "ubuntu"
  command = ["sh", "-c", coder_agent.dev.init_script]
}
`;

describe("fake coder: templates, versions and files", () => {
  let fake: FakeCoder;
  let api: ReturnType<typeof apiClient>;
  beforeEach(() => {
    fake = createFakeCoder({ buildStepMs: 5 });
    api = apiClient(fake.fetch, "", fake.owner.token);
  });
  afterEach(() => fake.close());

  const upload = async (data: Uint8Array, token = fake.owner.token) => {
    const res = await fake.fetch("/api/v2/files", {
      method: "POST",
      headers: { "Coder-Session-Token": token, "Content-Type": "application/x-tar" },
      body: data as Uint8Array<ArrayBuffer>,
    });
    return { status: res.status, body: (await res.json()) as { hash: string; message?: string } };
  };

  it("stores files by content hash: 201 for new content, 200 with the same id for a repeat", async () => {
    const data = await makeTar({ "main.tf": MAIN_TF });
    const first = await upload(data);
    expect(first.status).toBe(201);
    expect(first.body.hash).toMatch(/^[0-9a-f-]{36}$/);
    const again = await upload(data);
    expect(again.status).toBe(200);
    expect(again.body.hash).toBe(first.body.hash);
    const other = await upload(await makeTar({ "main.tf": "# different" }));
    expect(other.body.hash).not.toBe(first.body.hash);
    const download = await fake.fetch(`/api/v2/files/${first.body.hash}`, {
      headers: { "Coder-Session-Token": fake.owner.token },
    });
    expect(download.headers.get("content-type")).toBe("application/x-tar");
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(data);
    expect(fake.inspect.files()).toHaveLength(2);
    const wrongType = await fake.fetch("/api/v2/files", {
      method: "POST",
      headers: { "Coder-Session-Token": fake.owner.token, "Content-Type": "text/plain" },
      body: "x",
    });
    expect(wrongType.status).toBe(400);
    expect(((await wrongType.json()) as { message: string }).message).toBe(
      'Unsupported content type header "text/plain".',
    );
  });

  it("imports a version from an uploaded tar, parses its parameters, and creates a template (201)", async () => {
    const file = await upload(await makeTar({ "main.tf": MAIN_TF, "README.md": "# Box" }));
    const created = await api<TemplateVersion>("POST", "/api/v2/organizations/coder/templateversions", {
      name: "first",
      storage_method: "file",
      file_id: file.body.hash,
      provisioner: "terraform",
      tags: {},
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: "first",
      readme: "# Box",
      job: { status: "pending", type: "template_version_import" },
    });
    expect(created.body.template_id).toBeUndefined();
    const early = await api("GET", `/api/v2/templateversions/${created.body.id}/rich-parameters`);
    expect(early.status).toBe(412);

    const done = await waitFor(async () => {
      const v = (await api<TemplateVersion>("GET", `/api/v2/templateversions/${created.body.id}`)).body;
      return v.job.status === "succeeded" ? v : undefined;
    });
    expect(done.job.completed_at).toMatch(ISO_TIMESTAMP);
    expect(Date.parse(done.job.completed_at ?? "")).toBeGreaterThanOrEqual(Date.parse(done.job.created_at));
    const logs = await api<ProvisionerJobLog[]>("GET", `/api/v2/templateversions/${created.body.id}/logs`);
    expect(logs.body.map((l) => l.stage)).toContain("Parsing template parameters");
    const params = await api<TemplateVersionParameter[]>(
      "GET",
      `/api/v2/templateversions/${created.body.id}/rich-parameters`,
    );
    expect(params.body.map((p) => [p.name, p.type, p.required, p.default_value])).toEqual([
      ["size", "string", false, "small"],
      ["repo", "string", true, ""],
    ]);
    expect(params.body[0]!.options.map((o) => o.value)).toEqual(["small", "large"]);

    const template = await api<Template>("POST", "/api/v2/organizations/coder/templates", {
      name: "box",
      display_name: "Box",
      template_version_id: created.body.id,
    });
    expect(template.status).toBe(201);
    expect(template.body).toMatchObject({
      name: "box",
      display_name: "Box",
      active_version_id: created.body.id,
      organization_name: "coder",
    });
    const byName = await api<Template>("GET", "/api/v2/organizations/coder/templates/box");
    expect(byName.body.id).toBe(template.body.id);
    const version = await api<TemplateVersion>("GET", `/api/v2/templates/${template.body.id}/versions/first`);
    expect(version.body.template_id).toBe(template.body.id);

    const ws = await api<{ latest_build: { id: string } }>("POST", "/api/v2/users/me/workspaces", {
      name: "boxy",
      template_id: template.body.id,
      rich_parameter_values: [{ name: "repo", value: "coder/coder" }],
    });
    expect(ws.status).toBe(201);
    const running = await waitFor(() => {
      const w = fake.inspect.workspace("admin/boxy");
      return w?.latest_build.status === "running" ? w : undefined;
    });
    const agent = running.latest_build.resources.find((r) => r.type === "docker_container")!.agents![0]!;
    expect(agent).toMatchObject({ name: "dev", architecture: "arm64" });
    expect(agent.apps.map((a) => a.slug)).toEqual(["web"]);
  });

  it("promotes a new version, and refuses to delete a template that still has workspaces", async () => {
    const docker = fake.inspect.templates().find((t) => t.name === "docker")!;
    const file = await upload(await makeTar({ "notes.txt": "no terraform here" }));
    const created = await api<TemplateVersion>("POST", "/api/v2/organizations/coder/templateversions", {
      template_id: docker.id,
      storage_method: "file",
      file_id: file.body.hash,
      provisioner: "terraform",
    });
    expect(created.status).toBe(201);
    expect(created.body.name).toMatch(/^[a-z]+_[a-z]+\d+$/);
    const pending = await api("PATCH", `/api/v2/templates/${docker.id}/versions`, { id: created.body.id });
    expect(pending.status).toBe(400);
    await waitFor(
      async () =>
        (await api<TemplateVersion>("GET", `/api/v2/templateversions/${created.body.id}`)).body.job.status ===
        "succeeded",
    );
    const promoted = await api("PATCH", `/api/v2/templates/${docker.id}/versions`, { id: created.body.id });
    expect(promoted.status).toBe(200);
    expect(promoted.body.message).toBe("Updated the active template version!");
    expect((await api<Template>("GET", `/api/v2/templates/${docker.id}`)).body.active_version_id).toBe(
      created.body.id,
    );
    // Without Terraform the fake keeps the template's parameters.
    const params = await api<TemplateVersionParameter[]>(
      "GET",
      `/api/v2/templateversions/${created.body.id}/rich-parameters`,
    );
    expect(params.body.map((p) => p.name)).toContain("region");
    const versions = await api<TemplateVersion[]>("GET", `/api/v2/templates/${docker.id}/versions`);
    expect(versions.body.map((v) => v.name)).toEqual(["v1", "v2", created.body.name]);
    expect(fake.inspect.workspace("admin/dev")!.outdated).toBe(true);

    const auth = await api<{ id: string; authenticated: boolean }[]>(
      "GET",
      `/api/v2/templateversions/${docker.active_version_id}/external-auth`,
    );
    expect(auth.body).toEqual([
      expect.objectContaining({ id: "github", type: "github", authenticated: false }),
    ]);

    const del = await api("DELETE", `/api/v2/templates/${docker.id}`);
    expect(del.status).toBe(400);
    expect(del.body).toEqual({ message: "All workspaces must be deleted before a template can be removed." });
    const memberDel = await apiClient(
      fake.fetch,
      "",
      fake.member.token,
    )("DELETE", `/api/v2/templates/${docker.id}`);
    expect(memberDel.status).toBe(403);

    const lonely = fake.seed.template({ name: "lonely" });
    const ok = await api("DELETE", `/api/v2/templates/${lonely.template.id}`);
    expect(ok.status).toBe(200);
    expect(ok.body.message).toBe("Template has been deleted!");
    expect((await api("GET", `/api/v2/templates/${lonely.template.id}`)).status).toBe(404);
  });

  it("validates template and version creation like coderd", async () => {
    const noName = await api("POST", "/api/v2/organizations/coder/templates", {
      template_version_id: fake.inspect.templates()[0]!.active_version_id,
    });
    expect(noName.status).toBe(400);
    expect(noName.body.validations).toEqual([
      { field: "name", detail: 'Validation failed for tag "template_name" with value: ""' },
    ]);
    const dup = await api("POST", "/api/v2/organizations/coder/templates", {
      name: "docker",
      template_version_id: fake.inspect.templates()[0]!.active_version_id,
    });
    expect(dup.status).toBe(409);
    const noFile = await api("POST", "/api/v2/organizations/coder/templateversions", {
      storage_method: "file",
      file_id: "8a0cfb4f-ddc9-436d-91bb-75133c583767",
      provisioner: "terraform",
    });
    expect(noFile.status).toBe(404);
    expect(noFile.body.message).toBe("File not found.");
    const badBody = await api("POST", "/api/v2/organizations/coder/templateversions", {
      provisioner: "pulumi",
    });
    expect(badBody.body.validations!.map((v) => v.field)).toEqual([
      "storage_method",
      "file_id",
      "example_id",
      "provisioner",
    ]);
  });
});
