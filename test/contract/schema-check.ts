/**
 * A focused checker of JSON values against swaggo-generated Swagger 2.0 schemas: `$ref`s into
 * `definitions`, `allOf`, required properties, property types (string / integer / number /
 * boolean / array / object), `format: date-time | uuid` (loosely), enums, array items and map
 * values. Properties the schema does not list are allowed (the fake follows newer Coder).
 *
 * It reports every difference; deciding which ones are acceptable is the allow-list's job.
 */
import { refName, type Schema, type SwaggerSpec } from "./swagger-spec.js";

export type IssueKind = "missing" | "type" | "null" | "format" | "enum" | "unresolved";

/** One difference between a value and its schema. */
export interface Issue {
  /** Where in the body, e.g. `$.latest_build.job.status`. */
  at: string;
  kind: IssueKind;
  /**
   * The definition owning the field, e.g. `codersdk.WorkspaceBuild`; inline objects are named
   * after their parent (`codersdk.WorkspaceAgent.environment_variables`).
   */
  def: string;
  /** The property name, or `*` for a map value. */
  field: string;
  expected: string;
  actual: string;
}

/** How often each property of a definition was present, across every checked instance. */
export type Coverage = Map<string, { instances: number; present: Map<string, number> }>;

interface Owner {
  def: string;
  field: string;
}

interface Resolved {
  schema: Schema;
  /** The definition the schema came from, if it was a `$ref`. */
  defName: string | undefined;
  /** Enum lists met on the way (a property-level `enum` next to an `allOf` `$ref`, the type's own enum). */
  enums: unknown[][];
  nullable: boolean;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** A short description of a JSON value's type, for messages. */
export function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

const describe = (value: unknown): string => {
  const type = jsonType(value);
  if (type === "string" || type === "integer" || type === "number" || type === "boolean") {
    return `${type} ${JSON.stringify(value)}`;
  }
  return type;
};

const childPath = (at: string, key: string): string =>
  /^[A-Za-z_$][\w$]*$/.test(key) ? `${at}.${key}` : `${at}[${JSON.stringify(key)}]`;

/** The checker for one spec; `check` may be called for many bodies and accumulates coverage. */
export class SchemaChecker {
  readonly coverage: Coverage = new Map();

  constructor(private readonly spec: SwaggerSpec) {}

  /** Checks `value` against `schema`; `label` names the top-level owner in issues. */
  check(value: unknown, schema: Schema, label = "(response)"): Issue[] {
    const issues: Issue[] = [];
    this.visit(value, schema, "$", { def: label, field: "(body)" }, issues);
    return issues;
  }

  private resolve(schema: Schema, issues: Issue[], at: string, owner: Owner): Resolved | undefined {
    let current = schema;
    let defName: string | undefined;
    const enums: unknown[][] = [];
    let nullable = false;
    for (let depth = 0; depth < 32; depth++) {
      if (current.enum) enums.push(current.enum);
      if (current["x-nullable"]) nullable = true;
      if (current.$ref) {
        const name = refName(current.$ref);
        const target = this.spec.definitions[name];
        if (!target) {
          issues.push({
            at,
            kind: "unresolved",
            ...owner,
            expected: current.$ref,
            actual: "no such definition",
          });
          return undefined;
        }
        defName = name;
        current = target;
        continue;
      }
      // swaggo writes `{ enum, allOf: [{ $ref }] }` for a typed property: follow the single ref.
      if (current.allOf && current.allOf.length === 1 && !current.type && !current.properties) {
        current = current.allOf[0]!;
        continue;
      }
      break;
    }
    return { schema: current, defName, enums, nullable };
  }

