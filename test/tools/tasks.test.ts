import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  DESTRUCTIVE,
  MUTATION,
  READ_ONLY,
  type ToolContext,
  type ToolDefinition,
  type ToolFailure,
  type ToolInputSchema,
  type ToolResult,
} from "../../src/tools/index.js";
import { resolveTask } from "../../src/tools/task-resolve.js";
import { boundTaskLogs } from "../../src/tools/task-shape.js";
import {
  createTask,
  deleteTask,
  getTaskLogs,
  getTaskStatus,
  listTasks,
  sendTaskInput,
  taskTools,
} from "../../src/tools/tasks.js";
import { type ToolHarness, useToolHarness } from "./harness.js";

/** {@link ToolHarness.call} with the tool's output type kept. */
function call<I extends ToolInputSchema, O extends z.ZodType>(
  h: ToolHarness,
  tool: ToolDefinition<I, O>,
  args: unknown,
  ctx?: ToolContext,
): Promise<ToolResult<z.output<O>>> {
  return h.call(tool, args, ctx) as Promise<ToolResult<z.output<O>>>;
}

function ok<O>(result: ToolResult<O>): O {
  if (!result.ok) throw new Error(`expected success, got: ${result.text}`);
  return result.value;
}

function failed(result: ToolResult): ToolFailure {
  if (result.ok) throw new Error(`expected a failure, got: ${result.text}`);
  return result;
}

interface TaskOut {
  id: string;
  name: string;
  owner_name: string;
  status: string;
  workspace_id: string | null;
  workspace_name?: string;
  template_name?: string;
  template_version_id?: string;
  initial_prompt: string;
  display_name?: string;
  current_state: { state: string; message: string; uri?: string } | null;
}

/** The active version of the seeded `docker` template, which has a coder_ai_task. */
function dockerVersion(h: ToolHarness): string {
  const docker = h.fake.inspect.templates().find((t) => t.name === "docker");
  if (!docker) throw new Error("seed has no docker template");
  return docker.active_version_id;
}

/** The `q` of the last request the fake served. */
function lastQuery(h: ToolHarness): string | null {
  return new URLSearchParams(h.fake.requests.at(-1)?.search ?? "").get("q");
}

/** Seed a task and wait until its workspace, agent and app are up. */
async function activeTask(h: ToolHarness, owner = "admin", name = "fix-login") {
  const task = h.fake.seed.task({ owner, prompt: "Fix the login test", name });
  await h.fake.idle();
  return task;
}

describe("task tools: definitions", () => {
  it("use the tasks toolset, Go's order and the catalog's annotation classes", () => {
    expect(taskTools.map((t) => t.name)).toEqual([
      "coder_create_task",
      "coder_delete_task",
      "coder_list_tasks",
      "coder_get_task_status",
      "coder_send_task_input",
      "coder_get_task_logs",
    ]);
    for (const tool of taskTools) expect(tool.toolset).toBe("tasks");
    expect(createTask.annotations).toEqual(MUTATION);
    expect(deleteTask.annotations).toEqual(DESTRUCTIVE);
    expect(listTasks.annotations).toEqual(READ_ONLY);
    expect(getTaskStatus.annotations).toEqual(READ_ONLY);
    expect(sendTaskInput.annotations).toEqual(MUTATION);
    expect(getTaskLogs.annotations).toEqual(READ_ONLY);
  });
});

