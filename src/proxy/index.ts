/**
 * `coder-toolsdk/proxy`: a workspace's own MCP servers (declared in `.mcp.json`, Claude Code's
 * format, or an Agent Plugins `mcp.json`) behind one list of tools named `<server>__<tool>`, which
 * every door (MCP, AI SDK, router) mounts next to Coder's tools. Needs `@modelcontextprotocol/sdk`
 * (an optional peer dependency).
 *
 * @packageDocumentation
 */
export {
  type DiscoverMcpConfigsOptions,
  discoverMcpConfigs,
  type McpToolsReport,
  mcpToolsReport,
  type RunMcpToolsOptions,
  renderToolTable,
  runMcpTools,
} from "./cli-support.js";
export {
  AGENT_PLUGINS_MCP_SCHEMA,
  DEFAULT_PLUGIN_ENV_ALLOW_LIST,
  expandVariables,
  type LoadedMcpConfig,
  loadMcpConfigs,
  type McpConfigError,
  type McpConfigFormat,
  type McpConfigOptions,
  type McpServerConfig,
  type McpTransportKind,
  parseMcpConfig,
} from "./config.js";
export { WITHHELD_ENV } from "./connection.js";
export { McpProxy, type McpProxyOptions, type McpServerStatus } from "./manager.js";
export { type MountedProxiedTools, type MountProxiedToolsOptions, mountProxiedTools } from "./mount.js";
export { MAX_TOOL_NAME_LENGTH, PROXY_NAME_SEPARATOR, ProxyToolNames } from "./names.js";
export { type FetchLike, originBoundFetch } from "./origin-fetch.js";
export { proxyToolsetId } from "./proxied-tool.js";
export type { McpConfigWatcher } from "./watcher.js";