  private visit(value: unknown, schema: Schema, at: string, owner: Owner, issues: Issue[]): void {
    const resolved = this.resolve(schema, issues, at, owner);
    if (!resolved) return;
    const { schema: s, defName, enums, nullable } = resolved;

    if (value === null) {
      if (!nullable) {
        issues.push({ at, kind: "null", ...owner, expected: this.expectedType(s, defName), actual: "null" });
      }
      return;
    }

    // A multi-member allOf: the value must satisfy each member.
    if (s.allOf && s.allOf.length > 1) {
      for (const member of s.allOf) this.visit(value, member, at, owner, issues);
    }

    for (const list of enums) {
      if (!list.includes(value)) {
        issues.push({
          at,
          kind: "enum",
          ...owner,
          expected: `one of ${list.map((v) => JSON.stringify(v)).join(", ")}`,
          actual: describe(value),
        });
      }
    }

    const type = s.type ?? (s.properties || s.additionalProperties ? "object" : undefined);
    switch (type) {
      case undefined:
        return;
      case "string":
        if (typeof value !== "string") {
          issues.push({ at, kind: "type", ...owner, expected: "string", actual: describe(value) });
        } else if (s.format === "date-time" && !DATE_TIME.test(value)) {
          issues.push({ at, kind: "format", ...owner, expected: "date-time", actual: describe(value) });
        } else if (s.format === "uuid" && !UUID.test(value)) {
          issues.push({ at, kind: "format", ...owner, expected: "uuid", actual: describe(value) });
        }
        return;
      case "integer":
        if (typeof value !== "number" || !Number.isInteger(value)) {
          issues.push({ at, kind: "type", ...owner, expected: "integer", actual: describe(value) });
        }
        return;
      case "number":
        if (typeof value !== "number" || !Number.isFinite(value)) {
          issues.push({ at, kind: "type", ...owner, expected: "number", actual: describe(value) });
        }
        return;
      case "boolean":
        if (typeof value !== "boolean") {
          issues.push({ at, kind: "type", ...owner, expected: "boolean", actual: describe(value) });
        }
        return;
      case "array":
        if (!Array.isArray(value)) {
          issues.push({ at, kind: "type", ...owner, expected: "array", actual: describe(value) });
          return;
        }
        if (s.items) {
          const items = s.items;
          value.forEach((item, i) => {
            this.visit(item, items, `${at}[${i}]`, owner, issues);
          });
        }
        return;
      case "object":
        if (!isPlainObject(value)) {
          issues.push({ at, kind: "type", ...owner, expected: "object", actual: describe(value) });
          return;
        }
        this.visitObject(
          value,
          s,
          at,
          defName ?? `${owner.def}.${owner.field}`,
          defName !== undefined,
          issues,
        );
        return;
      default:
        issues.push({
          at,
          kind: "unresolved",
          ...owner,
          expected: `type ${type}`,
          actual: "unknown schema type",
        });
    }
  }

  private visitObject(
    value: Record<string, unknown>,
    s: Schema,
    at: string,
    def: string,
    named: boolean,
    issues: Issue[],
  ): void {
    const properties = s.properties ?? {};
    if (named && s.properties) this.count(def, value, Object.keys(properties));
    for (const field of s.required ?? []) {
      if (!(field in value)) {
        issues.push({
          at: childPath(at, field),
          kind: "missing",
          def,
          field,
          expected: "required",
          actual: "absent",
        });
      }
    }
    for (const [key, child] of Object.entries(value)) {
      const propSchema = properties[key];
      if (propSchema) {
        this.visit(child, propSchema, childPath(at, key), { def, field: key }, issues);
      } else if (typeof s.additionalProperties === "object") {
        this.visit(child, s.additionalProperties, childPath(at, key), { def, field: "*" }, issues);
      }
      // Other extra properties are allowed: the fake follows newer Coder than the spec.
    }
  }

  private count(def: string, value: Record<string, unknown>, props: string[]): void {
    let entry = this.coverage.get(def);
    if (!entry) {
      entry = { instances: 0, present: new Map(props.map((p) => [p, 0])) };
      this.coverage.set(def, entry);
    }
    entry.instances += 1;
    for (const p of props) if (p in value) entry.present.set(p, (entry.present.get(p) ?? 0) + 1);
  }

  private expectedType(s: Schema, defName: string | undefined): string {
    const type = s.type ?? (s.properties ? "object" : "any");
    return defName ? `${type} (${defName})` : type;
  }
}
