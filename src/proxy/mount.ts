import {
  type CoderMcpOptions,
  type RegisteredCoderTools,
  registerCoderTools,
} from "../adapters/mcp/register.js";
import type { McpServerLike } from "../adapters/mcp/server-like.js";
import type { AnyToolDefinition } from "../tools/index.js";
import type { McpProxy } from "./manager.js";

/** Options of {@link mountProxiedTools}: the MCP door's options, without the tool list. */
export type MountProxiedToolsOptions = Omit<CoderMcpOptions, "tools" | "prompts">;

/** Proxied tools mounted on an MCP server, following the proxy. */
export interface MountedProxiedTools {
  /** Names of the tools mounted now. */
  readonly tools: readonly string[];
  /** Why the last tool list could not be mounted (a selection naming a tool that is gone), if it could not. */
  readonly error: Error | undefined;
  /** Stop following the proxy and unregister its tools. */
  close(): void;
}

/**
 * Mount the proxy's tools on your `McpServer` (SDK v1 or v2) and keep them in step with it: when a
 * reload or refresh changes the tool list, the old tools are unregistered and the new ones
 * registered, and the SDK tells connected clients (`notifications/tools/list_changed`). Mount
 * Coder's own tools separately (`registerCoderTools`), so they stay put.
 */
export function mountProxiedTools(
  server: McpServerLike,
  proxy: McpProxy,
  options: MountProxiedToolsOptions,
): MountedProxiedTools {
  let current: RegisteredCoderTools | undefined;
  let mountedFrom: readonly AnyToolDefinition[] = [];
  let error: Error | undefined;
  const mount = () => {
    const tools = proxy.tools;
    const same = tools.length === mountedFrom.length && tools.every((tool, i) => tool === mountedFrom[i]);
    if (same) return;
    current?.remove();
    current = undefined;
    mountedFrom = tools;
    try {
      current = registerCoderTools(server, { ...options, tools, prompts: [] });
      error = undefined;
    } catch (thrown) {
      error = thrown instanceof Error ? thrown : new Error(String(thrown));
    }
  };
  mount();
  const unsubscribe = proxy.subscribe(mount);
  return {
    get tools() {
      return current?.tools ?? [];
    },
    get error() {
      return error;
    },
    close() {
      unsubscribe();
      current?.remove();
      current = undefined;
    },
  };
}
