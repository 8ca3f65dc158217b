import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import type { AnyToolDefinition } from "../tools/index.js";
import {
  type LoadedMcpConfig,
  loadMcpConfigs,
  type McpConfigError,
  type McpConfigOptions,
  type McpServerConfig,
} from "./config.js";
import { ServerConnection } from "./connection.js";
import { ProxyToolNames } from "./names.js";
import { proxiedToolDefinition } from "./proxied-tool.js";
import { type McpConfigWatcher, watchMcpConfigs } from "./watcher.js";

/** Options of {@link McpProxy.start}. */
export interface McpProxyOptions {
  /** Config files to read, in order (first definition of a name wins). */
  configPaths?: readonly string[];
  /** Servers given directly, instead of (or before) the files' servers. */
  servers?: readonly McpServerConfig[];
  /** How config files are read (`${VAR}` source, Agent Plugins roots and allow-list). */
  config?: McpConfigOptions;
  /** How long a server may take to start and answer `initialize` (and each `tools/list`). Default 30 000 ms. */
  initializeTimeoutMs?: number;
  /** How long one tool call may take. Default 60 000 ms. */
  callTimeoutMs?: number;
  /** Called after every change of the tool list or of a server's state. */
  onChange?: (proxy: McpProxy) => void;
}

/** Where one configured server stands. */
export interface McpServerStatus {
  /** The server's name. */
  name: string;
  /** `connected`, or `failed` (it could not start, connect or list its tools, or it went away). */
  state: "connected" | "failed";
  /** Why it failed, when it did. */
  error?: string;
  /** Its transport. */
  transport: McpServerConfig["transport"];
  /** The config file it came from. */
  source: string;
  /** The proxied names of its tools (the last good list when it failed after listing once). */
  tools: string[];
  /** The child's process id, for a running stdio server. */
  pid?: number;
}

interface ServerState {
  config: McpServerConfig;
  key: string;
  connection?: ServerConnection;
  error?: string;
  tools: AnyToolDefinition[];
}

/**
 * The workspace's own MCP servers behind one list of tools: connects to every configured server in
 * parallel (a server that fails is reported in {@link McpProxy.status} and never blocks the
 * others), lists their tools as `<server>__<tool>` {@link AnyToolDefinition}s that every door
 * mounts like Coder's tools, and forwards calls. Call {@link McpProxy.close} to end every child.
 */
export class McpProxy {
  readonly #options: McpProxyOptions;
  readonly #names = new ProxyToolNames();
  #servers = new Map<string, ServerState>();
  #configErrors: McpConfigError[] = [];
  #closed = false;
  #watcher: McpConfigWatcher | undefined;
  #queue: Promise<void> = Promise.resolve();
  readonly #listeners = new Set<(proxy: McpProxy) => void>();

  private constructor(options: McpProxyOptions) {
    this.#options = options;
  }

  /** Read the config, connect to every server and list their tools. Never rejects for a bad server. */
  static async start(options: McpProxyOptions = {}): Promise<McpProxy> {
    const proxy = new McpProxy(options);
    await proxy.reload();
    return proxy;
  }

