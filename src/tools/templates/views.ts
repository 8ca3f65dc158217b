import { z } from "zod";
import type { CoderClient } from "../../client/coder-client.js";
import type {
  Preset,
  Template,
  TemplateVersion,
  TemplateVersionParameter,
} from "../../client/models/index.js";
import { ToolInputError } from "../framework/errors.js";
import { compact } from "../framework/shaping.js";
import { isZeroUuid, resolveOrganization } from "../support/resolve.js";

/**
 * Output shapes and error helpers shared by the template tools. The shapes keep what a model needs
 * to choose its next call (ids, names, versions, parameters, job state) and drop UI noise (icons,
 * schedules, build time statistics).
 */

/** A template in short form: Go's `MinimalTemplate`, plus the organization name and deprecation. */
export const MinimalTemplateOutput = z.object({
  id: z.string().describe("Template UUID"),
  name: z.string().describe("Template name (unique within its organization)"),
  display_name: z.string(),
  description: z.string(),
  organization_id: z.string(),
  organization_name: z.string().optional(),
  active_version_id: z.string().describe("The version new workspaces are built from"),
  active_user_count: z.number().describe("Users with a workspace from this template (-1 while Coder counts)"),
  agents_allowed: z
    .boolean()
    .describe("Whether Coder Agents (chats) may create workspaces from this template"),
  deprecated: z.boolean().optional().describe("Present and true when new workspaces cannot use the template"),
  deprecation_message: z.string().optional(),
});
/** A template in short form. */
export type MinimalTemplateOutput = z.infer<typeof MinimalTemplateOutput>;

/** Project a Coder template onto {@link MinimalTemplateOutput}. */
export function toMinimalTemplate(template: Template): MinimalTemplateOutput {
  return compact({
    id: template.id,
    name: template.name,
    display_name: template.display_name ?? "",
    description: template.description ?? "",
    organization_id: template.organization_id,
    organization_name: template.organization_name || undefined,
    active_version_id: template.active_version_id,
    active_user_count: template.active_user_count ?? 0,
    // Servers older than Coder Agents do not send the field, and such servers allow no agents.
    agents_allowed: template.agents_allowed ?? false,
    deprecated: template.deprecated || undefined,
    deprecation_message: (template.deprecated && template.deprecation_message) || undefined,
  });
}

/** One choice of a parameter. */
const ParameterOptionOutput = z.object({
  name: z.string(),
  value: z.string().describe("The value to pass"),
  description: z.string().optional(),
});

/** A rich parameter of a template version, without icons and the Markdown copy of the description. */
export const ParameterOutput = z.object({
  name: z.string().describe("Key to use in rich_parameters"),
  display_name: z.string().optional(),
  description: z.string().optional(),
  type: z.string().describe("string, number, bool or list(string); values are always passed as strings"),
  form_type: z.string().optional(),
  required: z.boolean().describe("True when there is no default and a value must be given"),
  mutable: z.boolean().describe("False when the value can only be set when the workspace is created"),
  ephemeral: z.boolean().optional(),
  default_value: z.string().optional(),
  options: z.array(ParameterOptionOutput).optional().describe("Allowed values; absent for free input"),
  validation_regex: z.string().optional(),
  validation_error: z.string().optional(),
  validation_min: z.number().optional(),
  validation_max: z.number().optional(),
  validation_monotonic: z.string().optional(),
});
/** A rich parameter in short form. */
export type ParameterOutput = z.infer<typeof ParameterOutput>;

// A number only when Coder sent a real one (it sends null for "no limit" or "no prebuilds").
function finiteOrUndefined(value: number | null | undefined): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** Project a Coder template version parameter onto {@link ParameterOutput}. */
export function toParameter(parameter: TemplateVersionParameter): ParameterOutput {
  // Empty strings and nulls say nothing the model needs, so they are left out.
  const options = (parameter.options ?? []).map((option) =>
    compact({ name: option.name, value: option.value, description: option.description || undefined }),
  );
  return compact({
    name: parameter.name,
    display_name: parameter.display_name || undefined,
    description: parameter.description_plaintext || parameter.description || undefined,
    type: parameter.type,
    form_type: parameter.form_type || undefined,
    required: parameter.required,
    mutable: parameter.mutable ?? false,
    ephemeral: parameter.ephemeral || undefined,
    default_value: parameter.default_value || undefined,
    options: options.length > 0 ? options : undefined,
    validation_regex: parameter.validation_regex || undefined,
    validation_error: parameter.validation_error || undefined,
    validation_min: finiteOrUndefined(parameter.validation_min),
    validation_max: finiteOrUndefined(parameter.validation_max),
    validation_monotonic: parameter.validation_monotonic || undefined,
  });
}

