import { z } from "zod";
import { CoderApiError } from "../../client/errors.js";
import type { TaskLogsResponse } from "../../client/models/index.js";
import { DESTRUCTIVE, MUTATION, READ_ONLY } from "../framework/annotations.js";
import { defineTool } from "../framework/define-tool.js";
import { ToolError, ToolInputError } from "../framework/errors.js";
import { fitStream } from "../support/bounded-lists.js";
import { optionalUuid, requireUuid } from "../support/resolve.js";
import { needsTasksApi } from "./missing-api.js";
import { resolveTask } from "./resolve-task.js";
import {
  TASK_STATUSES,
  TaskLogOutput,
  TaskLogWindow,
  TaskStateOutput,
  TaskSummary,
  toTaskState,
  toTaskSummary,
} from "./views.js";

/**
 * Coder Tasks: start an AI agent on a prompt in a fresh workspace, follow its status and
 * conversation, talk to it, and delete it. Uses the stable `/api/v2/tasks` endpoints.
 */

const TASK_ID = z
  .string()
  .max(256)
  .describe(
    "The task: its UUID, its name (your own task), owner/name, or its workspace as [owner/]workspace[.agent]. Examples: 3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b, fix-login-bug, alice/fix-login-bug",
  );

const USER = (action: string) =>
  z
    .string()
    .max(256)
    .default("me")
    .describe(
      `Username or user UUID of the user to ${action} for; "me" (the default) is the authenticated user`,
    );

const Message = z.object({ message: z.string() });

// Room for the wrapper object and the note, so the list itself is what gets cut.
const LIST_OVERHEAD_BYTES = 512;

// The user path segment: Go treats an empty user as "me", and so do we.
const userOrMe = (user: string | undefined): string => user?.trim() || "me";

/**
 * Turn Coder's "task is not in a state for this" answers (409) into an error that tells the model
 * to wait, keeping Coder's words. Everything else is left to the caller.
 */
function explainTaskState(error: unknown, action: string, taskId: string): unknown {
  if (!(error instanceof CoderApiError) || error.status !== 409) return error;
  const detail = error.detail ? ` (${error.detail})` : "";
  return new ToolError(`${action} ${JSON.stringify(taskId)}: ${error.message}${detail}`, {
    hint: 'call coder_get_task_status and retry once the status is "active"; a paused task must be resumed by starting its workspace',
    cause: error,
  });
}

/** `coder_create_task`: start an AI task from a template version and a prompt. */
export const createTask = defineTool({
  name: "coder_create_task",
  title: "Create task",
  description:
    "Start a Coder Task: Coder creates a workspace from the template version and gives the prompt to the AI agent that runs in it. " +
    "The template must define a coder_ai_task resource (use coder_list_templates / coder_get_template to find its active_version_id, and presets). " +
    "Returns the new task in short form (id, name, status, workspace). The workspace builds in the background: follow progress with coder_get_task_status " +
    "and read the agent's replies with coder_get_task_logs.",
  toolset: "tasks",
  requires: ["tasks"],
  annotations: MUTATION,
  input: z.object({
    input: z
      .string()
      .max(65_536)
      .describe('The prompt for the AI agent, e.g. "Fix the failing login test and open a PR"'),
    template_version_id: z
      .string()
      .max(256)
      .describe("UUID of the template version to run the task in (a template's active_version_id)"),
    template_version_preset_id: z
      .string()
      .max(256)
      .optional()
      .describe("UUID of a preset of that template version, to use its parameter values"),
    user: USER("create the task"),
    name: z
      .string()
      .max(128)
      .optional()
      .describe("Task name (letters, digits and hyphens); Coder generates one from the prompt when omitted"),
    display_name: z.string().max(256).optional().describe("Human-readable title, at most 64 characters"),
  }),
  output: TaskSummary,
  handler: needsTasksApi(async function handler(input, { client, signal }) {
    if (input.input === "") throw ToolInputError.at("$.input", "input is required", "required");
    const templateVersionId = requireUuid(input.template_version_id, "template_version_id");
    const presetId = optionalUuid(input.template_version_preset_id, "template_version_preset_id");
    const task = await client.tasks.create(
      userOrMe(input.user),
      {
        input: input.input,
        template_version_id: templateVersionId,
        ...(presetId ? { template_version_preset_id: presetId } : {}),
        ...(input.name ? { name: input.name } : {}),
        ...(input.display_name ? { display_name: input.display_name } : {}),
      },
      { signal },
    );
    return toTaskSummary(task);
  }),
});

