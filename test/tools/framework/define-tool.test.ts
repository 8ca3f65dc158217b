import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import {
  type AnyToolDefinition,
  callTool,
  DESTRUCTIVE,
  defineTool,
  MUTATION,
  READ_ONLY,
  type ToolAnnotations,
  ToolDefinitionError,
} from "../../../src/tools/index.js";
import { testContext } from "./helpers.js";

const base = {
  title: "T",
  description: "D",
  toolset: "users" as const,
  annotations: READ_ONLY,
  input: z.object({}),
  output: z.object({}),
  handler: () => ({}),
};

describe("annotation constants", () => {
  it("match the catalog's three classes", () => {
    expect(READ_ONLY).toEqual({
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    });
    expect(MUTATION).toEqual({
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
      openWorldHint: false,
    });
    expect(DESTRUCTIVE).toEqual({
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: false,
      openWorldHint: false,
    });
    expect(Object.isFrozen(READ_ONLY)).toBe(true);
  });
});

describe("defineTool", () => {
  it("returns a frozen definition with the same fields", () => {
    const tool = defineTool({ ...base, name: "coder_get_thing" });
    expect(tool.name).toBe("coder_get_thing");
    expect(tool.annotations).toEqual(READ_ONLY);
    expect(Object.isFrozen(tool)).toBe(true);
    // Assignable to the type-erased list type.
    const list: AnyToolDefinition[] = [tool];
    expect(list).toHaveLength(1);
  });

  it.each([
    ["Coder_Upper", "upper case"],
    ["coder-dash", "dash"],
    ["coder.dot", "dot"],
    ["", "empty"],
    ["a".repeat(65), "65 characters"],
  ])("rejects the name %j (%s)", (name) => {
    expect(() => defineTool({ ...base, name })).toThrow(ToolDefinitionError);
    expect(() => defineTool({ ...base, name })).toThrow(/name must match/);
  });

  it("accepts a 64-character name", () => {
    expect(defineTool({ ...base, name: "a".repeat(64) }).name).toHaveLength(64);
  });

  it("requires all four annotation hints", () => {
    const partial = { readOnlyHint: true, destructiveHint: false } as unknown as ToolAnnotations;
    expect(() => defineTool({ ...base, name: "x", annotations: partial })).toThrow(
      /missing: idempotentHint, openWorldHint/,
    );
  });

  it("rejects a malformed toolset id and accepts a toolset of the author's own", () => {
    expect(() => defineTool({ ...base, name: "x", toolset: "My Tools" })).toThrow(
      'tool "x": toolset "My Tools" must match /^[a-z][a-z0-9_]{0,63}$/ (lower-case letters, digits and _, starting with a letter)',
    );
    expect(defineTool({ ...base, name: "x", toolset: "my_tools" }).toolset).toBe("my_tools");
  });

  it("rejects a non-object input schema, an empty title and an empty description", () => {
    const bad = z.string() as unknown as typeof base.input;
    expect(() => defineTool({ ...base, name: "x", input: bad })).toThrow(/input must be a zod object schema/);
    expect(() => defineTool({ ...base, name: "x", title: " " })).toThrow(/title must not be empty/);
    expect(() => defineTool({ ...base, name: "x", description: "" })).toThrow(
      /description must not be empty/,
    );
  });
});

describe("types", () => {
  it("infers the handler's input and callTool's value from the schemas", async () => {
    const tool = defineTool({
      ...base,
      name: "typed",
      input: z.object({ id: z.string(), limit: z.int().default(10) }),
      output: z.object({ ids: z.array(z.string()) }),
      handler(input, ctx) {
        expectTypeOf(input).toEqualTypeOf<{ id: string; limit: number }>();
        expectTypeOf(ctx.limits.maxResultBytes).toBeNumber();
        return { ids: Array.from({ length: Math.min(input.limit, 2) }, () => input.id) };
      },
    });
    const result = await callTool(tool, { id: "a" }, testContext());
    if (!result.ok) throw new Error(result.text);
    expectTypeOf(result.value).toEqualTypeOf<{ ids: string[] }>();
    expect(result.value).toEqual({ ids: ["a", "a"] });
  });
});