  /** The proxied tools of every server, sorted by name. */
  get tools(): AnyToolDefinition[] {
    const tools = [...this.#servers.values()].flatMap((state) => state.tools);
    return tools.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Problems with the config files or their entries, from the last load. */
  get configErrors(): McpConfigError[] {
    return [...this.#configErrors];
  }

  /** Every configured server's state, sorted by name. */
  status(): McpServerStatus[] {
    return [...this.#servers.values()].map((state) => {
      const pid = state.connection?.pid;
      return {
        name: state.config.name,
        state: state.connection && !state.error ? "connected" : "failed",
        ...(state.error ? { error: state.error } : {}),
        transport: state.config.transport,
        source: state.config.source,
        tools: state.tools.map((tool) => tool.name),
        ...(pid !== undefined ? { pid } : {}),
      };
    });
  }

  /** The server and tool behind a proxied name, or `undefined`. */
  resolve(name: string): { server: string; tool: string } | undefined {
    return this.#names.resolve(name);
  }

  /**
   * Read the config again and reconnect only what changed: new servers are connected, removed
   * ones closed, changed ones replaced; the others keep their connection.
   */
  reload(): Promise<void> {
    return this.#serialize(async () => {
      const loaded = await this.#load();
      this.#configErrors = loaded.errors;
      const next = new Map<string, ServerState>();
      const closing: Promise<void>[] = [];
      for (const config of loaded.servers) {
        const key = JSON.stringify({ ...config, source: undefined });
        const current = this.#servers.get(config.name);
        if (current && current.key === key) next.set(config.name, current);
        else next.set(config.name, { config, key, tools: [] });
      }
      for (const [name, state] of this.#servers) {
        if (next.get(name) !== state && state.connection) closing.push(state.connection.close());
      }
      this.#servers = next;
      await Promise.all([
        ...closing,
        ...[...next.values()].filter((state) => !state.connection).map((state) => this.#connect(state)),
      ]);
      this.#changed();
    });
  }

  /**
   * Reconnect failed servers and list every server's tools again, in parallel. A server that fails
   * keeps its last good tool list (and its error is in {@link McpProxy.status}).
   */
  refresh(): Promise<void> {
    return this.#serialize(async () => {
      await Promise.all(
        [...this.#servers.values()].map(async (state) => {
          if (!state.connection || state.connection.closedReason) {
            await this.#connect(state);
            return;
          }
          await this.#listTools(state);
        }),
      );
      this.#changed();
    });
  }

  /**
   * Hear every change of the tool list or of a server's state (after a reload, a refresh, or a
   * server going away). Returns a function that stops listening.
   */
  subscribe(listener: (proxy: McpProxy) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Reload whenever a config file changes (debounced by `debounceMs`, default 250). */
  watch(options: { debounceMs?: number } = {}): McpConfigWatcher {
    if (this.#watcher) return this.#watcher;
    const paths = this.#options.configPaths ?? [];
    this.#watcher = watchMcpConfigs(paths, () => this.reload(), options);
    return this.#watcher;
  }

  /** Stop watching, close every connection and end every child process. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#watcher?.close();
    await this.#queue.catch(() => {});
    const states = [...this.#servers.values()];
    this.#servers = new Map();
    await Promise.all(states.map((state) => state.connection?.close()));
  }

  async #load(): Promise<LoadedMcpConfig> {
    const given = this.#options.servers ?? [];
    const fromFiles = await loadMcpConfigs(this.#options.configPaths ?? [], this.#options.config);
    const seen = new Set(given.map((s) => s.name));
    const servers = [...given, ...fromFiles.servers.filter((s) => !seen.has(s.name))];
    return {
      servers: servers.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
      errors: fromFiles.errors,
    };
  }

  async #connect(state: ServerState): Promise<void> {
    if (this.#closed) return;
    try {
      const connection = await ServerConnection.open(state.config, {
        initializeMs: this.#options.initializeTimeoutMs ?? 30_000,
        callMs: this.#options.callTimeoutMs ?? 60_000,
      });
      // Closed, or replaced by a reload, while it was connecting.
      if (this.#closed || this.#servers.get(state.config.name) !== state) {
        await connection.close();
        return;
      }
      state.connection?.close().catch(() => {});
      state.connection = connection;
      connection.onClosed((reason) => {
        state.error = reason;
        this.#changed();
      });
      state.error = undefined;
      await this.#listTools(state);
    } catch (error) {
      state.error = error instanceof Error ? error.message : String(error);
    }
  }

  async #listTools(state: ServerState): Promise<void> {
    const connection = state.connection;
    if (!connection) return;
    let listed: Tool[];
    try {
      listed = await connection.listTools();
    } catch (error) {
      // Keep the last good list, as Coder's agent does.
      state.error = `tools/list failed: ${error instanceof Error ? error.message : String(error)}`;
      return;
    }
    const server = state.config.name;
    state.error = undefined;
    state.tools = listed.map((tool) =>
      proxiedToolDefinition(this.#names.name(server, tool.name), server, tool, (s, t, args, signal) =>
        this.#call(s, t, args, signal),
      ),
    );
  }

  async #call(server: string, tool: string, args: Record<string, unknown>, signal: AbortSignal) {
    const state = this.#servers.get(server);
    if (!state) throw new Error("the server is no longer configured");
    if (!state.connection || state.connection.closedReason) {
      throw new Error(`not connected (${state.error ?? "closed"}); it is retried on the next refresh`);
    }
    return state.connection.callTool(tool, args, signal);
  }

  #changed(): void {
    if (this.#closed) return;
    this.#options.onChange?.(this);
    for (const listener of this.#listeners) listener(this);
  }

  // Reloads and refreshes run one at a time, so a watcher event cannot race a refresh.
  #serialize(work: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => {});
    return run;
  }
}
