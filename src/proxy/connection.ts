import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import { VERSION } from "../version.js";
import { trackChild, untrackChild } from "./children.js";
import type { McpServerConfig } from "./config.js";
import { originBoundFetch } from "./origin-fetch.js";

// Why SDK v1 (`@modelcontextprotocol/sdk`) and not v2's `@modelcontextprotocol/client`: v1 is
// already this package's optional peer for the MCP door; one package carries the stdio, Streamable
// HTTP and SSE clients; and its stdio close() escalates from closing stdin to SIGTERM to SIGKILL,
// which is what "no child outlives close()" needs. v1 clients talk to v1 and v2 servers alike.

/** The SDK v1 client classes, loaded on first connect (the SDK is an optional peer dependency). */
interface ClientSdk {
  Client: typeof import("@modelcontextprotocol/sdk/client/index.js").Client;
  StdioClientTransport: typeof import("@modelcontextprotocol/sdk/client/stdio.js").StdioClientTransport;
  SSEClientTransport: typeof import("@modelcontextprotocol/sdk/client/sse.js").SSEClientTransport;
  StreamableHTTPClientTransport: typeof import("@modelcontextprotocol/sdk/client/streamableHttp.js").StreamableHTTPClientTransport;
}

let sdkLoading: Promise<ClientSdk> | undefined;

function loadClientSdk(): Promise<ClientSdk> {
  sdkLoading ??= (async () => {
    try {
      const [client, stdio, sse, http] = await Promise.all([
        import("@modelcontextprotocol/sdk/client/index.js"),
        import("@modelcontextprotocol/sdk/client/stdio.js"),
        import("@modelcontextprotocol/sdk/client/sse.js"),
        import("@modelcontextprotocol/sdk/client/streamableHttp.js"),
      ]);
      return {
        Client: client.Client,
        StdioClientTransport: stdio.StdioClientTransport,
        SSEClientTransport: sse.SSEClientTransport,
        StreamableHTTPClientTransport: http.StreamableHTTPClientTransport,
      };
    } catch (error) {
      sdkLoading = undefined;
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(
        `the MCP proxy needs the optional peer dependency @modelcontextprotocol/sdk (npm install @modelcontextprotocol/sdk): ${reason}`,
      );
    }
  })();
  return sdkLoading;
}

/** Timeouts of one connection, in milliseconds. */
export interface ConnectionTimeouts {
  initializeMs: number;
  callMs: number;
}

const STDERR_TAIL = 2_000;

/** A live connection to one configured server. */
export class ServerConnection {
  readonly config: McpServerConfig;
  readonly #client: Client;
  readonly #transport: Transport;
  readonly #stdio: StdioClientTransport | undefined;
  readonly #timeouts: ConnectionTimeouts;
  #stderr = "";
  #closedReason: string | undefined;
  #onClosed: ((reason: string) => void) | undefined;

  private constructor(
    config: McpServerConfig,
    client: Client,
    transport: Transport,
    timeouts: ConnectionTimeouts,
  ) {
    this.config = config;
    this.#client = client;
    this.#transport = transport;
    this.#stdio = config.transport === "stdio" ? (transport as StdioClientTransport) : undefined;
    this.#timeouts = timeouts;
  }

