import { buildJson, workspaceJson } from "../convert-workspace.js";
import type { FakeCore } from "../core.js";
import { coderError, field, jsonResponse, noContent, notFound } from "../http-util.js";
import type { UserRec, WorkspaceRec } from "../records.js";
import type { RouteContext, Router } from "../router.js";
import {
  containsFold,
  paginate,
  parsePagination,
  parseWorkspaceQuery,
  type WorkspaceFilter,
} from "../search.js";
import { nowIso, sameName } from "../util.js";
import { createBuild, createWorkspace, validateSchedule, validateTtl } from "../workspace-ops.js";
import { orgParam, userParam, workspaceParam } from "./helpers.js";

/** Workspaces: list with `q`, lookups, create, schedule, builds. */
export function registerWorkspaceRoutes(router: Router, core: FakeCore): void {
  const { store } = core;

  const matches = (ws: WorkspaceRec, f: WorkspaceFilter, actor: UserRec): boolean => {
    const owner = store.users.get(ws.ownerId)!;
    const template = store.templateOf(ws);
    const latest = store.latestBuild(ws.id);
    const status = store.buildStatus(latest);
    if (ws.deleted !== (f.status === "deleted")) return false;
    if (f.ids.length > 0 && !f.ids.includes(ws.id)) return false;
    if (f.owner && !(f.owner === "me" ? ws.ownerId === actor.id : sameName(owner.username, f.owner)))
      return false;
    if (f.name && !containsFold(ws.name, f.name)) return false;
    if (f.template && !sameName(template.name, f.template)) return false;
    if (f.status && status !== f.status) return false;
    if (f.organizationId && ws.orgId !== f.organizationId) return false;
    if (f.dormant === true) return false;
    if (f.outdated !== undefined && (latest.templateVersionId !== template.activeVersionId) !== f.outdated)
      return false;
    if (
      f.hasAiTask !== undefined &&
      (store.versions.get(latest.templateVersionId)!.aiTaskAppSlug !== null) !== f.hasAiTask
    )
      return false;
    const agents = latest.resources.flatMap((r) => r.agents);
    if (f.hasAgent.length > 0 && !agents.some((a) => f.hasAgent.includes(a.status))) return false;
    return f.params.every((p) =>
      latest.parameters.some((bp) => bp.name === p.name && (p.value === undefined || bp.value === p.value)),
    );
  };

  /** GetWorkspaces' ORDER BY: running first, then owner username, then name. */
  const running = (ws: WorkspaceRec): number => (store.workspaceStatus(ws) === "running" ? 0 : 1);
  const order = (a: WorkspaceRec, b: WorkspaceRec): number =>
    running(a) - running(b) ||
    store.users
      .get(a.ownerId)!
      .username.toLowerCase()
      .localeCompare(store.users.get(b.ownerId)!.username.toLowerCase()) ||
    a.name.toLowerCase().localeCompare(b.name.toLowerCase());

  router.get("/api/v2/workspaces", (ctx) => {
    const actor = ctx.actor();
    const filter = parseWorkspaceQuery(store, ctx.url.searchParams.get("q") ?? "");
    const page = parsePagination(ctx.url);
    const all = [...store.workspaces.values()]
      .filter((ws) => store.canReadWorkspace(actor, ws) && matches(ws, filter, actor))
      .sort(order);
    return jsonResponse(200, {
      workspaces: paginate(all, { ...page, afterId: undefined }).map((ws) => workspaceJson(store, ws)),
      count: all.length,
    });
  });

  router.get("/api/v2/workspaces/:workspace", (ctx) => {
    const ws = workspaceParam(core, ctx);
    if (ws.deleted && ctx.url.searchParams.get("include_deleted") !== "true") {
      throw coderError(
        410,
        `Workspace "${ws.id}" was deleted, you can view this workspace by specifying '?deleted=true' and trying again.`,
      );
    }
    return jsonResponse(200, workspaceJson(store, ws));
  });

  const byOwnerAndName = (ctx: RouteContext): WorkspaceRec => {
    const owner = userParam(core, ctx);
    const includeDeleted = ctx.url.searchParams.get("include_deleted") === "true";
    const candidates = [...store.workspaces.values()]
      .filter((w) => w.ownerId === owner.id && sameName(w.name, ctx.params.workspacename ?? ""))
      .filter((w) => !w.deleted || includeDeleted)
      .sort((a, b) => Number(a.deleted) - Number(b.deleted) || b.createdAt.localeCompare(a.createdAt));
    const ws = candidates[0];
    if (!ws || !store.canReadWorkspace(ctx.actor(), ws)) throw notFound();
    return ws;
  };

  router.get("/api/v2/users/:user/workspace/:workspacename", (ctx) =>
    jsonResponse(200, workspaceJson(store, byOwnerAndName(ctx))),
  );

  router.get("/api/v2/users/:user/workspace/:workspacename/builds/:buildnumber", (ctx) => {
    const ws = byOwnerAndName(ctx);
    const raw = ctx.params.buildnumber ?? "";
    if (!/^\d+$/.test(raw))
      throw coderError(
        400,
        "Failed to parse build number as integer.",
        `strconv.ParseInt: parsing "${raw}": invalid syntax`,
      );
    const build = store.buildsOf(ws.id).find((b) => b.number === Number(raw));
    if (!build) throw coderError(404, `Workspace "${ws.name}" Build ${raw} does not exist.`);
    return jsonResponse(200, buildJson(store, build));
  });

  const create = async (ctx: RouteContext): Promise<Response> => {
    const owner = userParam(core, ctx);
    const ws = createWorkspace(core.env, ctx.actor(), owner, await ctx.body());
    return jsonResponse(201, workspaceJson(store, ws));
  };
  router.post("/api/v2/users/:user/workspaces", create);
  router.post("/api/v2/organizations/:organization/members/:user/workspaces", (ctx) => {
    orgParam(core, ctx);
    return create(ctx);
  });

  router.put("/api/v2/workspaces/:workspace/autostart", async (ctx) => {
    const ws = workspaceParam(core, ctx);
    const schedule =
      field.string(await ctx.body(), "schedule", "codersdk.UpdateWorkspaceAutostartRequest") ?? "";
    if (schedule) {
      const err = validateSchedule(schedule);
      if (err)
        throw coderError(400, "Invalid autostart schedule.", undefined, [{ field: "schedule", detail: err }]);
    }
    ws.autostartSchedule = schedule || null;
    ws.updatedAt = nowIso();
    return noContent();
  });

  router.put("/api/v2/workspaces/:workspace/ttl", async (ctx) => {
    const ws = workspaceParam(core, ctx);
    const ttl = field.number(await ctx.body(), "ttl_ms", "codersdk.UpdateWorkspaceTTLRequest");
    const err = validateTtl(ttl);
    if (err)
      throw coderError(400, "Invalid workspace autostop timer.", undefined, [
        { field: "ttl_ms", detail: err },
      ]);
    ws.ttlMs = ttl ?? null;
    ws.updatedAt = nowIso();
    return noContent();
  });

  router.get("/api/v2/workspaces/:workspace/builds", (ctx) => {
    const ws = workspaceParam(core, ctx);
    const page = parsePagination(ctx.url);
    const since = ctx.url.searchParams.get("since");
    const builds = store
      .buildsOf(ws.id)
      .reverse()
      .filter(
        (b) => !since || Number.isNaN(Date.parse(since)) || b.createdAt >= new Date(since).toISOString(),
      );
    return jsonResponse(
      200,
      paginate(builds, page).map((b) => buildJson(store, b)),
    );
  });

  router.post("/api/v2/workspaces/:workspace/builds", async (ctx) => {
    const ws = workspaceParam(core, ctx);
    const build = createBuild(core.env, ctx.actor(), ws, await ctx.body());
    return jsonResponse(201, buildJson(store, build));
  });
}
