import { buildJson } from "../convert-workspace.js";
import type { FakeCore } from "../core.js";
import { field, jsonResponse, noContent } from "../http-util.js";
import type { Router } from "../router.js";
import { parseTaskQuery } from "../search.js";
import { createTask, sendTaskInput, taskJson, taskLogs, taskStatus, updateTaskInput } from "../tasks.js";
import { nowIso } from "../util.js";
import { createBuild } from "../workspace-ops.js";
import { taskParam, userParam } from "./helpers.js";

/** Tasks under `/api/v2/tasks`, mirrored at the pre-GA `/api/experimental/tasks`. */
export function registerTaskRoutes(router: Router, core: FakeCore): void {
  const { store } = core;

  for (const base of ["/api/v2/tasks", "/api/experimental/tasks"]) {
    const experimental = base.startsWith("/api/experimental");

    router.get(base, (ctx) => {
      const actor = ctx.actor();
      const f = parseTaskQuery(store, actor.id, ctx.url.searchParams.get("q") ?? "");
      const tasks = [...store.tasks.values()]
        .filter((t) => !t.deletedAt && (store.isOwner(actor) || t.ownerId === actor.id))
        .filter((t) => !f.ownerId || t.ownerId === f.ownerId)
        .filter((t) => !f.organizationId || t.orgId === f.organizationId)
        .filter((t) => !f.status || taskStatus(store, t) === f.status)
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
        .map((t) => taskJson(store, t));
      return jsonResponse(200, { tasks, count: tasks.length });
    });

    router.post(`${base}/:user`, async (ctx) => {
      const task = createTask(core.env, ctx.actor(), userParam(core, ctx), await ctx.body());
      return jsonResponse(201, taskJson(store, task));
    });

    router.get(`${base}/:user/:task`, (ctx) => jsonResponse(200, taskJson(store, taskParam(core, ctx))));

    router.delete(`${base}/:user/:task`, (ctx) => {
      const task = taskParam(core, ctx);
      const ws = store.workspaces.get(task.workspaceId)!;
      if (!ws.deleted) createBuild(core.env, ctx.actor(), ws, { transition: "delete" });
      task.deletedAt = nowIso();
      return new Response(null, { status: 202 });
    });

    router.post(`${base}/:user/:task/send`, async (ctx) => {
      const task = taskParam(core, ctx);
      const input = field.string(await ctx.body(), "input", "codersdk.TaskSendRequest") ?? "";
      sendTaskInput(store, core.taskReply, task, input);
      return noContent();
    });

    router.patch(`${base}/:user/:task/input`, async (ctx) => {
      const task = taskParam(core, ctx);
      const body = await ctx.body();
      // The experimental API took `prompt`; the stable one takes `input`.
      const input =
        field.string(body, "input", "codersdk.UpdateTaskInputRequest") ??
        (experimental ? field.string(body, "prompt", "codersdk.UpdateTaskPromptRequest") : undefined) ??
        "";
      updateTaskInput(store, task, input);
      return noContent();
    });

    router.get(`${base}/:user/:task/logs`, (ctx) => jsonResponse(200, taskLogs(store, taskParam(core, ctx))));

    // Coder's task pause / resume (coder/coder#21948, #22303; docs/reference/api/tasks.md): 202 with
    // codersdk.PauseTaskResponse / ResumeTaskResponse, `{"workspace_build": WorkspaceBuild}` of the
    // stop / start build of the task's workspace.
    for (const [action, transition] of [
      ["pause", "stop"],
      ["resume", "start"],
    ] as const) {
      router.post(`${base}/:user/:task/${action}`, (ctx) => {
        const task = taskParam(core, ctx);
        const build = createBuild(core.env, ctx.actor(), store.workspaces.get(task.workspaceId)!, {
          transition,
        });
        return jsonResponse(202, { workspace_build: buildJson(store, build) });
      });
    }
  }
}
