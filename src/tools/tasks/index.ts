import { defineToolset } from "../framework/toolset.js";
import { createTask, deleteTask, getTaskLogs, getTaskStatus, listTasks, sendTaskInput } from "./tasks.js";

export { createTask, deleteTask, getTaskLogs, getTaskStatus, listTasks, sendTaskInput };

/** Toolset `tasks`: Coder Tasks (AI agents running in workspaces), on deployments that serve the Tasks API. */
export const tasksToolset = defineToolset({
  id: "tasks",
  title: "Tasks",
  description:
    "Coder Tasks: start an AI agent in a new workspace with a prompt, follow its status and " +
    "conversation, send it input, delete it. Needs a deployment with the Tasks API (about v2.2x to v2.36).",
  standard: true,
  instructions:
    "Start a task with coder_create_task (a template version with AI task support and a prompt), then " +
    "poll coder_get_task_status; read the conversation with coder_get_task_logs and answer with " +
    "coder_send_task_input. coder_list_tasks finds existing tasks.",
  // In the order of Coder's Go toolsdk.
  tools: [createTask, deleteTask, listTasks, getTaskStatus, sendTaskInput, getTaskLogs],
});
