import { z } from "zod";
import type { Workspace } from "../../client/models/index.js";
import { READ_ONLY } from "../framework/annotations.js";
import type { ToolContext } from "../framework/context.js";
import { defineTool } from "../framework/define-tool.js";
import { ToolInputError } from "../framework/errors.js";
import { parseWorkspaceRef, pickAgent, resolveWorkspace } from "../support/resolve.js";
import { WORKSPACE_AGENT_DESCRIPTION } from "./inputs.js";

/** The longest a readiness call may take, waiting and requests included. */
export const MAX_READINESS_WAIT_MS = 30_000;
const POLL_INTERVAL_MS = 1_000;

/** Every state the tool reports; `pending` and `disconnected` may still change on their own. */
export const READINESS_STATES = [
  "build_failed",
  "build_canceled",
  "pending",
  "stopped",
  "stopping",
  "deleting",
  "deleted",
  "unavailable",
  "start_error",
  "start_timeout",
  "disconnected",
  "connection_timeout",
  "ready",
] as const;
type ReadinessState = (typeof READINESS_STATES)[number];

const ReadinessSnapshot = z.object({
  workspace_id: z.string(),
  build_id: z.string(),
  build_status: z.string().describe("Workspace status of the latest build"),
  build_transition: z.string(),
  build_error: z.string().optional(),
  agent_id: z.string().optional(),
  agent_name: z.string().optional(),
  connection_status: z.string().optional().describe("connecting, connected, disconnected or timeout"),
  lifecycle_state: z
    .string()
    .optional()
    .describe("Agent startup state: created, starting, ready, start_error, …"),
  state: z.enum(READINESS_STATES),
  reason: z.string().describe("What the state means and what to do next"),
  ready: z
    .boolean()
    .describe("True when the build runs and the connected agent finished its startup scripts"),
  wait_expired: z.boolean().describe("True when wait_ms ran out while the state was still pending"),
});
type ReadinessSnapshot = z.infer<typeof ReadinessSnapshot>;

const BUILD_FAILED =
  "The latest build failed. Read its logs with coder_get_workspace_build_logs and fix the cause before starting it again.";
const BUILD_CANCELED =
  "The latest build was canceled or is being canceled. Check it with coder_get_workspace before starting another.";
const GOING_AWAY = "The workspace is stopping or being deleted; it cannot run anything.";

/** Reason sentence per state; the build/agent detail lives in the other fields. */
const REASONS = {
  build_pending:
    "The build is still running. Call again with wait_ms, or follow it with coder_get_workspace_build_logs.",
  stopped:
    "The workspace is stopped. Start it with coder_create_workspace_build (transition start), then check again.",
  not_start:
    "The latest build is not a start build. Check the workspace with coder_get_workspace before running anything.",
  unknown_build:
    "The build is in a state this tool does not know. Inspect it with coder_get_workspace and its build logs.",
  start_error:
    "The agent's startup scripts failed. Read coder_get_workspace_agent_logs and fix the script error.",
  start_timeout:
    "The agent's startup scripts ran past their timeout. Read coder_get_workspace_agent_logs before going on.",
  shutting_down:
    "The agent is shutting down or off. Check the workspace with coder_get_workspace before running anything.",
  disconnected: "The agent lost its connection. Call again with wait_ms, or read the agent and build logs.",
  connection_timeout:
    "The agent never connected within its timeout. Read the build logs and coder_get_workspace_agent_logs.",
  connecting:
    "The build is done and the agent has not connected yet. Call again with wait_ms, or read the agent logs.",
  agent_starting:
    "The agent is connected and its startup scripts are still running. Call again with wait_ms.",
  ready: "The build is running and the connected agent finished its startup scripts.",
  unknown_agent:
    "The agent is in a state this tool does not know. Read coder_get_workspace_agent_logs before running anything.",
} as const;

const SHUTTING_DOWN = new Set(["shutting_down", "shutdown_timeout", "shutdown_error", "off"]);

