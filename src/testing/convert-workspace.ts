import type {
  Workspace,
  WorkspaceAgent,
  WorkspaceApp,
  WorkspaceAppStatus,
  WorkspaceBuild,
  WorkspaceResource,
} from "./api-types.js";
import { jobJson } from "./convert.js";
import type { AgentRec, AppRec, BuildRec, ResourceRec, WorkspaceRec } from "./records.js";
import type { Store } from "./store.js";
import { nowIso } from "./util.js";

/** `codersdk.WorkspaceApp`; statuses newest first, as coderd lists them. */
export function appJson(app: AppRec): WorkspaceApp {
  const spec = app.spec;
  const out: WorkspaceApp = {
    id: app.id,
    external: spec.external ?? false,
    slug: spec.slug,
    subdomain: spec.subdomain ?? false,
    sharing_level: spec.sharingLevel ?? "owner",
    healthcheck: spec.healthcheck ?? { url: "", interval: 0, threshold: 0 },
    health: app.health,
    hidden: spec.hidden ?? false,
    open_in: spec.openIn ?? "slim-window",
    statuses: [...app.statuses].reverse(),
  };
  if (spec.url) out.url = spec.url;
  if (spec.displayName) out.display_name = spec.displayName;
  if (spec.command) out.command = spec.command;
  if (spec.icon) out.icon = spec.icon;
  if (spec.group) out.group = spec.group;
  if (spec.tooltip) out.tooltip = spec.tooltip;
  return out;
}

function agentHealth(agent: AgentRec): { healthy: boolean; reason?: string } {
  if (agent.status === "connecting") return { healthy: false, reason: "agent is not yet connected" };
  if (agent.status === "disconnected") return { healthy: false, reason: "agent has lost connection" };
  if (agent.status === "timeout") return { healthy: false, reason: "agent is taking too long to connect" };
  if (agent.lifecycle === "start_error") {
    return { healthy: false, reason: "agent startup script exited with an error" };
  }
  if (agent.lifecycle === "start_timeout")
    return { healthy: false, reason: "agent startup script took too long" };
  return { healthy: true };
}

/** `codersdk.WorkspaceAgent`; unset timestamps are omitted like Go's omitempty pointers. */
export function agentJson(agent: AgentRec): WorkspaceAgent {
  const spec = agent.spec;
  const directory = spec.directory ?? "/home/coder";
  const out: WorkspaceAgent = {
    id: agent.id,
    parent_id: null,
    created_at: agent.createdAt,
    updated_at: agent.updatedAt,
    status: agent.status,
    lifecycle_state: agent.lifecycle,
    name: agent.name,
    resource_id: agent.resourceId,
    architecture: spec.architecture ?? "amd64",
    environment_variables: {},
    operating_system: spec.operatingSystem ?? "linux",
    logs_length: agent.logs.reduce((n, l) => n + l.output.length, 0),
    logs_overflowed: false,
    directory,
    version: agent.status === "connecting" ? "" : "v2.26.0",
    api_version: agent.status === "connecting" ? "" : "2.6",
    apps: agent.apps.map(appJson),
    connection_timeout_seconds: 120,
    troubleshooting_url: "https://coder.com/docs/admin/templates/troubleshooting",
    subsystems: [],
    health: agentHealth(agent),
    display_apps: spec.displayApps ?? [
      "vscode",
      "vscode_insiders",
      "web_terminal",
      "ssh_helper",
      "port_forwarding_helper",
    ],
    log_sources: agent.logSources.map((s) => ({
      workspace_agent_id: agent.id,
      id: s.id,
      created_at: s.createdAt,
      display_name: s.displayName,
      icon: s.icon,
    })),
    scripts: [],
    startup_script_behavior: "non-blocking",
  };
  if (agent.firstConnectedAt) out.first_connected_at = agent.firstConnectedAt;
  if (agent.lastConnectedAt) out.last_connected_at = agent.lastConnectedAt;
  if (agent.disconnectedAt) out.disconnected_at = agent.disconnectedAt;
  if (agent.startedAt) out.started_at = agent.startedAt;
  if (agent.readyAt) out.ready_at = agent.readyAt;
  if (agent.status !== "connecting") out.expanded_directory = directory;
  if (agent.status === "connected")
    out.latency = { "Coder Embedded Relay": { preferred: true, latency_ms: 2.5 } };
  return out;
}

