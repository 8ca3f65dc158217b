/**
 * Contract test: the fake Coder deployment against coderd's swagger (coder-swagger.json).
 *
 * The scenario drives every route the fake registers; each response whose method + path is an
 * operation in the spec is checked against that operation's response schema (required fields,
 * property types, enums, loosely `date-time` / `uuid`), with the investigated differences in
 * allow-list.ts. Routes newer than the spec are listed as following coder-api.md. Every 4xx/5xx
 * body must be a `codersdk.Response`.
 *
 * The spec lives outside the repository (`../shared/reference/coder-swagger.json`, cloned beside
 * it in CI); without it the suite is skipped.
 */
import { afterAll, describe, expect, it } from "vitest";
import {
  ENDPOINT_RULES,
  type EndpointRule,
  FIELD_ALLOWANCES,
  type FieldAllowance,
  NEWER_THAN_SPEC,
  SPEC_CORRECTIONS,
} from "./allow-list.js";
import {
  buildGroups,
  errorBodyProblems,
  evaluateGroup,
  type Group,
  type GroupResult,
  groupTitle,
  templateShape,
} from "./evaluate.js";
import { displayPath, FakeRouteTable } from "./fake-routes.js";
import { type Exchange, runScenario } from "./scenario.js";
import { SchemaChecker } from "./schema-check.js";
import {
  listOperations,
  loadSwagger,
  type SwaggerSpec,
  swaggerExists,
  swaggerPath,
  withCorrections,
} from "./swagger-spec.js";

interface Prepared {
  spec: SwaggerSpec;
  exchanges: Exchange[];
  groups: Group[];
  routes: ReturnType<FakeRouteTable["all"]>;
  specShapes: Set<string>;
  checker: SchemaChecker;
}

async function prepare(): Promise<Prepared> {
  const spec = withCorrections(loadSwagger(), SPEC_CORRECTIONS);
  const exchanges = await runScenario();
  const table = new FakeRouteTable();
  try {
    return {
      spec,
      exchanges,
      groups: buildGroups(spec, exchanges, table),
      routes: table.all(),
      specShapes: new Set(
        listOperations(spec).map((op) => {
          const [method, p] = op.split(" ") as [string, string];
          return `${method} ${templateShape(p)}`;
        }),
      ),
      checker: new SchemaChecker(spec),
    };
  } finally {
    table.close();
  }
}

// The scenario runs at collection time so that each endpoint gets its own, precisely named test.
const prepared = swaggerExists ? await prepare() : undefined;

if (!swaggerExists) {
  console.info(`[contract] ${swaggerPath} not found: the swagger contract suite is skipped.`);
}

describe.skipIf(!swaggerExists)("fake Coder vs coder-swagger.json", () => {
  if (!prepared) return;
  const { groups, exchanges, routes, specShapes, checker } = prepared;
  const results = new Map<Group, GroupResult>();
  const resultOf = (g: Group): GroupResult => {
    let r = results.get(g);
    if (!r) {
      r = evaluateGroup(g, checker);
      results.set(g, r);
    }
    return r;
  };
  const sorted = [...groups].sort(
    (a, b) =>
      Number(!a.operation) - Number(!b.operation) ||
      a.path.localeCompare(b.path) ||
      a.method.localeCompare(b.method) ||
      a.status - b.status,
  );

  describe("endpoints in the spec", () => {
    for (const g of sorted.filter((x) => x.operation)) {
      it(groupTitle(g), () => {
        const { failures } = resultOf(g);
        expect(failures, failures.join("\n")).toEqual([]);
      });
    }
  });

  describe("endpoints not in the spec (newer Coder)", () => {
    for (const g of sorted.filter((x) => !x.operation)) {
      it(groupTitle(g), () => {
        const { failures } = resultOf(g);
        expect(failures, failures.join("\n")).toEqual([]);
      });
    }
  });

  it("every scripted request got the status it expected", () => {
    const off = exchanges
      .filter((ex) => ex.expected !== undefined && ex.expected !== ex.status)
      .map(
        (ex) =>
          `[${ex.deployment}] ${ex.method} ${ex.path}${ex.search}: expected ${ex.expected}, got ${ex.status} ${ex.text.slice(0, 200)}`,
      );
    expect(off, off.join("\n")).toEqual([]);
  });

  it("every route the fake registers is exercised (WebSocket follows and /api/experimental mirrors aside)", () => {
    const served = new Set(groups.map((g) => `${g.method} ${g.route}`));
    const missing = routes
      // The pre-GA /api/experimental/tasks routes share the /api/v2/tasks handlers, and the
      // /api/experimental/chats routes (v2.36) the /api/v2/chats ones.
      .filter((r) => !r.path.startsWith("/api/experimental/"))
      // WebSocket-only routes (chat watch and stream) speak no plain HTTP; test/client covers them.
      .filter((r) => !r.socket)
      .filter((r) => !served.has(`${r.method} ${r.path}`))
      .map((r) => `${r.method} ${displayPath(r.path)}`);
    expect(missing, `routes never exercised:\n${missing.join("\n")}`).toEqual([]);
  });

  it("the fake's routes missing from the spec are exactly those coder-api.md documents as newer", () => {
    const notInSpec = routes
      .filter((r) => !r.path.startsWith("/api/experimental/"))
      .filter((r) => !specShapes.has(`${r.method} ${templateShape(displayPath(r.path))}`))
      .map((r) => `${r.method} ${displayPath(r.path)}`);
    expect(notInSpec.sort()).toEqual(Object.keys(NEWER_THAN_SPEC).sort());
  });

  it("every 4xx/5xx body is a codersdk.Response {message, detail?, validations?}", () => {
    const errors = exchanges.filter((ex) => ex.status >= 400);
    expect(errors.length).toBeGreaterThan(20);
    const problems = errors.flatMap(errorBodyProblems);
    expect(problems, problems.join("\n")).toEqual([]);
    expect(
      errors.some((ex) => Array.isArray((ex.json as { validations?: unknown } | undefined)?.validations)),
    ).toBe(true);
  });

  it("every allow-list entry is still needed", () => {
    for (const g of groups) resultOf(g);
    const used = new Set<FieldAllowance | EndpointRule>();
    for (const r of results.values()) for (const a of r.allowed) used.add(a.entry);
    const unused = [...FIELD_ALLOWANCES, ...ENDPOINT_RULES]
      .filter((entry) => !used.has(entry))
      .map((entry) =>
        "def" in entry ? `${entry.kind} ${entry.def}.${entry.field}` : `${entry.method} ${entry.specPath}`,
      );
    expect(unused, `unused allow-list entries:\n${unused.join("\n")}`).toEqual([]);
  });

  afterAll(() => {
    for (const g of groups) resultOf(g);
    console.info(summary(prepared, results));
  });
});

