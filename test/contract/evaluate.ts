/**
 * Groups the scenario's exchanges by endpoint and status, finds the spec operation of each, and
 * checks bodies: success bodies against the declared schema (with the allow-list), error bodies
 * against `codersdk.Response`.
 */
import {
  ENDPOINT_RULES,
  type EndpointRule,
  FIELD_ALLOWANCES,
  type FieldAllowance,
  NEWER_THAN_SPEC,
  SPEC_CORRECTIONS,
} from "./allow-list.js";
import { displayPath, type FakeRouteTable } from "./fake-routes.js";
import type { Exchange } from "./scenario.js";
import { type Issue, jsonType, type SchemaChecker } from "./schema-check.js";
import {
  type ChosenResponse,
  chooseResponse,
  ERROR_SCHEMA,
  type MatchedOperation,
  matchOperation,
  type Schema,
  type SwaggerSpec,
  schemaLabel,
} from "./swagger-spec.js";

/** All exchanges of one endpoint (spec operation, or fake route when the spec lacks it) and status. */
export interface Group {
  method: string;
  /** The spec's templated path, or the fake route's (chi style) when not in the spec. */
  path: string;
  status: number;
  /** The fake route that served the requests (as registered), if any. */
  route: string | undefined;
  operation: MatchedOperation | undefined;
  chosen: ChosenResponse | undefined;
  rule: EndpointRule | undefined;
  /** What the bodies are checked against (after any endpoint rule). */
  schema: Schema | undefined;
  /** The definition name shown in titles and the summary. */
  definition: string;
  exchanges: Exchange[];
}

export interface GroupResult {
  failures: string[];
  /** Issues accepted by the allow-list (or an endpoint rule), with the entry that accepted them. */
  allowed: { entry: FieldAllowance | EndpointRule; issue: string }[];
}

const isError = (status: number): boolean => status >= 400;

export function buildGroups(spec: SwaggerSpec, exchanges: Exchange[], routes: FakeRouteTable): Group[] {
  const groups = new Map<string, Group>();
  for (const ex of exchanges) {
    const operation = matchOperation(spec, ex.method, ex.path);
    const route = routes.routeOf(ex.method, ex.path);
    const path = operation?.specPath ?? displayPath(route ?? ex.path);
    const key = `${ex.method} ${path} ${ex.status}`;
    let group = groups.get(key);
    if (!group) {
      const chosen = operation ? chooseResponse(operation.operation, ex.status) : undefined;
      const rule =
        operation && !isError(ex.status)
          ? ENDPOINT_RULES.find((r) => r.method === ex.method && r.specPath === operation.specPath)
          : undefined;
      const schema = isError(ex.status) ? ERROR_SCHEMA : (rule?.schema ?? chosen?.schema);
      group = {
        method: ex.method,
        path,
        status: ex.status,
        route,
        operation,
        chosen,
        rule,
        schema,
        definition: rule?.body === "raw" ? "raw bytes" : rule?.body === "null" ? "null" : schemaLabel(schema),
        exchanges: [],
      };
      groups.set(key, group);
    }
    group.exchanges.push(ex);
  }
  return [...groups.values()];
}

/** The test title of a group. */
export function groupTitle(g: Group): string {
  const head = `${g.method} ${g.path} ${g.status}`;
  if (!g.operation) {
    const ref = !g.route
      ? "no such route"
      : (NEWER_THAN_SPEC[`${g.method} ${g.path}`] ??
        (g.route.startsWith("/api/experimental/")
          ? "pre-GA mirror of /api/v2/tasks, coder-api.md §3.12"
          : "follows coder-api.md"));
    return isError(g.status)
      ? `${head} error body is codersdk.Response (not in spec — ${ref})`
      : `${head} — not in spec, ${ref}`;
  }
  if (isError(g.status)) return `${head} matches codersdk.Response (error body; spec declares no errors)`;
  const fallback = g.chosen?.fallback ? ` (spec declares ${g.chosen.declared}, not ${g.status})` : "";
  if (g.rule?.body === "raw") return `${head} raw body, not checked (allow-listed)${fallback}`;
  if (g.rule?.body === "null")
    return `${head} is JSON null (allow-listed; spec says ${schemaLabel(g.chosen?.schema)})`;
  if (!g.schema) return `${head} has no body (spec: no schema)${fallback}`;
  const override = g.rule?.schema ? ` (allow-listed; spec says ${schemaLabel(g.chosen?.schema)})` : "";
  return `${head} matches ${g.definition}${override}${fallback}`;
}

