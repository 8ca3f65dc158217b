import type { ExecOptions } from "./transport.js";

/** Default of {@link ExecOptions.timeoutMs}: Go's `coder_workspace_bash` default. */
export const DEFAULT_EXEC_TIMEOUT_MS = 60_000;
/** Default of {@link ExecOptions.maxOutputBytes}. */
export const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;

/**
 * Set for every command so nothing waits for a person: editors, pagers and git prompts become
 * no-ops (the variables of Go's newest workspace Execute tool, `NonInteractiveEnv`). `options.env`
 * overrides them.
 */
export const NON_INTERACTIVE_ENV: Readonly<Record<string, string>> = Object.freeze({
  GIT_EDITOR: "true",
  GIT_SEQUENCE_EDITOR: "true",
  EDITOR: "true",
  VISUAL: "true",
  GIT_TERMINAL_PROMPT: "0",
  NO_COLOR: "1",
  TERM: "dumb",
  PAGER: "cat",
  GIT_PAGER: "cat",
});

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The exec options with defaults filled in; throws `TypeError` naming a bad field. */
export interface ResolvedExec {
  cwd: string | undefined;
  env: Record<string, string>;
  timeoutMs: number;
  background: boolean;
  maxOutputBytes: number;
  signal: AbortSignal | undefined;
}

/** Fill defaults and check {@link ExecOptions}; a bad value throws `TypeError` naming the field. */
export function resolveExecOptions(command: string, options: ExecOptions = {}): ResolvedExec {
  if (typeof command !== "string" || command.trim() === "") throw new TypeError("command cannot be empty");
  if (command.includes("\0")) throw new TypeError("command must not contain NUL bytes");
  const env: Record<string, string> = { ...NON_INTERACTIVE_ENV };
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (!NAME.test(key)) {
      throw new TypeError(
        `env: ${JSON.stringify(key)} is not a valid variable name (letters, digits and _, not starting with a digit)`,
      );
    }
    if (value.includes("\0")) throw new TypeError(`env: the value of ${key} must not contain NUL bytes`);
    env[key] = value;
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    throw new TypeError(`timeoutMs must be a positive number of milliseconds, got ${timeoutMs}`);
  const maxOutputBytes = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  if (!Number.isInteger(maxOutputBytes) || maxOutputBytes < 2)
    throw new TypeError(`maxOutputBytes must be an integer ≥ 2, got ${maxOutputBytes}`);
  if (options.cwd !== undefined && (options.cwd === "" || options.cwd.includes("\0"))) {
    throw new TypeError("cwd must be a non-empty path");
  }
  return {
    cwd: options.cwd,
    env,
    timeoutMs,
    background: options.background ?? false,
    maxOutputBytes,
    signal: options.signal,
  };
}

const decoder = new TextDecoder();

/**
 * The output text from the bytes kept: all of it, or (when `total` is larger) the head and tail
 * halves with a line in between that says how much was left out.
 */
export function outputText(kept: Uint8Array, total: number): { output: string; truncated: boolean } {
  if (total <= kept.length) return { output: decoder.decode(kept), truncated: false };
  const half = Math.floor(kept.length / 2);
  const head = decoder.decode(kept.subarray(0, half));
  const tail = decoder.decode(kept.subarray(half));
  return {
    output: `${head}\n… [${total - kept.length} bytes of output omitted] …\n${tail}`,
    truncated: true,
  };
}
