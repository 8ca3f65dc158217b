import { z } from "zod";
import { LogLevel, OptionalTimestamp, OptionalUuid, openEnum, Timestamp, Uuid } from "./common.js";

/** Network state of an agent (`codersdk.WorkspaceAgentStatus`). */
export const WorkspaceAgentStatus = openEnum(["connecting", "connected", "disconnected", "timeout"]);
/** Network state of an agent. */
export type WorkspaceAgentStatus = z.infer<typeof WorkspaceAgentStatus>;

/** Startup/shutdown state of an agent (`codersdk.WorkspaceAgentLifecycle`); `ready` = scripts finished. */
export const WorkspaceAgentLifecycle = openEnum([
  "created",
  "starting",
  "start_timeout",
  "start_error",
  "ready",
  "shutting_down",
  "shutdown_timeout",
  "shutdown_error",
  "off",
]);
/** Startup/shutdown state of an agent. */
export type WorkspaceAgentLifecycle = z.infer<typeof WorkspaceAgentLifecycle>;

/** `{ healthy, reason? }` (`codersdk.WorkspaceAgentHealth`). */
export const WorkspaceAgentHealth = z.looseObject({
  healthy: z.boolean(),
  reason: z.string().optional(),
});
export type WorkspaceAgentHealth = z.infer<typeof WorkspaceAgentHealth>;

/** States an app can report (`codersdk.WorkspaceAppStatusState`). */
export const WorkspaceAppStatusState = openEnum(["working", "idle", "complete", "failure"]);
/** A state an app can report. */
export type WorkspaceAppStatusState = z.infer<typeof WorkspaceAppStatusState>;

/** One status report of an app (`codersdk.WorkspaceAppStatus`), e.g. an AI agent's progress. */
export const WorkspaceAppStatus = z.looseObject({
  id: Uuid,
  created_at: Timestamp,
  workspace_id: z.string().optional(),
  agent_id: z.string().optional(),
  app_id: z.string().optional(),
  state: WorkspaceAppStatusState,
  message: z.string(),
  uri: z.string().optional(),
  /** Deprecated by Coder; kept for old servers. */
  icon: z.string().optional(),
  /** Deprecated by Coder; kept for old servers. */
  needs_user_attention: z.boolean().optional(),
});
export type WorkspaceAppStatus = z.infer<typeof WorkspaceAppStatus>;

/** Health of an app (`codersdk.WorkspaceAppHealth`). */
export const WorkspaceAppHealth = openEnum(["disabled", "initializing", "healthy", "unhealthy"]);
/** Health of an app. */
export type WorkspaceAppHealth = z.infer<typeof WorkspaceAppHealth>;

/** Who may open an app (`codersdk.WorkspaceAppSharingLevel`). */
export const WorkspaceAppSharingLevel = openEnum(["owner", "authenticated", "organization", "public"]);
/** Who may open an app. */
export type WorkspaceAppSharingLevel = z.infer<typeof WorkspaceAppSharingLevel>;

/** An app on an agent (`codersdk.WorkspaceApp`). `slug` is what `app-status` reports against. */
export const WorkspaceApp = z.looseObject({
  id: Uuid,
  slug: z.string(),
  display_name: z.string().optional(),
  icon: z.string().optional(),
  command: z.string().optional(),
  url: z.string().optional(),
  tooltip: z.string().optional(),
  group: z.string().optional(),
  external: z.boolean().optional(),
  subdomain: z.boolean().optional(),
  subdomain_name: z.string().optional(),
  hidden: z.boolean().optional(),
  sharing_level: WorkspaceAppSharingLevel.optional(),
  healthcheck: z.looseObject({ url: z.string(), interval: z.number(), threshold: z.number() }).nullish(),
  health: WorkspaceAppHealth.optional(),
  open_in: z.string().optional(),
  statuses: z.array(WorkspaceAppStatus).nullish(),
});
export type WorkspaceApp = z.infer<typeof WorkspaceApp>;

