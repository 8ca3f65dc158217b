import type { z } from "zod";
import type { ToolInputIssue } from "./errors.js";
import type { JsonSchema } from "./json-schema.js";

/**
 * What {@link zodIssuesToToolIssues} may use to word its messages. The issues must come from a
 * parse with `reportInput: true`: a missing `input` is read as a missing field.
 */
export interface IssueFormatOptions {
  /** The tool's input JSON Schema, to name the expected type the way the model saw it. */
  jsonSchema?: JsonSchema | undefined;
  /** Large integers that were kept as strings while decoding. */
  largeIntegers?: ReadonlySet<string>;
}

type ZodIssue = z.core.$ZodIssue;
type PathSegment = PropertyKey;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Render a path as `$`, `$.value`, `$.files[0].path` or `$["odd key"]`. */
export function formatIssuePath(path: readonly PathSegment[]): string {
  let out = "$";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (typeof segment === "string" && IDENTIFIER.test(segment)) out += `.${segment}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

/**
 * Translate zod issues into tool input issues whose messages use JSON Schema's words (required,
 * type, enum, minimum, maximum, unexpected additional properties), so a model that only saw the
 * JSON Schema can tell what to change.
 */
export function zodIssuesToToolIssues(
  issues: readonly ZodIssue[],
  options: IssueFormatOptions = {},
  prefix: readonly PathSegment[] = [],
): ToolInputIssue[] {
  return issues.map((issue) => toToolIssue(issue, options, [...prefix, ...issue.path]));
}

function toToolIssue(issue: ZodIssue, options: IssueFormatOptions, path: PathSegment[]): ToolInputIssue {
  const at = formatIssuePath(path);
  const schema = schemaAt(options.jsonSchema, path);
  // JSON cannot carry `undefined`, so an undefined input below the root is a missing field,
  // whatever rule the field's schema would have checked first (type, enum, union).
  const missing =
    path.length > 0 &&
    issue.input === undefined &&
    (issue.code === "invalid_type" || issue.code === "invalid_value" || issue.code === "invalid_union");
  if (missing) {
    const expected =
      (schema && describeSchema(schema)) ||
      (issue.code === "invalid_type" ? zodTypeName(issue.expected) : "");
    const detail = expected ? ` (expected ${expected})` : "";
    return { path: at, code: "required", message: `required property is missing${detail}` };
  }
  switch (issue.code) {
    case "invalid_type": {
      const expected = (schema && describeSchema(schema)) || zodTypeName(issue.expected);
      return {
        path: at,
        code: "type",
        message: `wrong type: expected ${expected}, received ${describeReceived(issue.input, options)}`,
      };
    }
    case "invalid_value": {
      const allowed = issue.values.map((value) => JSON.stringify(value)).join(", ");
      return {
        path: at,
        code: "enum",
        message: `not an allowed enum value: expected one of ${allowed}, received ${describeReceived(issue.input, options)}`,
      };
    }
    case "too_small":
      return {
        path: at,
        code: "minimum",
        message: `below minimum: ${describeBound(issue.origin, issue.minimum, issue.inclusive, "min")}, received ${describeSize(issue.origin, issue.input)}`,
      };
    case "too_big":
      return {
        path: at,
        code: "maximum",
        message: `above maximum: ${describeBound(issue.origin, issue.maximum, issue.inclusive, "max")}, received ${describeSize(issue.origin, issue.input)}`,
      };
    case "invalid_format": {
      const wanted =
        issue.format === "regex" && issue.pattern ? `text matching ${issue.pattern}` : issue.format;
      return {
        path: at,
        code: "format",
        message: `invalid format: expected ${wanted}, received ${describeReceived(issue.input, options)}`,
      };
    }
    case "unrecognized_keys": {
      const props = schema?.properties;
      const allowedNames = props && typeof props === "object" ? Object.keys(props) : [];
      const allowed =
        allowedNames.length > 0
          ? `allowed properties: ${allowedNames.join(", ")}`
          : "no properties are allowed";
      return {
        path: at,
        code: "additional_properties",
        message: `unexpected additional properties: ${issue.keys.join(", ")} (${allowed})`,
      };
    }
    case "invalid_union":
      return unionIssue(issue, options, path);
    case "not_multiple_of":
      return { path: at, code: "invalid", message: `must be a multiple of ${String(issue.divisor)}` };
    case "invalid_key":
    case "invalid_element": {
      const inner = zodIssuesToToolIssues(issue.issues, options, path);
      const what = issue.code === "invalid_key" ? "invalid key" : "invalid element";
      return { path: at, code: "invalid", message: `${what}: ${inner.map((i) => i.message).join("; ")}` };
    }
    default:
      return { path: at, code: "invalid", message: issue.message };
  }
}

function unionIssue(
  issue: Extract<ZodIssue, { code: "invalid_union" }>,
  options: IssueFormatOptions,
  path: PathSegment[],
): ToolInputIssue {
  const at = formatIssuePath(path);
  const branches = issue.errors.map((branch) => zodIssuesToToolIssues(branch, options, path));
  // The common case, a value of a type no branch takes: say so once, naming every allowed type.
  const onlyTypeErrors =
    branches.length > 0 && branches.every((b) => b.length === 1 && b[0]?.path === at && b[0].code === "type");
  if (onlyTypeErrors || branches.length === 0) {
    const schema = schemaAt(options.jsonSchema, path);
    const expected =
      (schema && describeSchema(schema)) ||
      issue.errors
        .map((b) => (b[0]?.code === "invalid_type" ? zodTypeName(b[0].expected) : "?"))
        .join(" or ");
    return {
      path: at,
      code: "type",
      message: `wrong type: expected ${expected}, received ${describeReceived(issue.input, options)}`,
    };
  }
  const reasons = branches.map((b) =>
    b.map((i) => (i.path === at ? i.message : `${i.path}: ${i.message}`)).join(", "),
  );
  return { path: at, code: "invalid", message: `matches none of the allowed forms: ${reasons.join(" | ")}` };
}

function zodTypeName(expected: string): string {
  if (expected === "int") return "integer";
  return expected;
}

function plural(count: number | bigint, unit: string): string {
  return `${String(count)} ${unit}${String(count) === "1" ? "" : "s"}`;
}

function describeBound(
  origin: string,
  limit: number | bigint,
  inclusive: boolean | undefined,
  side: "min" | "max",
): string {
  const words = side === "min" ? "at least" : "at most";
  if (origin === "string") return `${words} ${plural(limit, "character")}`;
  if (origin === "array" || origin === "set") return `${words} ${plural(limit, "item")}`;
  if (origin === "file") return `${words} ${plural(limit, "byte")}`;
  const op = side === "min" ? (inclusive === false ? ">" : ">=") : inclusive === false ? "<" : "<=";
  return `must be ${op} ${String(limit)}`;
}

function describeSize(origin: string, input: unknown): string {
  if (origin === "string" && typeof input === "string") return plural(input.length, "character");
  if ((origin === "array" || origin === "set") && Array.isArray(input)) return plural(input.length, "item");
  return describeReceived(input, {});
}

const MAX_ECHO = 60;

/** A short description of a received value; long strings are shortened. */
function describeReceived(input: unknown, options: IssueFormatOptions): string {
  if (input === undefined) return "nothing";
  if (input === null) return "null";
  if (typeof input === "string") {
    if (options.largeIntegers?.has(input)) {
      return `integer ${input}, which is beyond ±${Number.MAX_SAFE_INTEGER} and cannot be held exactly as a number`;
    }
    const shown = input.length > MAX_ECHO ? `${input.slice(0, MAX_ECHO)}…` : input;
    return `string ${JSON.stringify(shown)}`;
  }
  if (typeof input === "number") {
    return Number.isFinite(input) && !Number.isInteger(input)
      ? `non-integer number ${input}`
      : `number ${input}`;
  }
  if (typeof input === "boolean" || typeof input === "bigint") return `${typeof input} ${String(input)}`;
  if (Array.isArray(input)) return `array of ${plural(input.length, "item")}`;
  return typeof input;
}

function asSchema(value: unknown): JsonSchema | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as JsonSchema)
    : undefined;
}

/** The sub-schema at `path`, following properties, items and additionalProperties. */
function schemaAt(root: JsonSchema | undefined, path: readonly PathSegment[]): JsonSchema | undefined {
  let node = root;
  for (const segment of path) {
    if (!node) return undefined;
    if (typeof segment === "number") {
      node = asSchema(node.items);
    } else {
      const props = asSchema(node.properties);
      node = asSchema(props?.[String(segment)]) ?? asSchema(node.additionalProperties);
    }
  }
  return node;
}

/** Describe what a schema accepts in a few words: `integer >= 1`, `string (uuid)`, `one of "a", "b"`. */
function describeSchema(schema: JsonSchema): string {
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.map((v) => JSON.stringify(v)).join(", ")}`;
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const alternatives = Array.isArray(schema.anyOf)
    ? schema.anyOf
    : Array.isArray(schema.oneOf)
      ? schema.oneOf
      : undefined;
  if (alternatives) {
    const parts = alternatives.map((alt) => asSchema(alt)).map((alt) => (alt ? describeSchema(alt) : "?"));
    return [...new Set(parts)].join(" or ");
  }
  const type = Array.isArray(schema.type)
    ? schema.type.join(" or ")
    : typeof schema.type === "string"
      ? schema.type
      : "";
  if (!type) return "";
  const details: string[] = [];
  if (typeof schema.format === "string") details.push(schema.format);
  // zod adds the safe-integer range to every integer; echoing it would only be noise.
  if (typeof schema.minimum === "number" && schema.minimum !== Number.MIN_SAFE_INTEGER)
    details.push(`>= ${schema.minimum}`);
  if (typeof schema.maximum === "number" && schema.maximum !== Number.MAX_SAFE_INTEGER)
    details.push(`<= ${schema.maximum}`);
  return details.length > 0 ? `${type} (${details.join(", ")})` : type;
}
