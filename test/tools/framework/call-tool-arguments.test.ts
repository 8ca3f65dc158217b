import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  callTool,
  defineTool,
  MUTATION,
  READ_ONLY,
  type ToolFailure,
  type ToolResult,
} from "../../../src/tools/index.js";
import { makeValidationTool, testContext } from "./helpers.js";

function expectFailure(result: ToolResult): ToolFailure {
  if (result.ok) throw new Error(`expected a failure, got ${result.text}`);
  return result;
}

describe("argument validation (catalog §6.1)", () => {
  it.each([
    ["missing required", { mode: "allowed" }, ["required", "value"], "$.value", "required"],
    ["wrong type", { mode: "allowed", value: false }, ["type", "value"], "$.value", "type"],
    ["below minimum", { mode: "allowed", value: 0 }, ["minimum", "value"], "$.value", "minimum"],
    ["bad enum", { mode: "denied", value: 1 }, ["enum", "mode"], "$.mode", "enum"],
    [
      "unknown property",
      { mode: "allowed", value: 1, unknown: true },
      ["unexpected additional properties", "unknown"],
      "$",
      "additional_properties",
    ],
  ])("%s: error names the rule and the field; handler not called", async (_case, args, words, path, code) => {
    const { tool, calls } = makeValidationTool();
    const result = expectFailure(await callTool(tool, JSON.stringify(args), testContext()));
    expect(result.error.kind).toBe("input");
    if (result.error.kind !== "input") return;
    for (const word of words) expect(result.text).toContain(word);
    expect(result.text.startsWith("invalid arguments: ")).toBe(true);
    expect(result.error.issues).toHaveLength(1);
    expect(result.error.issues[0]).toMatchObject({ path, code });
    expect(calls).toEqual([]);
  });

  it("words each message precisely", async () => {
    const { tool } = makeValidationTool();
    const ctx = testContext();
    const texts = await Promise.all(
      [
        { mode: "allowed" },
        { mode: "allowed", value: false },
        { mode: "allowed", value: 0 },
        { mode: "denied", value: 1 },
      ].map(async (args) => expectFailure(await callTool(tool, args, ctx)).text),
    );
    expect(texts).toEqual([
      "invalid arguments: $.value: required property is missing (expected integer (>= 1))",
      "invalid arguments: $.value: wrong type: expected integer (>= 1), received boolean false",
      "invalid arguments: $.value: below minimum: must be >= 1, received number 0",
      'invalid arguments: $.mode: not an allowed enum value: expected one of "allowed", received string "denied"',
    ]);
    const extra = expectFailure(await callTool(tool, { mode: "allowed", value: 1, unknown: 1 }, ctx));
    expect(extra.text).toBe(
      "invalid arguments: $: unexpected additional properties: unknown (allowed properties: mode, value)",
    );
  });

  it("lists every failing field, sorted by path", async () => {
    const { tool, calls } = makeValidationTool();
    const result = expectFailure(await callTool(tool, { value: "x", zeta: 1 }, testContext()));
    if (result.error.kind !== "input") throw new Error("expected input error");
    expect(result.error.issues.map((i) => [i.path, i.code])).toEqual([
      ["$", "additional_properties"],
      ["$.mode", "required"],
      ["$.value", "type"],
    ]);
    expect(result.text).toMatch(/^invalid arguments: \$: .*; \$\.mode: .*; \$\.value: /);
    expect(calls).toEqual([]);
  });

  it("rejects a non-integer number for an integer field", async () => {
    const { tool, calls } = makeValidationTool();
    const result = expectFailure(await callTool(tool, '{"mode":"allowed","value":8080.5}', testContext()));
    expect(result.text).toBe(
      "invalid arguments: $.value: wrong type: expected integer (>= 1), received non-integer number 8080.5",
    );
    expect(calls).toEqual([]);
  });

  it("reports nested paths and union types", async () => {
    const tool = defineTool({
      name: "nested",
      title: "Nested",
      description: "Nested input.",
      toolset: "workspaces",
      annotations: MUTATION,
      input: z.object({
        id: z.union([z.string(), z.int()]),
        files: z.array(z.object({ path: z.string().min(1) })),
        tags: z.array(z.string()).max(2).optional(),
      }),
      output: z.object({}),
      handler: () => ({}),
    });
    const result = expectFailure(
      await callTool(
        tool,
        { id: true, files: [{ path: "" }, { path: 3 }, {}], tags: ["a", "b", "c"] },
        testContext(),
      ),
    );
    expect(result.text).toBe(
      "invalid arguments: " +
        "$.files[0].path: below minimum: at least 1 character, received 0 characters; " +
        "$.files[1].path: wrong type: expected string, received number 3; " +
        "$.files[2].path: required property is missing (expected string); " +
        "$.id: wrong type: expected string or integer, received boolean true; " +
        "$.tags: above maximum: at most 2 items, received 3 items",
    );
  });
});