/** A named log source on an agent (`codersdk.WorkspaceAgentLogSource`); logs point at it by `source_id`. */
export const WorkspaceAgentLogSource = z.looseObject({
  id: Uuid,
  workspace_agent_id: z.string().optional(),
  created_at: z.string().optional(),
  display_name: z.string(),
  icon: z.string().optional(),
});
export type WorkspaceAgentLogSource = z.infer<typeof WorkspaceAgentLogSource>;

/** A workspace agent (`codersdk.WorkspaceAgent`): the process inside a workspace that coderd talks to. */
export const WorkspaceAgent = z.looseObject({
  id: Uuid,
  name: z.string(),
  resource_id: z.string().optional(),
  created_at: Timestamp,
  updated_at: z.string().optional(),
  first_connected_at: OptionalTimestamp,
  last_connected_at: OptionalTimestamp,
  disconnected_at: OptionalTimestamp,
  started_at: OptionalTimestamp,
  ready_at: OptionalTimestamp,
  status: WorkspaceAgentStatus,
  lifecycle_state: WorkspaceAgentLifecycle,
  health: WorkspaceAgentHealth.optional(),
  architecture: z.string().optional(),
  operating_system: z.string().optional(),
  version: z.string().optional(),
  api_version: z.string().optional(),
  instance_id: z.string().optional(),
  directory: z.string().optional(),
  expanded_directory: z.string().optional(),
  environment_variables: z.record(z.string(), z.string()).nullish(),
  apps: z.array(WorkspaceApp).nullish(),
  display_apps: z.array(z.string()).nullish(),
  log_sources: z.array(WorkspaceAgentLogSource).nullish(),
  logs_length: z.number().optional(),
  logs_overflowed: z.boolean().optional(),
  scripts: z.array(z.looseObject({})).nullish(),
  latency: z.record(z.string(), z.looseObject({})).nullish(),
  connection_timeout_seconds: z.number().optional(),
  troubleshooting_url: z.string().optional(),
  subsystems: z.array(z.string()).nullish(),
  startup_script_behavior: z.string().optional(),
  parent_id: OptionalUuid,
});
export type WorkspaceAgent = z.infer<typeof WorkspaceAgent>;

/** One agent log line (`codersdk.WorkspaceAgentLog`): startup script output and the like. */
export const WorkspaceAgentLog = z.looseObject({
  id: z.number(),
  created_at: Timestamp,
  output: z.string(),
  level: LogLevel,
  source_id: z.string().optional(),
});
export type WorkspaceAgentLog = z.infer<typeof WorkspaceAgentLog>;

/** A port a process listens on inside the workspace (`codersdk.WorkspaceAgentListeningPort`). */
export const ListeningPort = z.looseObject({
  process_name: z.string(),
  network: z.string(),
  port: z.number(),
});
export type ListeningPort = z.infer<typeof ListeningPort>;

/** `GET /workspaceagents/{id}/listening-ports`. */
export const ListeningPortsResponse = z.looseObject({
  // Go encodes an empty slice as null on some paths; callers always get an array.
  ports: z
    .array(ListeningPort)
    .nullish()
    .transform((ports) => ports ?? []),
});
export type ListeningPortsResponse = z.infer<typeof ListeningPortsResponse>;

/**
 * `GET /workspaceagents/{id}/connection` (`workspacesdk.AgentConnectionInfo`): Tailnet settings. The
 * DERP map is passed through untyped; this client does not speak Tailnet.
 */
export const AgentConnectionInfo = z.looseObject({
  derp_map: z.unknown(),
  derp_force_websockets: z.boolean(),
  disable_direct_connections: z.boolean().optional(),
  hostname_suffix: z.string().optional(),
});
export type AgentConnectionInfo = z.infer<typeof AgentConnectionInfo>;

/** `GET /applications/host`: the wildcard host for subdomain apps, or `""` when none is set. */
export const AppHostResponse = z.looseObject({ host: z.string() });
export type AppHostResponse = z.infer<typeof AppHostResponse>;
