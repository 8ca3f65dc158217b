import { brandedGuard } from "../../client/brand.js";

/**
 * A failure the model can act on, thrown by a tool handler: `message` says what went wrong and
 * `hint` what to try next (e.g. "call coder_list_workspaces to find the name").
 */
export class ToolError extends Error {
  override name = "ToolError";
  /** What the caller should try next, if anything. */
  readonly hint: string | undefined;

  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.hint = options.hint;
  }
}

/** What kind of rule an argument broke; adapters and tests can branch on it. */
export type ToolInputIssueCode =
  | "json"
  | "required"
  | "type"
  | "enum"
  | "minimum"
  | "maximum"
  | "format"
  | "additional_properties"
  | "invalid";

/** One argument that failed validation. */
export interface ToolInputIssue {
  /** JSONPath-style location: `$` is the whole argument object, `$.value`, `$.files[0].path`. */
  path: string;
  /** The rule broken. */
  code: ToolInputIssueCode;
  /** What was expected and what was received, in words. */
  message: string;
}

/**
 * The arguments of a tool call are invalid. Thrown by the call path before the handler runs, and
 * also by handlers for rules a schema cannot express ("exactly one of template_id or
 * template_version_id"), so both reach the model in the same form.
 */
export class ToolInputError extends Error {
  override name = "ToolInputError";
  /** The failures, sorted by path. */
  readonly issues: readonly ToolInputIssue[];

  constructor(issues: readonly ToolInputIssue[]) {
    const sorted = [...issues].sort(compareIssues);
    super(formatInputIssues(sorted));
    this.issues = sorted;
  }

  /** Shorthand for a single issue, e.g. from a handler's cross-field check. */
  static at(path: string, message: string, code: ToolInputIssueCode = "invalid"): ToolInputError {
    return new ToolInputError([{ path, code, message }]);
  }
}

/** Render issues as `invalid arguments: $.mode: …; $.value: …`. */
export function formatInputIssues(issues: readonly ToolInputIssue[]): string {
  if (issues.length === 0) return "invalid arguments";
  return `invalid arguments: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`;
}

function compareIssues(a: ToolInputIssue, b: ToolInputIssue): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

/**
 * A tool selection (toolsets, allow, deny, pin) names something that does not exist or cannot
 * apply. Thrown when the tool list is built, so a typo fails loudly instead of silently exposing
 * a different set of tools.
 */
export class ToolSelectionError extends Error {
  override name = "ToolSelectionError";
}

/** A tool definition breaks a framework rule (name, annotations, schema shape). */
export class ToolDefinitionError extends Error {
  override name = "ToolDefinitionError";
}

/**
 * The user (or the host's `approve` hook) refused a destructive call, or approval could not be
 * obtained; the handler did not run. Becomes a failure of kind `declined`.
 */
export class ToolDeclinedError extends Error {
  override name = "ToolDeclinedError";
}

/** Whether `value` is a {@link ToolError}, also when it comes from another copy of this package. */
export const isToolError: (value: unknown) => value is ToolError = brandedGuard(ToolError, "ToolError");

/** Whether `value` is a {@link ToolInputError}, also when it comes from another copy of this package. */
export const isToolInputError: (value: unknown) => value is ToolInputError = brandedGuard(
  ToolInputError,
  "ToolInputError",
);

/** Whether `value` is a {@link ToolSelectionError}, also when it comes from another copy of this package. */
export const isToolSelectionError: (value: unknown) => value is ToolSelectionError = brandedGuard(
  ToolSelectionError,
  "ToolSelectionError",
);

/** Whether `value` is a {@link ToolDefinitionError}, also when it comes from another copy of this package. */
export const isToolDefinitionError: (value: unknown) => value is ToolDefinitionError = brandedGuard(
  ToolDefinitionError,
  "ToolDefinitionError",
);

/** Whether `value` is a {@link ToolDeclinedError}, also when it comes from another copy of this package. */
export const isToolDeclinedError: (value: unknown) => value is ToolDeclinedError = brandedGuard(
  ToolDeclinedError,
  "ToolDeclinedError",
);