/** Problems with a 4xx/5xx body: it must be exactly `{message, detail?, validations?}`. */
export function errorBodyProblems(ex: Exchange): string[] {
  const where = `${ex.method} ${ex.path}${ex.search} → ${ex.status}`;
  if (!ex.contentType.startsWith("application/json"))
    return [`${where}: content-type ${ex.contentType || "(none)"}`];
  if (ex.jsonError) return [`${where}: body is not JSON (${ex.jsonError})`];
  const body = ex.json;
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return [`${where}: body is ${jsonType(body)}`];
  const problems: string[] = [];
  const record = body as Record<string, unknown>;
  if (typeof record.message !== "string" || record.message === "") {
    problems.push(`${where}: message must be a non-empty string, got ${jsonType(record.message)}`);
  }
  if ("detail" in record && typeof record.detail !== "string") {
    problems.push(`${where}: detail must be a string, got ${jsonType(record.detail)}`);
  }
  if ("validations" in record) {
    const v = record.validations;
    if (!Array.isArray(v)) problems.push(`${where}: validations must be an array, got ${jsonType(v)}`);
    else {
      v.forEach((item: unknown, i) => {
        const entry = (typeof item === "object" && item !== null ? item : {}) as Record<string, unknown>;
        if (typeof entry.field !== "string" || typeof entry.detail !== "string") {
          problems.push(`${where}: validations[${i}] must be {field: string, detail: string}`);
        }
      });
    }
  }
  for (const key of Object.keys(record)) {
    if (!["message", "detail", "validations"].includes(key)) {
      problems.push(`${where}: unexpected key "${key}" (codersdk.Response has message, detail, validations)`);
    }
  }
  return problems;
}

const allowanceFor = (issue: Issue): FieldAllowance | undefined =>
  FIELD_ALLOWANCES.find(
    (a) =>
      a.kind === issue.kind &&
      a.def === issue.def &&
      a.field === issue.field &&
      (!a.values || a.values.some((v) => issue.actual === `string ${JSON.stringify(v)}`)),
  );

export const formatIssue = (issue: Issue): string => {
  const source = SPEC_CORRECTIONS[issue.def] ? "Go wire format (spec corrected)" : "spec";
  return `${issue.at} (${issue.def}.${issue.field}): ${issue.kind} — ${source} says ${issue.expected}, fake sent ${issue.actual}`;
};

/** Checks every body of a group. */
export function evaluateGroup(g: Group, checker: SchemaChecker): GroupResult {
  const result: GroupResult = { failures: [], allowed: [] };
  for (const ex of g.exchanges) {
    const where = `${ex.method} ${ex.path}${ex.search}`;
    if (isError(ex.status)) {
      result.failures.push(...errorBodyProblems(ex));
      if (g.operation && ex.json !== undefined) {
        for (const issue of checker.check(ex.json, ERROR_SCHEMA, "codersdk.Response")) {
          result.failures.push(`${where}: ${formatIssue(issue)}`);
        }
      }
      continue;
    }
    if (ex.jsonError) {
      result.failures.push(`${where}: content-type is JSON but the body does not parse (${ex.jsonError})`);
      continue;
    }
    if (!g.operation) continue; // Not in the spec: only the error-body and JSON checks apply.
    if (g.rule?.body === "raw") {
      result.allowed.push({ entry: g.rule, issue: `${where}: body not checked` });
      continue;
    }
    if (g.rule?.body === "null") {
      if (ex.json === null) result.allowed.push({ entry: g.rule, issue: `${where}: body is null` });
      else result.failures.push(`${where}: expected a JSON null body, got ${jsonType(ex.json)}`);
      continue;
    }
    if (!g.schema) {
      if (ex.status === 204 && ex.bytes > 0)
        result.failures.push(`${where}: 204 with a ${ex.bytes}-byte body`);
      continue;
    }
    if (ex.json === undefined) {
      result.failures.push(`${where}: expected a JSON ${g.definition}, got content-type ${ex.contentType}`);
      continue;
    }
    if (g.rule?.schema) result.allowed.push({ entry: g.rule, issue: `${where}: checked as ${g.definition}` });
    for (const issue of checker.check(ex.json, g.schema, g.definition)) {
      const allowance = allowanceFor(issue);
      if (allowance) result.allowed.push({ entry: allowance, issue: `${where}: ${formatIssue(issue)}` });
      else result.failures.push(`${where}: ${formatIssue(issue)}`);
    }
  }
  return result;
}

/** `/users/:user/keys/{keyid}` and `/users/{user}/keys/{keyid}` → `/users/{}/keys/{}`. */
export const templateShape = (p: string): string =>
  p
    .split("/")
    .filter((s) => s !== "")
    .map((s) => (s.startsWith(":") || /^\{[^}]+\}$/.test(s) ? "{}" : s))
    .join("/");
