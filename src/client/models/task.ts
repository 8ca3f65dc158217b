import { z } from "zod";
import { WorkspaceAgentHealth, WorkspaceAgentLifecycle } from "./agent.js";
import { OptionalTimestamp, OptionalUuid, openEnum, Timestamp, Uuid } from "./common.js";
import { WorkspaceStatus } from "./workspace-build.js";

/** Task status derived from its build, agent and app health (`codersdk.TaskStatus`). */
export const TaskStatus = openEnum(["pending", "initializing", "active", "paused", "unknown", "error"]);
/** Task status. */
export type TaskStatus = z.infer<typeof TaskStatus>;

/**
 * What the AI agent last reported (`codersdk.TaskState`). Go defines `complete` and `failed`; the
 * enum is open because the Go struct tag says `completed` and app statuses use `failure`.
 */
export const TaskState = openEnum(["working", "idle", "complete", "failed"]);
/** What the AI agent last reported. */
export type TaskState = z.infer<typeof TaskState>;

/** The latest state report of a task (`codersdk.TaskStateEntry`). */
export const TaskStateEntry = z.looseObject({
  timestamp: Timestamp,
  state: TaskState,
  message: z.string(),
  uri: z.string().optional(),
});
export type TaskStateEntry = z.infer<typeof TaskStateEntry>;

/**
 * An AI task (`codersdk.Task`, stable `/api/v2/tasks`). The workspace, agent and app ids are `null`
 * until the task's workspace exists.
 */
export const Task = z.looseObject({
  id: Uuid,
  name: z.string(),
  organization_id: Uuid,
  owner_id: Uuid,
  owner_name: z.string(),
  owner_avatar_url: z.string().optional(),
  display_name: z.string().optional(),
  template_id: Uuid,
  template_version_id: z.string().optional(),
  template_name: z.string().optional(),
  template_display_name: z.string().optional(),
  template_icon: z.string().optional(),
  workspace_id: OptionalUuid,
  workspace_name: z.string().optional(),
  workspace_status: WorkspaceStatus.optional(),
  workspace_build_number: z.number().optional(),
  workspace_agent_id: OptionalUuid,
  workspace_agent_lifecycle: WorkspaceAgentLifecycle.nullish(),
  workspace_agent_health: WorkspaceAgentHealth.nullish(),
  workspace_app_id: OptionalUuid,
  initial_prompt: z.string(),
  status: TaskStatus,
  current_state: TaskStateEntry.nullish(),
  created_at: Timestamp,
  updated_at: OptionalTimestamp,
});
export type Task = z.infer<typeof Task>;

/** `GET /api/v2/tasks`: the tasks and the total number matching the filter. */
export const TasksResponse = z.looseObject({
  tasks: z.array(Task),
  count: z.number(),
});
export type TasksResponse = z.infer<typeof TasksResponse>;

/** One message of a task's chat with its AI agent (`codersdk.TaskLogEntry`). */
export const TaskLogEntry = z.looseObject({
  id: z.number(),
  content: z.string(),
  type: openEnum(["input", "output"]),
  time: Timestamp,
});
export type TaskLogEntry = z.infer<typeof TaskLogEntry>;

/** `GET /api/v2/tasks/{user}/{task}/logs` (`codersdk.TaskLogsResponse`). */
export const TaskLogsResponse = z.looseObject({
  logs: z.array(TaskLogEntry),
  /** Newer servers: true when the logs come from a snapshot taken when the task paused. */
  snapshot: z.boolean().optional(),
  snapshot_at: OptionalTimestamp,
});
export type TaskLogsResponse = z.infer<typeof TaskLogsResponse>;

/** Body of `POST /api/v2/tasks/{user}` (`codersdk.CreateTaskRequest`). */
export interface CreateTaskRequest {
  /** The template version whose workspace runs the task (needs a `coder_ai_task` resource). */
  template_version_id: string;
  template_version_preset_id?: string;
  /** The prompt for the AI agent. */
  input: string;
  /** Task name; the server generates one when left out. */
  name?: string;
  display_name?: string;
}
