import { describe, expect, it } from "vitest";
import { acceptsNull, nullsToAbsent, toStrictSchema } from "../../../src/adapters/router/strict-schema.js";
import { allTools, toolInputJsonSchema } from "../../../src/tools/index.js";

describe("toStrictSchema", () => {
  it("requires every property, makes optional ones nullable, closes nested objects", () => {
    const schema = {
      type: "object",
      properties: {
        name: { type: "string", minLength: 1 },
        mode: { type: "string", enum: ["a", "b"] },
        pick: { anyOf: [{ type: "string" }, { type: "integer" }] },
        fixed: { const: "x" },
        tags: {
          type: "array",
          items: { type: "object", properties: { k: { type: "string" } } },
          uniqueItems: true,
        },
        any: {},
        maybe: { type: ["string", "null"] },
        choice: { oneOf: [{ type: "string" }, { type: "number" }] },
        d: { type: "integer", default: null },
      },
      required: ["name"],
      additionalProperties: false,
      propertyNames: { pattern: "^[a-z]+$" },
    };
    expect(toStrictSchema(schema)).toEqual({
      type: "object",
      properties: {
        name: { type: "string", minLength: 1 },
        mode: { type: ["string", "null"], enum: ["a", "b", null] },
        pick: { anyOf: [{ type: "string" }, { type: "integer" }, { type: "null" }] },
        fixed: { anyOf: [{ const: "x" }, { type: "null" }] },
        tags: {
          type: ["array", "null"],
          items: {
            type: "object",
            properties: { k: { type: ["string", "null"] } },
            required: ["k"],
            additionalProperties: false,
          },
        },
        any: {},
        maybe: { type: ["string", "null"] },
        choice: { anyOf: [{ type: "string" }, { type: "number" }, { type: "null" }] },
        d: { type: ["integer", "null"] },
      },
      required: ["name", "mode", "pick", "fixed", "tags", "any", "maybe", "choice", "d"],
      additionalProperties: false,
    });
    // The input is left alone.
    expect(schema.required).toEqual(["name"]);
  });

  it("gives up on shapes strict mode cannot express", () => {
    const map = {
      type: "object",
      properties: { m: { type: "object", additionalProperties: { type: "string" } } },
    };
    expect(toStrictSchema(map)).toBeUndefined();
    expect(
      toStrictSchema({ type: "object", properties: { t: { type: "array", prefixItems: [{}] } } }),
    ).toBeUndefined();
    expect(toStrictSchema({ type: "object", properties: { t: { type: "array" } } })).toBeUndefined();
    expect(toStrictSchema({ type: "object", properties: { t: { allOf: [{}] } } })).toBeUndefined();
  });

  it("converts every catalogue tool, or declines it only for a map argument", () => {
    for (const tool of allTools) {
      const input = toolInputJsonSchema(tool);
      const strict = toStrictSchema(input);
      const hasMap = Object.values(input.properties).some(
        (p) => typeof p.additionalProperties === "object" && p.additionalProperties !== null,
      );
      expect(strict === undefined, tool.name).toBe(hasMap);
    }
  });
});

describe("nullsToAbsent", () => {
  const schema = {
    type: "object",
    properties: {
      a: { type: "string" },
      b: { type: ["string", "null"] },
      req: { type: "string" },
      nested: { type: "object", properties: { x: { type: "integer" } } },
      list: { type: "array", items: { type: "object", properties: { y: { type: "string" } } } },
    },
    required: ["req"],
  };

  it("drops nulls the real schema rejects on optional fields, at any depth, and keeps the rest", () => {
    expect(
      nullsToAbsent(
        { a: null, b: null, req: null, nested: { x: null }, list: [{ y: null }, { y: "k" }], extra: null },
        schema,
      ),
    ).toEqual({ b: null, req: null, nested: {}, list: [{}, { y: "k" }], extra: null });
  });

  it("knows which schemas accept null", () => {
    expect(acceptsNull({})).toBe(true);
    expect(acceptsNull({ type: "null" })).toBe(true);
    expect(acceptsNull({ type: ["string", "null"], enum: ["a"] })).toBe(false);
    expect(acceptsNull({ enum: ["a", null] })).toBe(true);
    expect(acceptsNull({ anyOf: [{ type: "string" }, { type: "null" }] })).toBe(true);
    expect(acceptsNull({ const: null })).toBe(true);
    expect(acceptsNull({ type: "string" })).toBe(false);
  });
});
