import { coderError, type ValidationError } from "./http-util.js";
import type { Store } from "./store.js";
import { isUuid, sameName } from "./util.js";

export { type Pagination, paginate, parsePagination } from "./pagination.js";

/** Search terms by key, as `url.Values`. */
export type Values = Map<string, string[]>;

/** splitQueryParameterByDelimiter: splits outside double quotes, optionally keeping the quotes. */
function splitOutsideQuotes(query: string, delimiter: string, keepQuotes: boolean): string[] {
  const out: string[] = [];
  let current = "";
  let quoted = false;
  for (const ch of query) {
    if (ch === '"') {
      quoted = !quoted;
      if (keepQuotes) current += ch;
      continue;
    }
    if (ch === delimiter && !quoted) {
      if (current !== "") out.push(current);
      current = "";
      continue;
    }
    current += ch;
  }
  if (current !== "") out.push(current);
  return out;
}

/** coderd searchquery.searchTerms: `key:value` pairs and bare words, quotes allowed. */
export function searchTerms(
  query: string,
  defaultKey: (term: string, values: Values) => string | null,
): Values | ValidationError[] {
  const values: Values = new Map();
  const tokens = splitOutsideQuotes(query, " ", true);
  // processTokens: "key: value" (a space after the colon) is one element.
  const elements: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.endsWith(":") && i + 1 < tokens.length && !token.startsWith(":")) {
      elements.push(token + tokens[i + 1]);
      i += 1;
    } else {
      elements.push(token);
    }
  }
  for (const element of elements) {
    if (element.startsWith(":") || element.endsWith(":")) {
      return [{ field: "q", detail: `Query element "${element}" cannot start or end with ':'` }];
    }
    const parts = splitOutsideQuotes(element, ":", false);
    if (parts.length === 1) {
      const err = defaultKey(parts[0]!, values);
      if (err) return [{ field: "q", detail: err }];
    } else if (parts.length === 2) {
      const key = parts[0]!.toLowerCase();
      values.set(key, [...(values.get(key) ?? []), parts[1]!]);
    } else {
      return [{ field: "q", detail: `Query element "${element}" can only contain 1 ':'` }];
    }
  }
  return values;
}

const add = (values: Values, key: string, value: string): void => {
  values.set(key, [...(values.get(key) ?? []), value]);
};

/** httpapi.QueryParamParser: collects every error and rejects keys nobody parsed. */
export class ParamParser {
  readonly errors: ValidationError[] = [];
  private readonly parsed = new Set<string>();

  constructor(private readonly values: Values) {}

  private single(key: string): string | undefined {
    this.parsed.add(key);
    const set = this.values.get(key);
    if (!set || set.length === 0 || set[0] === "") return undefined;
    if (set.length > 1) {
      this.errors.push({
        field: key,
        detail: `Query param "${key}" provided more than once, found ${set.length} times. Only provide 1 instance of this query param.`,
      });
      return undefined;
    }
    return set[0];
  }

  string(key: string): string | undefined {
    return this.single(key);
  }

  boolean(key: string): boolean | undefined {
    const value = this.single(key);
    if (value === undefined) return undefined;
    if (value === "true" || value === "false") return value === "true";
    this.errors.push({
      field: key,
      detail: `Query param "${key}" must be a valid boolean (strconv.ParseBool: parsing "${value}": invalid syntax)`,
    });
    return undefined;
  }

  custom<T>(key: string, parse: (value: string) => T | Error): T | undefined {
    const value = this.single(key);
    if (value === undefined) return undefined;
    const out = parse(value);
    if (out instanceof Error) {
      this.errors.push({ field: key, detail: `Query param "${key}" has invalid value: ${out.message}` });
      return undefined;
    }
    return out;
  }

  list<T>(key: string, parse: (value: string) => T | Error): T[] {
    this.parsed.add(key);
    const terms = (this.values.get(key) ?? []).flatMap((v) => v.split(",")).filter((v) => v !== "");
    const out: T[] = [];
    const bad: string[] = [];
    for (const term of terms) {
      const parsed = parse(term);
      if (parsed instanceof Error) bad.push(parsed.message);
      else out.push(parsed);
    }
    if (bad.length > 0) {
      this.errors.push({ field: key, detail: `Query param "${key}" has invalid values: ${bad.join("\n")}` });
      return [];
    }
    return out;
  }

  /** ErrorExcessParams: unknown keys are errors named after the key (coderd/httpapi/queryparams.go). */
  finish(): ValidationError[] {
    for (const key of this.values.keys()) {
      if (!this.parsed.has(key))
        this.errors.push({ field: key, detail: `"${key}" is not a valid query param` });
    }
    return this.errors;
  }
}

const enumOf =
  (allowed: readonly string[]) =>
  (value: string): string | Error =>
    allowed.includes(value) ? value : new Error(`"${value}" is not a valid value`);

const WORKSPACE_STATUSES = [
  "pending",
  "starting",
  "running",
  "stopping",
  "stopped",
  "failed",
  "canceling",
  "canceled",
  "deleting",
  "deleted",
];

