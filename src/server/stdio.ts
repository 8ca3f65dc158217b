import type { Readable, Writable } from "node:stream";
import { StdioServerTransport, serveStdio } from "@modelcontextprotocol/server/stdio";
import type { McpServerLike } from "../adapters/mcp/index.js";
import { AgentClient } from "../client/agent-client.js";
import { type Env, resolveAgentConfig, resolveUserConfig } from "../client/config.js";
import { type CoderCapabilities, CoderClient, detectCapabilities } from "../client/index.js";
import { McpProxy, mcpToolsReport, mountProxiedTools, renderToolTable } from "../proxy/index.js";
import { allTools, reportTask, selectTools } from "../tools/index.js";
import { buildMcpServer } from "./mcp-server.js";
import { policyFor, type ServerSelection } from "./selection.js";
import { type RunningTaskReporter, startTaskReporter } from "./task-reporter/index.js";

/** Options of {@link runStdioServer}, the flags and environment of `coder exp mcp server`. */
export interface StdioServerOptions {
  env: Env;
  platform: NodeJS.Platform;
  /** `--url`, over CODER_URL. */
  url?: string;
  instructions?: string;
  selection: ServerSelection;
  /** `--organization`: a name is looked up once at start-up. */
  organization?: string;
  appStatusSlug?: string;
  agentApiUrl?: string;
  /**
   * `.mcp.json` files whose MCP servers are served too, as `<server>__<tool>` (see
   * `coder-toolsdk/proxy`); they follow edits of the files. Empty or left out: none.
   */
  mcpConfigPaths?: readonly string[];
  /** Diagnostics (stderr): stdout carries the protocol. */
  log(line: string): void;
  stdin: Readable;
  stdout: Writable;
  signal?: AbortSignal;
}

