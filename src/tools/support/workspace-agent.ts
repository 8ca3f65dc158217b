import { isTerminalJobStatus, type Workspace, type WorkspaceAgent } from "../../client/models/index.js";
import { PtyTransport } from "../../workspace/pty-transport.js";
import type { WorkspaceTransport } from "../../workspace/transport.js";
import type { ToolContext } from "../framework/context.js";
import { ToolError } from "../framework/errors.js";
import { parseWorkspaceRef, pickAgent, resolveWorkspace } from "./resolve.js";

/**
 * Reaching a workspace's agent the way Coder's toolsdk does: resolve `[owner/]workspace[.agent]`,
 * start a stopped workspace and wait for its build, pick the agent, wait until it is connected and
 * its startup scripts are done, then hand the tool a {@link WorkspaceTransport} to it.
 */

/**
 * Resolve `[owner/]workspace[.agent]` to a workspace and one of its agents, starting the workspace
 * first when its latest build is not a start (as Coder's toolsdk does). The start build is awaited
 * within `ctx.limits.jobWaitMs`.
 *
 * Only a failed lookup says `failed to find workspace "…": …` (from {@link resolveWorkspace}).
 * Go's tools put `failed to find workspace:` in front of every error here, which reads wrong once
 * the workspace was found ("failed to find workspace: workspace "dev" has no agents"), so the
 * autostart and agent errors keep their own words (which match Go's after that prefix).
 */
export async function findWorkspaceAndAgent(
  identifier: string,
  ctx: ToolContext,
): Promise<{ workspace: Workspace; agent: WorkspaceAgent }> {
  let workspace = await resolveWorkspace(ctx.client, identifier, ctx.signal);
  if (workspace.latest_build.transition !== "start") workspace = await autostart(workspace, ctx);
  return { workspace, agent: pickAgent(workspace, parseWorkspaceRef(identifier).agent) };
}

const FIRST_POLL_MS = 100;
const MAX_POLL_MS = 1_000;

async function autostart(workspace: Workspace, ctx: ToolContext): Promise<Workspace> {
  const { client, signal, clock } = ctx;
  const build = workspace.latest_build;
  const name = JSON.stringify(workspace.name);
  if (build.transition === "delete") {
    throw new ToolError(`workspace ${name} is deleted`, {
      hint: "create a new workspace with coder_create_workspace",
    });
  }
  if (build.job.status === "failed") {
    throw new ToolError(`workspace ${name} is in failed state`, {
      hint: `read coder_get_workspace_build_logs for build ${build.id}, then start it with coder_create_workspace_build`,
    });
  }
  if (build.status !== "stopped") {
    throw new ToolError(
      `workspace must be started; was unable to autostart as the last build job is ${JSON.stringify(build.status)}, expected "stopped"`,
      { hint: "wait for the current build with coder_workspace_readiness (wait_ms), then try again" },
    );
  }

  const started = await client.workspaces.createBuild(workspace.id, { transition: "start" }, { signal });
  ctx.progress?.({
    progress: 0,
    message: `starting workspace ${workspace.name} (build ${started.build_number})`,
  });
  const deadline = clock.now().getTime() + ctx.limits.jobWaitMs;
  let current = started;
  let pause = FIRST_POLL_MS;
  while (!isTerminalJobStatus(current.job.status)) {
    const remaining = deadline - clock.now().getTime();
    if (remaining <= 0) {
      throw new ToolError(
        `workspace ${name} is still starting after ${Math.round(ctx.limits.jobWaitMs / 1000)} s`,
        {
          hint: `follow build ${started.id} with coder_get_workspace_build_logs or wait with coder_workspace_readiness, then call this tool again`,
        },
      );
    }
    await clock.sleep(Math.min(pause, remaining), signal);
    pause = Math.min(pause * 2, MAX_POLL_MS);
    current = await client.builds.get(started.id, { signal });
    ctx.progress?.({ progress: 0, message: `workspace ${workspace.name}: build ${current.job.status}` });
  }
  if (current.job.status !== "succeeded") {
    throw new ToolError(
      `failed to wait for build completion: the start build ${current.job.status}${current.job.error ? `: ${current.job.error}` : ""}`,
      { hint: `read coder_get_workspace_build_logs for build ${started.id}` },
    );
  }
  return client.workspaces.get(workspace.id, { signal });
}

/**
 * Wait (within `ctx.limits.jobWaitMs`) until the agent is connected and its startup scripts are
 * done, as Go's `cliui.Agent` with `Wait: true` does before it dials. A startup script that failed
 * or timed out does not stop the wait, as in Go (the agent is usable); an agent that is gone does.
 */
export async function waitForAgent(
  workspace: Workspace,
  agent: WorkspaceAgent,
  ctx: ToolContext,
): Promise<WorkspaceAgent> {
  const { client, signal, clock } = ctx;
  const deadline = clock.now().getTime() + ctx.limits.jobWaitMs;
  let current = agent;
  let pause = FIRST_POLL_MS;
  let reported = "";
  for (;;) {
    const lifecycle = current.lifecycle_state;
    if (
      current.status === "connected" &&
      (lifecycle === "ready" || lifecycle === "start_error" || lifecycle === "start_timeout")
    ) {
      return current;
    }
    if (
      current.status === "disconnected" ||
      current.status === "timeout" ||
      lifecycle === "off" ||
      lifecycle === "shutdown_error"
    ) {
      throw new ToolError(
        `agent not ready: agent ${JSON.stringify(current.name)} is ${current.status} (lifecycle ${lifecycle})`,
        {
          hint: `check coder_get_workspace_agent_logs for agent ${current.id}, or restart the workspace with coder_create_workspace_build`,
        },
      );
    }
    const state = `${current.status}/${lifecycle}`;
    if (state !== reported) {
      reported = state;
      ctx.progress?.({
        progress: 0,
        message: `waiting for agent ${current.name} of ${workspace.name}: ${state}`,
      });
    }
    const remaining = deadline - clock.now().getTime();
    if (remaining <= 0) {
      throw new ToolError(
        `agent not ready: agent ${JSON.stringify(current.name)} is still ${state} after ${Math.round(ctx.limits.jobWaitMs / 1000)} s`,
        { hint: "wait with coder_workspace_readiness (wait_ms), then call this tool again" },
      );
    }
    await clock.sleep(Math.min(pause, remaining), signal);
    pause = Math.min(pause * 2, MAX_POLL_MS);
    current = await client.agents.get(current.id, { signal });
  }
}

/**
 * Run `use` with a transport to the agent `identifier` names (resolved, started and waited for as
 * above). The context's transport is used when the host gave one; otherwise a {@link PtyTransport}
 * over the context's client is made for this call and closed after it.
 */
export async function withAgentTransport<T>(
  identifier: string,
  ctx: ToolContext,
  use: (transport: WorkspaceTransport, target: { workspace: Workspace; agent: WorkspaceAgent }) => Promise<T>,
): Promise<T> {
  const found = await findWorkspaceAndAgent(identifier, ctx);
  const agent = await waitForAgent(found.workspace, found.agent, ctx);
  if (ctx.transport) return use(ctx.transport, { workspace: found.workspace, agent });
  const transport = new PtyTransport(ctx.client, agent.id);
  try {
    return await use(transport, { workspace: found.workspace, agent });
  } finally {
    await transport.close();
  }
}
