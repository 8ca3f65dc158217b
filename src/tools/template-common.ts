import { z } from "zod";
import { CoderApiError } from "../client/errors.js";
import type { Preset, Template, TemplateVersion, TemplateVersionParameter } from "../client/models/index.js";
import { ToolError, ToolInputError, type ToolInputIssue } from "./errors.js";
import { requireUuid } from "./resolve.js";

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
  // `agents_allowed` is newer than the client's model; it arrives as an unknown extra key.
  const agentsAllowed = template.agents_allowed;
  return {
    id: template.id,
    name: template.name,
    display_name: template.display_name ?? "",
    description: template.description ?? "",
    organization_id: template.organization_id,
    ...(template.organization_name ? { organization_name: template.organization_name } : {}),
    active_version_id: template.active_version_id,
    active_user_count: template.active_user_count ?? 0,
    agents_allowed: typeof agentsAllowed === "boolean" ? agentsAllowed : false,
    ...(template.deprecated ? { deprecated: true } : {}),
    ...(template.deprecated && template.deprecation_message
      ? { deprecation_message: template.deprecation_message }
      : {}),
  };
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

// Keeps the JSON small: empty strings and nulls say nothing the model needs.
function nonEmpty<K extends string>(key: K, value: string | null | undefined): Partial<Record<K, string>> {
  return value ? ({ [key]: value } as Record<K, string>) : {};
}

function finite<K extends string>(key: K, value: number | null | undefined): Partial<Record<K, number>> {
  return typeof value === "number" && Number.isFinite(value) ? ({ [key]: value } as Record<K, number>) : {};
}

/** Project a Coder template version parameter onto {@link ParameterOutput}. */
export function toParameter(parameter: TemplateVersionParameter): ParameterOutput {
  const options = (parameter.options ?? []).map((option) => ({
    name: option.name,
    value: option.value,
    ...nonEmpty("description", option.description),
  }));
  return {
    name: parameter.name,
    ...nonEmpty("display_name", parameter.display_name),
    ...nonEmpty("description", parameter.description_plaintext || parameter.description),
    type: parameter.type,
    ...nonEmpty("form_type", parameter.form_type),
    required: parameter.required,
    mutable: parameter.mutable ?? false,
    ...(parameter.ephemeral ? { ephemeral: true } : {}),
    ...nonEmpty("default_value", parameter.default_value),
    ...(options.length > 0 ? { options } : {}),
    ...nonEmpty("validation_regex", parameter.validation_regex),
    ...nonEmpty("validation_error", parameter.validation_error),
    ...finite("validation_min", parameter.validation_min),
    ...finite("validation_max", parameter.validation_max),
    ...nonEmpty("validation_monotonic", parameter.validation_monotonic),
  };
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
  return {
    id: preset.ID,
    name: preset.Name,
    ...nonEmpty("description", preset.Description),
    default: preset.Default ?? false,
    ...finite("desired_prebuild_instances", preset.DesiredPrebuildInstances),
    parameters: preset.Parameters.map((p) => ({ name: p.Name, value: p.Value })),
  };
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
  const { job } = version;
  const templateId = version.template_id && !/^0{8}-0{4}-0{4}-0{4}-0{12}$/.test(version.template_id);
  return {
    id: version.id,
    name: version.name,
    ...(templateId ? { template_id: version.template_id ?? undefined } : {}),
    ...nonEmpty("organization_id", version.organization_id),
    ...nonEmpty("message", version.message),
    created_at: version.created_at,
    job: {
      id: job.id,
      status: job.status,
      ...nonEmpty("error", job.error),
      ...nonEmpty("error_code", job.error_code),
      ...(job.status === "pending" && typeof job.queue_position === "number"
        ? { queue_position: job.queue_position }
        : {}),
    },
    ...(version.warnings?.length ? { warnings: version.warnings } : {}),
    ...(version.matched_provisioners
      ? {
          matched_provisioners: {
            count: version.matched_provisioners.count,
            available: version.matched_provisioners.available,
          },
        }
      : {}),
  };
}

/**
 * Turn Coder's 404 for a resource the model named into a {@link ToolError} (`context: Coder's
 * message`) with a hint naming the call that finds a good id. Any other error is returned unchanged.
 */
export function explainNotFound(error: unknown, context: string, hint: string): unknown {
  if (error instanceof CoderApiError && error.status === 404) {
    return new ToolError(`${context}: ${error.message}`, { hint, cause: error });
  }
  return error;
}

/**
 * Put `prefix: ` in front of a Coder API error's message, as Go's toolsdk wraps the steps of a
 * multi-request tool, while keeping its status, detail and validations. Other errors pass as is.
 */
export function prefixApiError(prefix: string, error: unknown): unknown {
  if (!(error instanceof CoderApiError)) return error;
  const wrapped = new CoderApiError({
    method: error.method,
    url: error.url,
    status: error.status,
    body: { message: `${prefix}: ${error.message}`, detail: error.detail, validations: error.validations },
    ...(error.helper ? { helper: error.helper } : {}),
  });
  return wrapped;
}

/**
 * {@link requireUuid} over several fields at once, so a model that got two ids wrong learns of
 * both in one reply. Returns the canonical ids in the order given.
 */
export function requireUuids<const K extends string>(fields: Readonly<Record<K, string>>): Record<K, string> {
  const out = {} as Record<K, string>;
  const issues: ToolInputIssue[] = [];
  for (const [field, value] of Object.entries(fields) as [K, string][]) {
    try {
      out[field] = requireUuid(value, field);
    } catch (error) {
      if (!(error instanceof ToolInputError)) throw error;
      issues.push(...error.issues);
    }
  }
  if (issues.length > 0) throw new ToolInputError(issues);
  return out;
}
