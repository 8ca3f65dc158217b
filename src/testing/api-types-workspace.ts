/** JSON shapes of workspaces, builds, resources, agents and apps (see api-types.ts). */
import type { ProvisionerJob } from "./api-types.js";

/** `codersdk.WorkspaceAgentLog`. */
export interface WorkspaceAgentLog {
  id: number;
  created_at: string;
  output: string;
  level: "trace" | "debug" | "info" | "warn" | "error";
  source_id: string;
}

/** `codersdk.WorkspaceAppStatus`. */
export interface WorkspaceAppStatus {
  id: string;
  created_at: string;
  workspace_id: string;
  agent_id: string;
  app_id: string;
  state: "working" | "idle" | "complete" | "failure";
  message: string;
  uri: string;
  icon: string;
  needs_user_attention: boolean;
}

/** `codersdk.Healthcheck`. */
export interface Healthcheck {
  url: string;
  interval: number;
  threshold: number;
}

/** `codersdk.WorkspaceApp`. */
export interface WorkspaceApp {
  id: string;
  url?: string;
  external: boolean;
  slug: string;
  display_name?: string;
  command?: string;
  icon?: string;
  subdomain: boolean;
  subdomain_name?: string;
  sharing_level: "owner" | "authenticated" | "organization" | "public";
  healthcheck: Healthcheck;
  health: "disabled" | "initializing" | "healthy" | "unhealthy";
  group?: string;
  hidden: boolean;
  open_in: "slim-window" | "tab";
  tooltip?: string;
  statuses: WorkspaceAppStatus[];
}

/** `codersdk.WorkspaceAgentLogSource`. */
export interface WorkspaceAgentLogSource {
  workspace_agent_id: string;
  id: string;
  created_at: string;
  display_name: string;
  icon: string;
}

/** `codersdk.WorkspaceAgentStatus`. */
export type AgentStatus = "connecting" | "connected" | "disconnected" | "timeout";

/** `codersdk.WorkspaceAgentLifecycle`. */
export type AgentLifecycle =
  | "created"
  | "starting"
  | "start_timeout"
  | "start_error"
  | "ready"
  | "shutting_down"
  | "shutdown_timeout"
  | "shutdown_error"
  | "off";

/** `codersdk.WorkspaceAgent`. */
export interface WorkspaceAgent {
  id: string;
  parent_id: string | null;
  created_at: string;
  updated_at: string;
  first_connected_at?: string;
  last_connected_at?: string;
  disconnected_at?: string;
  started_at?: string;
  ready_at?: string;
  status: AgentStatus;
  lifecycle_state: AgentLifecycle;
  name: string;
  resource_id: string;
  instance_id?: string;
  architecture: string;
  environment_variables: Record<string, string>;
  operating_system: string;
  logs_length: number;
  logs_overflowed: boolean;
  directory?: string;
  expanded_directory?: string;
  version: string;
  api_version: string;
  apps: WorkspaceApp[];
  latency?: Record<string, { preferred: boolean; latency_ms: number }>;
  connection_timeout_seconds: number;
  troubleshooting_url: string;
  subsystems: string[];
  health: { healthy: boolean; reason?: string };
  display_apps: string[];
  log_sources: WorkspaceAgentLogSource[];
  scripts: unknown[];
  startup_script_behavior: "blocking" | "non-blocking";
}

/** `codersdk.WorkspaceResource`. */
export interface WorkspaceResource {
  id: string;
  created_at: string;
  job_id: string;
  workspace_transition: "start" | "stop" | "delete";
  type: string;
  name: string;
  hide: boolean;
  icon: string;
  agents?: WorkspaceAgent[];
  metadata?: { key: string; value: string; sensitive: boolean }[];
  daily_cost: number;
}

/** `codersdk.WorkspaceStatus`. */
export type WorkspaceStatus =
  | "pending"
  | "starting"
  | "running"
  | "stopping"
  | "stopped"
  | "failed"
  | "canceling"
  | "canceled"
  | "deleting"
  | "deleted";

/** `codersdk.WorkspaceBuild`. */
export interface WorkspaceBuild {
  id: string;
  created_at: string;
  updated_at: string;
  workspace_id: string;
  workspace_name: string;
  workspace_owner_id: string;
  workspace_owner_name: string;
  workspace_owner_avatar_url: string;
  template_version_id: string;
  template_version_name: string;
  build_number: number;
  transition: "start" | "stop" | "delete";
  initiator_id: string;
  initiator_name: string;
  job: ProvisionerJob;
  reason: "initiator" | "autostart" | "autostop";
  resources: WorkspaceResource[];
  deadline: string | null;
  max_deadline: string | null;
  status: WorkspaceStatus;
  daily_cost: number;
  matched_provisioners: { count: number; available: number; most_recently_seen?: string };
  template_version_preset_id: string | null;
  has_ai_task?: boolean;
}

/** `codersdk.Workspace`. */
export interface Workspace {
  id: string;
  created_at: string;
  updated_at: string;
  owner_id: string;
  owner_name: string;
  owner_avatar_url: string;
  organization_id: string;
  organization_name: string;
  template_id: string;
  template_name: string;
  template_display_name: string;
  template_icon: string;
  template_allow_user_cancel_workspace_jobs: boolean;
  template_active_version_id: string;
  template_require_active_version: boolean;
  latest_build: WorkspaceBuild;
  latest_app_status: WorkspaceAppStatus | null;
  outdated: boolean;
  name: string;
  autostart_schedule?: string;
  ttl_ms?: number;
  last_used_at: string;
  deleting_at: string | null;
  dormant_at: string | null;
  health: { healthy: boolean; failing_agents: string[] };
  automatic_updates: "always" | "never";
  allow_renames: boolean;
  favorite: boolean;
  next_start_at: string | null;
}