/** `codersdk.WorkspaceResource`; `agents` and `metadata` are omitted when empty. */
export function resourceJson(resource: ResourceRec): WorkspaceResource {
  const spec = resource.spec;
  const out: WorkspaceResource = {
    id: resource.id,
    created_at: resource.createdAt,
    job_id: resource.jobId,
    workspace_transition: resource.transition,
    type: spec.type,
    name: spec.name,
    hide: spec.hide ?? false,
    icon: spec.icon ?? "",
    daily_cost: spec.dailyCost ?? 0,
  };
  if (resource.agents.length > 0) out.agents = resource.agents.map(agentJson);
  if (spec.metadata && spec.metadata.length > 0) out.metadata = spec.metadata;
  return out;
}

/** `codersdk.WorkspaceBuild` with its job and resources. */
export function buildJson(store: Store, build: BuildRec): WorkspaceBuild {
  const ws = store.workspaces.get(build.workspaceId)!;
  const owner = store.users.get(ws.ownerId)!;
  const version = store.versions.get(build.templateVersionId)!;
  const initiator = store.users.get(build.initiatorId);
  return {
    id: build.id,
    created_at: build.createdAt,
    updated_at: build.updatedAt,
    workspace_id: ws.id,
    workspace_name: ws.name,
    workspace_owner_id: owner.id,
    workspace_owner_name: owner.username,
    workspace_owner_avatar_url: owner.avatarUrl,
    template_version_id: version.id,
    template_version_name: version.name,
    build_number: build.number,
    transition: build.transition,
    initiator_id: build.initiatorId,
    initiator_name: initiator?.username ?? "",
    job: jobJson(store, store.jobOf(build)),
    reason: build.reason,
    resources: build.resources.map(resourceJson),
    deadline: build.deadline,
    max_deadline: build.maxDeadline,
    status: store.buildStatus(build),
    daily_cost: build.resources.reduce((n, r) => n + (r.spec.dailyCost ?? 0), 0),
    matched_provisioners: { count: 1, available: 1, most_recently_seen: nowIso() },
    template_version_preset_id: build.presetId,
    has_ai_task: version.aiTaskAppSlug !== null,
  };
}

/** The newest app status reported anywhere in the workspace, or null. */
export function latestAppStatus(store: Store, ws: WorkspaceRec): WorkspaceAppStatus | null {
  let latest: WorkspaceAppStatus | null = null;
  for (const build of store.buildsOf(ws.id)) {
    for (const agent of build.resources.flatMap((r) => r.agents)) {
      for (const app of agent.apps) {
        for (const status of app.statuses) {
          if (!latest || status.created_at >= latest.created_at) latest = status;
        }
      }
    }
  }
  return latest;
}

/** `codersdk.Workspace` as the given store sees it now. */
export function workspaceJson(store: Store, ws: WorkspaceRec): Workspace {
  const owner = store.users.get(ws.ownerId)!;
  const org = store.orgs.get(ws.orgId)!;
  const template = store.templateOf(ws);
  const latest = store.latestBuild(ws.id);
  const agents = latest.resources.flatMap((r) => r.agents);
  const failing = agents.filter((a) => !agentHealth(a).healthy).map((a) => a.id);
  const out: Workspace = {
    id: ws.id,
    created_at: ws.createdAt,
    updated_at: ws.updatedAt,
    owner_id: owner.id,
    owner_name: owner.username,
    owner_avatar_url: owner.avatarUrl,
    organization_id: org.id,
    organization_name: org.name,
    template_id: template.id,
    template_name: template.name,
    template_display_name: template.displayName,
    template_icon: template.icon,
    template_allow_user_cancel_workspace_jobs: template.allowUserCancelWorkspaceJobs,
    template_active_version_id: template.activeVersionId,
    template_require_active_version: template.requireActiveVersion,
    latest_build: buildJson(store, latest),
    latest_app_status: latestAppStatus(store, ws),
    outdated: latest.templateVersionId !== template.activeVersionId,
    name: ws.name,
    last_used_at: ws.lastUsedAt,
    deleting_at: null,
    dormant_at: null,
    health: { healthy: failing.length === 0, failing_agents: failing },
    automatic_updates: ws.automaticUpdates,
    allow_renames: false,
    favorite: false,
    next_start_at: null,
  };
  if (ws.autostartSchedule) out.autostart_schedule = ws.autostartSchedule;
  if (ws.ttlMs !== null) out.ttl_ms = ws.ttlMs;
  return out;
}
