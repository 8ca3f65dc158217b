/**
 * An incremental scanner for a JSON body that is an array, or an object with one array member,
 * fed text in chunks of any size. It finds where each element of the array starts and ends
 * (tracking strings, escapes and nesting, so a chunk may end anywhere) and hands each element's
 * text out whole, so memory holds one element and one chunk, never the whole body. The element
 * text is then parsed with `JSON.parse`, which checks its syntax; the scanner checks the
 * structure around the elements (brackets, commas, colons, trailing data).
 */

/** The body did not have the expected shape; `offset` is the character where that was noticed. */
export class JsonScanError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = "JsonScanError";
  }
}

/** What the scanner found in a chunk, in body order. */
export type ScanEvent =
  /** The full text of one array element (not yet parsed). */
  | { kind: "item"; text: string }
  /** Another member of the top-level object, already parsed. */
  | { kind: "field"; key: string; value: unknown };

type State =
  | "start"
  | "firstItem"
  | "nextItem"
  | "afterItem"
  | "firstMember"
  | "nextMember"
  | "colon"
  | "memberValue"
  | "afterMember"
  | "value"
  | "end";

/** What a scanned value is for. */
type Target = "item" | "key" | "field";

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const QUOTE = 0x22;
const OPENERS = new Set([0x5b, 0x7b]); // [ {
const CLOSERS = new Set([0x5d, 0x7d]); // ] }

// What a number or a literal (true, false, null) may consist of; JSON.parse checks the rest.
function isPrimitiveChar(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) || // 0-9
    (code >= 0x41 && code <= 0x5a) || // A-Z
    (code >= 0x61 && code <= 0x7a) || // a-z
    code === 0x2b || // +
    code === 0x2d || // -
    code === 0x2e // .
  );
}

/**
 * Scans `[item, item, …]` (no `key`) or `{ …, "<key>": [item, …], … }` (with `key`). Call
 * {@link push} with each decoded chunk (it returns the events found in it) and {@link finish} at
 * the end of the body.
 */
export class JsonArrayScanner {
  #state: State = "start";
  /** Characters consumed before the current chunk, for error positions. */
  #offset = 0;
  #sawItems = false;
  #sawAnything = false;

  // The value being scanned, which may span chunks.
  #target: Target = "item";
  #parts: string[] = [];
  #depth = 0;
  #inString = false;
  #escape = false;
  #primitive = false;
  #key = "";

  constructor(readonly key?: string) {}

  /** Whether the array was found (and closed); false until then. */
  get sawItems(): boolean {
    return this.#sawItems;
  }

