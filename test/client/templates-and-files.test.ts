import { describe, expect, it } from "vitest";
import { CoderApiError } from "../../src/client/index.js";
import { isTerminalJobStatus } from "../../src/models.js";
import { collect, useFakeCoder } from "../support/fake-coder.js";
import { makeTar } from "../support/tar.js";

const MAIN_TF = `
data "coder_parameter" "size" {
  name    = "size"
  type    = "string"
  default = "small"
  mutable = true
  option {
    name  = "Small"
    value = "small"
  }
  option {
    name  = "Large"
    value = "large"
  }
}

resource "coder_agent" "dev" {
  os   = "linux"
  arch = "amd64"
}

resource "docker_container" "box" {
  image = "ubuntu"
}
`;

describe("files", () => {
  const ctx = useFakeCoder({ seed: false });

  it("upload() of the same bytes twice gives the same id; download() returns them", async () => {
    const data = await makeTar({ "main.tf": MAIN_TF });
    const first = await ctx.owner.files.upload(data);
    const second = await ctx.owner.files.upload(new Blob([new Uint8Array(data)]));
    expect(second.hash).toBe(first.hash);
    const uploads = ctx.fake.requests.filter((r) => r.method === "POST" && r.path === "/api/v2/files");
    expect(uploads.map((r) => r.status)).toEqual([201, 200]);
    const other = await ctx.owner.files.upload(await makeTar({ "main.tf": "# other" }));
    expect(other.hash).not.toBe(first.hash);

    const downloaded = await ctx.owner.files.download(first.hash);
    expect(downloaded.contentType).toBe("application/x-tar");
    expect(Buffer.from(downloaded.bytes).equals(Buffer.from(data))).toBe(true);
  });

  it("download() of an unknown file is a 404 CoderApiError", async () => {
    const error = await ctx.owner.files
      .download("00000000-0000-4000-8000-000000000000")
      .catch((e: unknown) => e);
    expect((error as CoderApiError).status).toBe(404);
  });
});

describe("templates: reading", () => {
  const ctx = useFakeCoder();

  it("list() with q, listByOrganization(), get() and getByName()", async () => {
    const all = await ctx.member.templates.list();
    expect(all.map((t) => t.name).sort()).toEqual(["docker", "kubernetes"]);
    const exact = await ctx.member.templates.list({ q: "exact_name:docker" });
    expect(exact.map((t) => t.name)).toEqual(["docker"]);
    const byOrg = await ctx.member.templates.listByOrganization("coder");
    expect(byOrg).toHaveLength(2);
    const docker = await ctx.member.templates.getByName(ctx.fake.organization.id, "DOCKER");
    expect(docker.display_name).toBe("Docker Containers");
    expect((await ctx.member.templates.get(docker.id)).active_version_id).toBe(docker.active_version_id);
  });

  it("versions(), version(), versionByName() and the version's parameters, presets and auth", async () => {
    const docker = await ctx.member.templates.getByName("coder", "docker");
    const versions = await ctx.member.templates.versions(docker.id);
    expect(versions.map((v) => v.name)).toEqual(["v1", "v2"]);
    expect(
      (await ctx.member.templates.versions(docker.id, { limit: 1, offset: 1 })).map((v) => v.name),
    ).toEqual(["v2"]);
    const v2 = await ctx.member.templates.versionByName(docker.id, "v2");
    expect(v2.id).toBe(docker.active_version_id);
    const fetched = await ctx.member.templates.version(v2.id);
    expect(fetched.job.status).toBe("succeeded");
    expect(fetched.template_id).toBe(docker.id);

    const params = await ctx.member.templates.richParameters(v2.id);
    expect(params.map((p) => p.name)).toContain("region");
    const region = params.find((p) => p.name === "region");
    expect(region?.mutable).toBe(false);
    expect(region?.options?.map((o) => o.value)).toEqual(["us-pittsburgh", "eu-helsinki", "ap-sydney"]);

    const presets = await ctx.member.templates.presets(v2.id);
    expect(presets.map((p) => p.Name)).toEqual(["Small (Pittsburgh)", "Large GPU (Helsinki)"]);
    expect(presets[0]?.Default).toBe(true);
    expect(presets[1]?.Parameters).toContainEqual({ Name: "enable_gpu", Value: "true" });

    const auth = await ctx.member.templates.externalAuth(v2.id);
    expect(auth.map((a) => [a.id, a.type, a.authenticated])).toEqual([["github", "github", false]]);
    const logs = await ctx.member.templates.versionLogs(v2.id);
    expect(logs.length).toBeGreaterThan(0);
    const tail = await ctx.member.templates.versionLogs(v2.id, { after: logs[logs.length - 2]?.id });
    expect(tail.map((l) => l.id)).toEqual([logs[logs.length - 1]?.id]);
  });

  it("versionByName() of an unknown name is a 404 CoderApiError", async () => {
    const docker = await ctx.member.templates.getByName("coder", "docker");
    const error = await ctx.member.templates.versionByName(docker.id, "v9").catch((e: unknown) => e);
    expect((error as CoderApiError).status).toBe(404);
  });
});

