import { z } from "zod";
import { READ_ONLY } from "../framework/annotations.js";
import { defineTool } from "../framework/define-tool.js";
import { LogWindow } from "../framework/log-window.js";
import { explainNotFound } from "../support/api-errors.js";
import { collectJobLogs } from "../support/job-logs.js";
import { requireUuid } from "../support/resolve.js";

const Truncated = z
  .object({ omitted_lines: z.number(), omitted_bytes: z.number() })
  .describe("Present when the middle of the log was left out to fit the budget");

const AGENT_ID_HINT =
  "call coder_get_workspace with the workspace's owner/name and pass one of its agents[].id as workspace_agent_id";
const BUILD_ID_HINT =
  "call coder_get_workspace (latest_build.id) or coder_list_workspaces (latest_build_id) for a build id, or use the id coder_create_workspace_build returned";

/** `coder_get_workspace_agent_logs`: what an agent has logged so far (startup scripts etc.). */
export const getWorkspaceAgentLogs = defineTool({
  name: "coder_get_workspace_agent_logs",
  title: "Get workspace agent logs",
  description:
    "Return the logs a workspace agent has written so far: startup script output and agent messages. " +
    "It does not wait, so more lines may appear later. Use it when coder_workspace_readiness or " +
    "coder_get_workspace shows an agent stuck starting or in start_error. Long logs keep their beginning " +
    "and end (where errors usually are), and say how much was left out. The agent id comes from " +
    "coder_get_workspace (agents[].id).",
  toolset: "workspaces",
  annotations: READ_ONLY,
  input: z.object({
    workspace_agent_id: z
      .string()
      .max(256)
      .describe("UUID of the workspace agent (agents[].id from coder_get_workspace)."),
  }),
  output: z.object({
    logs: z.string().describe("Log lines joined by newlines"),
    line_count: z.number().describe("How many lines the agent has logged"),
    truncated: Truncated.optional(),
  }),
  async handler({ workspace_agent_id }, { client, signal, limits }) {
    const agentId = requireUuid(workspace_agent_id, "workspace_agent_id");
    // Read as the body arrives and keep only the head and tail that can be shown, so an agent
    // that logged megabytes costs no more memory than one that logged a page.
    const window = new LogWindow(limits.logBudgetBytes);
    try {
      for await (const log of client.agents.iterateLogs(agentId, { after: 0, signal }))
        window.push(log.output);
    } catch (error) {
      throw explainNotFound(error, `workspace agent ${agentId}`, AGENT_ID_HINT);
    }
    const bounded = window.result();
    return {
      logs: bounded.text,
      line_count: window.lineCount,
      ...(bounded.truncated ? { truncated: bounded.truncated } : {}),
    };
  },
});

/** `coder_get_workspace_build_logs`: a build's provisioner logs, waiting for the build to end. */
export const getWorkspaceBuildLogs = defineTool({
  name: "coder_get_workspace_build_logs",
  title: "Get workspace build logs",
  description:
    "Return the provisioner (Terraform) logs of a workspace build with the build's outcome: transition, " +
    "status, job_status (succeeded or failed once it has ended) and, for a failed build, the error. If the " +
    "build is still running it follows the logs until the build ends or the wait budget runs out; then " +
    "complete is false and a note says to call again. Use it after coder_create_workspace or " +
    "coder_create_workspace_build to see whether the build succeeded and why it failed. Long logs keep " +
    "their beginning and end.",
  toolset: "workspaces",
  annotations: READ_ONLY,
  input: z.object({
    workspace_build_id: z
      .string()
      .max(256)
      .describe(
        "UUID of the build: the id returned by coder_create_workspace_build, or latest_build.id from coder_get_workspace.",
      ),
  }),
  output: z.object({
    transition: z.string().describe("What the build does: start, stop or delete"),
    status: z
      .string()
      .describe("Workspace status the build gives: pending, starting, running, stopped, failed, canceled, …"),
    job_status: z
      .string()
      .describe("Provisioner job: pending, running, succeeded, failed, canceling or canceled"),
    error: z.string().optional().describe("Why the build failed, as the provisioner reported it"),
    logs: z.string().describe("Log lines joined by newlines"),
    line_count: z.number().describe("How many lines were received"),
    complete: z.boolean().describe("True when the build had finished and these are all its logs"),
    truncated: Truncated.optional(),
    note: z.string().optional(),
  }),
  async handler({ workspace_build_id }, ctx) {
    const buildId = requireUuid(workspace_build_id, "workspace_build_id");
    // Ask for the build first: an unknown id is a 404 here, explained with where ids come from,
    // instead of a refused WebSocket upgrade.
    await ctx.client.builds.get(buildId, { signal: ctx.signal }).catch((error: unknown) => {
      throw explainNotFound(error, `workspace build ${buildId}`, BUILD_ID_HINT);
    });
    const collected = await collectJobLogs(
      (signal, onFallback) => ctx.client.builds.followLogs(buildId, { signal, onFallback }),
      ctx,
      "coder_get_workspace_build_logs",
    );
    // Read after the logs, so a build that just ended reports its final state.
    const build = await ctx.client.builds.get(buildId, { signal: ctx.signal });
    return {
      transition: build.transition,
      status: build.status,
      job_status: build.job.status,
      ...(build.job.error ? { error: build.job.error } : {}),
      ...collected,
    };
  },
});
