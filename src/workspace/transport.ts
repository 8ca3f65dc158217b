/**
 * What a tool needs to run commands and touch files in one workspace agent, whatever carries it:
 * coderd's terminal WebSocket ({@link PtyTransport}) from outside the workspace, or `node:fs` and
 * `child_process` ({@link LocalTransport}) from inside it.
 *
 * Every path is absolute, as the Go agent's file API requires. Methods reject with
 * {@link WorkspaceFileError} for file problems the caller can act on (missing file, not a
 * directory, changed since read), {@link WorkspaceEditError} for edits that do not apply, and
 * {@link WorkspaceTransportError} when the transport itself failed.
 *
 * @module
 */

/** Options of {@link WorkspaceTransport.exec}. */
export interface ExecOptions {
  /** Working directory; the agent's default (the workspace directory or home) when left out. */
  cwd?: string;
  /** Extra environment variables; names must be shell identifiers. */
  env?: Record<string, string>;
  /**
   * Stop waiting after this many milliseconds (default 60000). A foreground command is then
   * killed (its whole process group) and the result has exit code 124; a background command keeps
   * running and the result says where its output goes.
   */
  timeoutMs?: number;
  /**
   * Run detached from the call, as Go's `coder_workspace_bash` does with `nohup`: output is
   * collected until the command ends or the timeout passes, after which it keeps running.
   */
  background?: boolean;
  /** Largest output returned, in bytes (default 1 MiB); longer output keeps its head and tail. */
  maxOutputBytes?: number;
  /** Aborting interrupts the command (Ctrl-C, then the process group is killed) and rejects. */
  signal?: AbortSignal;
}

/** Where a background command that outlived its timeout keeps writing. */
export interface BackgroundJob {
  /** Process id (and process group id) of the detached command. */
  pid: number;
  /** Absolute path of the file that receives its stdout and stderr. */
  logPath: string;
}

/** The outcome of {@link WorkspaceTransport.exec}. */
export interface ExecResult {
  /** stdout and stderr interleaved as written, decoded as UTF-8 (invalid bytes become U+FFFD). */
  output: string;
  /** The command's exit status; 124 when it timed out; 128+n when a signal n ended it. */
  exitCode: number;
  /** The timeout passed before the command ended. */
  timedOut: boolean;
  /** `output` is the head and tail of a longer output; `outputBytes` says how long. */
  truncated: boolean;
  /** Bytes the command wrote in total. */
  outputBytes: number;
  /** Set when a background command is still running after the timeout. */
  background?: BackgroundJob;
}

/** One entry of {@link WorkspaceTransport.list}. */
export interface ListEntry {
  /** File name within the directory. */
  name: string;
  /** Absolute path. */
  path: string;
  /** A directory (a symbolic link to one is not, as in the Go agent, which uses lstat). */
  isDir: boolean;
}

/** Options of {@link WorkspaceTransport.read}. */
export interface ReadOptions {
  /** First byte to read (default 0); past the end gives no bytes. */
  offset?: number;
  /** Most bytes to read; 0 or left out reads to the end. */
  limit?: number;
  /** Aborting stops the read and rejects. */
  signal?: AbortSignal;
}

/** The outcome of {@link WorkspaceTransport.read}. */
export interface ReadResult {
  /** The bytes read. */
  bytes: Uint8Array;
  /** MIME type from the file name, `application/octet-stream` when unknown (as the Go agent). */
  mimeType: string;
  /** Size of the whole file in bytes. */
  size: number;
}

/**
 * A file's content fingerprint: POSIX `cksum` (CRC-32) and size. {@link WorkspaceTransport.write}
 * compares it to detect a file that changed since it was read.
 */
export interface ContentVersion {
  crc: number;
  size: number;
}

/** Options of {@link WorkspaceTransport.write}. */
export interface WriteOptions {
  /** Only write if the file still has this content; otherwise reject with code `changed`. */
  ifMatch?: ContentVersion;
  /** Aborting stops the write (the target is left as it was) and rejects. */
  signal?: AbortSignal;
}

/** One search-and-replace edit. */
export interface FileEdit {
  /** Text to find; must match exactly once unless `replaceAll` is set. */
  oldText: string;
  /** Text to put in its place. */
  newText: string;
  /** Replace every match instead of requiring a unique one. */
  replaceAll?: boolean;
}

/** Edits for one file, applied in order. */
export interface FileEdits {
  /** Absolute path of an existing file. */
  path: string;
  edits: FileEdit[];
}

/** What an edit did to one file. */
export interface FileEditOutcome {
  /** The path as given. */
  path: string;
  /** Unified diff (`--- a/<path>` / `+++ b/<path>`), empty when the content did not change. */
  diff: string;
  /** How many places were replaced. */
  replacements: number;
}

/** The outcome of {@link WorkspaceTransport.edit}. */
export interface EditResult {
  files: FileEditOutcome[];
}

/** Options of {@link WorkspaceTransport.list} and {@link WorkspaceTransport.edit}. */
export interface CallSignal {
  signal?: AbortSignal;
}

/** Commands and files in one workspace agent. */
export interface WorkspaceTransport {
  /** Run a shell command (`sh -c`) with stdin at /dev/null; stdout and stderr are merged. */
  exec(command: string, options?: ExecOptions): Promise<ExecResult>;
  /** List a directory: directories first, then files, each group by name (byte order). */
  list(dir: string, options?: CallSignal): Promise<ListEntry[]>;
  /** Read a byte range of a file. */
  read(path: string, options?: ReadOptions): Promise<ReadResult>;
  /**
   * Replace a file's content atomically (a temporary file in the same directory, then a rename),
   * creating missing parent directories and keeping an existing file's mode. A symbolic link is
   * followed, so its target is written.
   */
  write(path: string, bytes: Uint8Array, options?: WriteOptions): Promise<void>;
  /**
   * Apply search-and-replace edits to one or more files: every edit of every file is checked
   * before anything is written, and a file that changed since it was read is not overwritten.
   */
  edit(files: FileEdits[], options?: CallSignal): Promise<EditResult>;
  /** Release what the transport holds; later calls reject. */
  close(): Promise<void>;
}
