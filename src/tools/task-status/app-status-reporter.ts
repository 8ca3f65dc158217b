import type { AgentClient } from "../../client/agent-client.js";
import { CoderConfigError } from "../../client/errors.js";
import type { TaskReporter } from "../framework/context.js";

/** What {@link createAppStatusReporter} needs. */
export interface AppStatusReporterOptions {
  /** A client authenticated with the workspace agent's token. */
  agent: AgentClient;
  /** Slug of the `coder_app` the status is shown under (`CODER_MCP_APP_STATUS_SLUG`). */
  appSlug: string;
}

/**
 * A {@link TaskReporter} that publishes each report as the app's status with
 * `PATCH /api/v2/workspaceagents/me/app-status` (summary → `message`, link → `uri`). Coder's
 * errors (e.g. 400 "Failed to get workspace app." for an unknown slug) reject the returned promise.
 *
 * @throws {CoderConfigError} when `appSlug` is empty.
 */
export function createAppStatusReporter({ agent, appSlug }: AppStatusReporterOptions): TaskReporter {
  const slug = appSlug.trim();
  if (!slug) {
    throw new CoderConfigError(
      "createAppStatusReporter: appSlug must name a coder_app on the agent (CODER_MCP_APP_STATUS_SLUG)",
    );
  }
  return async ({ summary, link, state }, options = {}) => {
    await agent.patchAppStatus({ app_slug: slug, state, message: summary, uri: link }, options);
  };
}
