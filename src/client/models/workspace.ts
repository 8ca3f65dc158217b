import { z } from "zod";
import { WorkspaceAppStatus } from "./agent.js";
import { type NameValue, OptionalTimestamp, openEnum, Timestamp, Uuid } from "./common.js";
import { WorkspaceBuild } from "./workspace-build.js";

/** Whether a workspace updates to the active template version on start (`codersdk.AutomaticUpdates`). */
export const AutomaticUpdates = openEnum(["always", "never"]);
/** Automatic update policy. */
export type AutomaticUpdates = z.infer<typeof AutomaticUpdates>;

/** `{ healthy, failing_agents }` (`codersdk.WorkspaceHealth`). */
export const WorkspaceHealth = z.looseObject({
  healthy: z.boolean(),
  failing_agents: z.array(Uuid).nullish(),
});
export type WorkspaceHealth = z.infer<typeof WorkspaceHealth>;

/**
 * A workspace (`codersdk.Workspace`). `latest_build` carries the job, resources, agents and apps;
 * `latest_app_status` (newer servers) is the newest app status across the workspace.
 */
export const Workspace = z.looseObject({
  id: Uuid,
  name: z.string(),
  created_at: Timestamp,
  updated_at: Timestamp,
  owner_id: Uuid,
  owner_name: z.string(),
  owner_avatar_url: z.string().optional(),
  organization_id: Uuid,
  organization_name: z.string().optional(),
  template_id: Uuid,
  template_name: z.string(),
  template_display_name: z.string().optional(),
  template_icon: z.string().optional(),
  template_active_version_id: z.string().optional(),
  template_allow_user_cancel_workspace_jobs: z.boolean().optional(),
  template_require_active_version: z.boolean().optional(),
  latest_build: WorkspaceBuild,
  latest_app_status: WorkspaceAppStatus.nullish(),
  outdated: z.boolean().optional(),
  last_used_at: z.string().optional(),
  autostart_schedule: z.string().nullish(),
  ttl_ms: z.number().nullish(),
  deleting_at: OptionalTimestamp,
  dormant_at: OptionalTimestamp,
  health: WorkspaceHealth.optional(),
  automatic_updates: AutomaticUpdates.optional(),
  allow_renames: z.boolean().optional(),
  favorite: z.boolean().optional(),
  next_start_at: OptionalTimestamp,
});
export type Workspace = z.infer<typeof Workspace>;

/** One page of `GET /workspaces`: the workspaces and the total number matching the filter. */
export const WorkspacesResponse = z.looseObject({
  workspaces: z.array(Workspace),
  count: z.number(),
});
export type WorkspacesResponse = z.infer<typeof WorkspacesResponse>;

/**
 * Body of `POST /users/{user}/workspaces` (`codersdk.CreateWorkspaceRequest`). Give exactly one of
 * `template_id` (uses the active version) or `template_version_id`.
 */
export interface CreateWorkspaceRequest {
  name: string;
  template_id?: string;
  template_version_id?: string;
  template_version_preset_id?: string;
  /** `CRON_TZ=<IANA tz> <min> <hour> * * <dow>`. */
  autostart_schedule?: string;
  /** Autostop delay in milliseconds. */
  ttl_ms?: number;
  rich_parameter_values?: NameValue[];
  automatic_updates?: "always" | "never";
  claim_prebuild_if_available?: boolean;
}