  /**
   * Start the server (stdio) or reach it (HTTP, SSE) and run `initialize` within the timeout.
   * Rejects with an Error whose message says why; nothing is left running then.
   */
  static async open(config: McpServerConfig, timeouts: ConnectionTimeouts): Promise<ServerConnection> {
    const sdk = await loadClientSdk();
    const client = new sdk.Client({ name: "coder-toolsdk", version: VERSION }, { capabilities: {} });
    const transport = createTransport(sdk, config);
    const connection = new ServerConnection(config, client, transport, timeouts);
    if (connection.#stdio) {
      connection.#stdio.stderr?.on("data", (chunk: Buffer) => {
        connection.#stderr = (connection.#stderr + chunk.toString("utf8")).slice(-STDERR_TAIL);
      });
    }
    // An error while connecting (a stdout line that is not JSON-RPC, a refused socket) ends the
    // attempt at once instead of waiting for the initialize timeout.
    let failConnect: ((error: Error) => void) | undefined;
    const failed = new Promise<never>((_, reject) => {
      failConnect = reject;
    });
    failed.catch(() => {});
    client.onerror = (error) => {
      if (config.transport === "stdio") failConnect?.(error);
    };
    try {
      const connecting = client.connect(transport, { timeout: timeouts.initializeMs });
      // The child is spawned synchronously when connecting starts: track it from now on, so a
      // signal to the parent also ends a server that is still starting.
      const starting = connection.pid;
      if (starting !== undefined) trackChild(starting);
      await Promise.race([connecting, failed]);
    } catch (error) {
      await connection.close();
      throw new Error(connection.#describeFailure("initialize failed", error));
    }
    failConnect = undefined;
    const pid = connection.pid;
    client.onerror = () => {};
    client.onclose = () => {
      connection.#closedReason ??= connection.#describeFailure("the server closed the connection", undefined);
      if (pid !== undefined) untrackChild(pid);
      connection.#onClosed?.(connection.#closedReason);
    };
    return connection;
  }

  /** The child's process id (stdio), while it runs. */
  get pid(): number | undefined {
    return this.#stdio?.pid ?? undefined;
  }

  /** Why the connection ended, once it has; `undefined` while it is open. */
  get closedReason(): string | undefined {
    return this.#closedReason;
  }

  /** Be told once when the connection ends by itself (the child exited, the stream broke). */
  onClosed(listener: (reason: string) => void): void {
    this.#onClosed = listener;
  }

  /** Every tool the server lists (following pagination), within the initialize timeout per page. */
  async listTools(): Promise<Tool[]> {
    const tools: Tool[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.#client.listTools(cursor ? { cursor } : {}, {
        timeout: this.#timeouts.initializeMs,
      });
      tools.push(...page.tools);
      cursor = page.nextCursor;
    } while (cursor);
    return tools;
  }

  /** Call one tool of the server, within the call timeout. Rejects with a describing Error. */
  async callTool(name: string, args: Record<string, unknown>, signal?: AbortSignal): Promise<CallToolResult> {
    if (this.#closedReason) throw new Error(this.#closedReason);
    try {
      const result = await this.#client.callTool({ name, arguments: args }, undefined, {
        timeout: this.#timeouts.callMs,
        ...(signal ? { signal } : {}),
      });
      return result as CallToolResult;
    } catch (error) {
      throw new Error(this.#describeFailure(`calling ${name} failed`, error));
    }
  }

  /** End the connection; for stdio, the child process (stdin closed, then SIGTERM, then SIGKILL). */
  async close(): Promise<void> {
    this.#closedReason ??= "closed";
    this.#onClosed = undefined;
    const pid = this.pid;
    try {
      await this.#client.close();
    } catch {
      await this.#transport.close().catch(() => {});
    }
    if (pid !== undefined) untrackChild(pid);
  }

  #describeFailure(what: string, error: unknown): string {
    let message = `${what}`;
    if (error !== undefined) message += `: ${error instanceof Error ? error.message : String(error)}`;
    const stderr = this.#stderr.trim();
    if (stderr) message += `\nserver stderr (last lines): ${stderr.split("\n").slice(-5).join("\n")}`;
    return message;
  }
}

function createTransport(sdk: ClientSdk, config: McpServerConfig): Transport {
  if (config.transport === "stdio") {
    return new sdk.StdioClientTransport({
      command: config.command ?? "",
      args: config.args ?? [],
      env: childEnvironment(config),
      ...(config.cwd ? { cwd: config.cwd } : {}),
      stderr: "pipe",
    });
  }
  const url = new URL(config.url ?? "");
  // Headers go through the origin-bound fetch, never `requestInit`, which the SDK would send to any
  // URL it is pointed at.
  const fetch = originBoundFetch(url.href, config.headers);
  return config.transport === "sse"
    ? new sdk.SSEClientTransport(url, { fetch, eventSourceInit: { fetch } })
    : new sdk.StreamableHTTPClientTransport(url, { fetch });
}

/**
 * Variables a stdio server does not inherit: the Coder credentials of the process serving Coder's
 * tools. A project's `.mcp.json` is not necessarily trusted with them; an entry that needs one
 * names it in its own `env` (`"CODER_SESSION_TOKEN": "${CODER_SESSION_TOKEN}"`). Coder's agent
 * passes its whole environment; this is a deliberate difference.
 */
export const WITHHELD_ENV: readonly string[] = Object.freeze([
  "CODER_SESSION_TOKEN",
  "CODER_AGENT_TOKEN",
  "CODER_AGENT_TOKEN_FILE",
]);

// The process environment (or its allow-listed part), minus the Coder credentials, with the
// server's own entries on top, as Coder's agent does.
function childEnvironment(config: McpServerConfig): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || WITHHELD_ENV.includes(key)) continue;
    if (config.inheritEnv && !config.inheritEnv.includes(key)) continue;
    env[key] = value;
  }
  return { ...env, ...config.env };
}