/** A preset with snake_case keys (Coder sends Go field names such as `ID` and `Parameters`). */
export const PresetOutput = z.object({
  id: z.string().describe("Pass as template_version_preset_id"),
  name: z.string(),
  description: z.string().optional(),
  default: z.boolean().describe("Prefer this preset when the user has no preference"),
  desired_prebuild_instances: z
    .number()
    .optional()
    .describe("Prebuilt workspaces kept ready for this preset; > 0 means faster starts"),
  parameters: z.array(z.object({ name: z.string(), value: z.string() })),
});
/** A preset in short form. */
export type PresetOutput = z.infer<typeof PresetOutput>;

/** Project a Coder preset onto {@link PresetOutput}. */
export function toPreset(preset: Preset): PresetOutput {
  return compact({
    id: preset.ID,
    name: preset.Name,
    description: preset.Description || undefined,
    default: preset.Default ?? false,
    desired_prebuild_instances: finiteOrUndefined(preset.DesiredPrebuildInstances),
    parameters: preset.Parameters.map((p) => ({ name: p.Name, value: p.Value })),
  });
}

/** A template version with the state of its import job. */
export const TemplateVersionOutput = z.object({
  id: z.string().describe("Template version UUID"),
  name: z.string(),
  template_id: z.string().optional().describe("Absent until the version belongs to a template"),
  organization_id: z.string().optional(),
  message: z.string().optional(),
  created_at: z.string(),
  job: z.object({
    id: z.string(),
    status: z.string().describe("pending, running, succeeded, failed, canceling or canceled"),
    error: z.string().optional(),
    error_code: z.string().optional(),
    queue_position: z.number().optional(),
  }),
  warnings: z.array(z.string()).optional(),
  matched_provisioners: z
    .object({ count: z.number(), available: z.number() })
    .optional()
    .describe("Provisioners able to run the import; available 0 means it will wait"),
});
/** A template version in short form. */
export type TemplateVersionOutput = z.infer<typeof TemplateVersionOutput>;

/** Project a Coder template version onto {@link TemplateVersionOutput}. */
export function toTemplateVersion(version: TemplateVersion): TemplateVersionOutput {
  const { job, matched_provisioners: matched } = version;
  return compact({
    id: version.id,
    name: version.name,
    template_id: (!isZeroUuid(version.template_id) && version.template_id) || undefined,
    organization_id: version.organization_id || undefined,
    message: version.message || undefined,
    created_at: version.created_at,
    job: compact({
      id: job.id,
      status: job.status,
      error: job.error || undefined,
      error_code: job.error_code || undefined,
      queue_position: job.status === "pending" ? finiteOrUndefined(job.queue_position) : undefined,
    }),
    warnings: version.warnings?.length ? version.warnings : undefined,
    matched_provisioners: matched ? { count: matched.count, available: matched.available } : undefined,
  });
}

/** What a template tool builds on, for {@link organizationOfParent}. */
export interface OrganizationParent {
  /** How to name it in an error, e.g. `template go-dev` or `template version <id>`. */
  label: string;
  /** Its organization; empty or the zero UUID when Coder does not say. */
  organizationId: string | null | undefined;
}

/**
 * The organization a new template or template version goes into: that of the template or version
 * it builds on (fetched by `parent`, which explains its own not-found), checked against an
 * explicit `organization_id`. When the parent names no organization, the explicit one or else
 * the caller's only membership is used.
 */
export async function organizationOfParent(
  client: CoderClient,
  organizationId: string | undefined,
  parent: () => Promise<OrganizationParent>,
  signal: AbortSignal,
): Promise<string> {
  const explicit = organizationId ? await resolveOrganization(client, organizationId, signal) : undefined;
  const { label, organizationId: parentOrg } = await parent();
  const own = parentOrg && !isZeroUuid(parentOrg) ? parentOrg : undefined;
  if (explicit && own && explicit !== own) {
    throw ToolInputError.at(
      "$.organization_id",
      `organization_id ${explicit} is not the organization of ${label} (${own}); omit organization_id or pass ${own}`,
    );
  }
  return explicit ?? own ?? (await resolveOrganization(client, undefined, signal));
}
