import { randomUUID } from "node:crypto";
import type { PtyClose, PtyConnection, PtyOptions } from "../client/pty.js";
import { WorkspaceTransportError } from "./errors.js";
import { type FrameEnd, FrameParser, newNonce } from "./framing.js";
import { bootstrapCommand, goneScript, loaderScript } from "./shell-scripts.js";

/** Opens a terminal socket (`client.agents.pty` bound to one agent). */
export type PtyOpener = (options: PtyOptions) => Promise<PtyConnection>;

/** One operation: a script, the input blocks it asks for, and how long to wait. */
export interface PtyOperation {
  /** The script, given the nonce and the READY step of its first input block. */
  script(nonce: string, firstStep: number): string;
  /**
   * Bulk input blocks, sent in order as the script prints READY markers: base64 in lines of
   * {@link INPUT_LINE_CHARS} characters, each followed by a newline ({@link typedLength} characters
   * in all), for the script to read with `head -c` from a non-canonical terminal.
   */
  inputs?: Uint8Array[];
  /** Give up (Ctrl-C, close, reject) after this long. */
  deadlineMs: number;
  signal?: AbortSignal;
}

/** Settings shared by every operation of a transport. */
export interface PtySessionSettings {
  width: number;
  height: number;
  backendType: "buffered" | "screen" | undefined;
  /** Longest `command` parameter; longer scripts are typed into the terminal instead. */
  maxCommandChars: number;
}

/** What a finished operation returns. */
export interface PtyOutcome {
  end: FrameEnd;
  payload: Uint8Array;
  /** The operation's nonce (names a background command's log). */
  nonce: string;
}

/** Base64 characters per typed line: below the terminal's canonical line limit (4095 bytes). */
export const INPUT_LINE_CHARS = 4000;

/** How many characters typing `bytes` sends: its base64 and a newline after every line. */
export function typedLength(bytes: Uint8Array): number {
  const chars = 4 * Math.ceil(bytes.length / 3);
  return chars + Math.ceil(chars / INPUT_LINE_CHARS);
}
/** Lines per WebSocket message: 16 KiB, below coder/websocket's default 32 KiB read limit. */
const LINES_PER_MESSAGE = 4;
/** Stop sending while this much is queued in the socket. */
const HIGH_WATER = 1024 * 1024;
const CTRL_C = "\u0003";
const EOF = "\u0004";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs one {@link PtyOperation} on a fresh terminal session (a fresh reconnect id), on one
 * WebSocket. If the socket closes before the end marker, it reattaches once with the same id: the
 * agent replays what the session printed, and the parser skips what it already has. A reattach
 * carries a guard command that only runs (and says so) when the session is gone.
 */
