import type { z } from "zod";
import type { AnyToolDefinition, ToolInputSchema } from "./define-tool.js";
import { ToolInputError, type ToolInputIssue } from "./errors.js";
import { formatIssuePath, zodIssuesToToolIssues } from "./issue-format.js";
import { type JsonSchema, toolInputJsonSchema } from "./json-schema.js";

/** Arguments decoded from a tool call, before validation. */
export interface DecodedArguments {
  /** The argument object. */
  value: Record<string, unknown>;
  /**
   * Decimal sources of integers too large for a JS number that were kept as strings (see
   * {@link decodeToolArguments}); used to explain a type error on such a value.
   */
  largeIntegers: ReadonlySet<string>;
}

// An integer literal as JSON writes it: no fraction, no exponent.
const INTEGER_LITERAL = /^-?(?:0|[1-9]\d*)$/;

/**
 * Decode the raw arguments of a tool call into an object.
 *
 * - `undefined`, `null`, an empty or blank string, and the JSON text `null` all mean `{}`
 *   (models and clients send all of these for tools without arguments).
 * - A string is parsed as JSON; invalid JSON is an input error at path `$`.
 * - The result must be a JSON object; anything else is an input error at `$`.
 *
 * Large integers: an integer literal outside ±(2^53−1) in a JSON string cannot be held by a JS
 * number without rounding (9007199254740993 would become …992). Such a literal is kept as its
 * exact decimal string instead, so a field declared as a string-or-integer ID (e.g.
 * `z.union([z.string(), z.int()])`) receives it intact; a field declared as a plain integer
 * rejects it with a message explaining why. Objects passed in already decoded cannot be
 * recovered: the caller's JSON parser has rounded them before we see them.
 */
export function decodeToolArguments(raw: unknown): DecodedArguments {
  const largeIntegers = new Set<string>();
  let value: unknown = raw;
  if (typeof raw === "string") {
    if (raw.trim() === "") return { value: {}, largeIntegers };
    try {
      value = JSON.parse(raw, (_key, parsed: unknown, context?: { source?: string }) => {
        const source = context?.source;
        if (
          typeof parsed === "number" &&
          !Number.isSafeInteger(parsed) &&
          source &&
          INTEGER_LITERAL.test(source)
        ) {
          largeIntegers.add(source);
          return source;
        }
        return parsed;
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw ToolInputError.at("$", `arguments are not valid JSON: ${reason}`, "json");
    }
  }
  if (value === undefined || value === null) return { value: {}, largeIntegers };
  if (typeof value !== "object" || Array.isArray(value)) {
    const kind = Array.isArray(value) ? "array" : typeof value;
    throw ToolInputError.at("$", `wrong type: arguments must be a JSON object, received ${kind}`, "type");
  }
  return { value: value as Record<string, unknown>, largeIntegers };
}

// One strict variant per input schema: building it on every call would allocate for nothing.
const strictSchemas = new WeakMap<ToolInputSchema, ToolInputSchema>();

function strictVariant(schema: ToolInputSchema): ToolInputSchema {
  let strict = strictSchemas.get(schema);
  if (!strict) {
    strict = schema.strict() as ToolInputSchema;
    strictSchemas.set(schema, strict);
  }
  return strict;
}

/**
 * Validate decoded arguments against the tool's input schema in strict mode (unknown top-level
 * fields are rejected) and return the parsed input, with defaults and transforms applied.
 *
 * @throws {ToolInputError} listing every failing field, sorted by path.
 */
export async function validateToolInput<T extends AnyToolDefinition>(
  tool: T,
  args: DecodedArguments,
): Promise<z.output<T["input"]>> {
  const malformed = illFormedStrings(args.value);
  if (malformed.length > 0) throw new ToolInputError(malformed);
  const result = await strictVariant(tool.input).safeParseAsync(args.value, { reportInput: true });
  if (result.success) return result.data as z.output<T["input"]>;
  throw new ToolInputError(
    zodIssuesToToolIssues(result.error.issues, {
      jsonSchema: safeInputJsonSchema(tool),
      largeIntegers: args.largeIntegers,
    }),
  );
}

/**
 * Strings that are not well-formed Unicode (a lone UTF-16 surrogate, which JSON's `\ud800` escape
 * can produce). No Coder name or text can contain one, `encodeURIComponent` throws on it, and
 * Coder would reject it; refusing it here names the field instead. The walk is iterative so a
 * deeply nested argument cannot overflow the stack, and it reports at most a few paths.
 */
function illFormedStrings(value: Record<string, unknown>): ToolInputIssue[] {
  const issues: ToolInputIssue[] = [];
  const stack: [unknown, (string | number)[]][] = [[value, []]];
  while (stack.length > 0 && issues.length < MAX_REPORTED) {
    const [current, path] = stack.pop() as [unknown, (string | number)[]];
    if (typeof current === "string") {
      if (!current.isWellFormed()) {
        issues.push({
          path: formatIssuePath(path),
          code: "format",
          message: "text contains an unpaired UTF-16 surrogate (not valid Unicode); send well-formed text",
        });
      }
    } else if (Array.isArray(current)) {
      current.forEach((item, i) => {
        stack.push([item, [...path, i]]);
      });
    } else if (typeof current === "object" && current !== null) {
      for (const [key, item] of Object.entries(current)) stack.push([item, [...path, key]]);
    }
  }
  return issues;
}

const MAX_REPORTED = 5;

// The JSON Schema only sharpens error wording; a schema that cannot be converted must not turn an
// input error into a crash.
function safeInputJsonSchema(tool: AnyToolDefinition): JsonSchema | undefined {
  try {
    return toolInputJsonSchema(tool);
  } catch {
    return undefined;
  }
}
