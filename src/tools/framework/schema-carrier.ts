import { z } from "zod";
import type { JsonSchema } from "./json-schema.js";

/**
 * A zod object schema that accepts any object and presents a given JSON Schema as its own: through
 * zod's metadata (what `z.toJSONSchema` merges in) and through Standard JSON Schema
 * (`~standard.jsonSchema`). Adapters hand it to frameworks that insist on a schema object of their
 * own kind (the MCP SDKs, the AI SDK), so those list our exact schema and leave validation, and
 * the wording of its errors, to our call path.
 */
// biome-ignore lint/complexity/noBannedTypes: zod's own shape type for an object with no declared fields.
export type JsonSchemaCarrier = z.ZodObject<{}, z.core.$loose>;

/** Wrap an object JSON Schema in a fresh {@link JsonSchemaCarrier}. */
export function jsonSchemaCarrier(schema: JsonSchema): JsonSchemaCarrier {
  // A fresh instance per schema: the metadata and the standard props below belong to it alone.
  const carrier = z.looseObject({}).meta({ ...schema }) as JsonSchemaCarrier;
  const standard = carrier["~standard"];
  // zod defines a setter for `~standard` precisely so an instance's standard props can be replaced.
  carrier["~standard"] = {
    ...standard,
    validate: (value: unknown) => ({ value: value as Record<string, unknown> }),
    jsonSchema: { input: () => ({ ...schema }), output: () => ({ ...schema }) },
  } as unknown as typeof standard;
  return carrier;
}
