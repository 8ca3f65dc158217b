import { z } from "zod";
import type { Task, TaskLogEntry, TaskStateEntry } from "../../client/models/index.js";
import { headTail } from "../framework/log-window.js";
import { compact, utf8ByteLength, utf8Prefix } from "../framework/shaping.js";

/**
 * Compact output shapes for the task tools. Coder's `codersdk.Task` carries avatar URLs, icons and
 * agent health details an agent rarely needs; these keep what decides the next call.
 */

/** Coder's task statuses (`codersdk.TaskStatus`), used for filtering. */
export const TASK_STATUSES = ["pending", "initializing", "active", "paused", "unknown", "error"] as const;

const STATUS_HELP =
  "pending (no workspace yet), initializing (building or starting), active (ready for input), paused (workspace stopped), error (build failed or app unhealthy), unknown";

/** What the task's AI agent last reported, or Coder's note while the workspace starts. */
export const TaskStateOutput = z
  .object({
    state: z.string().describe("working, idle, complete or failed"),
    message: z.string().describe("The agent's last status message"),
    uri: z.string().optional().describe("Link the agent attached (e.g. a pull request); may be empty"),
    timestamp: z.string().describe("When the state was reported (RFC 3339)"),
  })
  .describe("The task's current state");

/** A task in short form. */
export const TaskSummary = z.object({
  id: z.string().describe("Task UUID"),
  name: z.string().describe("Task name, unique per owner"),
  display_name: z.string().optional(),
  owner_name: z.string().describe("Username of the task's owner"),
  organization_id: z.string(),
  status: z.string().describe(STATUS_HELP),
  current_state: TaskStateOutput.nullable(),
  workspace_id: z.string().nullable().describe("The workspace running the task; null until it exists"),
  workspace_name: z.string().optional(),
  workspace_status: z.string().optional().describe("Status of the workspace's latest build"),
  template_id: z.string(),
  template_name: z.string().optional(),
  template_version_id: z.string().optional(),
  initial_prompt: z.string().describe("The task's prompt (long prompts are shortened)"),
  created_at: z.string(),
});
/** A task in short form. */
export type TaskSummary = z.infer<typeof TaskSummary>;

// Long prompts would crowd a list; the start is enough to recognise a task.
const PROMPT_BYTES = 300;

/** The current state entry in output form, or null. */
export function toTaskState(
  entry: TaskStateEntry | null | undefined,
): z.infer<typeof TaskStateOutput> | null {
  if (!entry) return null;
  return compact({
    state: entry.state,
    message: entry.message,
    uri: entry.uri || undefined,
    timestamp: entry.timestamp,
  });
}

/** Project a Coder task to {@link TaskSummary}. */
export function toTaskSummary(task: Task): TaskSummary {
  const prompt = task.initial_prompt ?? "";
  const shortPrompt =
    utf8ByteLength(prompt) > PROMPT_BYTES ? `${utf8Prefix(prompt, PROMPT_BYTES - 3)}…` : prompt;
  return compact({
    id: task.id,
    name: task.name,
    display_name: task.display_name || undefined,
    owner_name: task.owner_name,
    organization_id: task.organization_id,
    status: task.status,
    current_state: toTaskState(task.current_state),
    workspace_id: task.workspace_id ?? null,
    workspace_name: task.workspace_name || undefined,
    workspace_status: task.workspace_status || undefined,
    template_id: task.template_id,
    template_name: task.template_name || undefined,
    template_version_id: task.template_version_id || undefined,
    initial_prompt: shortPrompt,
    created_at: task.created_at,
  });
}

/** One message of a task's conversation, as returned by `coder_get_task_logs`. */
export const TaskLogOutput = z.object({
  id: z.number(),
  type: z.string().describe("input (sent to the AI agent) or output (the agent's reply)"),
  time: z.string(),
  content: z.string(),
  content_omitted_bytes: z
    .number()
    .optional()
    .describe("Present when the middle of a very long message was cut to fit the budget"),
});

/** The newest log entries that fit in `budgetBytes`, and how many older ones were left out. */
export interface BoundedTaskLogs {
  logs: z.infer<typeof TaskLogOutput>[];
  omitted: number;
}

// The smallest share of a message worth showing when even the newest one is over budget.
const MIN_CONTENT_BYTES = 256;

/**
 * The newest entries of a task's conversation whose JSON fits in `budgetBytes`, as one contiguous
 * window ending at the newest entry, collected while entries stream in: older entries leave the
 * window as newer ones arrive, so memory holds the window and one entry. When even the newest
 * entry is too large, it is kept with the middle of its content cut, because the latest reply is
 * what the caller most needs.
 */
export class TaskLogWindow {
  readonly #budget: number;
  #kept: { out: z.infer<typeof TaskLogOutput>; size: number }[] = [];
  #used = 0;
  #count = 0;

  constructor(budgetBytes: number) {
    this.#budget = budgetBytes;
  }

  /** Entries received so far. */
  get count(): number {
    return this.#count;
  }

  /** Add the next (newer) entry. */
  push(entry: TaskLogEntry): void {
    this.#count++;
    const out = { id: entry.id, type: entry.type, time: entry.time, content: entry.content };
    const size = utf8ByteLength(JSON.stringify(out));
    this.#kept.push({ out, size });
    this.#used += size;
    let drop = 0;
    while (drop < this.#kept.length - 1 && this.#used > this.#budget) this.#used -= this.#kept[drop++]!.size;
    if (drop > 0) this.#kept.splice(0, drop);
  }

  /** The window over the entries received so far. */
  result(): BoundedTaskLogs {
    const newest = this.#kept.at(-1);
    if (newest && newest.size > this.#budget) {
      const overhead = newest.size - utf8ByteLength(JSON.stringify(newest.out.content));
      const room = Math.max(MIN_CONTENT_BYTES, this.#budget - overhead);
      const cut = headTail(newest.out.content, room);
      const logs = [
        {
          ...newest.out,
          content: cut.text,
          ...(cut.truncated ? { content_omitted_bytes: cut.truncated.omitted_bytes } : {}),
        },
      ];
      return { logs, omitted: this.#count - 1 };
    }
    return { logs: this.#kept.map((k) => k.out), omitted: this.#count - this.#kept.length };
  }
}

/** {@link TaskLogWindow} over entries already in memory. */
export function boundTaskLogs(entries: readonly TaskLogEntry[], budgetBytes: number): BoundedTaskLogs {
  const window = new TaskLogWindow(budgetBytes);
  for (const entry of entries) window.push(entry);
  return window.result();
}
