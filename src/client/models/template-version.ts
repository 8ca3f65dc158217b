import { z } from "zod";
import { MinimalUser, type NameValue, openEnum, Timestamp, Uuid } from "./common.js";
import { goStruct } from "./go-struct.js";
import { ProvisionerJob } from "./provisioner-job.js";

/** A template version (`codersdk.TemplateVersion`): one upload of template source and its import job. */
export const TemplateVersion = z.looseObject({
  id: Uuid,
  /** Absent or null for a version not attached to a template yet. */
  template_id: z.string().nullish(),
  organization_id: z.string().optional(),
  name: z.string(),
  created_at: Timestamp,
  updated_at: Timestamp,
  message: z.string().optional(),
  readme: z.string().optional(),
  job: ProvisionerJob,
  created_by: MinimalUser.optional(),
  archived: z.boolean().optional(),
  warnings: z.array(z.string()).nullish(),
  matched_provisioners: z.looseObject({ count: z.number(), available: z.number() }).nullish(),
});
export type TemplateVersion = z.infer<typeof TemplateVersion>;

/** Parameter value type (`TemplateVersionParameter.type`); values are always sent as strings. */
export const ParameterType = openEnum(["string", "number", "bool", "list(string)"]);
/** Parameter value type. */
export type ParameterType = z.infer<typeof ParameterType>;

/** One choice of a parameter (`codersdk.TemplateVersionParameterOption`). */
export const ParameterOption = z.looseObject({
  name: z.string(),
  description: z.string().optional(),
  value: z.string(),
  icon: z.string().optional(),
});
export type ParameterOption = z.infer<typeof ParameterOption>;

/**
 * A rich parameter a template version asks for (`codersdk.TemplateVersionParameter`), from
 * `GET /templateversions/{id}/rich-parameters`. Pass values as `{ name, value }` strings.
 */
export const TemplateVersionParameter = z.looseObject({
  name: z.string(),
  display_name: z.string().optional(),
  description: z.string().optional(),
  description_plaintext: z.string().optional(),
  type: ParameterType,
  /** Newer servers (dynamic parameters): `radio`, `dropdown`, `multi-select`, …; `""` = default. */
  form_type: z.string().optional(),
  mutable: z.boolean().optional(),
  ephemeral: z.boolean().optional(),
  required: z.boolean(),
  default_value: z.string().optional(),
  icon: z.string().optional(),
  options: z.array(ParameterOption).nullish(),
  validation_error: z.string().optional(),
  validation_regex: z.string().optional(),
  validation_min: z.number().nullish(),
  validation_max: z.number().nullish(),
  validation_monotonic: z.string().optional(),
});
export type TemplateVersionParameter = z.infer<typeof TemplateVersionParameter>;

/**
 * One value of a preset (`codersdk.PresetParameter`). No json tags in Go: keys are matched
 * case-insensitively (`name` or `Name`) and output as `Name`/`Value`.
 */
export const PresetParameter = goStruct({ Name: z.string(), Value: z.string() });
export type PresetParameter = z.infer<typeof PresetParameter>;

/**
 * A preset of parameter values (`codersdk.Preset`), from `GET /templateversions/{id}/presets`.
 * The Go struct has no JSON tags, so coderd sends the Go field names (`ID`, `Name`, `Parameters`);
 * like Go's decoder, this accepts any case (`id`, `name`, as Coder's API reference shows them) and
 * outputs the Go names.
 */
export const Preset = goStruct({
  ID: Uuid,
  Name: z.string(),
  Parameters: z
    .array(PresetParameter)
    .nullish()
    .transform((params) => params ?? []),
  Default: z.boolean().optional(),
  DesiredPrebuildInstances: z.number().nullish(),
  Description: z.string().optional(),
  Icon: z.string().optional(),
});
export type Preset = z.infer<typeof Preset>;

/** An external auth provider a template version needs (`codersdk.TemplateVersionExternalAuth`). */
export const TemplateVersionExternalAuth = z.looseObject({
  id: z.string(),
  type: z.string(),
  display_name: z.string().optional(),
  display_icon: z.string().optional(),
  /** Where the user signs in to the provider. */
  authenticate_url: z.string(),
  authenticated: z.boolean(),
  optional: z.boolean().optional(),
});
export type TemplateVersionExternalAuth = z.infer<typeof TemplateVersionExternalAuth>;

/** A Terraform variable of a template version (`codersdk.TemplateVersionVariable`). */
export const TemplateVersionVariable = z.looseObject({
  name: z.string(),
  description: z.string().optional(),
  type: openEnum(["string", "number", "bool"]),
  value: z.string(),
  default_value: z.string().optional(),
  required: z.boolean(),
  sensitive: z.boolean(),
});
export type TemplateVersionVariable = z.infer<typeof TemplateVersionVariable>;

/**
 * Body of `POST /organizations/{org}/templateversions` (`codersdk.CreateTemplateVersionRequest`).
 * Give `file_id` (from `files.upload`) or `example_id`.
 */
export interface CreateTemplateVersionRequest {
  name?: string;
  message?: string;
  /** Attach to an existing template (for a new version of it). */
  template_id?: string;
  storage_method?: "file";
  file_id?: string;
  example_id?: string;
  provisioner?: "terraform" | "echo";
  /** Provisioner tags; `{}` for the default provisioners. */
  tags?: Record<string, string>;
  user_variable_values?: NameValue[];
}
