import type { CoderClient } from "../../client/coder-client.js";
import { CoderApiError } from "../../client/errors.js";
import type { Workspace, WorkspaceAgent } from "../../client/models/index.js";
import { ToolError, ToolInputError, type ToolInputIssue } from "../framework/errors.js";

/**
 * Identifier handling shared by the tool families: UUID checks with Coder's wording, organization
 * resolution from the caller's memberships, and workspace / agent resolution from the forms Coder's
 * Go toolsdk accepts (`id`, `name`, `owner/name`, `owner--name`, `name.agent`, `agent.name.owner`).
 */

const DASHED = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BARE = /^[0-9a-f]{32}$/i;
const ZERO = /^0{8}-0{4}-0{4}-0{4}-0{12}$/;

// Go's uuid.Parse also takes `{…}` and `urn:uuid:…` around the dashed form; strip those first.
function unwrapUuid(value: string): string {
  if (value.length === 38 && value.startsWith("{") && value.endsWith("}")) return value.slice(1, -1);
  if (value.length === 45 && value.slice(0, 9).toLowerCase() === "urn:uuid:") return value.slice(9);
  return value;
}

/**
 * True for the spellings Go's `uuid.Parse` accepts: dashed (`3f1c2a9e-5b7d-…`), 32 bare hex
 * digits, `{dashed}` and `urn:uuid:dashed`.
 */
export function isUuid(value: string): boolean {
  const inner = unwrapUuid(value);
  return inner === value ? DASHED.test(value) || BARE.test(value) : DASHED.test(inner);
}

/**
 * True for the nil UUID in any spelling {@link isUuid} accepts. Coder sends it (or `""`) for
 * "unset" ids, e.g. a version's template_id before it belongs to a template.
 */
export function isZeroUuid(value: string | null | undefined): boolean {
  return !!value && isUuid(value) && ZERO.test(canonicalUuid(value));
}

/** Canonical lower-case dashed form of a UUID accepted by {@link isUuid}. */
function canonicalUuid(value: string): string {
  const hex = unwrapUuid(value).replace(/-/g, "").toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Check that `value` is a UUID and return its canonical form; otherwise throw an input error worded
 * like Coder's (`template_id must be a valid UUID: …`) at `$.<field>`.
 */
export function requireUuid(value: string, field: string): string {
  if (!isUuid(value)) {
    throw ToolInputError.at(
      `$.${field}`,
      `${field} must be a valid UUID: got ${JSON.stringify(value)} (expected e.g. 3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b)`,
      "format",
    );
  }
  return canonicalUuid(value);
}

/** Like {@link requireUuid} for an optional field: empty or missing gives `undefined`. */
export function optionalUuid(value: string | undefined, field: string): string | undefined {
  return value === undefined || value === "" ? undefined : requireUuid(value, field);
}

/**
 * Run several argument checks and report every {@link ToolInputError} among them as one, so a
 * model that got two fields wrong learns of both in one reply. Returns each check's result in
 * order; any other error is rethrown at once.
 *
 * @example const [templateId, presetId] = checkInputs(() => requireUuid(a, "template_id"), () => optionalUuid(b, "template_version_preset_id"));
 */
export function checkInputs<const C extends readonly (() => unknown)[]>(
  ...checks: C
): { -readonly [I in keyof C]: ReturnType<C[I]> } {
  const issues: ToolInputIssue[] = [];
  const results = checks.map((check) => {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof ToolInputError)) throw error;
      issues.push(...error.issues);
      return undefined;
    }
  });
  if (issues.length > 0) throw new ToolInputError(issues);
  return results as { -readonly [I in keyof C]: ReturnType<C[I]> };
}

/**
 * {@link requireUuid} over several fields at once (see {@link checkInputs}). Returns the canonical
 * ids by field.
 */
export function requireUuids<const K extends string>(fields: Readonly<Record<K, string>>): Record<K, string> {
  const entries = Object.entries(fields) as [K, string][];
  const ids = checkInputs(
    ...entries.map(
      ([field, value]) =>
        () =>
          requireUuid(value, field),
    ),
  );
  return Object.fromEntries(entries.map(([field], i) => [field, ids[i]])) as Record<K, string>;
}

