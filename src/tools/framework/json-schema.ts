import { z } from "zod";
import type { AnyToolDefinition } from "./define-tool.js";
import { ToolDefinitionError } from "./errors.js";
import { pinTool, type ToolPin } from "./pin.js";

/**
 * A JSON Schema document (dialect 2020-12). Typed loosely on purpose: adapters pass it through to
 * frameworks that have their own schema types.
 */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** The JSON Schema of a tool's arguments, in the shape MCP and function-calling APIs expect. */
export interface ToolInputJsonSchema extends JsonSchema {
  readonly type: "object";
  /** Always present, even when empty (OpenAI-style strict validators insist on it). */
  readonly properties: { readonly [field: string]: JsonSchema };
  /** Required field names; left out when no field is required. */
  readonly required?: readonly string[];
  /** Always `false`: unknown top-level fields are rejected at call time too. */
  readonly additionalProperties: false;
}

// Derived once per tool object: schemas never change after definition, and deriving is not free.
const inputSchemas = new WeakMap<AnyToolDefinition, ToolInputJsonSchema>();
const outputSchemas = new WeakMap<AnyToolDefinition, JsonSchema>();

/**
 * The JSON Schema of a tool's arguments, derived from its zod input schema once and cached (the
 * same frozen object is returned on every call; copy it before changing it).
 *
 * Dialect: JSON Schema 2020-12, MCP's default dialect. The `$schema` keyword is left out: MCP
 * reads a schema without it as 2020-12, and several function-calling APIs reject unknown
 * top-level keywords. The root always has `type: "object"`, `properties` and
 * `additionalProperties: false`; `required` is left out when empty (as Coder's own server does).
 *
 * With `pin`, returns the schema of the pinned variant (see {@link pinTool}): pinned fields are gone.
 */
export function toolInputJsonSchema(tool: AnyToolDefinition, pin?: ToolPin): ToolInputJsonSchema {
  const target = pin ? pinTool(tool, pin) : tool;
  let schema = inputSchemas.get(target);
  if (!schema) {
    schema = target.inputJsonSchema ? givenInputSchema(target.inputJsonSchema) : deriveInputSchema(target);
    inputSchemas.set(target, schema);
  }
  return schema;
}

/**
 * The JSON Schema of a tool's result (what the handler's value looks like after the output schema
 * parsed it), cached like {@link toolInputJsonSchema}. MCP only accepts an object `outputSchema`
 * (and structured content only exists for object results), so adapters should check
 * `schema.type === "object"` before advertising it.
 */
export function toolOutputJsonSchema(tool: AnyToolDefinition): JsonSchema {
  let schema = outputSchemas.get(tool);
  if (!schema) {
    schema = deepFreeze(convert(tool, "output"));
    outputSchemas.set(tool, schema);
  }
  return schema;
}

function deriveInputSchema(tool: AnyToolDefinition): ToolInputJsonSchema {
  const raw = convert(tool, "input");
  const { type: _type, properties, required, additionalProperties: _extra, ...rest } = raw;
  const requiredList = Array.isArray(required) ? (required as string[]) : [];
  // Key order is fixed so schema snapshots stay readable and stable.
  const schema: Record<string, unknown> = {
    type: "object",
    ...rest,
    properties: isRecord(properties) ? properties : {},
    ...(requiredList.length > 0 ? { required: requiredList } : {}),
    additionalProperties: false,
  };
  return deepFreeze(schema) as ToolInputJsonSchema;
}

// A schema given as it is (a proxied MCP tool's): listed unchanged except that the root is made an
// object with `properties`, which MCP and every function-calling API require, and that `$schema`
// is left out as in our own schemas (SDK v2 drops it when listing anyway, and several
// function-calling APIs reject it). Servers built on SDK v1 mark draft-07; the keywords tool
// schemas use mean the same in 2020-12.
function givenInputSchema(given: JsonSchema): ToolInputJsonSchema {
  const { $schema: _dialect, ...copy } = structuredClone(given) as Record<string, unknown>;
  const schema: Record<string, unknown> = {
    ...copy,
    type: "object",
    properties: isRecord(copy.properties) ? copy.properties : {},
  };
  return deepFreeze(schema) as unknown as ToolInputJsonSchema;
}

function convert(tool: AnyToolDefinition, io: "input" | "output"): Record<string, unknown> {
  const source = io === "input" ? tool.input : tool.output;
  let converted: Record<string, unknown>;
  try {
    // `io` picks the side of transforms and defaults: callers send input, results are output.
    converted = z.toJSONSchema(source, { target: "draft-2020-12", io }) as Record<string, unknown>;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ToolDefinitionError(
      `tool "${tool.name}": ${io} schema cannot be expressed as JSON Schema: ${reason}`,
    );
  }
  const { $schema: _dialect, ...schema } = converted;
  return schema;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// Cached schemas are shared by every adapter; freezing makes an accidental mutation fail loudly
// instead of silently changing what every other caller sees.
function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
