import { z } from "zod";
import { type NameValue, OptionalTimestamp, OptionalUuid, openEnum, Timestamp, Uuid } from "./common.js";
import { ProvisionerJob } from "./provisioner-job.js";
import { WorkspaceResource, WorkspaceTransition } from "./resource.js";

/** Workspace state derived from the latest build's job and transition (`codersdk.WorkspaceStatus`). */
export const WorkspaceStatus = openEnum([
  "pending",
  "starting",
  "running",
  "stopping",
  "stopped",
  "failed",
  "canceling",
  "canceled",
  "deleting",
  "deleted",
]);
/** Workspace state. */
export type WorkspaceStatus = z.infer<typeof WorkspaceStatus>;

/** Why a build ran (`codersdk.BuildReason`); newer servers add values. */
export const BuildReason = openEnum(["initiator", "autostart", "autostop"]);
/** Why a build ran. */
export type BuildReason = z.infer<typeof BuildReason>;

/** A workspace build (`codersdk.WorkspaceBuild`): one start, stop or delete of a workspace. */
export const WorkspaceBuild = z.looseObject({
  id: Uuid,
  workspace_id: Uuid,
  build_number: z.number(),
  transition: WorkspaceTransition,
  status: WorkspaceStatus,
  job: ProvisionerJob,
  created_at: Timestamp,
  updated_at: z.string().optional(),
  workspace_name: z.string().optional(),
  workspace_owner_id: z.string().optional(),
  workspace_owner_name: z.string().optional(),
  workspace_owner_avatar_url: z.string().optional(),
  template_version_id: z.string().optional(),
  template_version_name: z.string().optional(),
  initiator_id: z.string().optional(),
  initiator_name: z.string().optional(),
  reason: BuildReason.optional(),
  resources: z.array(WorkspaceResource).nullish(),
  deadline: OptionalTimestamp,
  max_deadline: OptionalTimestamp,
  daily_cost: z.number().optional(),
  matched_provisioners: z
    .looseObject({ count: z.number(), available: z.number(), most_recently_seen: OptionalTimestamp })
    .nullish(),
  template_version_preset_id: OptionalUuid,
  has_ai_task: z.boolean().nullish(),
});
export type WorkspaceBuild = z.infer<typeof WorkspaceBuild>;

/** Body of `POST /workspaces/{id}/builds` (`codersdk.CreateWorkspaceBuildRequest`). */
export interface CreateWorkspaceBuildRequest {
  /** `start`, `stop` or `delete` (there is no DELETE for workspaces: delete is a build). */
  transition: "start" | "stop" | "delete";
  /** Build this version instead of the workspace's current one, e.g. the template's active version. */
  template_version_id?: string;
  /** Parameter overrides; parameters left out keep their values. */
  rich_parameter_values?: NameValue[];
  /** `debug` for verbose provider logs. */
  log_level?: "debug";
  dry_run?: boolean;
  /** Provisioner state override, base64 encoded (Go `[]byte`). */
  state?: string;
  /** With `delete`: forget the workspace without destroying its resources. */
  orphan?: boolean;
  template_version_preset_id?: string;
}