function orgParser(store: Store) {
  return (value: string): string | Error => {
    if (isUuid(value)) return value.toLowerCase();
    const org = store.findOrg(value);
    return org
      ? org.id
      : new Error(`organization "${value}" either does not exist, or you are unauthorized to view it`);
  };
}

function userParser(store: Store, actorId: string) {
  return (value: string): string | Error => {
    if (value === "me") return actorId;
    if (isUuid(value)) return value.toLowerCase();
    const user = store.findUser(value);
    return user
      ? user.id
      : new Error(`user "${value}" either does not exist, or you are unauthorized to view them`);
  };
}

/** Parsed workspace `q` filter. */
export interface WorkspaceFilter {
  ids: string[];
  owner?: string;
  template?: string;
  name?: string;
  status?: string;
  hasAgent: string[];
  dormant?: boolean;
  outdated?: boolean;
  hasAiTask?: boolean;
  organizationId?: string;
  params: { name: string; value?: string }[];
}

/** searchquery.Workspaces. */
export function parseWorkspaceQuery(store: Store, query: string): WorkspaceFilter {
  const empty: WorkspaceFilter = { ids: [], hasAgent: [], params: [] };
  if (query === "") return empty;
  const values = searchTerms(query.toLowerCase(), (term, vals) => {
    const parts = splitOutsideQuotes(term, "/", false);
    if (parts.length === 1) add(vals, "name", parts[0]!);
    else if (parts.length === 2) {
      add(vals, "owner", parts[0]!);
      add(vals, "name", parts[1]!);
    } else return `Query element "${term}" can only contain 1 '/'`;
    return null;
  });
  if (Array.isArray(values)) throw coderError(400, "Invalid workspace search query.", undefined, values);
  const p = new ParamParser(values);
  const filter: WorkspaceFilter = {
    ids: p.list("id", (v) => (isUuid(v.trim()) ? v.trim() : new Error(`invalid UUID length: ${v.length}`))),
    owner: p.string("owner"),
    template: p.string("template"),
    name: p.string("name"),
    status: p.custom("status", enumOf(WORKSPACE_STATUSES)),
    hasAgent: p.list("has-agent", (v) => v),
    dormant: p.boolean("dormant"),
    outdated: p.boolean("outdated"),
    hasAiTask: p.boolean("has-ai-task"),
    organizationId: p.custom("organization", orgParser(store)),
    params: p.list("param", (v) => {
      const parts = v.trim().split("=");
      if (parts.length === 1) return { name: parts[0]! };
      if (parts.length === 2) {
        if (parts[1] === "")
          return new Error(
            `query element "${v}" has an empty value. omit the '=' to match just on the parameter name`,
          );
        return { name: parts[0]!, value: parts[1]! };
      }
      return new Error(`query element "${v}" can only contain 1 '='`);
    }),
  };
  for (const key of [
    "last_used_after",
    "last_used_before",
    "shared",
    "shared_with_user",
    "shared_with_group",
    "has_external_agent",
    "healthy",
  ]) {
    p.string(key);
  }
  const errors = p.finish();
  if (errors.length > 0) throw coderError(400, "Invalid workspace search query.", undefined, errors);
  return filter;
}

/** Parsed template `q` filter. */
export interface TemplateFilter {
  deleted: boolean;
  organizationId?: string;
  exactName?: string;
  exactDisplayName?: string;
  fuzzyName?: string;
  fuzzyDisplayName?: string;
  ids: string[];
  deprecated?: boolean;
  hasAiTask?: boolean;
  authorId?: string;
}

/** searchquery.Templates; a bare word is a fuzzy display-name match in current coderd. */
export function parseTemplateQuery(store: Store, actorId: string, query: string): TemplateFilter {
  const values = searchTerms(query.toLowerCase(), (term, vals) => {
    add(vals, "display_name", term);
    return null;
  });
  if (Array.isArray(values)) throw coderError(400, "Invalid template search query.", undefined, values);
  const p = new ParamParser(values);
  const author = p.custom("author", userParser(store, actorId));
  const filter: TemplateFilter = {
    deleted: p.boolean("deleted") ?? false,
    organizationId: p.custom("organization", orgParser(store)),
    exactName: p.string("exact_name"),
    exactDisplayName: p.string("exact_display_name"),
    fuzzyName: p.string("name"),
    fuzzyDisplayName: p.string("display_name"),
    ids: p.list("ids", (v) => (isUuid(v.trim()) ? v.trim() : new Error(`invalid UUID length: ${v.length}`))),
    deprecated: p.boolean("deprecated"),
    hasAiTask: p.boolean("has-ai-task"),
    authorId: p.custom("author_id", (v) => (isUuid(v) ? v : new Error("invalid UUID"))) ?? author,
  };
  p.boolean("has_external_agent");
  const errors = p.finish();
  if (errors.length > 0) throw coderError(400, "Invalid template search query.", undefined, errors);
  return filter;
}

