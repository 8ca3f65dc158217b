import { z } from "zod";
import type {
  Workspace,
  WorkspaceAgent,
  WorkspaceApp,
  WorkspaceAppStatus,
  WorkspaceBuild,
} from "../../client/models/index.js";
import { compact } from "../framework/shaping.js";
import { isZeroUuid, workspaceAgents } from "../support/resolve.js";

/**
 * Compact projections of Coder's workspace objects for tool outputs. A full `codersdk.Workspace`
 * is several kilobytes of timestamps, provisioner metadata and Terraform resources; these keep what
 * an agent needs to decide its next call (ids, names, status, versions, agent and app state).
 */

// Coder sends "" or the zero UUID for "unset"; leaving those out keeps the JSON small.
function present(value: string | null | undefined): string | undefined {
  return value && !isZeroUuid(value) ? value : undefined;
}

/** One workspace in a list (Go's `MinimalWorkspace` plus owner and latest-build state). */
export const WorkspaceSummary = z.object({
  id: z.string().describe("Workspace UUID"),
  name: z.string(),
  owner_name: z.string().describe("Username of the owner; `owner_name/name` addresses the workspace"),
  organization_id: z.string(),
  template_id: z.string(),
  template_name: z.string(),
  template_display_name: z.string().optional(),
  template_icon: z.string().optional(),
  template_active_version_id: z.string().optional(),
  outdated: z.boolean().describe("True when the workspace is not on the template's active version"),
  status: z.string().describe("Latest build's workspace status: running, stopped, starting, failed, …"),
  transition: z.string().describe("Latest build's transition: start, stop or delete"),
  latest_build_id: z.string(),
  healthy: z.boolean().optional().describe("False when an agent is unhealthy"),
});
export type WorkspaceSummary = z.infer<typeof WorkspaceSummary>;

/** Project a workspace into a {@link WorkspaceSummary}. */
export function toWorkspaceSummary(ws: Workspace): WorkspaceSummary {
  return compact({
    id: ws.id,
    name: ws.name,
    owner_name: ws.owner_name,
    organization_id: ws.organization_id,
    template_id: ws.template_id,
    template_name: ws.template_name,
    template_display_name: ws.template_display_name || undefined,
    template_icon: ws.template_icon || undefined,
    template_active_version_id: present(ws.template_active_version_id),
    outdated: ws.outdated ?? false,
    status: ws.latest_build.status,
    transition: ws.latest_build.transition,
    latest_build_id: ws.latest_build.id,
    healthy: ws.health?.healthy,
  });
}

/** The newest status an app (or the workspace) reported, e.g. an AI agent's progress. */
export const AppStatusView = z.object({
  state: z.string().describe("working, idle, complete or failure"),
  message: z.string(),
  uri: z.string().optional(),
  created_at: z.string(),
});
export type AppStatusView = z.infer<typeof AppStatusView>;

function toAppStatusView(status: WorkspaceAppStatus): AppStatusView {
  return compact({
    state: status.state,
    message: status.message,
    uri: status.uri || undefined,
    created_at: status.created_at,
  });
}

function newestStatus(
  statuses: readonly WorkspaceAppStatus[] | null | undefined,
): WorkspaceAppStatus | undefined {
  let newest: WorkspaceAppStatus | undefined;
  for (const status of statuses ?? []) {
    if (!newest || status.created_at > newest.created_at) newest = status;
  }
  return newest;
}

/** An app on an agent. */
export const AppView = z.object({
  slug: z.string(),
  display_name: z.string().optional(),
  url: z.string().optional().describe("The app's URL (for proxied apps, the address inside the workspace)"),
  subdomain: z.boolean().optional(),
  external: z.boolean().optional(),
  health: z.string().optional().describe("disabled, initializing, healthy or unhealthy"),
  latest_status: AppStatusView.optional(),
});
export type AppView = z.infer<typeof AppView>;

function toAppView(app: WorkspaceApp): AppView {
  const latest = newestStatus(app.statuses);
  return compact({
    slug: app.slug,
    display_name: app.display_name || undefined,
    url: app.url || undefined,
    subdomain: app.subdomain || undefined,
    external: app.external || undefined,
    health: app.health,
    latest_status: latest ? toAppStatusView(latest) : undefined,
  });
}

/** A workspace agent with its connection and startup state. */
export const AgentView = z.object({
  id: z.string().describe("Agent UUID (for coder_get_workspace_agent_logs)"),
  name: z.string().describe("Agent name; address it as owner/workspace.agent"),
  status: z.string().describe("connecting, connected, disconnected or timeout"),
  lifecycle_state: z
    .string()
    .describe("created, starting, ready, start_error, start_timeout, shutting_down, off, …"),
  healthy: z.boolean().optional(),
  health_reason: z.string().optional(),
  operating_system: z.string().optional(),
  architecture: z.string().optional(),
  directory: z.string().optional(),
  apps: z.array(AppView),
});
export type AgentView = z.infer<typeof AgentView>;

