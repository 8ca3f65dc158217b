import { describe, expect, it } from "vitest";
import { getTaskLogs, getTaskStatus, sendTaskInput } from "../../../src/tools/tasks/tasks.js";
import { boundTaskLogs } from "../../../src/tools/tasks/views.js";
import { useToolHarness } from "../../support/tool-harness.js";
import { call, failed, ok } from "../results.js";
import { activeTask } from "./fixtures.js";

/** Talking to a task: coder_send_task_input and coder_get_task_logs. */

describe("coder_send_task_input", () => {
  const h = useToolHarness({ agentApi: "tasks" });

  it("sends input that the task's agent answers", async () => {
    await activeTask(h);
    expect(
      ok(await call(h, sendTaskInput, { task_id: "fix-login", input: "Add a regression test" })),
    ).toEqual({
      message: "Input sent to task successfully.",
    });
    const logs = ok(await call(h, getTaskLogs, { task_id: "fix-login" }));
    expect(logs.logs.slice(-2).map((l) => [l.type, l.content])).toEqual([
      ["input", "Add a regression test"],
      ["output", "Working on it: Add a regression test"],
    ]);
  });

  it("checks task_id, then input, as Coder does", async () => {
    expect(failed(await call(h, sendTaskInput, { task_id: "", input: "" })).text).toContain(
      "task_id is required",
    );
    const failure = failed(await call(h, sendTaskInput, { task_id: "fix-login", input: "" }));
    expect(failure.error.kind).toBe("input");
    expect(failure.text).toContain("input is required");
  });

  it("explains that a task that is still starting cannot take input", async () => {
    h.fake.seed.task({ owner: "admin", prompt: "x", name: "slow" });
    const failure = failed(await call(h, sendTaskInput, { task_id: "slow", input: "hi" }));
    expect(failure.error.kind).toBe("tool");
    expect(failure.text).toContain('send task input "slow": Task is');
    expect(failure.text).toContain("coder_get_task_status");
  });
});

describe("coder_get_task_logs", () => {
  const h = useToolHarness({ agentApi: "tasks" });

  it("returns the whole conversation when it fits", async () => {
    await activeTask(h);
    const logs = ok(await call(h, getTaskLogs, { task_id: "fix-login" }));
    expect(logs).toMatchObject({ count: 2, omitted: 0 });
    expect(logs.note).toBeUndefined();
    expect(logs.logs.map((l) => l.type)).toEqual(["input", "output"]);
  });

  it("keeps the newest messages within the log budget and says how many were left out", async () => {
    await activeTask(h);
    for (let i = 1; i <= 10; i++) {
      ok(await call(h, sendTaskInput, { task_id: "fix-login", input: `Step ${i}: ${"x".repeat(100)}` }));
    }
    const ctx = h.context({ limits: { logBudgetBytes: 1_000 } });
    const logs = ok(await call(h, getTaskLogs, { task_id: "fix-login" }, ctx));
    expect(logs.count).toBe(22);
    expect(logs.omitted).toBeGreaterThan(0);
    expect(logs.logs.length + logs.omitted).toBe(22);
    expect(logs.logs.at(-1)?.content).toContain("Working on it: Step 10");
    expect(logs.note).toContain(`${logs.omitted} older messages were left out`);
    expect(Buffer.byteLength(JSON.stringify(logs.logs))).toBeLessThanOrEqual(1_000 + 2 + logs.logs.length);
  });

  it("returns the snapshot of a paused task", async () => {
    const task = await activeTask(h);
    await h.owner.workspaces.createBuild(task.workspace_id ?? "", { transition: "stop" });
    await h.fake.idle();
    expect(ok(await call(h, getTaskStatus, { task_id: task.id })).status).toBe("paused");
    const logs = ok(await call(h, getTaskLogs, { task_id: task.id }));
    expect(logs.snapshot).toBe(true);
    expect(logs.logs).toHaveLength(2);
  });

  it("reports a task whose build failed with Coder's words", async () => {
    h.fake.failNextBuild();
    const task = h.fake.seed.task({ owner: "admin", prompt: "x", name: "broken" });
    await h.fake.idle();
    expect(ok(await call(h, getTaskStatus, { task_id: task.id })).status).toBe("error");
    const failure = failed(await call(h, getTaskLogs, { task_id: "broken" }));
    expect(failure.text).toContain("Cannot fetch logs for task in current state.");
  });
});

describe("coder_get_task_logs: one huge reply", () => {
  const h = useToolHarness({
    agentApi: "tasks",
    taskReply: (input) => `${input} done.\n${"log line\n".repeat(5_000)}All good.`,
  });

  it("keeps the newest message with its middle cut", async () => {
    await activeTask(h);
    const ctx = h.context({ limits: { logBudgetBytes: 2_000 } });
    const logs = ok(await call(h, getTaskLogs, { task_id: "fix-login" }, ctx));
    expect(logs.logs).toHaveLength(1);
    expect(logs.omitted).toBe(1);
    const [reply] = logs.logs;
    expect(reply?.content.startsWith("Fix the login test done.")).toBe(true);
    expect(reply?.content.endsWith("All good.")).toBe(true);
    expect(reply?.content_omitted_bytes).toBeGreaterThan(40_000);
  });
});

describe("boundTaskLogs", () => {
  const entry = (id: number, content: string) => ({
    id,
    content,
    type: "output",
    time: "2025-01-01T00:00:00Z",
  });

  it("keeps a contiguous window ending at the newest entry", () => {
    const entries = [entry(0, "a".repeat(500)), entry(1, "b"), entry(2, "c")];
    const bounded = boundTaskLogs(entries, 200);
    expect(bounded.logs.map((l) => l.id)).toEqual([1, 2]);
    expect(bounded.omitted).toBe(1);
  });

  it("handles an empty conversation", () => {
    expect(boundTaskLogs([], 100)).toEqual({ logs: [], omitted: 0 });
  });
});
