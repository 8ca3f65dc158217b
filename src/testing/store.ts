import type { WorkspaceStatus } from "./api-types.js";
import type {
  AgentRec,
  ApiKeyRec,
  AppRec,
  BuildRec,
  FileRec,
  JobRec,
  MemberRec,
  OrgRec,
  TaskRec,
  TemplateRec,
  UserRec,
  VersionRec,
  WorkspaceRec,
} from "./records.js";
import { isUuid, newId, sameName } from "./util.js";

/** Timers the fake owns; all are unref'd so a forgotten fake never keeps Node alive. */
export class Scheduler {
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  /** Runs `fn` after `ms`; ignored once the scheduler is closed. */
  after(ms: number, fn: () => void): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  get pending(): number {
    return this.timers.size;
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

/**
 * Builds by id, also indexed by workspace (ordered by build number), so a workspace's builds and
 * its latest build cost no scan of every build: listing thousands of workspaces sorts by status,
 * which asks each one for its latest build. Every write goes through `set`/`delete`/`clear`, so
 * the index cannot drift from the map.
 */
export class BuildIndex extends Map<string, BuildRec> {
  private readonly byWorkspace = new Map<string, BuildRec[]>();

  override set(id: string, build: BuildRec): this {
    const previous = super.get(id);
    if (previous) this.unindex(previous);
    super.set(id, build);
    let list = this.byWorkspace.get(build.workspaceId);
    if (!list) {
      list = [];
      this.byWorkspace.set(build.workspaceId, list);
    }
    // New builds carry the next number, so this walks back at most a step or two.
    let at = list.length;
    while (at > 0 && list[at - 1]!.number > build.number) at -= 1;
    list.splice(at, 0, build);
    return this;
  }

  override delete(id: string): boolean {
    const build = super.get(id);
    if (build) this.unindex(build);
    return super.delete(id);
  }

  override clear(): void {
    this.byWorkspace.clear();
    super.clear();
  }

  /** The builds of a workspace, oldest first; the array is the caller's to change. */
  ofWorkspace(workspaceId: string): BuildRec[] {
    return [...(this.byWorkspace.get(workspaceId) ?? [])];
  }

  /** The build with the highest number, if the workspace has any. */
  latestOf(workspaceId: string): BuildRec | undefined {
    return this.byWorkspace.get(workspaceId)?.at(-1);
  }

  private unindex(build: BuildRec): void {
    const list = this.byWorkspace.get(build.workspaceId);
    const at = list?.indexOf(build) ?? -1;
    if (list && at >= 0) list.splice(at, 1);
  }
}

/** All state of one fake deployment, plus the lookups every route needs. */
export class Store {
  readonly users = new Map<string, UserRec>();
  readonly orgs = new Map<string, OrgRec>();
  readonly members: MemberRec[] = [];
  readonly apiKeys = new Map<string, ApiKeyRec>();
  readonly files = new Map<string, FileRec>();
  readonly templates = new Map<string, TemplateRec>();
  readonly versions = new Map<string, VersionRec>();
  readonly jobs = new Map<string, JobRec>();
  readonly builds = new BuildIndex();
  readonly workspaces = new Map<string, WorkspaceRec>();
  readonly tasks = new Map<string, TaskRec>();
  readonly deploymentId = newId();
  private logId = 0;
  private agentLogId = 0;

  nextLogId(): number {
    this.logId += 1;
    return this.logId;
  }

  nextAgentLogId(): number {
    this.agentLogId += 1;
    return this.agentLogId;
  }

  isOwner(user: UserRec): boolean {
    return user.siteRoles.includes("owner");
  }

  canManageTemplates(user: UserRec, orgId: string): boolean {
    if (this.isOwner(user) || user.siteRoles.includes("template-admin")) return true;
    const member = this.members.find((m) => m.userId === user.id && m.orgId === orgId);
    return !!member?.roles.some((r) => r === "organization-admin" || r === "organization-template-admin");
  }

  isMember(userId: string, orgId: string): boolean {
    return this.members.some((m) => m.userId === userId && m.orgId === orgId);
  }

  orgIdsOf(userId: string): string[] {
    return this.members.filter((m) => m.userId === userId).map((m) => m.orgId);
  }

  /** `{user}` path parameter: "me", a UUID or a username. */
  findUser(ref: string, actor?: UserRec): UserRec | undefined {
    if (ref === "me") return actor;
    if (isUuid(ref)) return this.users.get(ref.toLowerCase());
    return [...this.users.values()].find((u) => sameName(u.username, ref));
  }

  /** `{organization}` path parameter: a UUID or a name. */
  findOrg(ref: string): OrgRec | undefined {
    if (isUuid(ref)) return this.orgs.get(ref.toLowerCase());
    return [...this.orgs.values()].find((o) => sameName(o.name, ref));
  }

  canReadOrg(actor: UserRec, org: OrgRec): boolean {
    return this.isOwner(actor) || this.isMember(actor.id, org.id);
  }

  canReadTemplate(actor: UserRec, template: TemplateRec): boolean {
    return !template.deleted && (this.isOwner(actor) || this.isMember(actor.id, template.orgId));
  }

  canReadWorkspace(actor: UserRec, ws: WorkspaceRec): boolean {
    return this.isOwner(actor) || ws.ownerId === actor.id;
  }

  templateOf(ws: WorkspaceRec): TemplateRec {
    return this.templates.get(ws.templateId)!;
  }

  /** Builds of a workspace, oldest first (a fresh array). */
  buildsOf(workspaceId: string): BuildRec[] {
    return this.builds.ofWorkspace(workspaceId);
  }

  /** The newest build of a workspace; every stored workspace has one. */
  latestBuild(workspaceId: string): BuildRec {
    return this.builds.latestOf(workspaceId)!;
  }

  jobOf(build: BuildRec): JobRec {
    return this.jobs.get(build.jobId)!;
  }

  /** The build-status mapping of coderd's convertWorkspaceStatus. */
  buildStatus(build: BuildRec): WorkspaceStatus {
    const job = this.jobOf(build);
    switch (job.status) {
      case "pending":
        return "pending";
      case "running":
        return build.transition === "start"
          ? "starting"
          : build.transition === "stop"
            ? "stopping"
            : "deleting";
      case "succeeded":
        return build.transition === "start" ? "running" : build.transition === "stop" ? "stopped" : "deleted";
      case "canceling":
        return "canceling";
      case "canceled":
        return "canceled";
      default:
        return "failed";
    }
  }

  workspaceStatus(ws: WorkspaceRec): WorkspaceStatus {
    return this.buildStatus(this.latestBuild(ws.id));
  }

  *allAgents(): Generator<AgentRec> {
    for (const build of this.builds.values()) {
      for (const resource of build.resources) yield* resource.agents;
    }
  }

  findAgent(id: string): AgentRec | undefined {
    for (const agent of this.allAgents()) if (agent.id === id) return agent;
    return undefined;
  }

  findAgentByToken(token: string): AgentRec | undefined {
    for (const agent of this.allAgents()) if (agent.token === token) return agent;
    return undefined;
  }

  /** Agents of the newest start build that produced resources, i.e. the agents a user sees. */
  currentAgents(workspaceId: string): AgentRec[] {
    const starts = this.buildsOf(workspaceId).filter(
      (b) => b.transition === "start" && b.resources.length > 0,
    );
    const build = starts[starts.length - 1];
    return build ? build.resources.flatMap((r) => r.agents) : [];
  }

  appsOfWorkspace(workspaceId: string): AppRec[] {
    return this.currentAgents(workspaceId).flatMap((a) => a.apps);
  }

  taskOfWorkspace(workspaceId: string): TaskRec | undefined {
    return [...this.tasks.values()].find((t) => t.workspaceId === workspaceId && !t.deletedAt);
  }

  /** Workspace by id, "owner/name" or bare name (first match), for test helpers. */
  resolveWorkspaceRef(ref: string): WorkspaceRec | undefined {
    const live = [...this.workspaces.values()].filter((w) => !w.deleted);
    if (isUuid(ref)) return this.workspaces.get(ref.toLowerCase());
    const [ownerName, name] = ref.includes("/") ? ref.split("/", 2) : [undefined, ref];
    return live.find((w) => {
      if (!sameName(w.name, name ?? "")) return false;
      return ownerName === undefined || sameName(this.users.get(w.ownerId)?.username ?? "", ownerName);
    });
  }
}
