/**
 * coder-toolsdk: a typed Coder API client, declarative Coder tools for AI agents, and (from
 * subpaths) the zod models, adapters and a fake Coder deployment. This entry never loads the MCP
 * SDK or the AI SDK.
 *
 * @packageDocumentation
 */
export * from "./client/index.js";
export * from "./tools/index.js";
export { VERSION } from "./version.js";
export type { WorkspaceTransport } from "./workspace/index.js";
