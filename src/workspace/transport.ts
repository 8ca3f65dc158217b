/**
 * Runs commands and touches files inside a workspace.
 *
 * Placeholder: the full contract (exec, list, read/write bytes, edit files) and its
 * implementations (a pseudo-terminal over coderd's terminal WebSocket, and a local one for code
 * running inside the workspace) arrive with the workspace tools. Tool contexts carry it already so
 * hosts can pass one.
 */
export interface WorkspaceTransport {
  /** Release the connection(s) the transport holds. */
  close(): Promise<void>;
}