describe.skipIf(swaggerExists)("fake Coder vs coder-swagger.json (spec absent)", () => {
  it.skip(`needs ${swaggerPath} (clone the shared reference beside the repository)`, () => {});
});

function pad(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

function summary(p: Prepared, results: Map<Group, GroupResult>): string {
  const inSpec = p.groups.filter((g) => g.operation);
  const rows = [["METHOD", "PATH", "STATUS", "DEFINITION", "CHECKED", "RESULT"]];
  for (const g of [...inSpec].sort(
    (a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method),
  )) {
    const r = results.get(g);
    const failures = r?.failures.length ?? 0;
    const allowed = r?.allowed.length ?? 0;
    const note = g.chosen?.fallback ? ` (fallback to ${g.chosen.declared})` : "";
    const result = failures > 0 ? `FAIL ${failures}` : allowed > 0 ? `ok, ${allowed} allow-listed` : "ok";
    rows.push([g.method, g.path, String(g.status), g.definition + note, String(g.exchanges.length), result]);
  }

  const newer = p.routes
    .filter((r) => !p.specShapes.has(`${r.method} ${templateShape(displayPath(r.path))}`))
    .map((r) => {
      const key = `${r.method} ${displayPath(r.path)}`;
      const ref =
        NEWER_THAN_SPEC[key] ??
        (r.path.startsWith("/api/experimental/")
          ? "pre-GA mirror of /api/v2/tasks, coder-api.md §3.12"
          : "?");
      return `  ${key} — not in spec — ${ref}`;
    });

  const neverSent: string[] = [];
  for (const [def, cov] of [...p.checker.coverage.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const absent = [...cov.present.entries()].filter(([, n]) => n === 0).map(([prop]) => prop);
    if (absent.length > 0) neverSent.push(`  ${def} (${cov.instances} checked): ${absent.join(", ")}`);
  }

  const allowUse = new Map<FieldAllowance | EndpointRule, number>();
  for (const r of results.values())
    for (const a of r.allowed) allowUse.set(a.entry, (allowUse.get(a.entry) ?? 0) + 1);
  const allowLines = [...allowUse.entries()].map(
    ([e, n]) => `  ${"def" in e ? `${e.kind} ${e.def}.${e.field}` : `${e.method} ${e.specPath}`} ×${n}`,
  );

  return [
    `[contract] ${p.exchanges.length} requests; ${inSpec.length} endpoint/status pairs checked against ${swaggerPath}`,
    pad(rows),
    "",
    `[contract] fake routes the spec does not have (${newer.length}):`,
    ...newer,
    "",
    "[contract] optional spec properties the fake never sent (informational):",
    ...neverSent,
    "",
    "[contract] allow-list entries used:",
    ...allowLines,
    "",
    `[contract] spec definitions corrected to Go's wire keys: ${Object.keys(SPEC_CORRECTIONS).join(", ")}`,
  ].join("\n");
}