/** `coder_list_tasks`: a user's tasks, optionally by status. */
export const listTasks = defineTool({
  name: "coder_list_tasks",
  title: "List tasks",
  description:
    "List Coder Tasks of a user (yourself by default), optionally only those with one status. " +
    "Returns { tasks } in short form: id, name, owner, status, the agent's current_state, workspace, template and the start of the prompt. " +
    "Use it to find a task's id or name for the other task tools.",
  toolset: "tasks",
  requires: ["tasks"],
  annotations: READ_ONLY,
  input: z.object({
    status: z
      .enum([...TASK_STATUSES, ""])
      .optional()
      .describe(
        "Only tasks with this status: pending, initializing, active, paused, unknown or error. Omit (or empty) for all",
      ),
    user: USER("list tasks"),
  }),
  output: z.object({
    tasks: z.array(TaskSummary),
    note: z.string().optional().describe("Present when more tasks matched than fit in the result"),
  }),
  handler: needsTasksApi(async function handler({ status, user }, { client, signal, limits }) {
    // Quoted like Coder's Go client, so a value is always read as one term.
    const terms = [`owner:${JSON.stringify(userOrMe(user))}`];
    if (status) terms.push(`status:${JSON.stringify(status)}`);
    // Coder does not page tasks (its `count` is the number sent): read the body as it arrives and
    // stop once the result is full, so the cost does not grow with the number of tasks.
    const { items: tasks, more } = await fitStream(
      client.tasks.iterate({ q: terms.join(" "), signal }),
      toTaskSummary,
      limits.maxResultBytes - LIST_OVERHEAD_BYTES,
    );
    return {
      tasks,
      ...(more
        ? {
            note: `More tasks matched than fit in this result; these are the first ${tasks.length}. Pass status to narrow the list.`,
          }
        : {}),
    };
  }),
});

/** `coder_get_task_status`: a task's status and the agent's last report. */
export const getTaskStatus = defineTool({
  name: "coder_get_task_status",
  title: "Get task status",
  description:
    "Get where a Coder Task stands. Returns { status, state }: status is Coder's view of the task's workspace " +
    "(pending, initializing, active, paused, error, unknown; only an active task accepts input), and state is what the AI agent last reported " +
    "({ state: working|idle|complete|failed, message, uri, timestamp }) or null when it has reported nothing yet. " +
    "Poll it after coder_create_task or coder_send_task_input; read the conversation with coder_get_task_logs.",
  toolset: "tasks",
  requires: ["tasks"],
  annotations: READ_ONLY,
  input: z.object({ task_id: TASK_ID }),
  output: z.object({
    status: z.string().describe("pending, initializing, active, paused, unknown or error"),
    state: TaskStateOutput.nullable(),
  }),
  handler: needsTasksApi(async function handler({ task_id }, { client, signal }) {
    const task = await resolveTask(client, task_id, signal);
    return { status: task.status, state: toTaskState(task.current_state) };
  }),
});

