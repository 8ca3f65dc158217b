import type { JsonSchema } from "../../tools/index.js";

// OpenAI's strict mode (Structured Outputs for function calling) accepts a subset of JSON Schema:
// every object closed (`additionalProperties: false`) and listing all its properties in
// `required`, optional ones made nullable instead. These rules follow the `openai` package's own
// `toStrictJsonSchema` (checked against openai 7.57). Our call path still validates every call
// against the tool's real schema, so dropping a keyword here only loosens what the model is told,
// never what is accepted.

type Schema = Record<string, unknown>;

/** Keywords strict mode rejects that only narrow a value: safe to drop, we validate anyway. */
const DROPPED = [
  "propertyNames",
  "minProperties",
  "maxProperties",
  "uniqueItems",
  "contains",
  "minContains",
  "maxContains",
  "not",
  "if",
  "then",
  "else",
  "dependentRequired",
  "dependentSchemas",
  "dependencies",
  "unevaluatedItems",
  "unevaluatedProperties",
  "contentEncoding",
  "contentMediaType",
  "contentSchema",
  "$schema",
  "$id",
] as const;

/** Shapes strict mode cannot express at all: the tool is offered non-strict instead. */
class NotRepresentable extends Error {}

/**
 * The strict-mode variant of an object schema, or `undefined` when it has a shape strict mode
 * cannot express (a map, i.e. an object with an `additionalProperties` schema; a tuple; `allOf`;
 * an array without `items`). The input is not modified.
 */
export function toStrictSchema(schema: JsonSchema): Schema | undefined {
  try {
    return strictify(structuredClone(schema) as Schema);
  } catch (error) {
    if (error instanceof NotRepresentable) return undefined;
    throw error;
  }
}

function strictify(schema: Schema): Schema {
  for (const keyword of DROPPED) delete schema[keyword];
  if (schema.default === null) delete schema.default;
  if ("allOf" in schema || "prefixItems" in schema || Array.isArray(schema.items))
    throw new NotRepresentable();
  if (Array.isArray(schema.oneOf)) {
    // Exclusivity is ours to check; the model only needs the alternatives.
    schema.anyOf = schema.oneOf;
    delete schema.oneOf;
  }
  if (isObjectSchema(schema)) {
    const extra = schema.additionalProperties;
    if (extra !== undefined && extra !== false) throw new NotRepresentable();
    schema.additionalProperties = false;
    const properties = (isRecord(schema.properties) ? schema.properties : {}) as Record<string, Schema>;
    const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
    for (const [key, value] of Object.entries(properties)) {
      const strict = strictify(value);
      properties[key] = required.has(key) ? strict : nullable(strict);
    }
    schema.properties = properties;
    schema.required = Object.keys(properties);
  }
  const type = schema.type;
  if ((type === "array" || (Array.isArray(type) && type.includes("array"))) && schema.items === undefined) {
    throw new NotRepresentable();
  }
  if (isRecord(schema.items)) schema.items = strictify(schema.items);
  if (Array.isArray(schema.anyOf)) schema.anyOf = schema.anyOf.map((branch) => strictify(branch as Schema));
  if (isRecord(schema.$defs)) {
    for (const [key, value] of Object.entries(schema.$defs)) schema.$defs[key] = strictify(value as Schema);
  }
  return schema;
}

/** `schema` that also accepts `null` (how strict mode spells "optional"). */
function nullable(schema: Schema): Schema {
  if (acceptsNull(schema)) return schema;
  if (Array.isArray(schema.anyOf)) return { ...schema, anyOf: [...schema.anyOf, { type: "null" }] };
  if ("const" in schema) {
    const { const: value, ...rest } = schema;
    return { ...rest, anyOf: [{ const: value }, { type: "null" }] };
  }
  const out: Schema = { ...schema };
  if (typeof schema.type === "string") out.type = [schema.type, "null"];
  else if (Array.isArray(schema.type)) out.type = [...schema.type, "null"];
  if (Array.isArray(schema.enum)) out.enum = [...schema.enum, null];
  return out;
}

/** Whether `schema` already admits `null` (an unconstrained schema does). */
export function acceptsNull(schema: Schema): boolean {
  const { type } = schema;
  if (type === "null" || (Array.isArray(type) && type.includes("null"))) {
    return !Array.isArray(schema.enum) || schema.enum.includes(null);
  }
  if (Array.isArray(schema.anyOf)) return schema.anyOf.some((branch) => acceptsNull(branch as Schema));
  if ("const" in schema) return schema.const === null;
  if (Array.isArray(schema.enum)) return schema.enum.includes(null) && type === undefined;
  return type === undefined;
}

/**
 * Undo strict mode's `null` for "absent": drop every `null` that `schema` (the tool's real schema)
 * would not accept, where the field is optional, at any depth of nested objects and arrays. Other
 * values, and nulls the real schema accepts, are kept, so strict and non-strict calls validate the
 * same way.
 */
export function nullsToAbsent(value: unknown, schema: JsonSchema): unknown {
  if (Array.isArray(value)) {
    const items = schema.items;
    return isRecord(items) ? value.map((item) => nullsToAbsent(item, items)) : value;
  }
  if (!isRecord(value) || !isRecord(schema.properties)) return value;
  const properties = schema.properties as Record<string, Schema>;
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    const fieldSchema = properties[key];
    if (field === null && fieldSchema && !required.has(key) && !acceptsNull(fieldSchema)) continue;
    out[key] = fieldSchema ? nullsToAbsent(field, fieldSchema) : field;
  }
  return out;
}

function isObjectSchema(schema: Schema): boolean {
  const { type } = schema;
  return type === "object" || (Array.isArray(type) && type.includes("object")) || "properties" in schema;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
