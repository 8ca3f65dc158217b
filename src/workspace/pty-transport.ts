import type { CoderClient } from "../client/coder-client.js";
import { editFiles } from "./edit-engine.js";
import {
  requireAbsolute,
  WorkspaceFileError,
  type WorkspaceFileErrorCode,
  WorkspaceTransportError,
} from "./errors.js";
import { outputText, resolveExecOptions } from "./exec-common.js";
import { cksum } from "./framing.js";
import { mimeTypeOf } from "./mime.js";
import {
  type PtyOpener,
  type PtyOperation,
  type PtyOutcome,
  runPtyOperation,
  typedLength,
} from "./pty-session.js";
import { execScript, FILE_STATUS, listScript, readScript, writeScript } from "./shell-scripts.js";
import type {
  CallSignal,
  EditResult,
  ExecOptions,
  ExecResult,
  FileEdits,
  ListEntry,
  ReadOptions,
  ReadResult,
  WorkspaceTransport,
  WriteOptions,
} from "./transport.js";

/** Options of {@link PtyTransport}. */
export interface PtyTransportOptions {
  /** Terminal columns; wide, so no terminal or `screen` wraps a framed line (default 1000). */
  width?: number;
  /** Terminal rows (default 50). */
  height?: number;
  /**
   * Backend asked of agents that let the client choose (default `buffered`, which relays output
   * as written; `screen` re-renders it). Older agents ignore it and the framing copes with both.
   */
  backendType?: "buffered" | "screen" | null;
  /** How long a file operation may take before it is abandoned (default 300000 ms). */
  operationTimeoutMs?: number;
  /** Extra time an `exec` gets beyond its own timeout before it is abandoned (default 30000 ms). */
  execGraceMs?: number;
  /** Longest `command` query parameter; longer scripts are typed into the terminal (default 6000). */
  maxCommandChars?: number;
}

/** Scripts whose payload travels inside the script up to this size; larger ones are typed. */
const INLINE_WRITE_BYTES = 2048;

const STATUS_CODES = Object.fromEntries(Object.entries(FILE_STATUS).map(([k, v]) => [v, k])) as Record<
  number,
  WorkspaceFileErrorCode | "ok"
>;

const decoder = new TextDecoder();

/**
 * Commands and files in one workspace agent over coderd's terminal WebSocket
 * (`/api/v2/workspaceagents/{id}/pty`), the only way into a workspace that needs nothing but the
 * Coder URL and a token. Each operation opens one session with a fresh reconnect id and runs a
 * POSIX `sh` script whose result comes back framed, base64-encoded and checksummed, so exit codes
 * are real and bytes come back exact. It needs `sh`, `base64` and the usual POSIX tools in the
 * workspace: Windows agents are not supported (operations fail with a {@link WorkspaceTransportError}
 * that quotes what the terminal printed).
 *
 * @example
 * ```ts
 * const transport = new PtyTransport(client, agent.id);
 * const { output, exitCode } = await transport.exec("git status", { cwd: "/home/coder/project" });
 * await transport.close();
 * ```
 */
export class PtyTransport implements WorkspaceTransport {
  private readonly open: PtyOpener;
  private readonly settings;
  private readonly operationTimeoutMs: number;
  private readonly execGraceMs: number;
  private closed = false;
  private readonly running = new Set<AbortController>();

  constructor(
    client: CoderClient,
    readonly agentId: string,
    options: PtyTransportOptions = {},
  ) {
    this.open = (pty) => client.agents.pty(agentId, pty);
    this.settings = {
      width: options.width ?? 1000,
      height: options.height ?? 50,
      backendType: options.backendType === null ? undefined : (options.backendType ?? "buffered"),
      maxCommandChars: options.maxCommandChars ?? 6000,
    };
    this.operationTimeoutMs = options.operationTimeoutMs ?? 300_000;
    this.execGraceMs = options.execGraceMs ?? 30_000;
  }

