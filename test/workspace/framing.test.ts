import { execFileSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cksum, cleanLine, FrameParser, LINE_CHARS, SEQ_DIGITS } from "../../src/workspace/framing.js";

const NONCE = "0123456789abcdef";

/** What the workspace prints for a payload: the same layout the shell scripts produce. */
function framed(payload: Uint8Array, code = 0, extra: string[] = []): string {
  const b64 = Buffer.from(payload).toString("base64");
  const lines: string[] = [];
  for (let i = 0; i * LINE_CHARS < b64.length; i++) {
    lines.push(
      `${String(i + 1).padStart(SEQ_DIGITS, "0")}:${b64.slice(i * LINE_CHARS, (i + 1) * LINE_CHARS)}\n`,
    );
  }
  const tail = extra.map((x) => `:${x}`).join("");
  return `\n@@${NONCE}:B@@\n${lines.join("")}@@${NONCE}:E:${code}:${cksum(payload)}:${payload.length}${tail}@@\n`;
}

/** Split `bytes` at the given cut points (sorted, deduplicated, in range). */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let at = 0;
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(at, p));
    at = p;
  }
  return out;
}

const NOISE = ["\x1b[0m", "\x1b[?1049h\x1b[H\x1b[2J", "\x1b]0;title\x07", "\r", "\x1b[K", "\x1b(B"];

describe("cksum", () => {
  it("matches POSIX cksum", () => {
    for (const size of [0, 1, 255, 256, 65_537]) {
      const data = new Uint8Array(size).map((_, i) => (i * 31 + size) & 0xff);
      const expected = execFileSync("cksum", { input: data }).toString().trim();
      expect(`${cksum(data)} ${size}`).toBe(expected);
    }
  });
});

describe("FrameParser", () => {
  it("recovers any payload from any split of the stream, with terminal noise, CRLF and replays", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 3000 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...NOISE)), { maxLength: 10 }),
        fc.nat(),
        fc.boolean(),
        (payload, cuts, noise, replayFrom, crlf) => {
          let text = `coder@ws:~$ ${framed(payload, 3, ["42"])}`;
          if (crlf) text = text.replace(/\n/g, "\r\n");
          // Escape codes between any two characters of the output (never inside one another), as
          // screen and prompts produce.
          const base = text;
          const places = noise
            .map(([at, code]) => [at % (base.length + 1), code] as const)
            .sort((a, b) => b[0] - a[0]);
          for (const [i, code] of places) text = text.slice(0, i) + code + text.slice(i);
          // A reattach replays a tail of what was already sent (cut anywhere, even mid-line).
          text += text.slice(replayFrom % (text.length + 1));
          const parser = new FrameParser(NONCE);
          for (const chunk of split(Buffer.from(text, "latin1"), cuts)) parser.push(chunk);
          expect(parser.end).toMatchObject({ code: 3, size: payload.length, extra: ["42"] });
          expect([...parser.payload()]).toEqual([...payload]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("never finds a frame in bytes that do not carry its nonce, and never throws", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 4000 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (bytes, cuts) => {
          const parser = new FrameParser(NONCE);
          for (const chunk of split(bytes, cuts)) parser.push(chunk);
          parser.flush();
          expect(parser.begun || parser.end !== undefined || parser.gone).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("ignores a frame with another nonce (a replay of an older session)", () => {
    const other = framed(new TextEncoder().encode("old")).replaceAll(NONCE, "ffffffffffffffff");
    const parser = new FrameParser(NONCE);
    parser.push(Buffer.from(other + framed(new TextEncoder().encode("new"))));
    expect(new TextDecoder().decode(parser.payload())).toBe("new");
  });

  it("reports a missing line and a payload that fails its checksum", () => {
    const payload = new Uint8Array(2000).fill(7);
    const lines = framed(payload).split("\n");
    const missing = new FrameParser(NONCE);
    missing.push(Buffer.from(lines.filter((l) => !l.startsWith("00000002:")).join("\n")));
    expect(() => missing.payload()).toThrow("line 2 of 6 is missing");
    const corrupt = new FrameParser(NONCE);
    corrupt.push(Buffer.from(framed(payload).replace("00000003:B", "00000003:C")));
    expect(() => corrupt.payload()).toThrow("did not match its checksum");
  });

  it("strips escape sequences and control characters from a line", () => {
    expect(cleanLine("\x1b]0;t\x07a\x1b[1;32mb\x1b[0m\rc\x1b(Bd\x07")).toBe("abcd");
  });
});
