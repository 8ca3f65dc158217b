import type {
  APIKey,
  Organization,
  OrganizationMember,
  Preset,
  ProvisionerJob,
  SlimRole,
  Template,
  TemplateVersion,
  User,
} from "./api-types.js";
import type {
  ApiKeyRec,
  JobRec,
  MemberRec,
  OrgRec,
  PresetRec,
  TemplateRec,
  UserRec,
  VersionRec,
} from "./records.js";
import type { Store } from "./store.js";
import { nowIso, ZERO_UUID } from "./util.js";

const ROLE_NAMES: Record<string, string> = {
  owner: "Owner",
  "template-admin": "Template Admin",
  "user-admin": "User Admin",
  auditor: "Auditor",
  "organization-admin": "Organization Admin",
  "organization-template-admin": "Organization Template Admin",
  "organization-member": "Organization Member",
};

const slimRole = (name: string, orgId?: string): SlimRole => ({
  name,
  display_name: ROLE_NAMES[name] ?? name,
  ...(orgId ? { organization_id: orgId } : {}),
});

/** A fixed provisioner daemon id per deployment, reported as the job's worker. */
const workerId = (store: Store): string => `${store.deploymentId.slice(0, 24)}d0d0d0d0d0d0`;

/** `codersdk.User`. */
export function userJson(store: Store, user: UserRec): User {
  return {
    id: user.id,
    username: user.username,
    avatar_url: user.avatarUrl,
    name: user.name,
    email: user.email,
    created_at: user.createdAt,
    updated_at: user.updatedAt,
    last_seen_at: user.lastSeenAt,
    status: user.status,
    login_type: user.loginType,
    theme_preference: "",
    organization_ids: store.orgIdsOf(user.id),
    roles: user.siteRoles.map((r) => slimRole(r)),
  };
}

/** `codersdk.Organization`. */
export function orgJson(org: OrgRec): Organization {
  return {
    id: org.id,
    name: org.name,
    display_name: org.displayName,
    description: org.description,
    icon: org.icon,
    created_at: org.createdAt,
    updated_at: org.updatedAt,
    is_default: org.isDefault,
  };
}

/** `codersdk.OrganizationMemberWithUserData`. */
export function memberJson(store: Store, member: MemberRec): OrganizationMember {
  const user = store.users.get(member.userId)!;
  return {
    user_id: user.id,
    username: user.username,
    name: user.name,
    email: user.email,
    avatar_url: user.avatarUrl,
    organization_id: member.orgId,
    roles: member.roles.map((r) => slimRole(r, member.orgId)),
    global_roles: user.siteRoles.map((r) => slimRole(r)),
    created_at: member.createdAt,
    updated_at: member.updatedAt,
  };
}

/** `codersdk.APIKey`. */
export function apiKeyJson(key: ApiKeyRec): APIKey {
  return {
    id: key.id,
    user_id: key.userId,
    last_used: key.lastUsed,
    expires_at: key.expiresAt,
    created_at: key.createdAt,
    updated_at: key.updatedAt,
    login_type: key.loginType,
    scope: key.scope,
    token_name: key.tokenName,
    lifetime_seconds: key.lifetimeSeconds,
  };
}

/** `codersdk.ProvisionerJob`; optional timestamps and errors are omitted when unset. */
export function jobJson(store: Store, job: JobRec): ProvisionerJob {
  const version = store.versions.get(job.templateVersionId)!;
  const template = version.templateId ? store.templates.get(version.templateId) : undefined;
  const build = job.buildId ? store.builds.get(job.buildId) : undefined;
  const ws = build ? store.workspaces.get(build.workspaceId) : undefined;
  const out: ProvisionerJob = {
    id: job.id,
    created_at: job.createdAt,
    status: job.status,
    file_id: job.fileId,
    tags: job.tags,
    queue_position: job.status === "pending" ? 1 : 0,
    queue_size: job.status === "pending" ? 1 : 0,
    organization_id: job.orgId,
    input: build ? { workspace_build_id: build.id } : { template_version_id: version.id },
    type: job.type,
    available_workers: [workerId(store)],
    metadata: {
      template_version_name: version.name,
      // Go's uuid.UUID has no omitempty: an import without a template reports the zero UUID.
      template_id: template?.id ?? ZERO_UUID,
      template_name: template?.name ?? "",
      template_display_name: template?.displayName ?? "",
      template_icon: template?.icon ?? "",
      ...(ws ? { workspace_id: ws.id, workspace_name: ws.name } : {}),
    },
    logs_overflowed: false,
  };
  if (job.startedAt) out.started_at = job.startedAt;
  if (job.completedAt) out.completed_at = job.completedAt;
  if (job.canceledAt) out.canceled_at = job.canceledAt;
  if (job.error) out.error = job.error;
  if (job.workerId) out.worker_id = job.workerId;
  return out;
}