/** Parsed user `q` filter. */
export interface UserFilter {
  search?: string;
  name?: string;
  status: string[];
  roles: string[];
  loginTypes: string[];
}

/** searchquery.Users. */
export function parseUserQuery(query: string): UserFilter {
  const values = searchTerms(query.toLowerCase(), (term, vals) => {
    add(vals, "search", term);
    return null;
  });
  if (Array.isArray(values)) throw coderError(400, "Invalid user search query.", undefined, values);
  const p = new ParamParser(values);
  const filter: UserFilter = {
    search: p.string("search"),
    name: p.string("name"),
    status: p.list("status", enumOf(["active", "dormant", "suspended"])),
    roles: p.list("role", (v) => v),
    loginTypes: p.list("login_type", enumOf(["password", "github", "oidc", "token", "none"])),
  };
  for (const key of [
    "service_account",
    "last_seen_after",
    "last_seen_before",
    "created_after",
    "created_before",
    "github_com_user_id",
  ]) {
    p.string(key);
  }
  const errors = p.finish();
  if (errors.length > 0) throw coderError(400, "Invalid user search query.", undefined, errors);
  return filter;
}

/** Parsed task `q` filter. */
export interface TaskFilter {
  ownerId?: string;
  organizationId?: string;
  status?: string;
}

/** searchquery.Tasks: a bare word is an owner. */
export function parseTaskQuery(store: Store, actorId: string, query: string): TaskFilter {
  if (query === "") return {};
  const values = searchTerms(query.toLowerCase(), (term, vals) => {
    add(vals, "owner", term);
    return null;
  });
  if (Array.isArray(values)) throw coderError(400, "Invalid task search query.", undefined, values);
  const p = new ParamParser(values);
  const filter: TaskFilter = {
    ownerId: p.custom("owner", userParser(store, actorId)),
    organizationId: p.custom("organization", orgParser(store)),
    status: p.string("status"),
  };
  const errors = p.finish();
  if (errors.length > 0) throw coderError(400, "Invalid task search query.", undefined, errors);
  return filter;
}

/** Case-insensitive substring match, like SQL ILIKE '%x%'. */
export const containsFold = (haystack: string, needle: string): boolean =>
  haystack.toLowerCase().includes(needle.toLowerCase());

export { sameName };

/** Parsed chat `q` filter. */
export interface ChatFilter {
  archived: boolean;
  hasUnread?: boolean;
  title?: string;
  search?: string;
  status?: string;
  source: "created_by_me" | "shared_with_me" | "both";
  /** A filter on the pull request or repository of the chat; the fake's chats have none. */
  needsDiff: boolean;
}

const CHAT_STATUSES = ["waiting", "running", "error", "requires_action", "interrupting"];

/**
 * searchquery.Chats (coder/coder, coderd/searchquery/search.go): fielded terms only, archived
 * chats hidden unless `archived:` says otherwise. `search:` and `status:` are newer terms the Go
 * tool documents at 09c521c5.
 */
export function parseChatQuery(query: string): ChatFilter | ValidationError[] {
  const filter: ChatFilter = { archived: false, source: "created_by_me", needsDiff: false };
  if (query === "") return filter;
  const values = searchTerms(query, (term) => `unsupported search term: ${JSON.stringify(term)}`);
  if (Array.isArray(values)) return values;
  const p = new ParamParser(values);
  filter.archived = p.boolean("archived") ?? false;
  filter.hasUnread = p.boolean("has_unread");
  filter.title = p.string("title");
  filter.search = p.string("search");
  filter.status = p.custom("status", enumOf(CHAT_STATUSES));
  const prStatuses = p.list("pr_status", (v) => {
    const s = v.trim().toLowerCase();
    return ["draft", "open", "merged", "closed"].includes(s) ? s : new Error(`"${v}" is not a valid value`);
  });
  const sources = p.list("source", (v) => {
    const s = v.trim().toLowerCase();
    return s === "created_by_me" || s === "shared_with_me" ? s : new Error(`"${v}" is not a valid value`);
  });
  if (sources.includes("created_by_me") && sources.includes("shared_with_me")) filter.source = "both";
  else if (sources.includes("shared_with_me")) filter.source = "shared_with_me";
  const diffUrl = p.string("diff_url");
  if (diffUrl !== undefined && !/^https?:\/\/[^/]+/i.test(diffUrl)) {
    p.errors.push({ field: "diff_url", detail: "diff_url must use http or https scheme and include a host" });
  }
  const pr = p.string("pr");
  if (pr !== undefined && !(/^\d+$/.test(pr) && Number(pr) > 0)) {
    p.errors.push({ field: "pr", detail: `${JSON.stringify(pr)} is not a valid positive integer` });
  }
  const prTitle = p.string("pr_title");
  const repo = p.string("repo");
  filter.needsDiff =
    prStatuses.length > 0 ||
    diffUrl !== undefined ||
    pr !== undefined ||
    prTitle !== undefined ||
    repo !== undefined;
  const errors = p.finish();
  return errors.length > 0 ? errors : filter;
}
