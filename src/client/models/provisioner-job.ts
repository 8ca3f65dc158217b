import { z } from "zod";
import { LogLevel, OptionalTimestamp, OptionalUuid, openEnum, Timestamp, Uuid } from "./common.js";

/** Provisioner job state (`codersdk.ProvisionerJobStatus`). */
export const ProvisionerJobStatus = openEnum([
  "pending",
  "running",
  "succeeded",
  "canceling",
  "canceled",
  "failed",
  "unknown",
]);
/** Provisioner job state. */
export type ProvisionerJobStatus = z.infer<typeof ProvisionerJobStatus>;

/** Job states after which nothing changes any more. */
export const TERMINAL_JOB_STATUSES: readonly string[] = ["succeeded", "canceled", "failed"];

/** True when a job has finished (succeeded, canceled or failed). */
export function isTerminalJobStatus(status: string): boolean {
  return TERMINAL_JOB_STATUSES.includes(status);
}

/** What a job does (`codersdk.ProvisionerJobType`); newer servers only. */
export const ProvisionerJobType = openEnum([
  "template_version_import",
  "workspace_build",
  "template_version_dry_run",
]);
/** What a job does. */
export type ProvisionerJobType = z.infer<typeof ProvisionerJobType>;

/**
 * A provisioner job (`codersdk.ProvisionerJob`): the Terraform run behind a build or a template
 * version import. Fields added after 2024 (`organization_id`, `type`, `input`, `metadata`, …) are optional.
 */
export const ProvisionerJob = z.looseObject({
  id: Uuid,
  created_at: Timestamp,
  status: ProvisionerJobStatus,
  started_at: OptionalTimestamp,
  completed_at: OptionalTimestamp,
  canceled_at: OptionalTimestamp,
  error: z.string().optional(),
  /** `REQUIRED_TEMPLATE_VARIABLES` when a template version needs variables. */
  error_code: z.string().optional(),
  worker_id: OptionalUuid,
  file_id: z.string().optional(),
  tags: z.record(z.string(), z.string()).nullish(),
  queue_position: z.number().optional(),
  queue_size: z.number().optional(),
  organization_id: z.string().optional(),
  type: ProvisionerJobType.optional(),
  input: z
    .looseObject({
      template_version_id: z.string().optional(),
      workspace_build_id: z.string().optional(),
      error: z.string().optional(),
    })
    .optional(),
  available_workers: z.array(z.string()).nullish(),
  metadata: z.looseObject({}).nullish(),
});
export type ProvisionerJob = z.infer<typeof ProvisionerJob>;

/** Where a provisioner log line came from (`codersdk.LogSource`). */
export const ProvisionerLogSource = openEnum(["provisioner_daemon", "provisioner"]);
/** Where a provisioner log line came from. */
export type ProvisionerLogSource = z.infer<typeof ProvisionerLogSource>;

/**
 * One provisioner log line (`codersdk.ProvisionerJobLog`), from build and template version logs.
 * `id` increases within a job; pass the last one as `after` to resume.
 */
export const ProvisionerJobLog = z.looseObject({
  id: z.number(),
  created_at: Timestamp,
  log_source: ProvisionerLogSource,
  log_level: LogLevel,
  stage: z.string(),
  output: z.string(),
});
export type ProvisionerJobLog = z.infer<typeof ProvisionerJobLog>;

/** Where a log follow resumes and where a one-shot read stops. Both are log ids, not timestamps. */
export interface LogRange {
  /** Only logs with an id greater than this. */
  after?: number;
  /**
   * Only logs with an id less than this. Current coderd ignores `before` for build,
   * template-version and agent logs (and so does the fake); it is still sent for older servers.
   */
  before?: number;
}
