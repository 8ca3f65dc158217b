import type { FakeCore } from "../core.js";
import { coderError, notFound } from "../http-util.js";
import type {
  AgentRec,
  BuildRec,
  OrgRec,
  TaskRec,
  TemplateRec,
  UserRec,
  VersionRec,
  WorkspaceRec,
} from "../records.js";
import type { RouteContext } from "../router.js";
import { isUuid, sameName } from "../util.js";

/** coderd's parseUUID: a malformed id is a 400 before any lookup. */
export function uuidParam(ctx: RouteContext, name: string): string {
  const raw = ctx.params[name] ?? "";
  if (!isUuid(raw)) {
    const detail = raw.length !== 36 ? `invalid UUID length: ${raw.length}` : "invalid UUID format";
    throw coderError(400, `Invalid UUID "${raw}".`, detail);
  }
  return raw.toLowerCase();
}

/** `{user}`: "me", a UUID or a username (httpmw.ExtractUserParam). */
export function userParam(core: FakeCore, ctx: RouteContext, name = "user"): UserRec {
  const user = core.store.findUser(ctx.params[name] ?? "", ctx.actor());
  if (!user) throw notFound();
  return user;
}

/** A user whose private resources (tokens) the actor may touch: themself, or anyone for owners. */
export function ownUserParam(core: FakeCore, ctx: RouteContext): UserRec {
  const user = userParam(core, ctx);
  if (user.id !== ctx.actor().id && !core.store.isOwner(ctx.actor())) throw notFound();
  return user;
}

/** `{organization}`: a UUID or a name, visible to members and owners. */
export function orgParam(core: FakeCore, ctx: RouteContext): OrgRec {
  const org = core.store.findOrg(ctx.params.organization ?? "");
  if (!org || !core.store.canReadOrg(ctx.actor(), org)) throw notFound();
  return org;
}

/** `{template}` by UUID, readable by the actor. */
export function templateParam(core: FakeCore, ctx: RouteContext): TemplateRec {
  const template = core.store.templates.get(uuidParam(ctx, "template"));
  if (!template || !core.store.canReadTemplate(ctx.actor(), template)) throw notFound();
  return template;
}

/** `{templatename}` within an organization (case-insensitive). */
export function templateByName(core: FakeCore, ctx: RouteContext, org: OrgRec): TemplateRec {
  const name = ctx.params.templatename ?? "";
  const template = [...core.store.templates.values()].find(
    (t) => t.orgId === org.id && !t.deleted && sameName(t.name, name),
  );
  if (!template) throw notFound();
  return template;
}

/** `{templateversion}` by UUID, readable by organization members. */
export function versionParam(core: FakeCore, ctx: RouteContext): VersionRec {
  const version = core.store.versions.get(uuidParam(ctx, "templateversion"));
  const actor = ctx.actor();
  if (!version || !(core.store.isOwner(actor) || core.store.isMember(actor.id, version.orgId)))
    throw notFound();
  return version;
}

/** `{workspace}` for sub-resources: deleted workspaces still resolve (GetWorkspaceByID). */
export function workspaceParam(core: FakeCore, ctx: RouteContext): WorkspaceRec {
  const ws = core.store.workspaces.get(uuidParam(ctx, "workspace"));
  if (!ws || !core.store.canReadWorkspace(ctx.actor(), ws)) throw notFound();
  return ws;
}

/** `{workspacebuild}` by UUID, readable by whoever may read its workspace. */
export function buildParam(core: FakeCore, ctx: RouteContext): BuildRec {
  const build = core.store.builds.get(uuidParam(ctx, "workspacebuild"));
  const ws = build ? core.store.workspaces.get(build.workspaceId) : undefined;
  if (!build || !ws || !core.store.canReadWorkspace(ctx.actor(), ws)) throw notFound();
  return build;
}

/** `{workspaceagent}` by UUID, readable by whoever may read its workspace. */
export function agentParam(core: FakeCore, ctx: RouteContext): AgentRec {
  const agent = core.store.findAgent(uuidParam(ctx, "workspaceagent"));
  const ws = agent ? core.store.workspaces.get(agent.workspaceId) : undefined;
  if (!agent || !ws || !core.store.canReadWorkspace(ctx.actor(), ws)) throw notFound();
  return agent;
}

/** `{user}/{task}`: the task by UUID or by name among the user's live tasks. */
export function taskParam(core: FakeCore, ctx: RouteContext): TaskRec {
  const owner = userParam(core, ctx);
  const ref = ctx.params.task ?? "";
  const tasks = [...core.store.tasks.values()].filter((t) => !t.deletedAt && t.ownerId === owner.id);
  const task = isUuid(ref)
    ? tasks.find((t) => t.id === ref.toLowerCase())
    : tasks.find((t) => sameName(t.name, ref));
  const ws = task ? core.store.workspaces.get(task.workspaceId) : undefined;
  if (!task || !ws || !core.store.canReadWorkspace(ctx.actor(), ws)) throw notFound();
  return task;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Go's `strconv.ParseInt(raw, 10, 64)`: an optional sign and decimal digits within int64. */
function parseInt64(raw: string): number | undefined {
  if (!/^[+-]?\d+$/.test(raw)) return undefined;
  const value = BigInt(raw);
  return value < INT64_MIN || value > INT64_MAX ? undefined : Number(value);
}

/**
 * `after` of provisioner job logs (build and template version logs, JSON and follow). coderd's
 * provisionerJobLogs (coderd/provisionerjobs.go) parses only `after`, with strconv.ParseInt, so a
 * negative id is accepted; `before` is no longer read at all (older coderd filtered on it).
 */
export function jobLogAfter(ctx: RouteContext): number {
  const raw = ctx.url.searchParams.get("after") ?? "";
  if (raw === "") return 0;
  const after = parseInt64(raw);
  if (after === undefined) {
    throw coderError(400, 'Query param "after" must be an integer.', undefined, [
      { field: "after", detail: "Must be an integer" },
    ]);
  }
  return after;
}

/**
 * `after` of agent logs: coderd's workspaceAgentLogs (coderd/workspaceagents.go) rejects a
 * non-integer or negative value, and reads no `before` either.
 */
export function agentLogAfter(ctx: RouteContext): number {
  const raw = ctx.url.searchParams.get("after") ?? "";
  if (raw === "") return 0;
  const after = parseInt64(raw);
  if (after === undefined || after < 0) {
    throw coderError(
      400,
      'Query param "after" must be an integer greater than or equal to zero.',
      undefined,
      [{ field: "after", detail: "Must be an integer greater than or equal to zero" }],
    );
  }
  return after;
}