/** `coder_send_task_input`: send a message to a running task's AI agent. */
export const sendTaskInput = defineTool({
  name: "coder_send_task_input",
  title: "Send task input",
  description:
    "Send a message to the AI agent of a running Coder Task, e.g. an answer to its question or a follow-up instruction. " +
    'The task must be active (see coder_get_task_status). Returns { message: "Input sent to task successfully." }; ' +
    "read the agent's reply with coder_get_task_logs.",
  toolset: "tasks",
  requires: ["tasks"],
  annotations: MUTATION,
  input: z.object({
    task_id: TASK_ID,
    input: z.string().max(65_536).describe("The text to send to the task's AI agent"),
  }),
  output: Message,
  handler: needsTasksApi(async function handler({ task_id, input }, { client, signal }) {
    if (task_id.trim() === "") throw ToolInputError.at("$.task_id", "task_id is required", "required");
    if (input === "") throw ToolInputError.at("$.input", "input is required", "required");
    const task = await resolveTask(client, task_id, signal);
    try {
      await client.tasks.send(task.owner_name, task.id, input, { signal });
    } catch (error) {
      throw explainTaskState(error, "send task input", task_id);
    }
    return { message: "Input sent to task successfully." };
  }),
});

/** `coder_get_task_logs`: the newest messages of a task's conversation. */
export const getTaskLogs = defineTool({
  name: "coder_get_task_logs",
  title: "Get task logs",
  description:
    "Read the conversation between a Coder Task and its AI agent: the prompts sent (type input) and the agent's replies (type output), oldest first. " +
    "Only the newest messages that fit the log budget are returned; omitted says how many older ones were left out. " +
    "snapshot is true when the task is not running and the messages come from the last saved snapshot.",
  toolset: "tasks",
  requires: ["tasks"],
  annotations: READ_ONLY,
  input: z.object({ task_id: TASK_ID }),
  output: z.object({
    logs: z.array(TaskLogOutput),
    count: z.number().describe("Number of messages the task has in total"),
    omitted: z.number().describe("Older messages left out to fit the budget"),
    note: z.string().optional(),
    snapshot: z.boolean().optional(),
    snapshot_at: z.string().optional(),
  }),
  handler: needsTasksApi(async function handler({ task_id }, { client, signal, limits }) {
    const task = await resolveTask(client, task_id, signal);
    // Read as the body arrives, keeping only the newest messages that fit, so a long
    // conversation costs no more memory than the budget.
    const window = new TaskLogWindow(limits.logBudgetBytes);
    let meta: Pick<TaskLogsResponse, "snapshot" | "snapshot_at">;
    try {
      const messages = client.tasks.iterateLogs(task.owner_name, task.id, { signal });
      for (let next = await messages.next(); ; next = await messages.next()) {
        if (next.done) {
          meta = next.value;
          break;
        }
        window.push(next.value);
      }
    } catch (error) {
      throw explainTaskState(error, "get task logs", task_id);
    }
    const bounded = window.result();
    return {
      logs: bounded.logs,
      count: window.count,
      omitted: bounded.omitted,
      ...(bounded.omitted > 0
        ? {
            note: `${bounded.omitted} older messages were left out to fit the ${limits.logBudgetBytes}-byte log budget`,
          }
        : {}),
      ...(meta.snapshot !== undefined ? { snapshot: meta.snapshot } : {}),
      ...(meta.snapshot_at ? { snapshot_at: meta.snapshot_at } : {}),
    };
  }),
});

/** `coder_delete_task`: delete a task and its workspace. */
export const deleteTask = defineTool({
  name: "coder_delete_task",
  title: "Delete task",
  description:
    "Delete a Coder Task together with its workspace; the work in that workspace is lost. Confirm with the user first. " +
    "Deletion is asynchronous: Coder accepts the request and removes the workspace in the background, so the task may still be listed for a short while. " +
    'Returns { message: "Task deleted successfully…" }.',
  toolset: "tasks",
  requires: ["tasks"],
  annotations: DESTRUCTIVE,
  input: z.object({ task_id: TASK_ID }),
  output: Message,
  handler: needsTasksApi(async function handler({ task_id }, { client, signal }) {
    const task = await resolveTask(client, task_id, signal);
    await client.tasks.delete(task.owner_name, task.id, { signal });
    return {
      message:
        "Task deleted successfully. Coder accepted the deletion; the task's workspace is removed in the background.",
    };
  }),
});