  /** Scan one chunk of text. */
  push(chunk: string): ScanEvent[] {
    this.#chunkNumber++;
    const events: ScanEvent[] = [];
    let i = 0;
    while (i < chunk.length) {
      if (this.#state === "value") {
        i = this.#scanValue(chunk, i, events);
        continue;
      }
      const code = chunk.charCodeAt(i);
      if (WHITESPACE.has(code)) {
        i++;
        continue;
      }
      this.#sawAnything = true;
      this.#structural(chunk[i]!, chunk, i);
      // A value starts at this character and is scanned from it; anything else is consumed here.
      if ((this.#state as State) !== "value") i++;
    }
    this.#offset += chunk.length;
    return events;
  }

  /** The body ended: check that everything was closed. */
  finish(): void {
    if (!this.#sawAnything) throw new JsonScanError("empty body where JSON was expected", this.#offset);
    if (this.#state !== "end") throw new JsonScanError("body ended in the middle of the JSON", this.#offset);
    if (this.key !== undefined && !this.#sawItems) {
      throw new JsonScanError(`${this.key}: expected an array, the body has no such member`, this.#offset);
    }
  }

  /** Handle one non-whitespace character outside a value. */
  #structural(ch: string, chunk: string, i: number): void {
    const at = this.#offset + i;
    const unexpected = (expected: string) =>
      new JsonScanError(`expected ${expected} but found ${JSON.stringify(ch)}`, at);
    switch (this.#state) {
      case "start":
        if (this.key === undefined) {
          if (ch !== "[") throw unexpected("a JSON array");
          this.#state = "firstItem";
        } else {
          if (ch !== "{") throw unexpected("a JSON object");
          this.#state = "firstMember";
        }
        return;
      case "firstItem":
        if (ch === "]") this.#closeArray();
        else this.#beginValue("item", chunk, i);
        return;
      case "nextItem":
        this.#beginValue("item", chunk, i);
        return;
      case "afterItem":
        if (ch === ",") this.#state = "nextItem";
        else if (ch === "]") this.#closeArray();
        else throw unexpected('"," or "]"');
        return;
      case "firstMember":
        if (ch === "}") {
          this.#state = "end";
          return;
        }
        if (ch !== '"') throw unexpected("a member name");
        this.#beginValue("key", chunk, i);
        return;
      case "nextMember":
        if (ch !== '"') throw unexpected("a member name");
        this.#beginValue("key", chunk, i);
        return;
      case "colon":
        if (ch !== ":") throw unexpected('":"');
        this.#state = "memberValue";
        return;
      case "memberValue":
        if (this.#key === this.key) {
          if (ch !== "[") throw new JsonScanError(`${this.key}: expected an array`, at);
          this.#state = "firstItem";
          return;
        }
        this.#beginValue("field", chunk, i);
        return;
      case "afterMember":
        if (ch === ",") this.#state = "nextMember";
        else if (ch === "}") this.#state = "end";
        else throw unexpected('"," or "}"');
        return;
      case "end":
        throw new JsonScanError("unexpected data after the end of the JSON", at);
      case "value":
        return;
    }
  }

  #closeArray(): void {
    this.#sawItems = true;
    this.#state = this.key === undefined ? "end" : "afterMember";
  }

  #beginValue(target: Target, chunk: string, i: number): void {
    const ch = chunk[i]!;
    this.#target = target;
    this.#parts = [];
    this.#depth = 0;
    this.#escape = false;
    this.#inString = false;
    this.#primitive = ch !== "{" && ch !== "[" && ch !== '"';
    if (this.#primitive && !isPrimitiveChar(chunk.charCodeAt(i))) {
      throw new JsonScanError(`unexpected ${JSON.stringify(ch)}`, this.#offset + i);
    }
    this.#valueStart = i;
    this.#state = "value";
  }

  /** Where the current value starts in the current chunk (0 after a chunk boundary). */
  #valueStart = 0;

  /** Advance through the current value from `i`; returns where scanning should continue. */
  #scanValue(chunk: string, i: number, events: ScanEvent[]): number {
    const start = this.#valueStart;
    let pos = i;
    if (this.#primitive) {
      while (pos < chunk.length && isPrimitiveChar(chunk.charCodeAt(pos))) pos++;
      if (pos < chunk.length) return this.#completeValue(chunk.slice(start, pos), pos, events);
      return this.#carry(chunk, start);
    }
    // indexOf and charCodeAt rather than a regular expression: V8 keeps the subject of the last
    // match alive, which would pin a whole chunk in memory while the next one is awaited.
    while (pos < chunk.length) {
      if (this.#inString) {
        if (this.#escape) {
          // The escaped character (a quote, a backslash, or the start of \uXXXX) is content.
          this.#escape = false;
          pos++;
          continue;
        }
        const quote = chunk.indexOf('"', pos);
        const next = this.#nextBackslash(chunk, pos);
        const backslash = next >= 0 && (quote < 0 || next < quote) ? next : -1;
        if (backslash >= 0) {
          this.#escape = true;
          pos = backslash + 1;
          continue;
        }
        if (quote < 0) return this.#carry(chunk, start);
        pos = quote + 1;
        this.#inString = false;
        if (this.#depth === 0) return this.#completeValue(chunk.slice(start, pos), pos, events);
        continue;
      }
      const code = chunk.charCodeAt(pos);
      pos++;
      if (code === QUOTE) this.#inString = true;
      else if (OPENERS.has(code)) this.#depth++;
      else if (CLOSERS.has(code) && --this.#depth === 0) {
        return this.#completeValue(chunk.slice(start, pos), pos, events);
      }
    }
    return this.#carry(chunk, start);
  }

  // Where the next backslash of the current chunk is (-1: none left), found once per chunk
  // position rather than once per string, which would rescan the chunk for every string in it.
  #chunkNumber = 0;
  #backslashChunk = -1;
  #backslashAt = -1;

  #nextBackslash(chunk: string, pos: number): number {
    if (this.#backslashChunk !== this.#chunkNumber || (this.#backslashAt >= 0 && this.#backslashAt < pos)) {
      this.#backslashChunk = this.#chunkNumber;
      this.#backslashAt = chunk.indexOf("\\", pos);
    }
    return this.#backslashAt;
  }

  /** The chunk ended inside the value: keep its part and continue with the next chunk. */
  #carry(chunk: string, start: number): number {
    this.#parts.push(chunk.slice(start));
    this.#valueStart = 0;
    return chunk.length;
  }

  #completeValue(lastPart: string, pos: number, events: ScanEvent[]): number {
    const text = this.#parts.length === 0 ? lastPart : this.#parts.join("") + lastPart;
    this.#parts = [];
    this.#valueStart = 0;
    switch (this.#target) {
      case "item":
        events.push({ kind: "item", text });
        this.#state = "afterItem";
        break;
      case "key":
        this.#key = this.#parse(text, pos) as string;
        this.#state = "colon";
        break;
      case "field":
        events.push({ kind: "field", key: this.#key, value: this.#parse(text, pos) });
        this.#state = "afterMember";
        break;
    }
    return pos;
  }

  #parse(text: string, pos: number): unknown {
    try {
      return JSON.parse(text);
    } catch {
      throw new JsonScanError("body is not valid JSON", this.#offset + pos);
    }
  }
}
