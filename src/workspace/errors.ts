import { brandedGuard } from "../client/brand.js";

/** Why a file operation failed, in terms a caller (or a model) can act on. */
export type WorkspaceFileErrorCode =
  /** The path is not absolute. */
  | "invalid_path"
  /** Nothing exists at the path (or a parent of it). */
  | "not_found"
  /** The agent's user may not read or write it. */
  | "permission_denied"
  /** A directory was expected. */
  | "not_a_directory"
  /** A file was expected and a directory is there. */
  | "is_a_directory"
  /** The file changed between reading and writing it, so it was left alone. */
  | "changed"
  /** Anything else the workspace reported. */
  | "failed";

/** Base class of the errors this folder throws. */
export class WorkspaceError extends Error {
  override name = "WorkspaceError";
}

/** A file operation failed for a reason in the workspace (missing file, permissions, …). */
export class WorkspaceFileError extends WorkspaceError {
  override name = "WorkspaceFileError";
  readonly code: WorkspaceFileErrorCode;
  /** The path the operation was given. */
  readonly path: string;

  constructor(code: WorkspaceFileErrorCode, path: string, message: string) {
    super(message);
    this.code = code;
    this.path = path;
  }
}

/**
 * One or more edits did not apply (no match, an ambiguous match, a missing file, a bad request);
 * nothing was written. `problems` has one sentence per problem, each naming its file.
 */
export class WorkspaceEditError extends WorkspaceError {
  override name = "WorkspaceEditError";
  readonly problems: string[];

  constructor(problems: string[]) {
    super(problems.join("\n"));
    this.problems = problems;
  }
}

/**
 * The transport itself failed: the terminal connection closed before the operation finished,
 * its output did not verify, or the workspace cannot run the POSIX shell the transport needs.
 * Whether the operation took effect is unknown unless the message says otherwise.
 */
export class WorkspaceTransportError extends WorkspaceError {
  override name = "WorkspaceTransportError";

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** Whether `value` is a {@link WorkspaceError}, from any copy of this package (ESM or CJS). */
export const isWorkspaceError: (value: unknown) => value is WorkspaceError = brandedGuard(
  WorkspaceError,
  "WorkspaceError",
);

/** Whether `value` is a {@link WorkspaceFileError}, from any copy of this package. */
export const isWorkspaceFileError: (value: unknown) => value is WorkspaceFileError = brandedGuard(
  WorkspaceFileError,
  "WorkspaceFileError",
);

/** Whether `value` is a {@link WorkspaceEditError}, from any copy of this package. */
export const isWorkspaceEditError: (value: unknown) => value is WorkspaceEditError = brandedGuard(
  WorkspaceEditError,
  "WorkspaceEditError",
);

/** Whether `value` is a {@link WorkspaceTransportError}, from any copy of this package. */
export const isWorkspaceTransportError: (value: unknown) => value is WorkspaceTransportError = brandedGuard(
  WorkspaceTransportError,
  "WorkspaceTransportError",
);

/** Check an absolute POSIX path; the message is the Go agent's. */
export function requireAbsolute(path: string): void {
  if (!path.startsWith("/")) {
    throw new WorkspaceFileError("invalid_path", path, `file path must be absolute: ${JSON.stringify(path)}`);
  }
}
