import type {
  AgentLifecycle,
  AgentStatus,
  JobStatus,
  ProvisionerJobLog,
  TaskLogEntry,
  TemplateVersionExternalAuth,
  TemplateVersionParameter,
  WorkspaceAgentLog,
  WorkspaceAppStatus,
} from "./api-types.js";

/** A `coder_app` as a template declares it. */
export interface AppSpec {
  slug: string;
  displayName?: string;
  url?: string;
  command?: string;
  icon?: string;
  external?: boolean;
  subdomain?: boolean;
  sharingLevel?: "owner" | "authenticated" | "organization" | "public";
  /** Apps with a healthcheck go initializing → healthy; apps without one report `disabled`. */
  healthcheck?: { url: string; interval: number; threshold: number };
  hidden?: boolean;
  openIn?: "slim-window" | "tab";
  group?: string;
  tooltip?: string;
}

/** A `coder_agent` as a template declares it. */
export interface AgentSpec {
  name: string;
  operatingSystem?: string;
  architecture?: string;
  directory?: string;
  apps?: AppSpec[];
  displayApps?: string[];
  /** Lines the startup script writes to the agent log. */
  startupLogs?: string[];
  listeningPorts?: { process_name: string; network: "tcp"; port: number }[];
}

/** A Terraform resource of a template. */
export interface ResourceSpec {
  type: string;
  name: string;
  icon?: string;
  hide?: boolean;
  metadata?: { key: string; value: string; sensitive: boolean }[];
  agents?: AgentSpec[];
  /** Persistent resources (volumes) also exist after a stop build. */
  persistent?: boolean;
  dailyCost?: number;
}

/** A parameter as seed helpers accept it: the API shape with most fields optional. */
export type ParameterSpec = Partial<TemplateVersionParameter> & Pick<TemplateVersionParameter, "name">;

/** A `coder_workspace_preset` as seed helpers accept it. */
export interface PresetSpec {
  name: string;
  parameters: Record<string, string>;
  default?: boolean;
  description?: string;
  icon?: string;
  /** `prebuilds { instances = N }`: served as `DesiredPrebuildInstances` (null when unset). */
  desiredPrebuildInstances?: number;
}

/** A stored user. */
export interface UserRec {
  id: string;
  username: string;
  email: string;
  name: string;
  avatarUrl: string;
  createdAt: string;
  updatedAt: string;
  lastSeenAt: string;
  status: "active" | "dormant" | "suspended";
  loginType: string;
  siteRoles: string[];
}

