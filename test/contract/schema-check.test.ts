/**
 * Self-test of the contract test's own machinery: the schema checker must catch what it claims
 * to catch, and the path matcher must pick operations the way chi routes.
 */
import { describe, expect, it } from "vitest";
import { createFakeCoder } from "../../src/testing/index.js";
import { SchemaChecker } from "./schema-check.js";
import {
  chooseResponse,
  loadSwagger,
  matchOperation,
  type SwaggerSpec,
  swaggerExists,
} from "./swagger-spec.js";

const spec: SwaggerSpec = {
  swagger: "2.0",
  basePath: "/api/v2",
  paths: {
    "/": { get: { responses: { "200": { schema: { $ref: "#/definitions/thing" } } } } },
    "/things/{thing}": {
      get: { responses: { "200": { schema: { $ref: "#/definitions/thing" } } } },
      post: { responses: { "201": { schema: { $ref: "#/definitions/thing" } } } },
    },
    "/things/mine": {
      get: { responses: { "200": { schema: { type: "array", items: { type: "string" } } } } },
    },
    "/things/{thing}/parts": { put: { responses: { "204": { description: "No Content" } } } },
  },
  definitions: {
    state: { type: "string", enum: ["on", "off", "broken"] },
    part: { type: "object", required: ["n"], properties: { n: { type: "integer" } } },
    thing: {
      type: "object",
      required: ["id", "name"],
      properties: {
        id: { type: "string", format: "uuid" },
        name: { type: "string" },
        at: { type: "string", format: "date-time" },
        ratio: { type: "number" },
        ok: { type: "boolean" },
        state: { enum: ["on", "off"], allOf: [{ $ref: "#/definitions/state" }] },
        parts: { type: "array", items: { $ref: "#/definitions/part" } },
        labels: { type: "object", additionalProperties: { type: "string" } },
        maybe: { type: "string", "x-nullable": true },
        gone: { $ref: "#/definitions/nowhere" },
      },
    },
  },
};

const good = {
  id: "5b1e3c0a-1f2d-4e5f-8a9b-0c1d2e3f4a5b",
  name: "a",
  at: "2025-01-02T03:04:05.123456Z",
  ratio: 0.5,
  ok: true,
  state: "on",
  parts: [{ n: 1 }],
  labels: { x: "y" },
  maybe: null,
  extra: { anything: [1, "two"] },
};

const ref = { $ref: "#/definitions/thing" };

describe("contract machinery: SchemaChecker", () => {
  it("accepts a conforming body, extra properties and x-nullable nulls", () => {
    expect(new SchemaChecker(spec).check(good, ref)).toEqual([]);
  });

  it("reports missing required fields, wrong types, bad formats, nulls and enum values", () => {
    const bad = {
      id: "not-a-uuid",
      at: "yesterday",
      ratio: "0.5",
      ok: 1,
      state: "broken",
      parts: [{ n: 1.5 }, {}],
      labels: { x: 3 },
      gone: 1,
    };
    const issues = new SchemaChecker(spec).check(bad, ref);
    const brief = issues.map((i) => `${i.kind} ${i.at} ${i.def}.${i.field}`);
    expect(brief).toEqual(
      expect.arrayContaining([
        "missing $.name thing.name",
        "format $.id thing.id",
        "format $.at thing.at",
        "type $.ratio thing.ratio",
        "type $.ok thing.ok",
        "enum $.state thing.state",
        "type $.parts[0].n part.n",
        "missing $.parts[1].n part.n",
        "type $.labels.x thing.labels.*",
        "unresolved $.gone thing.gone",
      ]),
    );
    expect(issues).toHaveLength(10);
    // "broken" is in the type's enum but not in the field's: one enum issue, from the field-level list.
    expect(issues.find((i) => i.kind === "enum")?.expected).toBe('one of "on", "off"');
  });

  it("reports null where the schema does not allow it, and non-objects", () => {
    const checker = new SchemaChecker(spec);
    expect(checker.check({ ...good, name: null }, ref).map((i) => i.kind)).toEqual(["null"]);
    expect(checker.check([good], ref).map((i) => `${i.kind} ${i.actual}`)).toEqual(["type array"]);
    expect(checker.check(null, ref).map((i) => i.kind)).toEqual(["null"]);
  });

  it("counts which properties of each definition were present", () => {
    const checker = new SchemaChecker(spec);
    checker.check({ id: good.id, name: "b" }, ref);
    const cov = checker.coverage.get("thing");
    expect(cov?.instances).toBe(1);
    expect(cov?.present.get("name")).toBe(1);
    expect(cov?.present.get("labels")).toBe(0);
  });
});

describe("contract machinery: operation matching", () => {
  it("matches templated paths, prefers static segments, and respects basePath and methods", () => {
    expect(matchOperation(spec, "GET", "/api/v2/things/abc")?.specPath).toBe("/things/{thing}");
    expect(matchOperation(spec, "GET", "/api/v2/things/mine")?.specPath).toBe("/things/mine");
    expect(matchOperation(spec, "POST", "/api/v2/things/mine")?.specPath).toBe("/things/{thing}");
    expect(matchOperation(spec, "GET", "/api/v2")?.specPath).toBe("/");
    expect(matchOperation(spec, "DELETE", "/api/v2/things/abc")).toBeUndefined();
    expect(matchOperation(spec, "GET", "/api/experimental/things/abc")).toBeUndefined();
  });

  it("falls back to the declared success response, and uses codersdk.Response for errors", () => {
    const post = matchOperation(spec, "POST", "/api/v2/things/x")!.operation;
    expect(chooseResponse(post, 201)).toMatchObject({ declared: "201", fallback: false });
    expect(chooseResponse(post, 200)).toMatchObject({ declared: "201", fallback: true });
    expect(chooseResponse(post, 404)).toMatchObject({
      declared: "error",
      schema: { $ref: "#/definitions/codersdk.Response" },
    });
    const put = matchOperation(spec, "PUT", "/api/v2/things/x/parts")!.operation;
    expect(chooseResponse(put, 204)).toMatchObject({ declared: "204", schema: undefined });
  });
});

describe.skipIf(!swaggerExists)("contract machinery: against the real spec", () => {
  it("catches a corrupted Workspace from the fake", async () => {
    const real = swaggerExists ? loadSwagger() : spec;
    const fake = createFakeCoder({ buildStepMs: 1 });
    try {
      const ws = structuredClone(fake.inspect.workspaces()[0]!) as unknown as Record<string, unknown>;
      const build = ws.latest_build as Record<string, unknown>;
      build.build_number = "1";
      build.transition = "create";
      ws.health = { healthy: "yes", failing_agents: [] };
      const issues = new SchemaChecker(real).check(ws, { $ref: "#/definitions/codersdk.Workspace" });
      expect(issues.map((i) => `${i.kind} ${i.at}`)).toEqual(
        expect.arrayContaining([
          "type $.latest_build.build_number",
          "enum $.latest_build.transition",
          "type $.health.healthy",
        ]),
      );
    } finally {
      await fake.close();
    }
  });
});
