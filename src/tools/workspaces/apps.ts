import { z } from "zod";
import { CoderApiError } from "../../client/errors.js";
import { MUTATION } from "../framework/annotations.js";
import type { ToolContext } from "../framework/context.js";
import { defineTool } from "../framework/define-tool.js";
import { ToolError } from "../framework/errors.js";
import { compact } from "../framework/shaping.js";
import { appBrowserUrl, subdomainLabel, subdomainUrl } from "../support/web-urls.js";
import { findWorkspaceAndAgent } from "../support/workspace-agent.js";
import { WORKSPACE_AGENT_DESCRIPTION } from "./inputs.js";

/**
 * Tools that address an agent's apps and ports by URL. Like Coder's, they start a stopped
 * workspace first (which is why they are mutations), but they never dial the agent.
 */

/** `coder_workspace_port_forward`: the subdomain URL that reaches a port in the workspace. */
export const workspacePortForward = defineTool({
  name: "coder_workspace_port_forward",
  title: "Get a port-forward URL",
  description:
    "Return the browser URL that forwards to a TCP port inside a workspace, through Coder's wildcard " +
    "app domain (e.g. https://8080--main--dev--alice.apps.example.com). Use it to open a dev server or " +
    "preview the user started in the workspace. Starts the workspace first if it is stopped. Fails when " +
    "the deployment has no wildcard app host; then coder_workspace_list_apps still lists the defined apps.",
  toolset: "workspaces",
  // Forwarded ports are served on the wildcard app host; without one this tool can only fail.
  requires: ["appHost"],
  annotations: MUTATION,
  input: z.object({
    workspace: z.string().max(256).describe(WORKSPACE_AGENT_DESCRIPTION),
    port: z
      .number()
      .int()
      .min(1)
      .max(65_535)
      .describe("The TCP port (1–65535) a process in the workspace listens on, e.g. 3000 or 8080."),
  }),
  output: z.object({ url: z.string().describe("URL that forwards to the port") }),
  async handler({ workspace: identifier, port }, ctx) {
    const { workspace, agent } = await findWorkspaceAndAgent(identifier, ctx);
    const { host } = await ctx.client.applications.host({ signal: ctx.signal });
    if (!host) {
      throw new ToolError("no app host for forwarding has been configured", {
        hint: "this deployment has no wildcard access URL; use coder_workspace_list_apps for the apps its templates define",
      });
    }
    return { url: subdomainUrl(ctx.client.url, host, subdomainLabel(String(port), agent, workspace)) };
  },
});

/** `coder_workspace_list_apps`: the apps one agent exposes, with their URLs. */
export const workspaceListApps = defineTool({
  name: "coder_workspace_list_apps",
  title: "List workspace apps",
  description:
    "List the apps (code-server, Jupyter, web previews, …) an agent of a workspace exposes. Each has " +
    "its name; url, the address the template gives the app (for most apps one inside the workspace, " +
    "such as http://localhost:13337, which only works from within it); and browser_url, the link a user " +
    "opens through Coder. Give the user browser_url. For a workspace with several agents, name the agent " +
    "as owner/workspace.agent. Starts the workspace first if it is stopped. For an arbitrary port use " +
    "coder_workspace_port_forward.",
  toolset: "workspaces",
  annotations: MUTATION,
  input: z.object({
    workspace: z.string().max(256).describe(WORKSPACE_AGENT_DESCRIPTION),
  }),
  output: z.object({
    apps: z.array(
      z.object({
        name: z.string().describe("Display name, or the slug when the app has none"),
        url: z
          .string()
          .describe(
            "The app's url as the template defines it: for proxied apps an address inside the workspace (e.g. http://localhost:13337), reachable only from there; for external apps the link itself; empty for command apps",
          ),
        browser_url: z
          .string()
          .optional()
          .describe(
            "Where a user opens the app through Coder (path-based, wildcard-subdomain, external link, or web terminal for command apps). Absent when the deployment cannot serve it, e.g. a subdomain app without a wildcard app host",
          ),
      }),
    ),
  }),
  async handler({ workspace: identifier }, ctx) {
    const { workspace, agent } = await findWorkspaceAndAgent(identifier, ctx);
    const apps = agent.apps ?? [];
    const appHost = apps.some((app) => app.subdomain && !app.external && !app.command)
      ? await wildcardAppHost(ctx)
      : "";
    return {
      apps: apps.map((app) =>
        compact({
          name: app.display_name || app.slug,
          url: app.url ?? "",
          browser_url: appBrowserUrl(app, { clientUrl: ctx.client.url, appHost, workspace, agent }),
        }),
      ),
    };
  },
});

// Best effort: without the host only subdomain apps lose their browser_url, so a failed lookup
// must not fail the listing (Go's tool lists apps without asking for it at all).
async function wildcardAppHost(ctx: ToolContext): Promise<string> {
  try {
    return (await ctx.client.applications.host({ signal: ctx.signal })).host;
  } catch (error) {
    if (error instanceof CoderApiError) return "";
    throw error;
  }
}
