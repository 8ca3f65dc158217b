import { describe, expect, it } from "vitest";
import { DESTRUCTIVE, MUTATION, READ_ONLY } from "../../../src/tools/index.js";
import {
  createTask,
  deleteTask,
  getTaskLogs,
  getTaskStatus,
  listTasks,
  sendTaskInput,
  tasksToolset,
} from "../../../src/tools/tasks/index.js";
import { type ToolHarness, useToolHarness } from "../../support/tool-harness.js";
import { call, failed, ok } from "../results.js";
import { activeTask } from "./fixtures.js";

/** Task definitions, creating, listing and deleting tasks. Status: task-status.test.ts; input and logs: task-conversation.test.ts. */

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

describe("task tools: definitions", () => {
  it("use the tasks toolset, Go's order and the catalog's annotation classes", () => {
    expect(tasksToolset.tools.map((t) => t.name)).toEqual([
      "coder_create_task",
      "coder_delete_task",
      "coder_list_tasks",
      "coder_get_task_status",
      "coder_send_task_input",
      "coder_get_task_logs",
    ]);
    for (const tool of tasksToolset.tools) expect(tool.toolset).toBe("tasks");
    expect(createTask.annotations).toEqual(MUTATION);
    expect(deleteTask.annotations).toEqual(DESTRUCTIVE);
    expect(listTasks.annotations).toEqual(READ_ONLY);
    expect(getTaskStatus.annotations).toEqual(READ_ONLY);
    expect(sendTaskInput.annotations).toEqual(MUTATION);
    expect(getTaskLogs.annotations).toEqual(READ_ONLY);
  });
});

describe("coder_create_task", () => {
  const h = useToolHarness({ agentApi: "tasks" });

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
  const h = useToolHarness({ agentApi: "tasks" });

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

describe("coder_delete_task", () => {
  const h = useToolHarness({ agentApi: "tasks" });

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
