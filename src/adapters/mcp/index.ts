/**
 * `coder-toolsdk/mcp`: the Coder tools and prompts on an MCP server. `registerCoderTools` mounts
 * them on your own `McpServer` (SDK v1 or v2, imported by you); `createCoderMcpServer` builds a
 * ready server on SDK v2.
 *
 * @packageDocumentation
 */
export { type CreateCoderMcpServerOptions, createCoderMcpServer } from "./create-server.js";
export {
  type CoderMcpOptions,
  type McpRequestInfo,
  type RegisteredCoderTools,
  registerCoderTools,
} from "./register.js";
export type {
  McpAuthInfo,
  McpConfirmationRequest,
  McpElicitationAnswer,
  McpProgressNotification,
  McpProgressToken,
  McpPromptConfig,
  McpPromptField,
  McpPromptResult,
  McpPromptShape,
  McpRequestMeta,
  McpRequestOptions,
  McpServerLike,
  McpToolConfig,
  McpToolExtra,
  McpToolResult,
} from "./server-like.js";