/**
 * The organization a call should act in. A given id must be a nonzero UUID; without one, the
 * caller's only organization is used, and zero or several memberships are an error that tells the
 * model to call `coder_list_organizations`.
 */
export async function resolveOrganization(
  client: CoderClient,
  organizationId: string | undefined,
  signal?: AbortSignal,
): Promise<string> {
  if (organizationId) {
    const id = requireUuid(organizationId, "organization_id");
    if (isZeroUuid(id)) {
      throw ToolInputError.at("$.organization_id", "organization_id must be a valid nonzero UUID", "format");
    }
    return id;
  }
  const me = await client.users.me({ signal });
  const orgs = me.organization_ids ?? [];
  if (orgs.length === 1 && orgs[0]) return orgs[0];
  // Coder's wording up to the semicolon; what follows tells the model which tool to call.
  const why =
    orgs.length === 0
      ? "you belong to no organizations; use coder_list_organizations to check your memberships"
      : "you belong to multiple organizations; use coder_list_organizations to get their ids";
  throw new ToolError(`organization_id is required because ${why}`, {
    hint: "call coder_list_organizations and pass the id of the organization to use as organization_id",
  });
}

/**
 * Rewrite the alternative workspace spellings into `owner/name[.agent]`, as Coder's
 * `NormalizeWorkspaceInput` does: every `--` becomes `/`, and the Coder Connect form
 * `agent.workspace.owner` (exactly two dots, no `/`, no `--`) becomes `owner/workspace.agent`.
 */
export function normalizeWorkspaceInput(input: string): string {
  if (input.includes("--")) return input.split("--").join("/");
  if (!input.includes("/")) {
    const parts = input.split(".");
    if (parts.length === 3 && parts.every((p) => p.length > 0)) return `${parts[2]}/${parts[1]}.${parts[0]}`;
  }
  return input;
}

/** A parsed workspace reference. */
export interface WorkspaceRef {
  /** Owner username, or `me` when not given. */
  owner: string;
  /** Whether the reference named the owner (`owner/…`), rather than defaulting to `me`. */
  explicitOwner: boolean;
  /** Workspace name or id. */
  workspace: string;
  /** Agent name or id, when given after a `.`. */
  agent?: string;
}

/** Split a (normalized) `[owner/]workspace[.agent]` reference. */
export function parseWorkspaceRef(input: string): WorkspaceRef {
  const normalized = normalizeWorkspaceInput(input.trim());
  const [target = "", agent] = normalized.split(".", 2);
  const slash = target.indexOf("/");
  const owner = slash >= 0 ? target.slice(0, slash) : "";
  const workspace = slash >= 0 ? target.slice(slash + 1) : target;
  return { owner: owner || "me", explicitOwner: slash >= 0, workspace, ...(agent ? { agent } : {}) };
}

/**
 * Find a workspace by id or `[owner/]name` (any spelling {@link normalizeWorkspaceInput} accepts;
 * an `.agent` suffix is ignored here). An identifier without an owner that looks like a UUID is
 * tried as an id first and then as a name, so a workspace whose name happens to be a dash-less
 * UUID still resolves. Not found → a {@link ToolError} that tells the model how to find the name.
 *
 * @param field the input field the identifier came from, for the empty-input error path.
 */
export async function resolveWorkspace(
  client: CoderClient,
  identifier: string,
  signal?: AbortSignal,
  field = "workspace",
): Promise<Workspace> {
  const ref = parseWorkspaceRef(identifier);
  if (!ref.workspace) {
    throw ToolInputError.at(`$.${field}`, "workspace name cannot be empty", "required");
  }
  if (!ref.explicitOwner && isUuid(ref.workspace)) {
    try {
      return await client.workspaces.get(canonicalUuid(ref.workspace), { signal });
    } catch (error) {
      // Not an id after all (or not one we can see): fall through to the name lookup.
      if (!(error instanceof CoderApiError && (error.status === 404 || error.status === 400))) throw error;
    }
  }
  try {
    return await client.workspaces.getByOwnerAndName(ref.owner, ref.workspace, { signal });
  } catch (error) {
    if (error instanceof CoderApiError && (error.status === 404 || error.status === 400)) {
      throw new ToolError(`failed to find workspace ${JSON.stringify(identifier)}: ${error.message}`, {
        hint: "call coder_list_workspaces to see workspace names (owner:<username> for another user's), then pass owner/name or the workspace id",
        cause: error,
      });
    }
    throw error;
  }
}

