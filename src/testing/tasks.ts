import type { AgentLifecycle, Task, TaskLogEntry, TaskStatus } from "./api-types.js";
import { latestAppStatus, workspaceJson } from "./convert-workspace.js";
import { coderError, field, type JsonObject } from "./http-util.js";
import type { AgentRec, AppRec, TaskRec, UserRec } from "./records.js";
import type { Store } from "./store.js";
import { isUuid, nameValid, newId, nowIso, randomString } from "./util.js";
import { createWorkspace, type OpsEnv } from "./workspace-ops.js";

/** Produces the task app's answer to user input (the fake's stand-in for AgentAPI). */
export type TaskReply = (input: string, task: TaskRec) => string;

/** The default task app answer. */
export const defaultTaskReply: TaskReply = (input) => `Working on it: ${input}`;

/** The agent and app a task talks to: the AI-task app of the latest start build. */
function taskTarget(store: Store, task: TaskRec): { agent: AgentRec; app: AppRec | undefined } | undefined {
  const build = store.latestBuild(task.workspaceId);
  const starts = store.buildsOf(task.workspaceId).filter((b) => b.transition === "start");
  const source = build.transition === "start" ? build : starts[starts.length - 1];
  const agents = source?.resources.flatMap((r) => r.agents) ?? [];
  const slug = store.versions.get(build.templateVersionId)?.aiTaskAppSlug;
  const agent = agents.find((a) => a.apps.some((app) => app.spec.slug === slug)) ?? agents[0];
  if (!agent) return undefined;
  return { agent, app: agent.apps.find((app) => app.spec.slug === slug) };
}

/** The `tasks_with_status` view: build status, then agent lifecycle, then app health. */
export function taskStatus(store: Store, task: TaskRec): TaskStatus {
  const build = store.latestBuild(task.workspaceId);
  const job = store.jobOf(build);
  let status: TaskStatus;
  if (job.status === "failed" || job.status === "canceling" || job.status === "canceled") status = "error";
  else if (build.transition !== "start" && job.status === "succeeded") status = "paused";
  else if (build.transition === "start" && job.status === "pending") status = "pending";
  else if (build.transition === "start") status = "active";
  else status = "unknown";
  if (status !== "active") return status;
  const target = taskTarget(store, task);
  const lifecycle: AgentLifecycle | undefined = target?.agent.lifecycle;
  if (!lifecycle || lifecycle === "created" || lifecycle === "starting") return "initializing";
  if (lifecycle !== "ready" && lifecycle !== "start_timeout" && lifecycle !== "start_error") return "unknown";
  const health = target?.app?.health;
  if (health === "initializing") return "initializing";
  if (health === "unhealthy") return "error";
  return health === "healthy" || health === "disabled" ? "active" : "unknown";
}

/** coderd's taskFromDBTaskAndWorkspace + deriveTaskCurrentState. */
export function taskJson(store: Store, task: TaskRec): Task {
  const ws = store.workspaces.get(task.workspaceId)!;
  const wsJson = workspaceJson(store, ws);
  const owner = store.users.get(task.ownerId)!;
  const build = store.latestBuild(ws.id);
  const target = taskTarget(store, task);
  const status = taskStatus(store, task);
  const appStatus = latestAppStatus(store, ws);
  let current: Task["current_state"] = null;
  if (appStatus && (build.transition !== "start" || appStatus.created_at > build.createdAt)) {
    current = {
      timestamp: appStatus.created_at,
      state: appStatus.state,
      message: appStatus.message,
      uri: appStatus.uri,
    };
  }
  if (!current && status === "initializing") {
    const wsStatus = store.buildStatus(build);
    const lifecycle = target?.agent.lifecycle;
    let message = "Initializing workspace";
    if (wsStatus === "pending" || wsStatus === "starting") message = `Workspace is ${wsStatus}`;
    else if (lifecycle === "created") message = "Agent is connecting";
    else if (lifecycle === "starting") message = "Agent is starting";
    else if (lifecycle === "ready") {
      message =
        target?.app?.health === "initializing"
          ? "App is initializing"
          : "Initializing workspace applications";
    } else if (lifecycle) message = "Initializing workspace agent";
    current = { timestamp: build.createdAt, state: "working", message, uri: "" };
  }
  const out: Task = {
    id: task.id,
    organization_id: task.orgId,
    owner_id: owner.id,
    owner_name: owner.username,
    name: task.name,
    display_name: task.displayName,
    template_id: wsJson.template_id,
    template_version_id: task.templateVersionId,
    template_name: wsJson.template_name,
    template_display_name: wsJson.template_display_name,
    template_icon: wsJson.template_icon,
    workspace_id: ws.id,
    workspace_name: ws.name,
    workspace_status: wsJson.latest_build.status,
    workspace_build_number: build.number,
    workspace_agent_id: target?.agent.id ?? null,
    workspace_agent_lifecycle: target?.agent.lifecycle ?? null,
    workspace_agent_health: target
      ? (wsJson.latest_build.resources.flatMap((r) => r.agents ?? []).find((a) => a.id === target.agent.id)
          ?.health ?? null)
      : null,
    workspace_app_id: target?.app?.id ?? null,
    initial_prompt: task.prompt,
    status,
    current_state: current,
    created_at: task.createdAt,
    updated_at: wsJson.updated_at,
  };
  if (owner.avatarUrl) out.owner_avatar_url = owner.avatarUrl;
  return out;
}