/** `codersdk.Template`. */
export function templateJson(store: Store, template: TemplateRec): Template {
  const org = store.orgs.get(template.orgId)!;
  const creator = store.users.get(template.createdBy);
  const owners = new Set(
    [...store.workspaces.values()]
      .filter((w) => w.templateId === template.id && !w.deleted)
      .map((w) => w.ownerId),
  );
  // Go field names: TransitionStats has no json tags (the swagger copy's p50/p95 are swaggo's).
  const noStats = { P50: null, P95: null };
  return {
    id: template.id,
    created_at: template.createdAt,
    updated_at: template.updatedAt,
    organization_id: org.id,
    organization_name: org.name,
    organization_display_name: org.displayName,
    organization_icon: org.icon,
    name: template.name,
    display_name: template.displayName,
    provisioner: "terraform",
    active_version_id: template.activeVersionId,
    active_user_count: owners.size,
    build_time_stats: { start: noStats, stop: noStats, delete: noStats },
    description: template.description,
    deprecated: template.deprecationMessage !== "",
    deprecation_message: template.deprecationMessage,
    icon: template.icon,
    default_ttl_ms: template.defaultTtlMs,
    activity_bump_ms: template.activityBumpMs,
    autostop_requirement: { days_of_week: [], weeks: 1 },
    autostart_requirement: {
      days_of_week: ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
    },
    created_by_id: template.createdBy,
    created_by_name: creator?.username ?? "",
    allow_user_autostart: true,
    allow_user_autostop: true,
    allow_user_cancel_workspace_jobs: template.allowUserCancelWorkspaceJobs,
    failure_ttl_ms: 0,
    time_til_dormant_ms: 0,
    time_til_dormant_autodelete_ms: 0,
    require_active_version: template.requireActiveVersion,
    max_port_share_level: "owner",
    use_classic_parameter_flow: false,
    agents_allowed: template.agentsAllowed,
  };
}

/** `codersdk.TemplateVersion`. */
export function versionJson(store: Store, version: VersionRec): TemplateVersion {
  const creator = store.users.get(version.createdBy);
  const out: TemplateVersion = {
    id: version.id,
    organization_id: version.orgId,
    created_at: version.createdAt,
    updated_at: version.updatedAt,
    name: version.name,
    message: version.message,
    job: jobJson(store, store.jobs.get(version.jobId)!),
    readme: version.readme,
    created_by: {
      id: version.createdBy,
      username: creator?.username ?? "",
      avatar_url: creator?.avatarUrl ?? "",
      name: creator?.name ?? "",
    },
    archived: version.archived,
    warnings: [],
    matched_provisioners: { count: 1, available: 1, most_recently_seen: nowIso() },
    has_ai_task: version.aiTaskAppSlug !== null,
  };
  // Go: `TemplateID *uuid.UUID json:"template_id,omitempty"`.
  if (version.templateId) out.template_id = version.templateId;
  return out;
}

/** `codersdk.Preset`, keyed by Go field names. */
export function presetJson(preset: PresetRec): Preset {
  return {
    ID: preset.id,
    Name: preset.name,
    Parameters: preset.parameters.map((p) => ({ Name: p.name, Value: p.value })),
    Default: preset.isDefault,
    DesiredPrebuildInstances: preset.desiredPrebuildInstances,
    Description: preset.description,
    Icon: preset.icon,
  };
}