/** Project an agent into an {@link AgentView}. */
export function toAgentView(agent: WorkspaceAgent): AgentView {
  return compact({
    id: agent.id,
    name: agent.name,
    status: agent.status,
    lifecycle_state: agent.lifecycle_state,
    healthy: agent.health?.healthy,
    health_reason: agent.health?.reason || undefined,
    operating_system: agent.operating_system || undefined,
    architecture: agent.architecture || undefined,
    directory: agent.expanded_directory || agent.directory || undefined,
    apps: (agent.apps ?? []).map(toAppView),
  });
}

/** A workspace build: one start, stop or delete. */
export const BuildView = z.object({
  id: z.string().describe("Build UUID (for coder_get_workspace_build_logs)"),
  workspace_id: z.string(),
  workspace_name: z.string().optional(),
  workspace_owner_name: z.string().optional(),
  build_number: z.number(),
  transition: z.string().describe("start, stop or delete"),
  status: z
    .string()
    .describe("Workspace status this build gives: pending, starting, running, stopped, failed, …"),
  job_status: z
    .string()
    .describe("Provisioner job: pending, running, succeeded, failed, canceling or canceled"),
  job_error: z.string().optional(),
  template_version_id: z.string().optional(),
  template_version_name: z.string().optional(),
  template_version_preset_id: z.string().optional(),
  initiator_name: z.string().optional(),
  reason: z.string().optional(),
  created_at: z.string(),
});
export type BuildView = z.infer<typeof BuildView>;

/** Project a build into a {@link BuildView}. */
export function toBuildView(build: WorkspaceBuild): BuildView {
  return compact({
    id: build.id,
    workspace_id: build.workspace_id,
    workspace_name: build.workspace_name || undefined,
    workspace_owner_name: build.workspace_owner_name || undefined,
    build_number: build.build_number,
    transition: build.transition,
    status: build.status,
    job_status: build.job.status,
    job_error: build.job.error || undefined,
    template_version_id: present(build.template_version_id),
    template_version_name: build.template_version_name || undefined,
    template_version_preset_id: present(build.template_version_preset_id),
    initiator_name: build.initiator_name || undefined,
    reason: build.reason || undefined,
    created_at: build.created_at,
  });
}

/** One workspace in detail: identity, template, schedule, latest build, agents and apps. */
export const WorkspaceDetail = z.object({
  id: z.string().describe("Workspace UUID"),
  name: z.string(),
  owner_id: z.string(),
  owner_name: z.string(),
  organization_id: z.string(),
  organization_name: z.string().optional(),
  template_id: z.string(),
  template_name: z.string(),
  template_display_name: z.string().optional(),
  template_active_version_id: z.string().optional(),
  outdated: z.boolean().describe("True when the latest build is not on the template's active version"),
  healthy: z.boolean().optional(),
  failing_agents: z.array(z.string()).optional(),
  automatic_updates: z.string().optional(),
  autostart_schedule: z.string().optional(),
  ttl_ms: z.number().optional().describe("Autostop delay after start, in milliseconds"),
  last_used_at: z.string().optional(),
  deleting_at: z.string().optional(),
  dormant_at: z.string().optional(),
  latest_build: BuildView,
  agents: z.array(AgentView).describe("Agents of the latest build; empty while stopped or still building"),
  latest_app_status: AppStatusView.optional(),
});
export type WorkspaceDetail = z.infer<typeof WorkspaceDetail>;

/** Project a workspace into a {@link WorkspaceDetail}. */
export function toWorkspaceDetail(ws: Workspace): WorkspaceDetail {
  const failing = ws.health?.failing_agents ?? [];
  return compact({
    id: ws.id,
    name: ws.name,
    owner_id: ws.owner_id,
    owner_name: ws.owner_name,
    organization_id: ws.organization_id,
    organization_name: ws.organization_name || undefined,
    template_id: ws.template_id,
    template_name: ws.template_name,
    template_display_name: ws.template_display_name || undefined,
    template_active_version_id: present(ws.template_active_version_id),
    outdated: ws.outdated ?? false,
    healthy: ws.health?.healthy,
    failing_agents: failing.length > 0 ? failing : undefined,
    automatic_updates: ws.automatic_updates,
    autostart_schedule: ws.autostart_schedule || undefined,
    ttl_ms: ws.ttl_ms ?? undefined,
    last_used_at: ws.last_used_at || undefined,
    deleting_at: ws.deleting_at || undefined,
    dormant_at: ws.dormant_at || undefined,
    latest_build: toBuildView(ws.latest_build),
    agents: workspaceAgents(ws).map(toAgentView),
    latest_app_status: ws.latest_app_status ? toAppStatusView(ws.latest_app_status) : undefined,
  });
}
