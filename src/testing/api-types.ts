/**
 * JSON shapes the fake serves, named after the codersdk structs they mirror. Fields follow the
 * swagger copy plus the newer fields of the 2025 Go structs (see DESIGN.md, "The fake Coder deployment").
 */

import type { AgentLifecycle, WorkspaceStatus } from "./api-types-workspace.js";

export type * from "./api-types-chat.js";
export type * from "./api-types-workspace.js";

/** `codersdk.SlimRole`. */
export interface SlimRole {
  name: string;
  display_name: string;
  organization_id?: string;
}

/** `codersdk.User`. */
export interface User {
  id: string;
  username: string;
  avatar_url: string;
  name: string;
  email: string;
  created_at: string;
  updated_at: string;
  last_seen_at: string;
  status: "active" | "dormant" | "suspended";
  login_type: string;
  theme_preference: string;
  organization_ids: string[];
  roles: SlimRole[];
}

/** `codersdk.Organization`. */
export interface Organization {
  id: string;
  name: string;
  display_name: string;
  description: string;
  icon: string;
  created_at: string;
  updated_at: string;
  is_default: boolean;
}

/** `codersdk.ProvisionerJobStatus`. */
export type JobStatus = "pending" | "running" | "succeeded" | "canceling" | "canceled" | "failed" | "unknown";

/** `codersdk.ProvisionerJob`. */
export interface ProvisionerJob {
  id: string;
  created_at: string;
  started_at?: string;
  completed_at?: string;
  canceled_at?: string;
  error?: string;
  error_code?: string;
  status: JobStatus;
  worker_id?: string;
  file_id: string;
  tags: Record<string, string>;
  queue_position: number;
  queue_size: number;
  organization_id: string;
  input: { template_version_id?: string; workspace_build_id?: string };
  type: "template_version_import" | "workspace_build" | "template_version_dry_run";
  available_workers: string[];
  metadata: {
    template_version_name: string;
    template_id: string;
    template_name: string;
    template_display_name: string;
    template_icon: string;
    workspace_id?: string;
    workspace_name?: string;
  };
  logs_overflowed: boolean;
}

/** `codersdk.ProvisionerJobLog`. */
export interface ProvisionerJobLog {
  id: number;
  created_at: string;
  log_source: "provisioner_daemon" | "provisioner";
  log_level: "trace" | "debug" | "info" | "warn" | "error";
  stage: string;
  output: string;
}

/** `codersdk.TemplateVersionParameterOption`. */
export interface ParameterOption {
  name: string;
  description: string;
  value: string;
  icon: string;
}

/** `codersdk.TemplateVersionParameter`. */
export interface TemplateVersionParameter {
  name: string;
  display_name?: string;
  description: string;
  description_plaintext: string;
  type: "string" | "number" | "bool" | "list(string)";
  form_type: string;
  mutable: boolean;
  default_value: string;
  icon: string;
  options: ParameterOption[];
  validation_error?: string;
  validation_regex?: string;
  validation_min?: number;
  validation_max?: number;
  validation_monotonic?: "increasing" | "decreasing";
  required: boolean;
  ephemeral: boolean;
}

/**
 * `codersdk.Preset`. The Go struct has no json tags, so the keys are the Go field names
 * (codersdk/presets.go).
 */
export interface Preset {
  ID: string;
  Name: string;
  Parameters: { Name: string; Value: string }[];
  Default: boolean;
  DesiredPrebuildInstances: number | null;
  Description: string;
  Icon: string;
}

/**
 * `codersdk.TransitionStats`: `P50 *int64; P95 *int64` without json tags, so the wire keys are the
 * Go field names (codersdk/templates.go), null until the template has builds.
 */
export interface TransitionStats {
  P50: number | null;
  P95: number | null;
}

/** `codersdk.Template`. */
export interface Template {
  id: string;
  created_at: string;
  updated_at: string;
  organization_id: string;
  organization_name: string;
  organization_display_name: string;
  organization_icon: string;
  name: string;
  display_name: string;
  provisioner: "terraform";
  active_version_id: string;
  active_user_count: number;
  build_time_stats: Record<"start" | "stop" | "delete", TransitionStats>;
  description: string;
  deprecated: boolean;
  deprecation_message: string;
  icon: string;
  default_ttl_ms: number;
  activity_bump_ms: number;
  autostop_requirement: { days_of_week: string[]; weeks: number };
  autostart_requirement: { days_of_week: string[] };
  created_by_id: string;
  created_by_name: string;
  allow_user_autostart: boolean;
  allow_user_autostop: boolean;
  allow_user_cancel_workspace_jobs: boolean;
  failure_ttl_ms: number;
  time_til_dormant_ms: number;
  time_til_dormant_autodelete_ms: number;
  require_active_version: boolean;
  max_port_share_level: "owner" | "authenticated" | "organization" | "public";
  use_classic_parameter_flow: boolean;
  /** Whether Coder Agents may use the template (newer than the swagger copy; default true). */
  agents_allowed: boolean;
}

/** `codersdk.TemplateVersion`. */
export interface TemplateVersion {
  id: string;
  template_id?: string;
  organization_id: string;
  created_at: string;
  updated_at: string;
  name: string;
  message: string;
  job: ProvisionerJob;
  readme: string;
  created_by: { id: string; username: string; avatar_url: string; name: string };
  archived: boolean;
  warnings: string[];
  matched_provisioners: { count: number; available: number; most_recently_seen?: string };
  has_ai_task?: boolean;
}

/** `codersdk.TemplateVersionExternalAuth`. */
export interface TemplateVersionExternalAuth {
  id: string;
  type: string;
  display_name: string;
  display_icon: string;
  authenticate_url: string;
  authenticated: boolean;
  optional: boolean;
}

/** `codersdk.TaskStatus`. */
export type TaskStatus = "pending" | "initializing" | "active" | "paused" | "unknown" | "error";

/** `codersdk.Task` (codersdk/aitasks.go). */
export interface Task {
  id: string;
  organization_id: string;
  owner_id: string;
  owner_name: string;
  owner_avatar_url?: string;
  name: string;
  display_name: string;
  template_id: string;
  template_version_id: string;
  template_name: string;
  template_display_name: string;
  template_icon: string;
  workspace_id: string | null;
  workspace_name: string;
  workspace_status?: WorkspaceStatus;
  workspace_build_number?: number;
  workspace_agent_id: string | null;
  workspace_agent_lifecycle: AgentLifecycle | null;
  workspace_agent_health: { healthy: boolean; reason?: string } | null;
  workspace_app_id: string | null;
  initial_prompt: string;
  status: TaskStatus;
  current_state: { timestamp: string; state: string; message: string; uri: string } | null;
  created_at: string;
  updated_at: string;
}

/** `codersdk.TaskLogEntry`. */
export interface TaskLogEntry {
  id: number;
  content: string;
  type: "input" | "output";
  time: string;
}

/** `codersdk.APIKey`. */
export interface APIKey {
  id: string;
  user_id: string;
  last_used: string;
  expires_at: string;
  created_at: string;
  updated_at: string;
  login_type: string;
  scope: string;
  token_name: string;
  lifetime_seconds: number;
}

/** `codersdk.OrganizationMemberWithUserData`. */
export interface OrganizationMember {
  user_id: string;
  username: string;
  name: string;
  email: string;
  avatar_url: string;
  organization_id: string;
  roles: SlimRole[];
  global_roles: SlimRole[];
  created_at: string;
  updated_at: string;
}
