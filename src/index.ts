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
export {
  type BackgroundJob,
  type CallSignal,
  type ContentVersion,
  type EditResult,
  type ExecOptions,
  type ExecResult,
  type FileEdit,
  type FileEditOutcome,
  type FileEdits,
  isWorkspaceEditError,
  isWorkspaceError,
  isWorkspaceFileError,
  isWorkspaceTransportError,
  type ListEntry,
  LocalTransport,
  type LocalTransportOptions,
  PtyTransport,
  type PtyTransportOptions,
  type ReadOptions,
  type ReadResult,
  WorkspaceEditError,
  WorkspaceError,
  WorkspaceFileError,
  type WorkspaceFileErrorCode,
  type WorkspaceTransport,
  WorkspaceTransportError,
  type WriteOptions,
} from "./workspace/index.js";