/** Classify one workspace observation; `pending` says whether waiting could change it. */
function snapshot(
  ws: Workspace,
  agentName: string | undefined,
): { snap: ReadinessSnapshot; pending: boolean } {
  const build = ws.latest_build;
  const base = {
    workspace_id: ws.id,
    build_id: build.id,
    build_status: build.status,
    build_transition: build.transition,
    ...(build.job.error ? { build_error: build.job.error } : {}),
    ready: false,
    wait_expired: false,
  };
  let agentFields = {};
  const result = (state: ReadinessState, reason: string, pending = false) => ({
    snap: { ...base, ...agentFields, state, reason, ready: state === "ready" },
    pending,
  });

  // A failed or canceled job wins over whatever status the build reports.
  if (build.job.status === "failed") return result("build_failed", BUILD_FAILED);
  if (build.job.status === "canceled" || build.job.status === "canceling")
    return result("build_canceled", BUILD_CANCELED);
  switch (build.status) {
    case "pending":
    case "starting":
      return result("pending", REASONS.build_pending, true);
    case "stopped":
      return result("stopped", REASONS.stopped);
    case "stopping":
    case "deleting":
    case "deleted":
      return result(build.status as "stopping" | "deleting" | "deleted", GOING_AWAY);
    case "failed":
      return result("build_failed", BUILD_FAILED);
    case "canceled":
    case "canceling":
      return result("build_canceled", BUILD_CANCELED);
    case "running":
      if (build.transition !== "start") return result("unavailable", REASONS.not_start);
      break;
    default:
      return result("unavailable", REASONS.unknown_build);
  }

  const agent = pickAgent(ws, agentName);
  agentFields = {
    agent_id: agent.id,
    agent_name: agent.name,
    connection_status: agent.status,
    lifecycle_state: agent.lifecycle_state,
  };
  // A startup failure is reported even if the connection also changed.
  if (agent.lifecycle_state === "start_error") return result("start_error", REASONS.start_error);
  if (agent.lifecycle_state === "start_timeout") return result("start_timeout", REASONS.start_timeout);
  if (SHUTTING_DOWN.has(agent.lifecycle_state)) return result("unavailable", REASONS.shutting_down);
  switch (agent.status) {
    case "disconnected":
      return result("disconnected", REASONS.disconnected, true);
    case "timeout":
      return result("connection_timeout", REASONS.connection_timeout);
    case "connecting":
      return result("pending", REASONS.connecting, true);
    case "connected":
      if (agent.lifecycle_state === "ready") return result("ready", REASONS.ready);
      if (agent.lifecycle_state === "created" || agent.lifecycle_state === "starting") {
        return result("pending", REASONS.agent_starting, true);
      }
  }
  return result("unavailable", REASONS.unknown_agent);
}

/** `coder_workspace_readiness`: is the workspace built, its agent connected and started? */
export const workspaceReadiness = defineTool({
  name: "coder_workspace_readiness",
  title: "Check workspace readiness",
  description:
    "Report whether a workspace is ready to use: its latest build is a finished start, its agent is " +
    "connected and its startup scripts are done. It only reads; it never starts the workspace, connects " +
    "to it or extends its activity. wait_ms 0 (the default) takes one snapshot; a larger wait_ms (up to " +
    "30000) polls every second while the state is pending or disconnected, and returns as soon as it is " +
    "ready or needs action, or the last snapshot with wait_expired true. state is one of build_failed, " +
    "build_canceled, pending, stopped, stopping, deleting, deleted, unavailable, start_error, " +
    "start_timeout, disconnected, connection_timeout, ready; reason says what to do next.",
  toolset: "workspaces",
  annotations: READ_ONLY,
  input: z.object({
    workspace: z.string().max(256).min(1).describe(WORKSPACE_AGENT_DESCRIPTION),
    wait_ms: z
      .number()
      .int()
      .min(0)
      .max(MAX_READINESS_WAIT_MS)
      .default(0)
      .describe("How long to keep watching a pending workspace, in milliseconds (0–30000). 0: one snapshot."),
  }),
  output: ReadinessSnapshot,
  async handler({ workspace, wait_ms }, ctx) {
    if (!workspace.trim())
      throw ToolInputError.at("$.workspace", "workspace name cannot be empty", "required");
    return observe(workspace, wait_ms, ctx);
  },
});

async function observe(identifier: string, waitMs: number, ctx: ToolContext): Promise<ReadinessSnapshot> {
  const { client, clock } = ctx;
  const budgetMs = waitMs === 0 ? MAX_READINESS_WAIT_MS : waitMs;
  const deadline = clock.now().getTime() + budgetMs;
  // Requests share the budget: a hung API must not hold the call past it. This guard is real
  // time on purpose (AbortSignal.timeout, not ctx.clock): it bounds socket I/O, which runs on the
  // wall clock whatever clock the context carries, and `Clock` has no way to abort a pending
  // request. The poll schedule and the deadline use ctx.clock, so tests can fast-forward them.
  const budget = AbortSignal.timeout(budgetMs);
  const signal = AbortSignal.any([ctx.signal, budget]);
  const agentName = parseWorkspaceRef(identifier).agent;

  let ws = await resolveWorkspace(client, identifier, signal);
  for (;;) {
    const { snap, pending } = snapshot(ws, agentName);
    if (!pending || waitMs === 0) return snap;
    const remaining = deadline - clock.now().getTime();
    const expired = { ...snap, wait_expired: true };
    if (remaining <= 0) return expired;
    try {
      if (remaining <= POLL_INTERVAL_MS) {
        await clock.sleep(remaining, signal);
        return expired;
      }
      await clock.sleep(POLL_INTERVAL_MS, signal);
      // By id from here on: a deleted workspace must not turn into a new one with the same name.
      ws = await client.workspaces.get(ws.id, { signal });
    } catch (error) {
      if (budget.aborted && !ctx.signal.aborted) return expired;
      throw error;
    }
  }
}
