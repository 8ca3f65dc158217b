/**
 * Commands and files in workspaces: the {@link WorkspaceTransport} contract, its implementations
 * over coderd's terminal WebSocket ({@link PtyTransport}) and inside the workspace
 * ({@link LocalTransport}), and the edit engine they share.
 *
 * @module
 */
export { applyEdit, EditMismatch, editFiles, type FileAccess, unifiedDiff } from "./edit-engine.js";
export {
  isWorkspaceEditError,
  isWorkspaceError,
  isWorkspaceFileError,
  isWorkspaceTransportError,
  requireAbsolute,
  WorkspaceEditError,
  WorkspaceError,
  WorkspaceFileError,
  type WorkspaceFileErrorCode,
  WorkspaceTransportError,
} from "./errors.js";
export { DEFAULT_EXEC_TIMEOUT_MS, DEFAULT_MAX_OUTPUT_BYTES, NON_INTERACTIVE_ENV } from "./exec-common.js";
export { cksum } from "./framing.js";
export { LocalTransport, type LocalTransportOptions } from "./local-transport.js";
export { mimeTypeOf } from "./mime.js";
export { PtyTransport, type PtyTransportOptions } from "./pty-transport.js";
export type * from "./transport.js";