  /** Run an operation, tied to `close()` as well as the caller's signal. */
  private async run(operation: PtyOperation): Promise<PtyOutcome> {
    if (this.closed) throw new WorkspaceTransportError("the transport is closed");
    const controller = new AbortController();
    const signals = operation.signal ? [operation.signal, controller.signal] : [controller.signal];
    this.running.add(controller);
    try {
      return await runPtyOperation(this.open, this.settings, {
        ...operation,
        signal: AbortSignal.any(signals),
      });
    } finally {
      this.running.delete(controller);
    }
  }

  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    const o = resolveExecOptions(command, options);
    const { end, payload } = await this.run({
      script: (n) => execScript(n, { ...o, command }),
      deadlineMs: o.timeoutMs + this.execGraceMs,
      signal: o.signal,
    });
    const total = Number(end.extra[0] ?? payload.length);
    const timedOut = end.extra[1] === "1";
    const pid = end.extra[2] === undefined ? undefined : Number(end.extra[2]);
    const logPath = Buffer.from(end.extra[3] ?? "", "base64").toString("utf8");
    return {
      ...outputText(payload, total),
      exitCode: end.code,
      timedOut,
      outputBytes: total,
      ...(pid === undefined ? {} : { background: { pid, logPath } }),
    };
  }

  async list(dir: string, options: CallSignal = {}): Promise<ListEntry[]> {
    requireAbsolute(dir);
    const { end, payload } = await this.fileOp((nonce) => listScript(nonce, dir), options.signal);
    failOnStatus(end.code, dir, payload);
    const base = dir.endsWith("/") ? dir : `${dir}/`;
    const entries: ListEntry[] = [];
    // Records are `d<name>/` or `f<name>/`; split the bytes, since names need not be UTF-8.
    let start = 0;
    for (let i = 0; i < payload.length; i++) {
      if (payload[i] !== 0x2f) continue;
      const name = decoder.decode(payload.subarray(start + 1, i));
      entries.push({ name, path: base + name, isDir: payload[start] === 0x64 });
      start = i + 1;
    }
    return entries.sort((a, b) =>
      a.isDir !== b.isDir ? (a.isDir ? -1 : 1) : Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)),
    );
  }

  async read(path: string, options: ReadOptions = {}): Promise<ReadResult> {
    requireAbsolute(path);
    const offset = options.offset ?? 0;
    const limit = options.limit ?? 0;
    if (!Number.isInteger(offset) || offset < 0)
      throw new TypeError(`offset must be a non-negative integer, got ${offset}`);
    if (!Number.isInteger(limit) || limit < 0)
      throw new TypeError(`limit must be a non-negative integer, got ${limit}`);
    const { end, payload } = await this.fileOp(
      (nonce) => readScript(nonce, path, offset, limit),
      options.signal,
    );
    failOnStatus(end.code, path, payload);
    return { bytes: payload, mimeType: mimeTypeOf(path), size: Number(end.extra[0] ?? payload.length) };
  }

  async write(path: string, bytes: Uint8Array, options: WriteOptions = {}): Promise<void> {
    requireAbsolute(path);
    const expect = `${cksum(bytes)}:${bytes.length}`;
    const ifMatch = options.ifMatch ? `${options.ifMatch.crc}:${options.ifMatch.size}` : undefined;
    const inline = bytes.length <= INLINE_WRITE_BYTES;
    const { end, payload } = await this.run({
      script: (nonce, firstStep) =>
        writeScript(nonce, {
          path,
          expect,
          ifMatch,
          source: inline
            ? { kind: "inline", base64: Buffer.from(bytes).toString("base64") }
            : { kind: "tty", step: firstStep, length: typedLength(bytes) },
        }),
      inputs: inline ? [] : [bytes],
      deadlineMs: this.operationTimeoutMs,
      signal: options.signal,
    });
    failOnStatus(end.code, path, payload);
  }

  edit(files: FileEdits[], options: CallSignal = {}): Promise<EditResult> {
    return editFiles(this, files, options);
  }

  /** Stops running operations (they reject) and refuses new ones. */
  async close(): Promise<void> {
    this.closed = true;
    for (const controller of this.running)
      controller.abort(new WorkspaceTransportError("the transport was closed"));
  }

  /**
   * A read-only operation. Being safe to repeat, it gets a second session when the first fails in
   * transit (e.g. the connection dropped while more than the agent's replay buffer went by).
   */
  private async fileOp(
    script: (nonce: string) => string,
    signal: AbortSignal | undefined,
  ): Promise<PtyOutcome> {
    const operation = { script, deadlineMs: this.operationTimeoutMs, signal };
    try {
      return await this.run(operation);
    } catch (error) {
      if (!(error instanceof WorkspaceTransportError) || this.closed || signal?.aborted) throw error;
      return await this.run(operation);
    }
  }
}

function failOnStatus(code: number, path: string, payload: Uint8Array): void {
  if (code === FILE_STATUS.ok) return;
  const kind = STATUS_CODES[code];
  const message = decoder.decode(payload) || `operation failed with status ${code}`;
  throw new WorkspaceFileError(kind && kind !== "ok" ? kind : "failed", path, message);
}
