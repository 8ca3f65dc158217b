import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  defineTool,
  READ_ONLY,
  ToolDefinitionError,
  toolInputJsonSchema,
  toolOutputJsonSchema,
} from "../../../src/tools/index.js";
import { makeToolFamily, makeValidationTool } from "./helpers.js";

describe("toolInputJsonSchema", () => {
  it("derives a 2020-12 object schema with properties, required and additionalProperties: false", () => {
    const { tool } = makeValidationTool();
    expect(toolInputJsonSchema(tool)).toEqual({
      type: "object",
      properties: {
        mode: { type: "string", enum: ["allowed"], description: "Must be allowed" },
        value: {
          type: "integer",
          minimum: 1,
          maximum: Number.MAX_SAFE_INTEGER,
          description: "A positive integer",
        },
      },
      required: ["mode", "value"],
      additionalProperties: false,
    });
    expect(Object.keys(toolInputJsonSchema(tool))).toEqual([
      "type",
      "properties",
      "required",
      "additionalProperties",
    ]);
  });

  it("caches: the same object on every call, frozen", () => {
    const { tool } = makeValidationTool();
    const first = toolInputJsonSchema(tool);
    expect(toolInputJsonSchema(tool)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.properties)).toBe(true);
  });

  it("leaves out required when nothing is required, but always has properties", () => {
    const whoami = makeToolFamily()[0];
    if (!whoami) throw new Error("missing tool");
    expect(toolInputJsonSchema(whoami)).toEqual({
      type: "object",
      properties: {},
      additionalProperties: false,
    });
    // Fields with defaults are optional for the caller.
    const list = makeToolFamily()[1];
    if (!list) throw new Error("missing tool");
    expect(toolInputJsonSchema(list)).toEqual({
      type: "object",
      properties: { owner: { type: "string", default: "me" } },
      additionalProperties: false,
    });
  });

  it("has no $schema keyword", () => {
    const { tool } = makeValidationTool();
    expect("$schema" in toolInputJsonSchema(tool)).toBe(false);
    expect("$schema" in toolOutputJsonSchema(tool)).toBe(false);
  });

  it("fails with the tool's name for a schema JSON Schema cannot express", () => {
    const tool = defineTool({
      name: "dated",
      title: "Dated",
      description: "Has a bigint.",
      toolset: "users",
      annotations: READ_ONLY,
      input: z.object({ n: z.bigint() }),
      output: z.object({}),
      handler: () => ({}),
    });
    expect(() => toolInputJsonSchema(tool)).toThrow(ToolDefinitionError);
    expect(() => toolInputJsonSchema(tool)).toThrow(
      /tool "dated": input schema cannot be expressed as JSON Schema/,
    );
  });
});

describe("toolOutputJsonSchema", () => {
  it("derives the output side of the schema and caches it", () => {
    const { tool } = makeValidationTool();
    const schema = toolOutputJsonSchema(tool);
    expect(schema).toEqual({
      type: "object",
      properties: { mode: { type: "string" }, value: { type: "number" } },
      required: ["mode", "value"],
      additionalProperties: false,
    });
    expect(toolOutputJsonSchema(tool)).toBe(schema);
  });
});