/** A task name like coderd's fallback generator: a slug of the prompt plus a random suffix. */
function generateName(input: string): string {
  const slug = input
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 20)
    .replace(/-+$/, "");
  return `${slug || "task"}-${randomString(4)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "x")}`;
}

/** `POST /api/v2/tasks/{user}` (coderd tasksCreate). */
export function createTask(env: OpsEnv, actor: UserRec, owner: UserRec, body: JsonObject): TaskRec {
  const { store } = env;
  const versionId = field.string(body, "template_version_id", "codersdk.CreateTaskRequest") ?? "";
  const presetId = field.string(body, "template_version_preset_id", "codersdk.CreateTaskRequest");
  const input = field.string(body, "input", "codersdk.CreateTaskRequest") ?? "";
  let name = field.string(body, "name", "codersdk.CreateTaskRequest") ?? "";
  let displayName = (field.string(body, "display_name", "codersdk.CreateTaskRequest") ?? "").trim();
  const version = isUuid(versionId) ? store.versions.get(versionId.toLowerCase()) : undefined;
  const template = version?.templateId ? store.templates.get(version.templateId) : undefined;
  if (!version || !template || !store.canReadTemplate(actor, template)) {
    throw coderError(400, "Template version not found or you do not have access to this resource");
  }
  if (!version.aiTaskAppSlug)
    throw coderError(400, 'Template does not have a valid "coder_ai_task" resource.');
  if (name && !nameValid(name)) {
    throw coderError(
      400,
      "Unable to create a Task with the provided name.",
      "Must be alphanumeric with hyphens.",
    );
  }
  if (displayName.length > 64) throw coderError(400, "Display name must be 64 characters or less.");
  if (!name) name = generateName(input);
  if (!displayName) displayName = input.split("\n")[0]!.trim().slice(0, 64) || name;
  const ws = createWorkspace(env, actor, owner, {
    name,
    template_version_id: version.id,
    ...(presetId ? { template_version_preset_id: presetId } : {}),
  });
  const task: TaskRec = {
    id: newId(),
    orgId: ws.orgId,
    ownerId: owner.id,
    name,
    displayName,
    workspaceId: ws.id,
    templateVersionId: version.id,
    prompt: input,
    createdAt: nowIso(),
    deletedAt: null,
    messages: [],
    snapshotAt: null,
  };
  store.tasks.set(task.id, task);
  return task;
}

function pushMessage(task: TaskRec, type: TaskLogEntry["type"], content: string): void {
  task.messages.push({ id: task.messages.length, content, type, time: nowIso() });
}

/** When a task's agent is ready, its app has read the prompt and answered, as AgentAPI would. */
export function onTaskAgentReady(store: Store, reply: TaskReply, agent: AgentRec): void {
  const task = store.taskOfWorkspace(agent.workspaceId);
  if (!task || task.messages.length > 0) return;
  pushMessage(task, "input", task.prompt);
  pushMessage(task, "output", reply(task.prompt, task));
}

/** The state checks of coderd's authAndDoWithTaskAppClient. */
function requireActive(store: Store, task: TaskRec): void {
  const status = taskStatus(store, task);
  if (status === "active") return;
  if (status === "pending" || status === "initializing") {
    throw coderError(
      409,
      `Task is ${status}.`,
      "The task is resuming. Wait for the task to become active before sending messages.",
    );
  }
  if (status === "paused") throw coderError(409, "Task is paused.", "Resume the task to send messages.");
  throw coderError(
    400,
    "Task must be active.",
    `Task status is "${status}", it must be "active" to interact with the task.`,
  );
}

/** `POST /api/v2/tasks/{user}/{task}/send`. */
export function sendTaskInput(store: Store, reply: TaskReply, task: TaskRec, input: string): void {
  if (input === "") throw coderError(400, "Task input is required.");
  requireActive(store, task);
  pushMessage(task, "input", input);
  pushMessage(task, "output", reply(input, task));
}

/** `GET /api/v2/tasks/{user}/{task}/logs`: live while active, a snapshot while paused or starting. */
export function taskLogs(
  store: Store,
  task: TaskRec,
): { logs: TaskLogEntry[]; snapshot?: boolean; snapshot_at?: string } {
  const status = taskStatus(store, task);
  if (status === "active") return { logs: task.messages };
  if (status === "paused" || status === "pending" || status === "initializing") {
    if (task.messages.length === 0) return { logs: [], snapshot: true };
    return {
      logs: task.messages,
      snapshot: true,
      snapshot_at: store.latestBuild(task.workspaceId).createdAt,
    };
  }
  throw coderError(409, "Cannot fetch logs for task in current state.", `Task status is "${status}".`);
}

/** `PATCH /api/v2/tasks/{user}/{task}/input`: only a paused task's prompt may change. */
export function updateTaskInput(store: Store, task: TaskRec, input: string): void {
  if (input.trim() === "") throw coderError(400, "Task input is required.");
  if (taskStatus(store, task) !== "paused") {
    throw coderError(
      409,
      "Unable to update task input, task must be paused.",
      "Please stop the task's workspace before updating the input.",
    );
  }
  task.prompt = input;
}
