import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { utf8ByteLength } from "../../src/tools/framework/shaping.js";
import {
  type AnyToolDefinition,
  allTools,
  type ToolResult,
  toolInputJsonSchema,
} from "../../src/tools/index.js";
import { useToolHarness } from "../support/tool-harness.js";
import { virtualClock } from "./workspaces/helpers.js";

/**
 * Every tool called with generated arguments, valid-looking and adversarial, against the fake
 * deployment. Whatever comes in, a call settles as a result: never a throw, an unhandled rejection
 * or a crash, never a known token, never more than the byte cap. `FUZZ_RUNS` sets the calls per
 * tool (default 80, about 2,400 calls); `FUZZ_SEED` replays a run.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 80);
const SEED = Number(process.env.FUZZ_SEED ?? 20261126);
const MAX_BYTES = 4_096;

interface PropertySchema {
  type?: string | string[];
  enum?: unknown[];
  anyOf?: PropertySchema[];
  items?: PropertySchema;
  additionalProperties?: PropertySchema | boolean;
  properties?: Record<string, PropertySchema>;
}

describe("fuzzing every tool through the call path", () => {
  const h = useToolHarness({ buildStepMs: 1 });
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeEach(() => {
    process.on("unhandledRejection", onUnhandled);
  });
  afterEach(() => {
    process.off("unhandledRejection", onUnhandled);
  });

  /** Strings a model (or an attacker) might send, seeded with names and ids that exist. */
  function stringArbitrary(): fc.Arbitrary<string> {
    const fake = h.fake.inspect;
    const real = [
      "me",
      "admin",
      "alice",
      "admin/dev",
      "alice/alice-dev",
      "dev.main",
      "templates",
      "workspaces/owner:me status:running",
      ...fake.workspaces().map((w) => w.id),
      ...fake.templates().flatMap((t) => [t.id, t.active_version_id, t.name]),
      ...fake.workspaces().map((w) => w.latest_build.id),
      ...fake
        .workspaces()
        .flatMap((w) => w.latest_build.resources.flatMap((r) => (r.agents ?? []).map((a) => a.id))),
      "00000000-0000-0000-0000-000000000000",
      h.fake.owner.token,
      h.fake.member.token,
    ];
    return fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...real) },
      { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
      { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          "\ud800",
          "a\udfffb",
          "\u0000\u0007\u001b[2J",
          "../../etc/passwd",
          "%00%2F",
          'owner:"me"',
        ),
      },
      { weight: 1, arbitrary: fc.constantFrom("x".repeat(300), "é".repeat(70_000), "y".repeat(1 << 20)) },
    );
  }

  const junk = (): fc.Arbitrary<unknown> =>
    fc.oneof(
      fc.constant(null),
      fc.boolean(),
      fc.integer(),
      fc.double(),
      fc.constantFrom(2 ** 53 + 2, -(2 ** 63), Number.MAX_VALUE, -0),
      stringArbitrary(),
      fc.constant([1, "two", { three: 3 }]),
      fc.constant(JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {}}}')),
      fc.constant(deepNesting(2_000)),
    );

  function valueFor(schema: PropertySchema): fc.Arbitrary<unknown> {
    if (schema.enum)
      return fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...schema.enum) },
        { weight: 1, arbitrary: junk() },
      );
    if (schema.anyOf) return fc.oneof(...schema.anyOf.map(valueFor));
    const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
    const typed: fc.Arbitrary<unknown> =
      type === "string"
        ? stringArbitrary()
        : type === "integer"
          ? fc.oneof(fc.integer({ min: -10, max: 70_000 }), fc.constantFrom(0, 1, 2 ** 53 + 1))
          : type === "number"
            ? fc.double({ noNaN: false })
            : type === "boolean"
              ? fc.boolean()
              : type === "array"
                ? fc.array(valueFor(schema.items ?? {}), { maxLength: 4 })
                : type === "object"
                  ? fc.dictionary(
                      fc.oneof(stringArbitrary(), fc.constant("__proto__")),
                      typeof schema.additionalProperties === "object"
                        ? valueFor(schema.additionalProperties)
                        : junk(),
                      { maxKeys: 4 },
                    )
                  : junk();
    return fc.oneof({ weight: 5, arbitrary: typed }, { weight: 1, arbitrary: junk() });
  }

  /** Arguments for `tool`: its fields filled with plausible or hostile values, or raw junk. */
  function argumentsFor(tool: AnyToolDefinition): fc.Arbitrary<unknown> {
    const schema = toolInputJsonSchema(tool) as PropertySchema;
    const fields = Object.entries(schema.properties ?? {});
    const record: fc.Arbitrary<Record<string, unknown>> = fc.record(
      Object.fromEntries(fields.map(([name, field]) => [name, valueFor(field)])),
      { requiredKeys: [] },
    );
    const withExtra = fc
      .tuple(record, fc.dictionary(fc.string({ maxLength: 8 }), junk(), { maxKeys: 2 }))
      .map(([a, b]) => ({ ...b, ...a }));
    return fc.oneof(
      { weight: 6, arbitrary: record },
      { weight: 2, arbitrary: record.map((args) => JSON.stringify(args)) },
      { weight: 1, arbitrary: withExtra },
      {
        weight: 1,
        arbitrary: fc.oneof(
          junk(),
          fc.constantFrom("{", '{"a":', "[1,2", "null", '"text"', "   ", "{}}", '{"x":1e999999}', "\u0000"),
          fc.string({ maxLength: 30 }),
        ),
      },
    );
  }

  it(`settles ${RUNS} generated calls per tool as bounded, token-free results (seed ${SEED})`, async () => {
    const tokens = [h.fake.owner.token];
    let calls = 0;
    const kinds = new Map<string, number>();
    for (const tool of allTools) {
      await fc.assert(
        fc.asyncProperty(argumentsFor(tool), async (args) => {
          const ctx = h.context({
            clock: virtualClock(),
            limits: { maxResultBytes: MAX_BYTES, jobWaitMs: 20, logBudgetBytes: 1_024 },
          });
          let result: ToolResult;
          try {
            result = await h.call(tool, args, ctx);
          } catch (error) {
            throw new Error(`${tool.name} threw: ${String(error)}`);
          }
          calls += 1;
          const kind = result.ok ? "ok" : result.error.kind;
          kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
          if (!result.ok && result.error.kind === "crash")
            throw new Error(`${tool.name} crashed: ${result.text}`);
          const serialized = JSON.stringify(result);
          for (const token of tokens) {
            if (serialized.includes(token))
              throw new Error(`${tool.name} returned a known token: ${result.text}`);
          }
          if (utf8ByteLength(result.text) > MAX_BYTES) {
            throw new Error(`${tool.name} returned ${utf8ByteLength(result.text)} bytes`);
          }
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
    }
    expect(calls).toBeGreaterThanOrEqual(RUNS * allTools.length);
    // The generator reaches both sides of the call path, not only input errors.
    expect(kinds.get("ok") ?? 0).toBeGreaterThan(allTools.length);
    expect(kinds.get("input") ?? 0).toBeGreaterThan(allTools.length);
    expect((kinds.get("api") ?? 0) + (kinds.get("tool") ?? 0)).toBeGreaterThan(allTools.length);
    expect(unhandled).toEqual([]);
  }, 240_000);
});

function deepNesting(depth: number): unknown {
  let value: unknown = "bottom";
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}