export async function runPtyOperation(
  open: PtyOpener,
  settings: PtySessionSettings,
  operation: PtyOperation,
): Promise<PtyOutcome> {
  const nonce = newNonce();
  const reconnect = randomUUID();
  // Data blocks are read by length; a script typed in through the loader ends with EOF (Ctrl-D).
  let inputs = (operation.inputs ?? []).map((bytes) => ({ bytes, eof: false }));
  let command = bootstrapCommand(operation.script(nonce, 1));
  if (command.length > settings.maxCommandChars) {
    command = bootstrapCommand(loaderScript(nonce));
    inputs = [{ bytes: new TextEncoder().encode(operation.script(nonce, 2)), eof: true }, ...inputs];
  }
  const parser = new FrameParser(nonce);
  const { signal } = operation;
  signal?.throwIfAborted();

  let current: PtyConnection | undefined;
  let sentSteps = 0;
  let sending = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };

  const pump = async (connection: PtyConnection) => {
    while (!failure && sentSteps < parser.ready && sentSteps < inputs.length && connection === current) {
      sending = true;
      const input = inputs[sentSteps] as { bytes: Uint8Array; eof: boolean };
      const block = Buffer.from(input.bytes).toString("base64");
      sentSteps += 1;
      for (let at = 0; at < block.length; at += INPUT_LINE_CHARS * LINES_PER_MESSAGE) {
        const lines: string[] = [];
        for (let i = 0; i < LINES_PER_MESSAGE; i++) {
          const start = at + i * INPUT_LINE_CHARS;
          if (start >= block.length) break;
          lines.push(block.slice(start, start + INPUT_LINE_CHARS));
        }
        while (connection.bufferedAmount > HIGH_WATER && connection === current) await sleep(1);
        if (connection !== current) return;
        connection.write(`${lines.join("\n")}\n`);
      }
      if (input.eof) connection.write(EOF);
      sending = false;
    }
  };

  const onData = (connection: () => PtyConnection | undefined) => (bytes: Uint8Array) => {
    parser.push(bytes);
    const c = connection();
    if (c && parser.ready > sentSteps && !sending) void pump(c);
    if (parser.end || parser.gone) notify();
  };

  let closedInfo: PtyClose | undefined;
  const closes: PtyClose[] = [];
  const connect = async (attach: boolean): Promise<void> => {
    closedInfo = undefined;
    let connection: PtyConnection | undefined;
    connection = await open({
      reconnect,
      command: attach ? bootstrapCommand(goneScript(nonce)) : command,
      width: settings.width,
      height: settings.height,
      backendType: settings.backendType,
      onData: onData(() => connection),
      signal,
    });
    current = connection;
    if (parser.ready > sentSteps && !sending) void pump(connection);
    void connection.closed.then((info) => {
      if (connection === current) closedInfo = info;
      notify();
    });
  };

  const deadline = setTimeout(() => {
    failure = new WorkspaceTransportError(
      `the workspace did not finish the operation within ${operation.deadlineMs} ms`,
    );
    notify();
  }, operation.deadlineMs);
  const onAbort = () => {
    failure = signal?.reason;
    notify();
  };
  signal?.addEventListener("abort", onAbort, { once: true });

  const interrupt = () => {
    current?.write(CTRL_C);
    current?.close();
  };

  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      const interruptedInput = attempt > 0 && sending;
      if (interruptedInput) {
        // What reached the terminal of a half-sent block is unknown: stop the script (its trap
        // removes the temporary file) rather than guess.
        sending = false;
        failure = new WorkspaceTransportError(
          "the terminal connection closed while sending data; the operation was interrupted and nothing was written",
        );
      }
      await connect(attempt > 0);
      if (interruptedInput) {
        interrupt();
        throw failure;
      }
      while (!parser.end && !parser.gone && !failure && !closedInfo) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
      if (failure) {
        interrupt();
        throw failure;
      }
      if (parser.end) {
        // Lets the script exit at once instead of waiting for its 2 s ack timeout.
        current?.write("\n");
        const payload = parser.payload();
        current?.close();
        return { end: parser.end, payload, nonce };
      }
      parser.flush();
      if (closedInfo && closedInfo.code !== 1000 && closedInfo.code !== 1005) closes.push(closedInfo);
      if (parser.gone) break;
      if (closedInfo && closedInfo.code >= 4000 && closedInfo.code < 5000) {
        throw new WorkspaceTransportError(
          `the terminal connection was refused (${closedInfo.code}: ${closedInfo.reason})`,
        );
      }
    }
    const seen = parser.diagnostics();
    const abnormal = closes.map((c) => `${c.code}${c.reason ? ` ${c.reason}` : ""}`).join("; then ");
    throw new WorkspaceTransportError(
      parser.begun || parser.ready > 0 || abnormal
        ? `the terminal connection closed before the operation finished${abnormal ? ` (${abnormal})` : ""}, and reattaching did not recover its output`
        : `the workspace did not run the transport's shell script: it needs a POSIX sh with base64 (Windows agents are not supported)${seen ? `. The terminal printed:\n${seen}` : ""}`,
    );
  } finally {
    clearTimeout(deadline);
    signal?.removeEventListener("abort", onAbort);
    current?.close();
  }
}
