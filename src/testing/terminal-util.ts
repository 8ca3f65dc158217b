/**
 * Decodes a stream of concatenated JSON objects split anywhere across frames, as the agent's
 * streaming `json.Decoder` reads terminal messages: frame boundaries do not matter.
 */
export class JsonObjectStream {
  private readonly decoder = new TextDecoder("utf-8", { fatal: true });
  private buffer = "";
  private depth = 0;
  private inString = false;
  private escaped = false;
  private start = -1;
  private scanned = 0;

  /** Feed bytes; returns the objects completed by them. Throws on anything that is not an object stream. */
  push(bytes: Uint8Array): unknown[] {
    this.buffer += this.decoder.decode(bytes, { stream: true });
    const out: unknown[] = [];
    for (let i = this.scanned; i < this.buffer.length; i++) {
      const c = this.buffer[i] as string;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === "\\") this.escaped = true;
        else if (c === '"') this.inString = false;
        continue;
      }
      if (c === '"') {
        if (this.depth === 0) throw new Error("expected a JSON object");
        this.inString = true;
      } else if (c === "{") {
        if (this.depth === 0) this.start = i;
        this.depth++;
      } else if (c === "}") {
        this.depth--;
        if (this.depth < 0) throw new Error("unbalanced }");
        if (this.depth === 0) {
          out.push(JSON.parse(this.buffer.slice(this.start, i + 1)));
          this.buffer = this.buffer.slice(i + 1);
          i = -1;
          this.start = -1;
        }
      } else if (this.depth === 0 && !/\s/.test(c)) {
        throw new Error(`expected a JSON object, got ${JSON.stringify(c)}`);
      }
    }
    this.scanned = this.buffer.length;
    return out;
  }
}

/**
 * A rough model of what `screen` shows: lines wrapped at the width, the last `height` of them kept
 * for a redraw. Output passes through with line breaks added where screen would wrap.
 */
export class ScreenModel {
  private lines: string[] = [""];

  constructor(
    private width: number,
    private height: number,
  ) {}

  resize(width: number, height: number): void {
    this.width = width;
    this.height = height;
  }

  /** Text as screen would send it for `text` written by the program. */
  write(text: string): string {
    let out = "";
    for (const c of text) {
      if (c === "\n") {
        this.lines.push("");
        out += c;
      } else if (c === "\r") {
        out += c;
      } else {
        let line = this.lines[this.lines.length - 1] as string;
        if (line.length >= this.width) {
          this.lines.push("");
          line = "";
          out += "\r\n";
        }
        this.lines[this.lines.length - 1] = line + c;
        out += c;
      }
      if (this.lines.length > this.height * 4) this.lines = this.lines.slice(-this.height);
    }
    return out;
  }

  /** The visible screen, drawn from the top: what a reattaching client receives instead of a replay. */
  redraw(): string {
    const visible = this.lines.slice(-this.height);
    return visible.map((line) => line.replace(/[ \t]+$/, "")).join("\r\n");
  }
}
