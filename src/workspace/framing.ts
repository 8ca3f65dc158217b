import { randomBytes } from "node:crypto";
import { WorkspaceTransportError } from "./errors.js";

/**
 * The framing that carries a result through a terminal. The workspace side prints
 *
 * ```text
 * @@<nonce>:R:<k>@@                      ready for the k-th block of input
 * @@<nonce>:B@@                          payload begins
 * 00000001:<512 base64 characters>      payload lines, numbered from 1
 * …
 * @@<nonce>:E:<code>:<crc>:<size>[:<x>…]@@  payload ends: status, POSIX cksum and size of the payload, extras
 * @@<nonce>:G@@                          (reattach only) the session was gone
 * ```
 *
 * Markers are assembled at run time from the nonce, so the script's own text never contains one,
 * and a random nonce per operation keeps replays of other sessions, prompts and command output
 * (which travels base64-encoded) from being taken for one. Escape sequences, carriage returns and
 * other control characters are removed before lines are matched, so `screen` redraws, colour codes
 * and `\r\n` do no harm. Numbered fixed-width lines make replayed lines (the agent replays its
 * buffer when a connection reattaches) harmless duplicates, a line cut at the start of a replay
 * buffer unrecognisable, and a missing line detectable; the checksum catches anything else.
 */

/** Base64 characters per payload line: short enough that a 1000-column terminal never wraps it. */
export const LINE_CHARS = 512;
/** Digits of the line number; fixed so a line cut inside its number does not parse. */
export const SEQ_DIGITS = 8;

/** A fresh random nonce (16 hex digits). */
export function newNonce(): string {
  return randomBytes(8).toString("hex");
}

/** What the END marker says. */
export interface FrameEnd {
  /** Status of the operation (the command's exit code, or a file-operation status). */
  code: number;
  /** POSIX `cksum` CRC of the payload. */
  crc: number;
  /** Payload size in bytes. */
  size: number;
  /** Further values the operation reports (numbers, or base64 text), e.g. the full output size. */
  extra: string[];
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 24;
    for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
    table[i] = c >>> 0;
  }
  return table;
})();

/** The CRC that POSIX `cksum` prints for `bytes` (CRC-32/CKSUM: data, then its length, inverted). */
export function cksum(bytes: Uint8Array): number {
  let crc = 0;
  for (let i = 0; i < bytes.length; i++) {
    crc = ((crc << 8) ^ (CRC_TABLE[((crc >>> 24) ^ (bytes[i] as number)) & 0xff] as number)) >>> 0;
  }
  for (let n = bytes.length; n > 0; n = Math.floor(n / 256)) {
    crc = ((crc << 8) ^ (CRC_TABLE[((crc >>> 24) ^ (n & 0xff)) & 0xff] as number)) >>> 0;
  }
  return ~crc >>> 0;
}