/** The server could not start; the message says what to set. */
export class StdioStartError extends Error {
  override readonly name = "StdioStartError";
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const label = (name: string) => `${name.padEnd(15)}: `;

/**
 * `coder-toolsdk serve` over stdio, a drop-in for `coder exp mcp server`: the user client from
 * CODER_URL and CODER_SESSION_TOKEN (or the Coder CLI's login), checked with `GET /users/me` and
 * dropped with a warning when Coder refuses it; the agent client from CODER_AGENT_URL and
 * CODER_AGENT_TOKEN(_FILE); task reporting when there is an agent client and a slug. With no user
 * client only `coder_report_task` is offered; with neither, it refuses to start. Negotiates the
 * 2026-07-28 protocol with clients that ask for it and the 2025 revisions otherwise.
 *
 * Resolves when the client closes the connection (or `signal` aborts), after queued task reports
 * were sent.
 *
 * @throws {StdioStartError} when there is nothing to serve, or the selection is invalid.
 */
export async function runStdioServer(options: StdioServerOptions): Promise<void> {
  const { log } = options;
  const env = options.url ? { ...options.env, CODER_URL: options.url } : options.env;

  let user: CoderClient | undefined;
  let userProblem: string;
  try {
    const config = resolveUserConfig(env, options.platform);
    log(`${label("URL")}${config.url}`);
    const candidate = new CoderClient({ url: config.url, token: config.token });
    try {
      const me = await candidate.users.me();
      log(`${label("Authentication")}Successful`);
      log(`${label("User")}${me.username}`);
      user = candidate;
      userProblem = "";
    } catch (error) {
      userProblem = `Coder refused the session token (${error instanceof Error ? error.message : String(error)})`;
      log(`${label("Authentication")}Failed (${error instanceof Error ? error.message : String(error)})`);
      log("WARN: tools that need a Coder user will not be available.");
    }
  } catch (error) {
    userProblem = error instanceof Error ? error.message : String(error);
    log(`${label("URL")}Not configured`);
    log(`${label("Authentication")}None`);
  }

  let agent: AgentClient | undefined;
  try {
    const config = resolveAgentConfig(env);
    agent = new AgentClient({ url: config.url, token: config.token });
    log(`${label("Agent URL")}${config.url}`);
  } catch {
    // Not inside a workspace (or not configured for it): task reporting stays off.
  }
  const slug = options.appStatusSlug?.trim() ?? "";
  let reporter: RunningTaskReporter | undefined;
  if (agent && slug) {
    reporter = startTaskReporter({
      agent,
      appSlug: slug,
      ...(options.agentApiUrl ? { agentApiUrl: options.agentApiUrl } : {}),
      onWarning: (message) => log(`WARN: ${message}`),
    });
    log(`${label("Task reporter")}Enabled (app ${slug})`);
  } else {
    const missing = [
      agent ? "" : "CODER_AGENT_URL and CODER_AGENT_TOKEN",
      slug ? "" : "CODER_MCP_APP_STATUS_SLUG",
    ].filter(Boolean);
    log(`${label("Task reporter")}Disabled (set ${missing.join(" and ")})`);
  }
  log(`${label("AgentAPI URL")}${options.agentApiUrl && reporter ? options.agentApiUrl : "Not configured"}`);

  if (!user && !reporter) {
    throw new StdioStartError(
      `nothing to serve: ${userProblem || "no Coder user"}. Set CODER_URL and CODER_SESSION_TOKEN (or run \`coder login\`) for the Coder tools, ` +
        "or, inside a workspace, CODER_AGENT_URL, CODER_AGENT_TOKEN and CODER_MCP_APP_STATUS_SLUG to report task status.",
    );
  }

  const selection: ServerSelection = { ...options.selection };
  if (options.organization && user) {
    const org = UUID.test(options.organization)
      ? options.organization
      : (await user.organizations.get(options.organization)).id;
    selection.pin = { ...selection.pin, organization_id: org };
  }
  // Report-only mode: without a user there is no client to act with; coder_report_task needs none.
  const client =
    user ??
    new CoderClient({
      url: agent!.url,
      tokenProvider: () => {
        throw new Error("no Coder user session: set CODER_URL and CODER_SESSION_TOKEN");
      },
    });
  // Tools the deployment cannot serve (the task tools on current Coder, chats on older Coder, port
  // forwarding without an app host) are left out; a failed probe leaves every selected tool in.
  const capabilities: CoderCapabilities | undefined = user
    ? await detectCapabilities(user).catch(() => undefined)
    : undefined;
  const selected = user ? policyFor(selection, reporter !== undefined) : { allow: [reportTask.name] };
  const policy = capabilities ? { ...selected, capabilities } : selected;
  let offered: string[];
  let unserved: string[];
  try {
    offered = selectTools(allTools, policy).map((tool) => tool.name);
    unserved = selectTools(allTools, selected)
      .map((tool) => tool.name)
      .filter((name) => !offered.includes(name));
  } catch (error) {
    throw new StdioStartError(error instanceof Error ? error.message : String(error));
  }
  log(`${label("Tools")}${offered.length}: ${offered.join(", ")}`);
  if (unserved.length > 0)
    log(`${label("Not served")}${unserved.join(", ")} (this deployment lacks what they need)`);
  if (options.instructions) log(`${label("Instructions")}${JSON.stringify(options.instructions)}`);

  // The workspace's own MCP servers. Only --read-only applies to them: --toolsets, --allowed-tools
  // and --deny name Coder's catalogue.
  let proxy: McpProxy | undefined;
  if (options.mcpConfigPaths?.length) {
    proxy = await McpProxy.start({ configPaths: options.mcpConfigPaths, config: { env } });
    for (const line of renderToolTable(mcpToolsReport(proxy)).trimEnd().split("\n"))
      log(`${label("MCP servers")}${line}`);
    proxy.watch();
  }
  const factory = () => {
    const server = buildMcpServer({
      client,
      tools: allTools,
      ...policy,
      ...(agent ? { agent } : {}),
      ...(reporter ? { reporter: reporter.report } : {}),
      ...(options.instructions ? { instructions: options.instructions } : {}),
    });
    if (proxy) {
      mountProxiedTools(server as unknown as McpServerLike, proxy, {
        client,
        ...(options.selection.readOnly ? { readOnly: true } : {}),
      });
    }
    return server;
  };

  const transport = new StdioServerTransport(options.stdin, options.stdout);
  const closed = new Promise<void>((resolve) => {
    options.stdin.once("end", resolve);
    options.stdin.once("close", resolve);
    options.signal?.addEventListener("abort", () => resolve(), { once: true });
  });
  const handle = serveStdio(factory, { transport, onerror: (error) => log(`WARN: ${error.message}`) });
  log("Serving MCP over stdio; close stdin or press Ctrl+C to stop.");
  await closed;
  await handle.close();
  await proxy?.close();
  await reporter?.close();
}
