/**
 * A small reader for the Swagger 2.0 copy of coderd's API (`coder-swagger.json`): the subset of
 * the format the contract test needs (paths, responses, definitions). No validation library is
 * used on purpose: the check is only required fields, property types and enums.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** A JSON Schema node as swaggo writes it. */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema | boolean;
  allOf?: Schema[];
  "x-nullable"?: boolean;
}

export interface ResponseSpec {
  description?: string;
  schema?: Schema;
}

export interface Operation {
  operationId?: string;
  summary?: string;
  deprecated?: boolean;
  responses?: Record<string, ResponseSpec>;
}

export interface SwaggerSpec {
  swagger: string;
  basePath: string;
  paths: Record<string, Record<string, Operation | unknown>>;
  definitions: Record<string, Schema>;
}

/** Repository root (this file lives in `<root>/test/contract`). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * Where CI clones the shared reference material: beside the repository. `CODER_SWAGGER_PATH`
 * overrides it (e.g. to check the skip path, or a newer swagger.json).
 */
export const swaggerPath =
  process.env.CODER_SWAGGER_PATH || path.resolve(repoRoot, "../shared/reference/coder-swagger.json");

export const swaggerExists = existsSync(swaggerPath);

export function loadSwagger(file = swaggerPath): SwaggerSpec {
  return JSON.parse(readFileSync(file, "utf8")) as SwaggerSpec;
}

/**
 * Replaces definitions the spec gets wrong with corrected ones (see SPEC_CORRECTIONS); throws
 * when a corrected definition no longer exists, so stale corrections are noticed.
 */
export function withCorrections(
  spec: SwaggerSpec,
  corrections: Record<string, { schema: Schema }>,
): SwaggerSpec {
  const definitions = { ...spec.definitions };
  for (const [name, { schema }] of Object.entries(corrections)) {
    if (!definitions[name])
      throw new Error(`contract test: SPEC_CORRECTIONS names ${name}, which the spec lacks`);
    definitions[name] = schema;
  }
  return { ...spec, definitions };
}

const HTTP_METHODS = new Set(["get", "put", "post", "delete", "patch", "head", "options"]);

/** An operation found for a concrete request. */
export interface MatchedOperation {
  /** The templated spec path, e.g. `/workspaces/{workspace}`. */
  specPath: string;
  method: string;
  operation: Operation;
}

const segments = (p: string): string[] => p.split("/").filter((s) => s !== "");

/**
 * Finds the operation for `method` + a concrete pathname (`/api/v2/workspaces/<uuid>`).
 * Static segments win over `{param}` segments, left to right, as in chi.
 * Returns undefined for paths outside `basePath` or missing from the spec.
 */
export function matchOperation(
  spec: SwaggerSpec,
  method: string,
  pathname: string,
): MatchedOperation | undefined {
  const base = spec.basePath.replace(/\/+$/, "");
  if (pathname !== base && !pathname.startsWith(`${base}/`)) return undefined;
  const rel = pathname.slice(base.length) || "/";
  const parts = segments(rel).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  const wanted = method.toLowerCase();
  let best: { match: MatchedOperation; score: number[] } | undefined;
  for (const [specPath, item] of Object.entries(spec.paths)) {
    const specParts = segments(specPath);
    if (specParts.length !== parts.length) continue;
    const score: number[] = [];
    let ok = true;
    for (let i = 0; i < parts.length && ok; i++) {
      const seg = specParts[i]!;
      if (/^\{[^}]+\}$/.test(seg)) score.push(0);
      else if (seg === parts[i]) score.push(1);
      else ok = false;
    }
    if (!ok) continue;
    const operation = item[wanted];
    if (!HTTP_METHODS.has(wanted) || !operation || typeof operation !== "object") continue;
    if (!best || compareScores(score, best.score) > 0) {
      best = { match: { specPath, method: method.toUpperCase(), operation: operation as Operation }, score };
    }
  }
  return best?.match;
}

function compareScores(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
  }
  return 0;
}

/** The response declaration chosen for a status code. */
export interface ChosenResponse {
  /** The response key used (`"200"`, `"201"`, `"default"`), or `"error"` for the implicit error body. */
  declared: string;
  /** True when the exact status is not declared and a 2xx / default declaration was used instead. */
  fallback: boolean;
  schema: Schema | undefined;
}

/** coderd answers every error with `codersdk.Response`; the spec declares no error responses. */
export const ERROR_SCHEMA: Schema = { $ref: "#/definitions/codersdk.Response" };

/**
 * The schema to check a response against: the exact status if declared; for another 2xx the
 * operation's `200`, `201`, `default` or first 2xx declaration (a fallback); for 4xx/5xx
 * `codersdk.Response`.
 */
export function chooseResponse(operation: Operation, status: number): ChosenResponse {
  const responses = operation.responses ?? {};
  const exact = responses[String(status)];
  if (exact) return { declared: String(status), fallback: false, schema: exact.schema };
  if (status >= 400) return { declared: "error", fallback: false, schema: ERROR_SCHEMA };
  for (const key of ["200", "201", "default", ...Object.keys(responses).filter((k) => /^2\d\d$/.test(k))]) {
    const declared = responses[key];
    if (declared) return { declared: key, fallback: true, schema: declared.schema };
  }
  return { declared: "none", fallback: true, schema: undefined };
}

/** `#/definitions/codersdk.Workspace` → `codersdk.Workspace`. */
export const refName = (ref: string): string => ref.replace(/^#\/definitions\//, "");

/** A short name for a response schema: `codersdk.Workspace`, `codersdk.TemplateVersion[]`, `no schema`. */
export function schemaLabel(schema: Schema | undefined): string {
  if (!schema) return "no schema";
  if (schema.$ref) return refName(schema.$ref);
  if (schema.type === "array") return `${schemaLabel(schema.items)}[]`;
  if (schema.allOf?.length === 1) return schemaLabel(schema.allOf[0]);
  return schema.type ?? "any";
}

/** Every operation of the spec as `METHOD /path`. */
export function listOperations(spec: SwaggerSpec): string[] {
  const out: string[] = [];
  for (const [p, item] of Object.entries(spec.paths)) {
    for (const method of Object.keys(item)) {
      if (HTTP_METHODS.has(method)) out.push(`${method.toUpperCase()} ${p}`);
    }
  }
  return out;
}