// Escape sequences: OSC (ended by BEL or ST), CSI, charset selection, and two-byte escapes; then
// any control character left.
// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal control bytes are what it matches
const OSC = /\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal control bytes are what it matches
const CSI = /\x1b\[[0-?]*[ -/]*[@-~]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal control bytes are what it matches
const OTHER_ESCAPE = /\x1b[ -/]*[0-~]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal control bytes are what it matches
const CONTROL = /[\x00-\x1f\x7f]/g;

/** A terminal line without escape sequences or control characters. */
export function cleanLine(line: string): string {
  return line.replace(OSC, "").replace(CSI, "").replace(OTHER_ESCAPE, "").replace(CONTROL, "");
}

const DATA_LINE = new RegExp(`^(\\d{${SEQ_DIGITS}}):([A-Za-z0-9+/=]{1,${LINE_CHARS}})$`);

/**
 * Reads one operation's framed output from terminal bytes, chunk by chunk, across reconnects.
 * Feed every byte received with {@link push}; when {@link end} is set, {@link payload} returns the
 * verified payload.
 */
export class FrameParser {
  /** Highest k of a READY marker seen. */
  ready = 0;
  /** The BEGIN marker was seen. */
  begun = false;
  /** The END marker, once seen. */
  end: FrameEnd | undefined;
  /** The GONE marker was seen: a reattach found no session and ran the guard instead. */
  gone = false;
  private readonly lines = new Map<number, string>();
  private partial = "";
  private recent: string[] = [];
  private readonly ready_: RegExp;
  private readonly begin: RegExp;
  private readonly endRe: RegExp;
  private readonly goneRe: RegExp;

  constructor(readonly nonce: string) {
    this.ready_ = new RegExp(`@@${nonce}:R:(\\d+)@@`);
    this.begin = new RegExp(`@@${nonce}:B@@`);
    this.endRe = new RegExp(`@@${nonce}:E:(\\d+):(\\d+):(\\d+)((?::[A-Za-z0-9+/=]+)*)@@`);
    this.goneRe = new RegExp(`@@${nonce}:G@@`);
  }

  /** Feed received bytes (any split). */
  push(chunk: Uint8Array): void {
    // latin1 maps bytes to characters one to one, so no byte is lost or merged.
    const text =
      this.partial + Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString("latin1");
    const parts = text.split("\n");
    this.partial = parts.pop() ?? "";
    for (const part of parts) this.line(cleanLine(part));
    // A marker may arrive without its newline yet (the session can end right after it).
    if (this.partial.includes("@@") && this.partial.endsWith("@@")) this.markers(cleanLine(this.partial));
  }

  /** The end of the stream: a last line without a newline still counts. */
  flush(): void {
    if (this.partial) this.line(cleanLine(this.partial));
    this.partial = "";
  }

  private line(line: string): void {
    if (line === "") return;
    const data = this.begun && line.length >= SEQ_DIGITS + 2 ? DATA_LINE.exec(line) : null;
    if (data) {
      const seq = Number(data[1]);
      // The first copy wins: later ones are replays.
      if (!this.lines.has(seq)) this.lines.set(seq, data[2] as string);
      return;
    }
    this.recent.push(line);
    if (this.recent.length > 20) this.recent.shift();
    this.markers(line);
  }

  private markers(line: string): void {
    if (!line.includes("@@")) return;
    const ready = this.ready_.exec(line);
    if (ready) this.ready = Math.max(this.ready, Number(ready[1]));
    if (this.begin.test(line)) this.begun = true;
    if (this.goneRe.test(line)) this.gone = true;
    const end = this.endRe.exec(line);
    if (end && !this.end && this.begun) {
      this.end = {
        code: Number(end[1]),
        crc: Number(end[2]),
        size: Number(end[3]),
        extra: (end[4] ?? "").split(":").filter(Boolean),
      };
    }
  }

  /** The last lines that were not payload, cleaned: what a failed session printed. */
  diagnostics(): string {
    return [...this.recent, cleanLine(this.partial)].filter(Boolean).join("\n").slice(-800);
  }

  /** The verified payload; throws {@link WorkspaceTransportError} if lines are missing or it does not check. */
  payload(): Uint8Array {
    const end = this.end;
    if (!end) throw new WorkspaceTransportError("the terminal output ended before the end marker");
    const chars = 4 * Math.ceil(end.size / 3);
    const count = Math.ceil(chars / LINE_CHARS);
    const pieces: string[] = [];
    for (let seq = 1; seq <= count; seq++) {
      const line = this.lines.get(seq);
      const want = seq < count ? LINE_CHARS : chars - LINE_CHARS * (count - 1);
      if (line === undefined || line.length !== want) {
        throw new WorkspaceTransportError(
          `the terminal output is incomplete: line ${seq} of ${count} is ${line === undefined ? "missing" : "damaged"}`,
        );
      }
      pieces.push(line);
    }
    const bytes = new Uint8Array(Buffer.from(pieces.join(""), "base64"));
    if (bytes.length !== end.size || cksum(bytes) !== end.crc) {
      throw new WorkspaceTransportError("the terminal output did not match its checksum");
    }
    return bytes;
  }
}
