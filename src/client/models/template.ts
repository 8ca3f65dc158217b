import { z } from "zod";
import { openEnum, Timestamp, Uuid } from "./common.js";
import { goStruct } from "./go-struct.js";

/** Highest share level for ports of workspaces from this template (`codersdk.WorkspaceAgentPortShareLevel`). */
export const PortShareLevel = openEnum(["owner", "authenticated", "organization", "public"]);
/** Port share level. */
export type PortShareLevel = z.infer<typeof PortShareLevel>;

/**
 * `{ P50, P95 }` build time in ms, `null` when unknown. `codersdk.TransitionStats` has no json tags,
 * so coderd sends the Go field names; the swagger copy's `p50`/`p95` are swaggo's renaming, which
 * Go clients read too (case-insensitive match), and so does this.
 */
const TransitionStats = goStruct({ P50: z.number().nullish(), P95: z.number().nullish() });

/** A template (`codersdk.Template`). */
export const Template = z.looseObject({
  id: Uuid,
  name: z.string(),
  organization_id: Uuid,
  active_version_id: Uuid,
  created_at: Timestamp,
  updated_at: Timestamp,
  display_name: z.string().optional(),
  description: z.string().optional(),
  icon: z.string().optional(),
  organization_name: z.string().optional(),
  organization_display_name: z.string().optional(),
  organization_icon: z.string().optional(),
  provisioner: z.string().optional(),
  created_by_id: z.string().optional(),
  created_by_name: z.string().optional(),
  active_user_count: z.number().optional(),
  build_time_stats: z.record(z.string(), TransitionStats).nullish(),
  default_ttl_ms: z.number().optional(),
  activity_bump_ms: z.number().optional(),
  failure_ttl_ms: z.number().optional(),
  time_til_dormant_ms: z.number().optional(),
  time_til_dormant_autodelete_ms: z.number().optional(),
  autostop_requirement: z
    .looseObject({ days_of_week: z.array(z.string()).nullish(), weeks: z.number() })
    .nullish(),
  autostart_requirement: z.looseObject({ days_of_week: z.array(z.string()).nullish() }).nullish(),
  allow_user_autostart: z.boolean().optional(),
  allow_user_autostop: z.boolean().optional(),
  allow_user_cancel_workspace_jobs: z.boolean().optional(),
  require_active_version: z.boolean().optional(),
  deprecated: z.boolean().optional(),
  deprecation_message: z.string().optional(),
  max_port_share_level: PortShareLevel.optional(),
  use_classic_parameter_flow: z.boolean().optional(),
  /** Whether Coder Agents (chats) may create workspaces from this template; newer Coder only. */
  agents_allowed: z.boolean().optional(),
});
export type Template = z.infer<typeof Template>;

/** Body of `POST /organizations/{org}/templates` (`codersdk.CreateTemplateRequest`). */
export interface CreateTemplateRequest {
  /** Template name: lower case, digits and dashes. */
  name: string;
  /** A template version created in the same organization; becomes the active version. */
  template_version_id: string;
  display_name?: string;
  /** Under 128 bytes. */
  description?: string;
  icon?: string;
  default_ttl_ms?: number;
  activity_bump_ms?: number;
  autostop_requirement?: { days_of_week: string[]; weeks: number };
  autostart_requirement?: { days_of_week: string[] };
  allow_user_cancel_workspace_jobs?: boolean;
  allow_user_autostart?: boolean;
  allow_user_autostop?: boolean;
  failure_ttl_ms?: number;
  dormant_ttl_ms?: number;
  delete_ttl_ms?: number;
  disable_everyone_group_access?: boolean;
  require_active_version?: boolean;
  max_port_share_level?: "owner" | "authenticated" | "organization" | "public";
}
