import type { Readable, Writable } from "node:stream";
import type { Host } from "./configure/host.js";

/** Where the CLI writes and what it knows about the machine; tests pass their own. */
export interface CliIo {
  /** Standard output: the MCP protocol for `serve` (stdio), results for everything else. */
  stdout(text: string): void;
  /** Standard error: diagnostics, warnings and errors. */
  stderr(text: string): void;
  host: Host;
  /** The process's own streams, for `serve` over stdio (the MCP protocol runs on them). */
  streams?: { stdin: Readable; stdout: Writable };
  /** Aborts when the process is asked to stop (SIGINT, SIGTERM). */
  signal?: AbortSignal;
}

/** Exit codes of `coder-toolsdk`. */
export const EXIT = Object.freeze({
  ok: 0,
  /** The command ran and failed (Coder unreachable, a file could not be written). */
  failure: 1,
  /** The command line was wrong: an unknown flag, a bad value, a missing argument. */
  usage: 2,
});

/** A failure that should end the command with `exitCode` and `message` on stderr. */
export class CliError extends Error {
  override readonly name = "CliError";
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
  ) {
    super(message);
  }
}
