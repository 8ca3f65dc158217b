import { describe, expect, it } from "vitest";
import { resolveTask } from "../../../src/tools/tasks/resolve-task.js";
import { getTaskStatus } from "../../../src/tools/tasks/tasks.js";
import { useToolHarness } from "../../support/tool-harness.js";
import { call, failed, ok } from "../results.js";
import { activeTask } from "./fixtures.js";

/** coder_get_task_status, and the task identifier forms every task tool accepts. */

describe("coder_get_task_status and task resolution", () => {
  const h = useToolHarness({ agentApi: "tasks" });

  it("reports status and a null state before the agent reports anything", async () => {
    const task = await activeTask(h);
    expect(ok(await call(h, getTaskStatus, { task_id: task.id }))).toEqual({ status: "active", state: null });
  });

  it("resolves every identifier form", async () => {
    const task = await activeTask(h, "admin", "fix-login");
    const ws = task.workspace_name;
    const forms = [
      task.id,
      task.id.toUpperCase(),
      task.id.replace(/-/g, ""),
      "fix-login",
      " fix-login ",
      "admin/fix-login",
      `admin/${ws}.main`,
      `${ws}.main`,
      `admin--${ws}`,
      `main.${ws}.admin`,
      task.workspace_id ?? "",
    ];
    for (const form of forms) {
      const result = await call(h, getTaskStatus, { task_id: form });
      expect(result.ok, `${form}: ${result.text}`).toBe(true);
      expect((await resolveTask(h.owner, form)).id, form).toBe(task.id);
    }
  });

  it("finds another user's task by UUID (Coder's by-id route is scoped to me)", async () => {
    const task = await activeTask(h, "alice", "alice-task");
    expect(ok(await call(h, getTaskStatus, { task_id: task.id })).status).toBe("active");
    expect(ok(await call(h, getTaskStatus, { task_id: "alice/alice-task" })).status).toBe("active");
  });

  it("says how to find a task that does not exist", async () => {
    const failure = failed(await call(h, getTaskStatus, { task_id: "nope" }));
    expect(failure.error.kind).toBe("tool");
    expect(failure.text).toContain('resolve task "nope"');
    expect(failure.text).toContain("Resource not found");
    expect(failure.text).toContain("coder_list_tasks");
  });

  it("does not show another user's task to a member", async () => {
    const task = await activeTask(h, "admin", "secret");
    const ctx = h.context({ client: h.member });
    for (const id of [task.id, "admin/secret"]) {
      const failure = failed(await call(h, getTaskStatus, { task_id: id }, ctx));
      expect(failure.text).toContain(`resolve task "${id}"`);
    }
  });

  it.each([
    ["", "task_id is required"],
    ["   ", "task_id is required"],
    ["a/b/c", "invalid task identifier"],
  ])("rejects task_id %j", async (taskId, words) => {
    const failure = failed(await call(h, getTaskStatus, { task_id: taskId }));
    expect(failure.error.kind).toBe("input");
    expect(failure.text).toContain(words);
  });

  it("propagates errors other than not-found", async () => {
    const task = await activeTask(h);
    h.fake.faults.add({ method: "GET", path: `/api/v2/tasks/me/${task.id}`, status: 500 });
    const failure = failed(await call(h, getTaskStatus, { task_id: task.id }));
    expect(failure.error).toMatchObject({ kind: "api", status: 500 });
  });
});

describe("coder_get_task_status while the workspace starts", () => {
  const h = useToolHarness({ agentApi: "tasks", buildStepMs: 40 });

  it("goes pending → initializing (with Coder's progress note) → active", async () => {
    const task = h.fake.seed.task({ owner: "admin", prompt: "x", name: "starting" });
    expect(ok(await call(h, getTaskStatus, { task_id: task.id }))).toEqual({
      status: "pending",
      state: null,
    });
    const seen = new Map<string, string | undefined>();
    for (let i = 0; i < 200 && !seen.has("active"); i++) {
      const status = ok(await call(h, getTaskStatus, { task_id: task.id }));
      if (!seen.has(status.status)) seen.set(status.status, status.state?.message);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect([...seen.keys()]).toContain("initializing");
    expect(seen.get("initializing")).toMatch(/Workspace is|Agent is|nitializing/);
    expect(seen.has("active")).toBe(true);
  });
});