describe("templates: pushing and deleting", () => {
  const ctx = useFakeCoder();

  it("upload → createVersion → follow import logs → create → updateActiveVersion → delete", async () => {
    const coder = ctx.owner;
    const file = await coder.files.upload(await makeTar({ "main.tf": MAIN_TF }));
    const version = await coder.templates.createVersion("coder", { file_id: file.hash, name: "first" });
    expect(version.job.status).toBe("pending");
    const logs = await collect(coder.templates.followVersionLogs(version.id));
    expect(logs.length).toBeGreaterThan(0);
    const ids = logs.map((l) => l.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const imported = await coder.templates.version(version.id);
    expect(isTerminalJobStatus(imported.job.status)).toBe(true);
    expect(imported.job.status).toBe("succeeded");
    expect((await coder.templates.richParameters(version.id)).map((p) => p.name)).toEqual(["size"]);
    // main.tf declares no Terraform variables.
    expect(await coder.templates.variables(version.id)).toEqual([]);

    const template = await coder.templates.create("coder", { name: "box", template_version_id: version.id });
    expect(template.name).toBe("box");
    expect(template.active_version_id).toBe(version.id);

    const next = await coder.templates.createVersion("coder", {
      file_id: file.hash,
      template_id: template.id,
      name: "second",
    });
    await collect(coder.templates.followVersionLogs(next.id));
    await coder.templates.updateActiveVersion(template.id, next.id);
    expect((await coder.templates.get(template.id)).active_version_id).toBe(next.id);

    await coder.templates.delete(template.id);
    const gone = await coder.templates.get(template.id).catch((e: unknown) => e);
    expect((gone as CoderApiError).status).toBe(404);
  });

  it("maps a duplicate name to 409 and deleting a template in use to 400", async () => {
    const coder = ctx.owner;
    const file = await coder.files.upload(await makeTar({ "main.tf": MAIN_TF }));
    const version = await coder.templates.createVersion("coder", { file_id: file.hash });
    await collect(coder.templates.followVersionLogs(version.id));
    const duplicate = await coder.templates
      .create("coder", { name: "docker", template_version_id: version.id })
      .catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(CoderApiError);
    expect((duplicate as CoderApiError).status).toBe(409);
    expect((duplicate as CoderApiError).message).toBe('Template with name "docker" already exists.');
    expect((duplicate as CoderApiError).validations.map((v) => v.field)).toEqual(["name"]);

    const docker = await coder.templates.getByName("coder", "docker");
    const inUse = await coder.templates.delete(docker.id).catch((e: unknown) => e);
    expect(inUse).toBeInstanceOf(CoderApiError);
    expect((inUse as CoderApiError).status).toBe(400);
    expect((inUse as CoderApiError).message).toBe(
      "All workspaces must be deleted before a template can be removed.",
    );
    expect((await coder.templates.get(docker.id)).name).toBe("docker");
  });

  it("a member may not create templates (403)", async () => {
    const file = await ctx.member.files.upload(await makeTar({ "main.tf": MAIN_TF }));
    const error = await ctx.member.templates
      .createVersion("coder", { file_id: file.hash })
      .catch((e: unknown) => e);
    expect((error as CoderApiError).status).toBe(403);
  });
});