// Coder's user and workspace names are letters, digits and single dashes; `_` is let through too
// and the exact rules are left to the server, whose "not found" the lookup turns into a hint.
const NAME_LIKE = /^[A-Za-z0-9_]+(?:-+[A-Za-z0-9_]+)*$/;

/**
 * Check a `workspace_id`-style argument without a request. Go's tools take only a UUID there; we
 * also take `[owner/]name` (any spelling {@link resolveWorkspace} accepts, an `.agent` suffix
 * ignored), because a workspace pinned by name fills these fields too. A value that looks like
 * neither gets Go's wording (`workspace_id must be a valid UUID`), extended with the name form.
 *
 * @returns the canonical UUID, or the value unchanged when it is a name reference.
 */
export function checkWorkspaceId(value: string, field: string): string {
  if (isUuid(value)) return canonicalUuid(value);
  const ref = parseWorkspaceRef(value);
  const parts = [ref.workspace, ...(ref.explicitOwner ? [ref.owner] : []), ...(ref.agent ? [ref.agent] : [])];
  if (parts.every((part) => NAME_LIKE.test(part))) return value.trim();
  throw ToolInputError.at(
    `$.${field}`,
    `${field} must be a valid UUID, or a workspace name as [owner/]workspace: got ${JSON.stringify(value)} (expected e.g. 3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b, dev or alice/dev)`,
    "format",
  );
}

/**
 * The UUID of the workspace a `workspace_id`-style argument names: a UUID is used as is (no
 * request, as in Go; Coder answers for an unknown one), a name is looked up with
 * {@link resolveWorkspace}. Pass a value already checked with {@link checkWorkspaceId} or a raw one.
 */
export async function resolveWorkspaceId(
  client: CoderClient,
  value: string,
  signal?: AbortSignal,
  field = "workspace_id",
): Promise<string> {
  const checked = checkWorkspaceId(value, field);
  if (isUuid(checked)) return checked;
  return (await resolveWorkspace(client, checked, signal, field)).id;
}

/** Every agent of the workspace's latest build, in resource order. */
export function workspaceAgents(workspace: Workspace): WorkspaceAgent[] {
  return (workspace.latest_build.resources ?? []).flatMap((r) => r.agents ?? []);
}

/**
 * Pick one agent: by name or id when given, otherwise the only one. Errors use Coder's wording and
 * list the available agents so the model can retry with `workspace.agent`.
 */
export function pickAgent(workspace: Workspace, agent?: string): WorkspaceAgent {
  const agents = workspaceAgents(workspace);
  const names = agents.map((a) => a.name);
  if (agents.length === 0) {
    throw new ToolError(`workspace ${JSON.stringify(workspace.name)} has no agents`, {
      hint: "start the workspace with coder_create_workspace_build (transition start) and wait for it",
    });
  }
  if (agent) {
    const found = agents.find((a) => a.name === agent || a.id === agent);
    if (!found) {
      throw new ToolError(
        `agent not found by name ${JSON.stringify(agent)}, available agents: [${names.join(" ")}]`,
        { hint: `use ${workspace.owner_name}/${workspace.name}.<agent> with one of the listed agents` },
      );
    }
    return found;
  }
  if (agents.length > 1) {
    throw new ToolError(
      `multiple agents found, please specify the agent name, available agents: [${names.join(" ")}]`,
      { hint: `use ${workspace.owner_name}/${workspace.name}.<agent>` },
    );
  }
  return agents[0]!;
}
