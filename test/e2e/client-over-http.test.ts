import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AgentClient,
  CoderApiError,
  CoderClient,
  type ProvisionerJobLog,
  type Workspace,
} from "../../src/client/index.js";
import { createFakeCoder, type FakeCoder, type ListeningServer } from "../../src/testing/index.js";
import { makeTar } from "../support/tar.js";

// The client end to end over real sockets: node's fetch against the fake's loopback HTTP server,
// node's WebSocket for log follows. The steps share one deployment and run in order.

const MAIN_TF = `
resource "coder_agent" "main" {
  os   = "linux"
  arch = "amd64"
}

resource "docker_container" "workspace" {
  image = "ubuntu"
}
`;

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe("CoderClient over HTTP and WebSocket against fake.listen()", () => {
  let fake: FakeCoder;
  let server: ListeningServer;
  let owner: CoderClient;
  let member: CoderClient;
  let created: Workspace;

  beforeAll(async () => {
    // Slow enough that a follow sees the build while it runs.
    fake = createFakeCoder({ agentApi: "tasks", buildStepMs: 40, taskReply: (input) => `on it: ${input}` });
    server = await fake.listen();
    owner = new CoderClient({ url: server.url, token: fake.owner.token });
    member = new CoderClient({ url: server.url, token: fake.member.token });
  });
  afterAll(() => fake.close());

  it("reads buildinfo (no token needed) and who am I", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const info = await owner.buildInfo();
    expect(info.dashboard_url).toBe(server.url);
    expect(info.version.length).toBeGreaterThan(0);
    expect((await owner.users.me()).username).toBe("admin");
    expect((await member.users.me()).username).toBe("alice");
  });

  it("lists workspaces with a filter and iterates every page", async () => {
    const mine = await member.workspaces.list({ q: "owner:me" });
    expect(mine.count).toBe(2);
    expect(mine.workspaces.map((w) => w.name).sort()).toEqual(["alice-dev", "legacy"]);
    const all = await collect(owner.workspaces.iterate({ pageSize: 1 }));
    expect(all.map((w) => `${w.owner_name}/${w.name}`).sort()).toEqual([
      "admin/dev",
      "admin/k8s-lab",
      "alice/alice-dev",
      "alice/legacy",
    ]);
    expect(
      fake.requests.filter((r) => r.path === "/api/v2/workspaces" && r.search.includes("limit=1")),
    ).toHaveLength(4);
  });

  it("creates a workspace and follows its build logs live until the server closes the socket", async () => {
    const docker = await member.templates.getByName("coder", "docker");
    created = await member.workspaces.create("me", { name: "e2e-box", template_id: docker.id });
    expect(["pending", "starting"]).toContain(created.latest_build.status);
    const buildId = created.latest_build.id;

    const logs: ProvisionerJobLog[] = [];
    let statusAtFirstLog: string | undefined;
    for await (const log of member.builds.followLogs(buildId)) {
      if (logs.length === 0) statusAtFirstLog = (await member.builds.get(buildId)).job.status;
      logs.push(log);
    }
    expect(statusAtFirstLog).toBe("running");
    const stages = [...new Set(logs.map((l) => l.stage))];
    expect(stages[0]).toBe("Setting up");
    expect(stages.indexOf("Planning infrastructure")).toBeGreaterThan(0);
    expect(stages.indexOf("Starting workspace")).toBeGreaterThan(stages.indexOf("Planning infrastructure"));
    expect(stages.at(-1)).toBe("Cleaning Up");
    const ids = logs.map((l) => l.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ids).toEqual(fake.inspect.buildLogs(buildId).map((l) => l.id));

    const build = await member.builds.get(buildId);
    expect(build.job.status).toBe("succeeded");
    expect(build.status).toBe("running");
    expect((await member.workspaces.get(created.id)).latest_build.status).toBe("running");
  });

  it("uploads a tar, imports it, creates a template, and hits Coder's conflicts", async () => {
    const bytes = await makeTar({ "main.tf": MAIN_TF });
    const file = await owner.files.upload(bytes);
    const again = await owner.files.upload(bytes);
    expect(again.hash).toBe(file.hash);
    const downloaded = await owner.files.download(file.hash);
    expect(Buffer.from(downloaded.bytes).equals(Buffer.from(bytes))).toBe(true);

    const version = await owner.templates.createVersion("coder", { file_id: file.hash, name: "e2e-v1" });
    const importLogs = await collect(owner.templates.followVersionLogs(version.id));
    expect(importLogs.length).toBeGreaterThan(0);
    expect((await owner.templates.version(version.id)).job.status).toBe("succeeded");

    const duplicate = await owner.templates
      .create("coder", { name: "docker", template_version_id: version.id })
      .catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(CoderApiError);
    expect(duplicate).toMatchObject({ status: 409, message: 'Template with name "docker" already exists.' });

    const template = await owner.templates.create("coder", {
      name: "e2e-template",
      template_version_id: version.id,
    });
    expect(template.active_version_id).toBe(version.id);

    // docker has workspaces (one of them created above): Coder refuses to delete it.
    const docker = await owner.templates.getByName("coder", "docker");
    const inUse = await owner.templates.delete(docker.id).catch((e: unknown) => e);
    expect(inUse).toMatchObject({
      status: 400,
      message: "All workspaces must be deleted before a template can be removed.",
    });

    await owner.templates.delete(template.id);
    const gone = await owner.templates.get(template.id).catch((e: unknown) => e);
    expect((gone as CoderApiError).status).toBe(404);
  });

  it("creates a task, waits for it, sends input and reads its log", async () => {
    const docker = await member.templates.getByName("coder", "docker");
    const task = await member.tasks.create("me", {
      template_version_id: docker.active_version_id,
      input: "Write the release notes",
      name: "e2e-notes",
    });
    expect(task.name).toBe("e2e-notes");
    const ws = await member.workspaces.get(task.workspace_id ?? "");
    await collect(member.builds.followLogs(ws.latest_build.id));
    await fake.idle();
    expect((await member.tasks.get("me", "e2e-notes")).status).toBe("active");

    await member.tasks.send("me", task.id, "Keep it short");
    const { logs } = await member.tasks.logs("me", task.id);
    expect(logs.map((l) => [l.type, l.content])).toEqual([
      ["input", "Write the release notes"],
      ["output", "on it: Write the release notes"],
      ["input", "Keep it short"],
      ["output", "on it: Keep it short"],
    ]);
  });

  it("reports an app status with the agent's token, and the task shows it", async () => {
    const task = await member.tasks.get("me", "e2e-notes");
    const agent = new AgentClient({ url: server.url, token: fake.agentToken(task.workspace_id ?? "") });
    await agent.patchAppStatus({
      app_slug: "claude-code",
      state: "complete",
      message: "Release notes written",
      uri: "https://example.com/notes",
    });
    const updated = await member.tasks.get("me", task.id);
    expect(updated.current_state).toMatchObject({
      state: "complete",
      message: "Release notes written",
      uri: "https://example.com/notes",
    });
    const unknown = await agent
      .patchAppStatus({ app_slug: "nope", state: "idle", message: "x" })
      .catch((e: unknown) => e);
    expect(unknown).toMatchObject({ status: 400, message: "Failed to get workspace app." });
  });
});
