import type { CoderClient } from "../../client/coder-client.js";
import { CoderApiError } from "../../client/errors.js";
import type { Task } from "../../client/models/index.js";
import { ToolError, ToolInputError } from "../framework/errors.js";
import { isUuid, parseWorkspaceRef, requireUuid } from "../support/resolve.js";
import { isMissingTasksApi } from "./missing-api.js";

/**
 * Finding a task from what a model passes as `task_id`: a task UUID, a task name, `owner/name`, or
 * the task's workspace in any spelling the workspace tools accept (`[owner/]workspace[.agent]`,
 * `owner--workspace`, `agent.workspace.owner`, a workspace UUID).
 */

const HINT =
  "call coder_list_tasks to see task names and ids (pass user to see another user's tasks), then retry with the task's id or owner/name";

/** A parsed `task_id`. */
interface TaskRef {
  /** The original text, trimmed, for messages. */
  raw: string;
  /** Owner from `owner/…`, or `me`. */
  owner: string;
  /** Whether the identifier named the owner explicitly. */
  explicitOwner: boolean;
  /** Task (or workspace) name or UUID, with any `.agent` suffix removed. */
  target: string;
}

function parseTaskRef(identifier: string): TaskRef {
  const raw = identifier.trim();
  if (!raw) throw ToolInputError.at("$.task_id", "task_id is required", "required");
  // Task names are letters, digits and hyphens, so a `.` can only start an agent suffix.
  const ref = parseWorkspaceRef(raw);
  if (!ref.workspace) throw ToolInputError.at("$.task_id", "task_id is required", "required");
  if (ref.workspace.includes("/")) {
    throw ToolInputError.at(
      "$.task_id",
      `invalid task identifier: ${JSON.stringify(raw)} (expected a task id, name or owner/name)`,
      "format",
    );
  }
  return { raw, owner: ref.owner, explicitOwner: ref.explicitOwner, target: ref.workspace };
}

// 404 is "no such task"; 400 is what coderd answers when `{task}` is neither a UUID nor a name.
const isMiss = (error: unknown): error is CoderApiError =>
  error instanceof CoderApiError && (error.status === 404 || error.status === 400);

const same = (a: string | null | undefined, b: string): boolean =>
  typeof a === "string" && a.toLowerCase() === b.toLowerCase();

/**
 * Resolve `task_id` to a task.
 *
 * 1. `GET /api/v2/tasks/{owner}/{task}` with the task UUID or name (owner `me` unless given), as
 *    Coder's `TaskByIdentifier` does.
 * 2. When that finds nothing, list the owner's tasks (all visible tasks for a bare UUID) and pick
 *    the one whose id, name, workspace id or workspace name matches, so a workspace reference
 *    such as `alice/my-ws.main` or a workspace UUID also works.
 *
 * Not found → a {@link ToolError} `resolve task "<id>": <Coder's message>` with a hint to call
 * `coder_list_tasks`. Other API errors (401, 403, 5xx) propagate unchanged.
 */
export async function resolveTask(
  client: CoderClient,
  identifier: string,
  signal?: AbortSignal,
): Promise<Task> {
  const ref = parseTaskRef(identifier);
  const byUuid = isUuid(ref.target) && !ref.explicitOwner;
  const target = byUuid ? requireUuid(ref.target, "task_id") : ref.target;
  let miss: CoderApiError;
  try {
    return await client.tasks.get(ref.owner, target, { signal });
  } catch (error) {
    // No Tasks API at all is not "no such task": let the tool say so.
    if (!isMiss(error) || isMissingTasksApi(error)) throw error;
    miss = error;
  }

  const found = await findInList(client, ref, target, byUuid, signal);
  if (found) return found;
  throw new ToolError(`resolve task ${JSON.stringify(ref.raw)}: ${miss.message}`, {
    hint: HINT,
    cause: miss,
  });
}

async function findInList(
  client: CoderClient,
  ref: TaskRef,
  target: string,
  byUuid: boolean,
  signal: AbortSignal | undefined,
): Promise<Task | undefined> {
  // A bare UUID may name another user's task (Coder's by-id route is scoped to `me`), so search
  // everything the caller can see; a name is only meaningful within one owner.
  const q = byUuid ? undefined : `owner:${JSON.stringify(ref.owner)}`;
  let tasks: Task[];
  try {
    tasks = (await client.tasks.list({ q, signal })).tasks;
  } catch (error) {
    // An unknown owner fails the filter; that is still "not found" for the caller.
    if (error instanceof CoderApiError && error.status >= 400 && error.status < 500 && error.status !== 401) {
      return undefined;
    }
    throw error;
  }
  if (byUuid) {
    return tasks.find((t) => same(t.id, target)) ?? tasks.find((t) => same(t.workspace_id, target));
  }
  return tasks.find((t) => same(t.name, target)) ?? tasks.find((t) => same(t.workspace_name, target));
}
