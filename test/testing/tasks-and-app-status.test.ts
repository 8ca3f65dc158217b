import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createFakeCoder,
  type FakeCoder,
  type Task,
  type TaskLogEntry,
  type Workspace,
  type WorkspaceBuild,
} from "../../src/testing/index.js";
import { apiClient, waitFor } from "./helpers.js";

describe("fake coder: tasks and app status", () => {
  let fake: FakeCoder;
  let api: ReturnType<typeof apiClient>;
  let versionId: string;
  beforeEach(() => {
    fake = createFakeCoder({ agentApi: "tasks", buildStepMs: 5, taskReply: (input) => `echo: ${input}` });
    api = apiClient(fake.fetch, "", fake.member.token);
    versionId = fake.inspect.templates().find((t) => t.name === "docker")!.active_version_id;
  });
  afterEach(() => fake.close());

  it("runs a task from pending through initializing to active, with chat logs and input", async () => {
    const created = await api<Task>("POST", "/api/v2/tasks/me", {
      template_version_id: versionId,
      input: "Fix the flaky test",
      name: "flaky",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: "flaky",
      display_name: "Fix the flaky test",
      owner_name: "alice",
      template_name: "docker",
      initial_prompt: "Fix the flaky test",
      status: "pending",
      workspace_name: "flaky",
      workspace_agent_id: null,
      workspace_app_id: null,
      current_state: null,
    });
    const seen = new Set<string>();
    const active = await waitFor(async () => {
      const t = (await api<Task>("GET", "/api/v2/tasks/me/flaky")).body;
      seen.add(t.status);
      return t.status === "active" ? t : undefined;
    });
    expect(seen.has("initializing")).toBe(true);
    expect(active.workspace_status).toBe("running");
    expect(active.workspace_agent_lifecycle).toBe("ready");
    expect(active.workspace_app_id).toMatch(/^[0-9a-f-]{36}$/);
    const byId = await api<Task>("GET", `/api/v2/tasks/alice/${active.id}`);
    expect(byId.body.name).toBe("flaky");

    const logs = await api<{ logs: TaskLogEntry[] }>("GET", `/api/v2/tasks/me/${active.id}/logs`);
    expect(logs.body).toEqual({
      logs: [
        { id: 0, content: "Fix the flaky test", type: "input", time: expect.any(String) },
        { id: 1, content: "echo: Fix the flaky test", type: "output", time: expect.any(String) },
      ],
    });
    expect(
      (await api("POST", `/api/v2/tasks/me/${active.id}/send`, { input: "also add a test" })).status,
    ).toBe(204);
    const after = await api<{ logs: TaskLogEntry[] }>("GET", `/api/v2/tasks/me/${active.id}/logs`);
    expect(after.body.logs.slice(2).map((l) => [l.type, l.content])).toEqual([
      ["input", "also add a test"],
      ["output", "echo: also add a test"],
    ]);
    const empty = await api("POST", `/api/v2/tasks/me/${active.id}/send`, { input: "" });
    expect(empty.body).toEqual({ message: "Task input is required." });
    const notPaused = await api("PATCH", `/api/v2/tasks/me/${active.id}/input`, { input: "new prompt" });
    expect(notPaused.status).toBe(409);
    expect(notPaused.body.message).toBe("Unable to update task input, task must be paused.");
  });

  it("refuses to send to a task that is not active yet, and rejects templates without an AI task", async () => {
    const created = await api<Task>("POST", "/api/v2/tasks/me", {
      template_version_id: versionId,
      input: "hello",
    });
    const early = await api("POST", `/api/v2/tasks/me/${created.body.id}/send`, { input: "hi" });
    expect(early.status).toBe(409);
    expect(early.body.message).toMatch(/^Task is (pending|initializing)\.$/);
    const k8s = fake.inspect.templates().find((t) => t.name === "kubernetes")!;
    const noAi = await api("POST", "/api/v2/tasks/me", {
      template_version_id: k8s.active_version_id,
      input: "x",
    });
    expect(noAi.status).toBe(400);
    expect(noAi.body.message).toBe('Template does not have a valid "coder_ai_task" resource.');
    const unknown = await api("POST", "/api/v2/tasks/me", {
      template_version_id: "8a0cfb4f-ddc9-436d-91bb-75133c583767",
      input: "x",
    });
    expect(unknown.body.message).toBe(
      "Template version not found or you do not have access to this resource",
    );
    await fake.idle();
  });

  it("records app statuses sent with the agent token, visible on apps, the workspace and the task", async () => {
    const task = fake.seed.task({ owner: "alice", prompt: "Ship it", name: "ship" });
    await fake.idle();
    const agentApi = apiClient(fake.fetch, "", fake.agentToken("alice/ship"));
    const working = await agentApi("PATCH", "/api/v2/workspaceagents/me/app-status", {
      app_slug: "claude-code",
      state: "working",
      message: "Reading the code",
      uri: "",
    });
    expect(working.status).toBe(200);
    const done = await agentApi("PATCH", "/api/v2/workspaceagents/me/app-status", {
      app_slug: "claude-code",
      state: "complete",
      message: "Opened a PR",
      uri: "https://github.com/coder/coder/pull/1",
    });
    expect(done.status).toBe(200);
    const unknown = await agentApi("PATCH", "/api/v2/workspaceagents/me/app-status", {
      app_slug: "nope",
      state: "idle",
      message: "",
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toBe("Failed to get workspace app.");

    const ws = (await api<Workspace>("GET", "/api/v2/users/me/workspace/ship")).body;
    expect(ws.latest_app_status).toMatchObject({
      state: "complete",
      message: "Opened a PR",
      uri: "https://github.com/coder/coder/pull/1",
    });
    const app = ws.latest_build.resources
      .flatMap((r) => r.agents ?? [])[0]!
      .apps.find((a) => a.slug === "claude-code")!;
    expect(app.statuses.map((s) => s.state)).toEqual(["complete", "working"]);
    expect(app.statuses[0]!.app_id).toBe(app.id);
    const t = (await api<Task>("GET", `/api/v2/tasks/me/${task.id}`)).body;
    expect(t.current_state).toMatchObject({
      state: "complete",
      message: "Opened a PR",
      uri: "https://github.com/coder/coder/pull/1",
    });
    expect(fake.inspect.appStatuses("alice/ship").map((s) => s.message)).toEqual([
      "Reading the code",
      "Opened a PR",
    ]);

    const userToken = await apiClient(fake.fetch, "", fake.member.token)(
      "PATCH",
      "/api/v2/workspaceagents/me/app-status",
      {
        app_slug: "claude-code",
        state: "idle",
      },
    );
    expect(userToken.status).toBe(401);
    expect(userToken.body.message).toBe("Workspace agent token invalid.");
  });

  it("pauses, updates input while paused, and deletes a task with 202 and a delete build", async () => {
    const task = fake.seed.task({ owner: "alice", prompt: "Refactor", name: "refactor" });
    await fake.idle();
    const pause = await api<{ workspace_build: WorkspaceBuild }>(
      "POST",
      `/api/experimental/tasks/me/${task.id}/pause`,
    );
    // codersdk.PauseTaskResponse: the stop build itself, not just its id.
    expect(pause.status).toBe(202);
    expect(pause.body.workspace_build).toMatchObject({
      workspace_id: task.workspace_id,
      transition: "stop",
      status: "pending",
    });
    expect(fake.inspect.builds(task.workspace_id!)[0]!.id).toBe(pause.body.workspace_build.id);
    await waitFor(
      async () => (await api<Task>("GET", `/api/v2/tasks/me/${task.id}`)).body.status === "paused",
    );
    const snapshot = await api<{ logs: TaskLogEntry[]; snapshot: boolean }>(
      "GET",
      `/api/v2/tasks/me/${task.id}/logs`,
    );
    expect(snapshot.body.snapshot).toBe(true);
    expect(snapshot.body.logs).toHaveLength(2);
    expect(
      (await api("PATCH", `/api/v2/tasks/me/${task.id}/input`, { input: "Refactor carefully" })).status,
    ).toBe(204);
    expect((await api<Task>("GET", `/api/v2/tasks/me/${task.id}`)).body.initial_prompt).toBe(
      "Refactor carefully",
    );

    const del = await fake.fetch(`/api/v2/tasks/me/${task.id}`, {
      method: "DELETE",
      headers: { "Coder-Session-Token": fake.member.token },
    });
    expect(del.status).toBe(202);
    expect(await del.text()).toBe("");
    expect((await api("GET", `/api/v2/tasks/me/${task.id}`)).status).toBe(404);
    expect(fake.inspect.builds(task.workspace_id!)[0]!.transition).toBe("delete");
    await waitFor(() => fake.inspect.workspace(task.workspace_id!)?.latest_build.status === "deleted");
    const list = await api<{ tasks: Task[]; count: number }>("GET", "/api/v2/tasks");
    expect(list.body).toEqual({ tasks: [], count: 0 });
  });
});
