/**
 * Reaching into a workspace: the {@link WorkspaceTransport} contract the workspace tools use.
 *
 * @module
 */
export type { WorkspaceTransport } from "./transport.js";