describe("argument decoding", () => {
  it.each([
    ["undefined", undefined],
    ["null", null],
    ["empty string", ""],
    ["blank string", "  \n"],
    ["JSON null", "null"],
    ["empty object", {}],
  ])("%s means {} and calls the handler", async (_case, raw) => {
    const seen: unknown[] = [];
    const tool = defineTool({
      name: "no_args",
      title: "No args",
      description: "Takes nothing.",
      toolset: "users",
      annotations: READ_ONLY,
      input: z.object({}),
      output: z.object({}),
      handler(input) {
        seen.push(input);
        return {};
      },
    });
    const result = await callTool(tool, raw, testContext());
    expect(result).toEqual({ ok: true, value: {}, text: "{}", structured: {} });
    expect(seen).toEqual([{}]);
  });

  it("reports invalid JSON at $", async () => {
    const { tool, calls } = makeValidationTool();
    const result = expectFailure(await callTool(tool, '{"mode": "allowed",', testContext()));
    if (result.error.kind !== "input") throw new Error("expected input error");
    expect(result.error.issues).toEqual([
      { path: "$", code: "json", message: expect.stringMatching(/^arguments are not valid JSON: /) },
    ]);
    expect(result.text).toMatch(/^invalid arguments: \$: arguments are not valid JSON: /);
    expect(calls).toEqual([]);
  });

  it("rejects arguments that are not an object", async () => {
    const { tool } = makeValidationTool();
    const result = expectFailure(await callTool(tool, "[1,2]", testContext()));
    expect(result.text).toBe(
      "invalid arguments: $: wrong type: arguments must be a JSON object, received array",
    );
  });

  it("preserves integers beyond 2^53 in a JSON string", async () => {
    const seen: unknown[] = [];
    const tool = defineTool({
      name: "large_id",
      title: "Large ID",
      description: "Takes an ID.",
      toolset: "users",
      annotations: READ_ONLY,
      input: z.object({ id: z.union([z.string(), z.int()]), small: z.int().optional() }),
      output: z.object({ id: z.union([z.string(), z.int()]) }),
      handler(input) {
        seen.push(input.id);
        return { id: input.id };
      },
    });
    const result = await callTool(tool, '{"id": 9007199254740993, "small": 42}', testContext());
    expect(seen).toEqual(["9007199254740993"]);
    expect(result).toMatchObject({ ok: true, text: '{"id":"9007199254740993"}' });

    // A plain integer field cannot hold it, and the error says why.
    const strict = defineTool({ ...tool, name: "large_int", input: z.object({ id: z.int() }) });
    const rejected = expectFailure(await callTool(strict, '{"id": 9007199254740993}', testContext()));
    expect(rejected.text).toContain("received integer 9007199254740993, which is beyond ±9007199254740991");
  });

  it("handles 32 concurrent calls independently", async () => {
    const tool = defineTool({
      name: "echo",
      title: "Echo",
      description: "Echoes n after a tick.",
      toolset: "users",
      annotations: READ_ONLY,
      input: z.object({ n: z.int(), labels: z.record(z.string(), z.string()).optional() }),
      output: z.object({ n: z.int() }),
      async handler({ n }, { clock }) {
        await clock.sleep(n % 3);
        return { n };
      },
    });
    const ctx = testContext();
    const results = await Promise.all(
      Array.from({ length: 32 }, (_, n) =>
        callTool(tool, JSON.stringify({ n, labels: { k: `v${n}` } }), ctx),
      ),
    );
    expect(results.map((r) => (r.ok ? r.value.n : -1))).toEqual(Array.from({ length: 32 }, (_, n) => n));
  });
});
