/**
 * MCP tool annotations. Every tool states all four hints explicitly: the spec's defaults are
 * pessimistic (destructive and open-world), and some clients drop tools that do not say
 * `readOnlyHint: true`, so leaving a hint out would change how clients treat the tool.
 */
export interface ToolAnnotations {
  /** The tool does not modify anything. */
  readonly readOnlyHint: boolean;
  /** The tool may delete or overwrite data (only meaningful when not read-only). */
  readonly destructiveHint: boolean;
  /** Calling the tool twice with the same arguments has no extra effect. */
  readonly idempotentHint: boolean;
  /** The tool reaches an open set of external things (the web), not just the Coder deployment. */
  readonly openWorldHint: boolean;
}

/** Reads only: safe to call any number of times. */
export const READ_ONLY: ToolAnnotations = Object.freeze({
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
});

/** Changes state, but does not destroy data. */
export const MUTATION: ToolAnnotations = Object.freeze({
  readOnlyHint: false,
  destructiveHint: false,
  idempotentHint: false,
  openWorldHint: false,
});

/** May delete or overwrite data (stopping or deleting workspaces, writing files, running commands). */
export const DESTRUCTIVE: ToolAnnotations = Object.freeze({
  readOnlyHint: false,
  destructiveHint: true,
  idempotentHint: false,
  openWorldHint: false,
});

/** The four hint names, in the order MCP lists them. */
export const ANNOTATION_HINTS = [
  "readOnlyHint",
  "destructiveHint",
  "idempotentHint",
  "openWorldHint",
] as const;