describe("coder_create_task", () => {
  const h = useToolHarness();

  it("creates a task for the caller and it becomes active with the agent's first reply", async () => {
    const created = ok(
      await call(h, createTask, { input: "Fix the login test", template_version_id: dockerVersion(h) }),
    ) as TaskOut;
    expect(created.owner_name).toBe("admin");
    expect(created.template_name).toBe("docker");
    expect(created.template_version_id).toBe(dockerVersion(h));
    expect(created.initial_prompt).toBe("Fix the login test");
    expect(created.workspace_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(["pending", "initializing"]).toContain(created.status);
    expect(h.fake.inspect.tasks().map((t) => t.id)).toEqual([created.id]);

    await h.fake.idle();
    const status = ok(await call(h, getTaskStatus, { task_id: created.id }));
    expect(status.status).toBe("active");
    const logs = ok(await call(h, getTaskLogs, { task_id: created.name }));
    expect(logs.logs.map((l) => l.content)).toEqual([
      "Fix the login test",
      "Working on it: Fix the login test",
    ]);
  });

  it("creates for another user, with a preset, name and display name", async () => {
    const version = dockerVersion(h);
    const presets = await h.owner.templates.presets(version);
    const large = presets.find((p) => p.Name.startsWith("Large"));
    expect(large).toBeDefined();
    const created = ok(
      await call(h, createTask, {
        input: "Train the model",
        template_version_id: version,
        template_version_preset_id: large?.ID,
        user: "alice",
        name: "train-model",
        display_name: "Train the model on a GPU",
      }),
    ) as TaskOut;
    expect(created).toMatchObject({
      owner_name: "alice",
      name: "train-model",
      display_name: "Train the model on a GPU",
    });
    const [build] = h.fake.inspect.builds(`alice/${created.workspace_name}`);
    expect(build?.template_version_preset_id).toBe(large?.ID);
  });

  it("treats an empty user as me", async () => {
    const created = ok(
      await call(h, createTask, { input: "hello", template_version_id: dockerVersion(h), user: "" }),
    ) as TaskOut;
    expect(created.owner_name).toBe("admin");
  });

  it.each([
    [
      { input: "", template_version_id: "3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b" },
      "$.input",
      "input is required",
    ],
    [
      { input: "x", template_version_id: "nope" },
      "$.template_version_id",
      "template_version_id must be a valid UUID",
    ],
    [
      {
        input: "x",
        template_version_id: "3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b",
        template_version_preset_id: "bad",
      },
      "$.template_version_preset_id",
      "template_version_preset_id must be a valid UUID",
    ],
    [{ template_version_id: "3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b" }, "$.input", "required"],
    [{ input: "x" }, "$.template_version_id", "required"],
  ])("rejects %j before calling Coder", async (args, path, words) => {
    const before = h.fake.requests.length;
    const failure = failed(await call(h, createTask, args));
    expect(failure.error.kind).toBe("input");
    if (failure.error.kind === "input") expect(failure.error.issues[0]?.path).toBe(path);
    expect(failure.text).toContain(words);
    expect(h.fake.requests.length).toBe(before);
  });

  it("passes Coder's refusal of a template without an AI task through", async () => {
    const k8s = h.fake.inspect.templates().find((t) => t.name === "kubernetes");
    const failure = failed(
      await call(h, createTask, { input: "x", template_version_id: k8s?.active_version_id }),
    );
    expect(failure.error).toMatchObject({ kind: "api", status: 400 });
    expect(failure.text).toContain("coder_ai_task");
  });

  it("passes Coder's not-found for an unknown version through", async () => {
    const failure = failed(
      await call(h, createTask, { input: "x", template_version_id: "3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b" }),
    );
    expect(failure.error).toMatchObject({ kind: "api", status: 400 });
    expect(failure.text).toContain("Template version not found");
  });
});

describe("coder_list_tasks", () => {
  const h = useToolHarness();

  it("lists the caller's tasks by default, another user's with user, and filters by status", async () => {
    h.fake.seed.task({ owner: "admin", prompt: "Admin work", name: "admin-task" });
    h.fake.seed.task({ owner: "alice", prompt: "Alice work", name: "alice-task" });

    const mine = ok(await call(h, listTasks, {}));
    expect(mine.tasks.map((t) => t.name)).toEqual(["admin-task"]);
    expect(mine.tasks[0]).toMatchObject({ owner_name: "admin", template_name: "docker" });
    expect(lastQuery(h)).toBe('owner:"me"');

    const alices = ok(await call(h, listTasks, { user: "alice" }));
    expect(alices.tasks.map((t) => t.name)).toEqual(["alice-task"]);

    await h.fake.idle();
    const active = ok(await call(h, listTasks, { status: "active" }));
    expect(active.tasks.map((t) => t.status)).toEqual(["active"]);
    expect(lastQuery(h)).toBe('owner:"me" status:"active"');
    expect(ok(await call(h, listTasks, { status: "paused" })).tasks).toEqual([]);
    expect(ok(await call(h, listTasks, { status: "" })).tasks).toHaveLength(1);
  });

  it("shortens long prompts", async () => {
    h.fake.seed.task({ owner: "admin", prompt: `Refactor ${"the module ".repeat(100)}`, name: "long" });
    const [task] = ok(await call(h, listTasks, {})).tasks;
    expect(Buffer.byteLength(task?.initial_prompt ?? "")).toBeLessThanOrEqual(300);
    expect(task?.initial_prompt.endsWith("…")).toBe(true);
  });

  it("returns an empty list for a user without tasks", async () => {
    expect(ok(await call(h, listTasks, { user: "alice" })).tasks).toEqual([]);
  });

  it("rejects a status Coder does not have", async () => {
    const failure = failed(await call(h, listTasks, { status: "running" }));
    expect(failure.error.kind).toBe("input");
    expect(failure.text).toContain("status");
  });
});

describe("coder_get_task_status and task resolution", () => {
  const h = useToolHarness();

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
  const h = useToolHarness({ buildStepMs: 40 });

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

describe("coder_send_task_input", () => {
  const h = useToolHarness();

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
  const h = useToolHarness();

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

describe("coder_delete_task", () => {
  const h = useToolHarness();

  it("deletes the task and its workspace in the background", async () => {
    const task = await activeTask(h);
    const result = ok(await call(h, deleteTask, { task_id: "admin/fix-login" }));
    expect(result.message).toContain("Task deleted successfully");
    expect(result.message).toContain("background");
    expect(h.fake.inspect.tasks()).toEqual([]);
    expect(h.fake.inspect.builds(task.workspace_id ?? "")[0]?.transition).toBe("delete");
    expect(ok(await call(h, listTasks, {})).tasks).toEqual([]);
  });

  it("deletes another user's task by UUID", async () => {
    const task = await activeTask(h, "alice", "alice-task");
    expect(ok(await call(h, deleteTask, { task_id: task.id })).message).toContain(
      "Task deleted successfully",
    );
    expect(h.fake.inspect.tasks()).toEqual([]);
  });

  it("fails for an unknown task without deleting anything", async () => {
    await activeTask(h);
    const failure = failed(await call(h, deleteTask, { task_id: "missing" }));
    expect(failure.text).toContain('resolve task "missing"');
    expect(h.fake.inspect.tasks()).toHaveLength(1);
    expect(h.fake.requests.some((r) => r.method === "DELETE")).toBe(false);
  });
});