/** A stored organization. */
export interface OrgRec {
  id: string;
  name: string;
  displayName: string;
  description: string;
  icon: string;
  isDefault: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A user's membership in an organization, with organization roles. */
export interface MemberRec {
  userId: string;
  orgId: string;
  roles: string[];
  createdAt: string;
  updatedAt: string;
}

/** A stored API key; the token is `${id}-${secret}`. */
export interface ApiKeyRec {
  id: string;
  secret: string;
  userId: string;
  tokenName: string;
  scope: string;
  loginType: string;
  lifetimeSeconds: number;
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
  lastUsed: string;
}

/** An uploaded file. */
export interface FileRec {
  id: string;
  hash: string;
  mimetype: string;
  data: Uint8Array;
  createdAt: string;
  createdBy: string;
}

/** A stored template. */
export interface TemplateRec {
  id: string;
  orgId: string;
  name: string;
  displayName: string;
  description: string;
  icon: string;
  activeVersionId: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  deleted: boolean;
  deprecationMessage: string;
  defaultTtlMs: number;
  activityBumpMs: number;
  allowUserCancelWorkspaceJobs: boolean;
  requireActiveVersion: boolean;
  /** Whether Coder Agents (chats) may create workspaces from this template. */
  agentsAllowed: boolean;
}

/** A stored preset of a template version. */
export interface PresetRec {
  id: string;
  name: string;
  parameters: { name: string; value: string }[];
  isDefault: boolean;
  description: string;
  icon: string;
  /** Prebuilt workspaces kept ready for this preset; null when the preset has no prebuilds. */
  desiredPrebuildInstances: number | null;
}

/** A stored template version and what its Terraform declares. */
export interface VersionRec {
  id: string;
  templateId: string | null;
  orgId: string;
  name: string;
  message: string;
  readme: string;
  jobId: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  parameters: TemplateVersionParameter[];
  presets: PresetRec[];
  resources: ResourceSpec[];
  externalAuth: TemplateVersionExternalAuth[];
  /** Slug of the app a `coder_ai_task` points at; null when the template has no AI task. */
  aiTaskAppSlug: string | null;
  /** When set, workspace builds of this version fail with this error. */
  failBuilds: string | null;
  /** Extra output lines every start build of this version writes while applying. */
  buildOutput?: string[];
}

/** Receives a job's logs as they are written, and its end. */
export interface JobListener {
  onLog(log: ProvisionerJobLog): void;
  onDone(): void;
}

/** A provisioner job (import or workspace build) and its logs. */
export interface JobRec {
  id: string;
  type: "workspace_build" | "template_version_import";
  status: JobStatus;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  canceledAt: string | null;
  error: string | null;
  fileId: string;
  orgId: string;
  workerId: string | null;
  tags: Record<string, string>;
  logs: ProvisionerJobLog[];
  listeners: Set<JobListener>;
  /** Error the job will end with; null for success. */
  failWith: string | null;
  step: number;
  templateVersionId: string;
  buildId: string | null;
}

/** An app of a running agent. */
export interface AppRec {
  id: string;
  agentId: string;
  spec: AppSpec;
  health: "disabled" | "initializing" | "healthy" | "unhealthy";
  statuses: WorkspaceAppStatus[];
}

/** Receives agent log batches, and the agent's disconnect. */
export interface AgentLogListener {
  onLogs(logs: WorkspaceAgentLog[]): void;
  onClose(): void;
}

/** An agent created by a start build. */
export interface AgentRec {
  id: string;
  resourceId: string;
  workspaceId: string;
  buildId: string;
  name: string;
  token: string;
  createdAt: string;
  updatedAt: string;
  status: AgentStatus;
  lifecycle: AgentLifecycle;
  firstConnectedAt: string | null;
  lastConnectedAt: string | null;
  disconnectedAt: string | null;
  startedAt: string | null;
  readyAt: string | null;
  spec: AgentSpec;
  apps: AppRec[];
  logs: WorkspaceAgentLog[];
  logSources: { id: string; displayName: string; icon: string; createdAt: string }[];
  listeners: Set<AgentLogListener>;
}

/**
 * A freshly provisioned agent: not yet connected, lifecycle `created`. Used by builds (with a
 * workspace, a token and apps) and by template-version resource previews (with neither).
 */
export function newAgentRecord(
  spec: AgentSpec,
  init: Pick<AgentRec, "id" | "resourceId" | "workspaceId" | "buildId" | "token" | "apps" | "logSources">,
  now: string,
): AgentRec {
  return {
    ...init,
    name: spec.name,
    createdAt: now,
    updatedAt: now,
    status: "connecting",
    lifecycle: "created",
    firstConnectedAt: null,
    lastConnectedAt: null,
    disconnectedAt: null,
    startedAt: null,
    readyAt: null,
    spec,
    logs: [],
    listeners: new Set(),
  };
}

/** A resource created by a build. */
export interface ResourceRec {
  id: string;
  jobId: string;
  createdAt: string;
  transition: "start" | "stop" | "delete";
  spec: ResourceSpec;
  agents: AgentRec[];
}

/** A workspace build. */
export interface BuildRec {
  id: string;
  workspaceId: string;
  number: number;
  transition: "start" | "stop" | "delete";
  templateVersionId: string;
  jobId: string;
  initiatorId: string;
  reason: "initiator" | "autostart" | "autostop";
  createdAt: string;
  updatedAt: string;
  deadline: string | null;
  maxDeadline: string | null;
  parameters: { name: string; value: string }[];
  presetId: string | null;
  resources: ResourceRec[];
}

/** A stored workspace (status comes from its latest build). */
export interface WorkspaceRec {
  id: string;
  ownerId: string;
  orgId: string;
  templateId: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  lastUsedAt: string;
  autostartSchedule: string | null;
  ttlMs: number | null;
  deleted: boolean;
  automaticUpdates: "always" | "never";
}

/** A stored task and its chat with the task app. */
export interface TaskRec {
  id: string;
  orgId: string;
  ownerId: string;
  name: string;
  displayName: string;
  workspaceId: string;
  templateVersionId: string;
  prompt: string;
  createdAt: string;
  deletedAt: string | null;
  messages: TaskLogEntry[];
  snapshotAt: string | null;
}
