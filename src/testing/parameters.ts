import type { TemplateVersionParameter } from "./api-types.js";
import type { ParameterSpec, PresetRec, VersionRec } from "./records.js";
import { newId } from "./util.js";

/** `codersdk.WorkspaceBuildParameter`. */
export interface BuildParameter {
  name: string;
  value: string;
}

/** Fills the defaults a real import would produce for a parameter declared in a seed. */
export function normalizeParameter(spec: ParameterSpec): TemplateVersionParameter {
  const type = spec.type ?? "string";
  const options = (spec.options ?? []).map((o) => ({
    name: o.name,
    description: o.description ?? "",
    value: o.value,
    icon: o.icon ?? "",
  }));
  const formType =
    spec.form_type ??
    (options.length > 0
      ? type === "list(string)"
        ? "multi-select"
        : "radio"
      : type === "bool"
        ? "checkbox"
        : type === "list(string)"
          ? "tag-select"
          : "input");
  const out: TemplateVersionParameter = {
    name: spec.name,
    description: spec.description ?? "",
    description_plaintext: spec.description_plaintext ?? spec.description ?? "",
    type,
    form_type: formType,
    mutable: spec.mutable ?? true,
    default_value: spec.default_value ?? "",
    icon: spec.icon ?? "",
    options,
    required: spec.required ?? false,
    ephemeral: spec.ephemeral ?? false,
  };
  if (spec.display_name) out.display_name = spec.display_name;
  if (spec.validation_error) out.validation_error = spec.validation_error;
  if (spec.validation_regex) out.validation_regex = spec.validation_regex;
  if (spec.validation_min !== undefined) out.validation_min = spec.validation_min;
  if (spec.validation_max !== undefined) out.validation_max = spec.validation_max;
  if (spec.validation_monotonic) out.validation_monotonic = spec.validation_monotonic;
  return out;
}

/** A preset record from a name and parameter values. */
export function normalizePreset(
  name: string,
  values: Record<string, string>,
  extra: Partial<PresetRec> = {},
): PresetRec {
  return {
    id: newId(),
    name,
    parameters: Object.entries(values).map(([n, value]) => ({ name: n, value })),
    isDefault: extra.isDefault ?? false,
    description: extra.description ?? "",
    icon: extra.icon ?? "",
    desiredPrebuildInstances: extra.desiredPrebuildInstances ?? null,
  };
}

const goList = (values: string[]): string => `[${values.join(" ")}]`;

/** terraform-provider-coder's validation_error template: {min}, {max} and {value} placeholders. */
function rendered(p: TemplateVersionParameter, value: string): string | null {
  if (!p.validation_error) return null;
  return p.validation_error
    .replaceAll("{min}", String(p.validation_min ?? 0))
    .replaceAll("{max}", String(p.validation_max ?? 0))
    .replaceAll("{value}", value);
}

/**
 * codersdk.validateBuildParameter plus the provider's Validation.Valid: returns the error text
 * or null. Option membership is checked per element for list(string) multi-selects.
 */
function validateValue(p: TemplateVersionParameter, raw: string, previous: string | null): string | null {
  if (p.required && raw === "") return "parameter value is required";
  const value = raw === "" ? p.default_value : raw;
  if (p.options.length > 0) {
    const allowed = p.options.map((o) => o.value);
    if (p.type === "list(string)") {
      let items: unknown;
      try {
        items = JSON.parse(value);
      } catch {
        return `value "${value}" is not valid list of strings`;
      }
      const bad = !Array.isArray(items) || items.some((i) => typeof i !== "string" || !allowed.includes(i));
      return bad ? `parameter value must match one of options: ${goList(allowed)}` : null;
    }
    return allowed.includes(value) ? null : `parameter value must match one of options: ${goList(allowed)}`;
  }
  switch (p.type) {
    case "bool":
      return value === "true" || value === "false" ? null : 'boolean value can be either "true" or "false"';
    case "list(string)": {
      try {
        const items: unknown = JSON.parse(value);
        if (Array.isArray(items) && items.every((i) => typeof i === "string")) return null;
      } catch {
        // falls through to the error below
      }
      return `value "${value}" is not valid list of strings`;
    }
    case "number": {
      if (!/^-?\d+$/.test(value)) return rendered(p, value) ?? `value "${value}" is not a number`;
      const num = Number(value);
      if (p.validation_min !== undefined && num < p.validation_min) {
        return rendered(p, value) ?? `value ${num} is less than the minimum ${p.validation_min}`;
      }
      if (p.validation_max !== undefined && num > p.validation_max) {
        return rendered(p, value) ?? `value ${num} is more than the maximum ${p.validation_max}`;
      }
      if (p.validation_monotonic && previous !== null) {
        const prev = Number(previous);
        if (p.validation_monotonic === "increasing" && num < prev) {
          return `parameter value '${num}' must be equal or greater than previous value: ${prev}`;
        }
        if (p.validation_monotonic === "decreasing" && num > prev) {
          return `parameter value '${num}' must be equal or lower than previous value: ${prev}`;
        }
      }
      return null;
    }
    default:
      if (p.validation_regex && !new RegExp(p.validation_regex).test(value)) {
        return `${p.validation_error ?? ""} (value "${value}" does not match "${p.validation_regex}")`;
      }
      return null;
  }
}

/** A parameter error; the caller turns it into wsbuilder's 400 "Unable to validate parameter". */
export class ParameterError extends Error {
  constructor(
    readonly parameter: string,
    detail: string,
  ) {
    super(detail);
  }
}

/**
 * codersdk.ParameterResolver.ValidateResolve for every parameter of the version, in order:
 * immutability, required, then provided → previous (unless ephemeral) → default.
 */
export function resolveParameters(
  version: VersionRec,
  provided: BuildParameter[],
  previous: BuildParameter[],
): BuildParameter[] {
  return version.parameters.map((p) => {
    const given = provided.find((v) => v.name === p.name);
    const prev = previous.find((v) => v.name === p.name);
    if (!p.mutable && given && prev && given.value !== prev.value) {
      throw new ParameterError(
        p.name,
        `Parameter "${p.name}" is not mutable, so it can't be updated after creating a workspace.`,
      );
    }
    if (p.required && !given && !prev) {
      throw new ParameterError(p.name, `Parameter "${p.name}" is required but not provided`);
    }
    const resolved = given ?? (p.ephemeral ? undefined : prev) ?? { name: p.name, value: p.default_value };
    const error = validateValue(p, resolved.value, prev && prev.value !== "" ? prev.value : null);
    if (error) {
      throw new ParameterError(
        p.name,
        `can't validate build parameter "${p.display_name || p.name}": ${error}`,
      );
    }
    return { name: p.name, value: resolved.value };
  });
}
