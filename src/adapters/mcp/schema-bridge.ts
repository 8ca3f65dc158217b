import { z } from "zod";
import type { JsonSchema } from "../../tools/index.js";

/**
 * A schema object both MCP SDK majors accept in `registerTool`, carrying our exact JSON Schema and
 * letting every value through, so our own call path does the validation and words the errors.
 *
 * - SDK v2 reads `~standard.jsonSchema` (Standard JSON Schema) for `tools/list`, which lists our
 *   schema byte for byte, and calls `~standard.validate`, which here accepts anything.
 * - SDK v1 only takes zod. It sees a zod 4 loose object (which accepts any object) and renders it
 *   with zod's `toJSONSchema`, which merges the metadata we attach: our schema's keywords plus
 *   the draft-07 `$schema` that v1 always adds.
 *
 * Without this, each SDK would render the tool's zod schema its own way (v1 as draft-07 with its
 * own conversion) and reject bad arguments with its own generic message before our handler runs.
 */
// biome-ignore lint/complexity/noBannedTypes: zod's own shape type for an object with no declared fields.
export type McpSchemaBridge = z.ZodObject<{}, z.core.$loose>;

/** Wrap a JSON Schema (an object schema) for `registerTool`'s `inputSchema` or `outputSchema`. */
export function mcpSchemaBridge(schema: JsonSchema): McpSchemaBridge {
  // A fresh instance per schema: the metadata and the standard props below belong to it alone.
  const bridge = z.looseObject({}).meta({ ...schema }) as McpSchemaBridge;
  const standard = bridge["~standard"];
  // zod defines a setter for `~standard` precisely so wrappers can replace it on an instance.
  bridge["~standard"] = {
    ...standard,
    validate: (value: unknown) => ({ value: value as Record<string, unknown> }),
    jsonSchema: { input: () => ({ ...schema }), output: () => ({ ...schema }) },
  } as unknown as typeof standard;
  return bridge;
}
