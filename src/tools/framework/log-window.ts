import { type BoundedText, capBytes, utf8Prefix, utf8Suffix } from "./shaping.js";

/**
 * Head+tail windows over logs that arrive line by line. {@link LogWindow} keeps only what the
 * window can show (the head lines, a ring buffer of tail lines, and both ends of an overlong
 * line), so memory is bounded by the budget however long the log is; {@link headTail} is the
 * same window over lines already in memory. Both give the same text for the same lines.
 */

/** The line that replaces the omitted middle of a head+tail window. */
function omissionMarker(lines: number, bytes: number): string {
  return `… ${lines} lines (${bytes} bytes) omitted …`;
}

/** UTF-8 length without encoding (a lone surrogate counts 3 bytes, as TextEncoder writes U+FFFD). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

// Logs explain failures at the end, so the tail gets the larger share of the budget.
const HEAD_SHARE = 1 / 3;
// Below this budget even the omission marker may not fit; the window then shows the log's start.
const TINY_BUDGET = 128;

/**
 * Keeps the beginning and the end of a log within `budgetBytes` UTF-8 bytes (marker included),
 * replacing the middle with one marker line, while the log streams in. Whole lines are kept where
 * they fit; a line longer than its share is cut on a character boundary (the head keeps its start,
 * the tail its end, where errors usually are). Lines are joined with `\n`. `omitted_lines` counts
 * lines not shown at all; `omitted_bytes` counts every byte of the log that is not shown.
 *
 * How much the window shows depends on the final line and byte counts (they are in the marker),
 * so while lines arrive it keeps a little more than it will show: head lines up to a third of the
 * budget, and tail lines up to the whole budget.
 */
export class LogWindow {
  readonly #budget: number;
  readonly #headLimit: number;
  readonly #tailLimit: number;
  #lines = 0;
  /** UTF-8 bytes of every line, newlines not included. */
  #bytes = 0;

  #head: string[] = [];
  #headUsed = 0;
  #headOpen = true;
  /** The start of the first line, when it is too long for the head. */
  #firstCut: string | undefined;

  // Ring buffer of the newest lines (texts and UTF-8 sizes): #ringLength slots from #ringStart,
  // oldest first, wrapping around; the capacity doubles when full, so it stays near the most
  // lines the tail ever needed.
  #ringTexts: (string | undefined)[] = new Array(16);
  #ringSizes: number[] = new Array(16).fill(0);
  #ringStart = 0;
  #ringLength = 0;
  #tailUsed = 0;

  /** The log's first characters, kept only for budgets too small for a marker. */
  #prefix: string | undefined;

  constructor(budgetBytes: number) {
    this.#budget = budgetBytes;
    this.#headLimit = Math.floor(budgetBytes * HEAD_SHARE);
    // All lines with their newlines take the log's size plus one byte: a log that fits the budget
    // is kept whole in the ring.
    this.#tailLimit = budgetBytes + 1;
    if (budgetBytes < TINY_BUDGET) this.#prefix = "";
  }

  /** Lines received so far. */
  get lineCount(): number {
    return this.#lines;
  }

  /** Add the next line (without its newline). */
  push(line: string): void {
    const index = this.#lines++;
    const size = utf8Length(line);
    this.#bytes += size;

    if (this.#headOpen) {
      if (this.#headUsed + size + 1 <= this.#headLimit) {
        this.#head.push(line);
        this.#headUsed += size + 1;
      } else {
        this.#headOpen = false;
        if (index === 0) this.#firstCut = utf8Prefix(line, this.#headLimit);
      }
    }

    this.#ringPush(size + 1 <= this.#tailLimit ? line : utf8Suffix(line, this.#tailLimit), size);
    this.#tailUsed += size + 1;
    while (this.#ringLength > 1 && this.#tailUsed > this.#tailLimit) {
      this.#tailUsed -= this.#ringSizes[this.#ringStart]! + 1;
      this.#ringTexts[this.#ringStart] = undefined;
      this.#ringStart = (this.#ringStart + 1) % this.#ringTexts.length;
      this.#ringLength--;
    }

    if (this.#prefix !== undefined && this.#prefix.length < Math.max(0, this.#budget) + 2) {
      // Two code units past the budget, so cutting at the budget sees the same bytes as the log.
      const joined = index === 0 ? line : `${this.#prefix}\n${line}`;
      this.#prefix = joined.slice(0, Math.max(0, this.#budget) + 2);
    }
  }

  #ringPush(text: string, size: number): void {
    const capacity = this.#ringTexts.length;
    if (this.#ringLength === capacity) {
      const texts: (string | undefined)[] = new Array(capacity * 2);
      const sizes: number[] = new Array(capacity * 2).fill(0);
      for (let k = 0; k < capacity; k++) {
        texts[k] = this.#ringTexts[(this.#ringStart + k) % capacity];
        sizes[k] = this.#ringSizes[(this.#ringStart + k) % capacity]!;
      }
      this.#ringTexts = texts;
      this.#ringSizes = sizes;
      this.#ringStart = 0;
    }
    const slot = (this.#ringStart + this.#ringLength) % this.#ringTexts.length;
    this.#ringTexts[slot] = text;
    this.#ringSizes[slot] = size;
    this.#ringLength++;
  }

  /** Line `i` of the log's slot in the ring (the caller knows it is still there). */
  #slot(i: number): number {
    return (this.#ringStart + this.#ringLength - (this.#lines - i)) % this.#ringTexts.length;
  }

  /** The lines in the ring, oldest first. */
  #ringLines(): string[] {
    const out: string[] = [];
    for (let k = 0; k < this.#ringLength; k++) {
      out.push(this.#ringTexts[(this.#ringStart + k) % this.#ringTexts.length] ?? "");
    }
    return out;
  }

  /** The window over the lines received so far. */
  result(): BoundedText {
    const count = this.#lines;
    const budget = this.#budget;
    const ring = this.#ringLength;
    // Line `i` of the log, for lines still in the ring.
    const tailText = (i: number) => this.#ringTexts[this.#slot(i)] ?? "";
    const tailSize = (i: number) => this.#ringSizes[this.#slot(i)]! + 1;
    const totalBytes = count === 0 ? 0 : this.#bytes + count - 1;
    if (totalBytes <= budget) {
      return { text: this.#ringLines().join("\n") };
    }

    // Sized for the worst case (every line and byte omitted), so the real marker always fits.
    const markerBytes = utf8Length(omissionMarker(count, totalBytes)) + 2;
    const room = budget - markerBytes;
    if (room < 2) {
      const capped = capBytes(this.#prefix ?? "", Math.max(0, budget));
      return {
        text: capped.text,
        truncated: { omitted_lines: 0, omitted_bytes: totalBytes - utf8Length(capped.text) },
      };
    }
    const firstLine = this.#head[0] ?? this.#firstCut ?? "";
    if (count === 1) {
      // One huge line: keep both of its ends.
      const start = utf8Prefix(firstLine, Math.floor(room * HEAD_SHARE));
      const end = utf8Suffix(tailText(0), room - utf8Length(start));
      const omittedBytes = totalBytes - utf8Length(start) - utf8Length(end);
      return {
        text: [start, omissionMarker(0, omittedBytes), end].join("\n"),
        truncated: { omitted_lines: 0, omitted_bytes: omittedBytes },
      };
    }

    // Head: whole lines from the start, or else the start of the first line.
    const headRoom = Math.floor(room * HEAD_SHARE);
    const head: string[] = [];
    let headUsed = 0;
    let next = 0;
    while (next < this.#head.length) {
      const line = this.#head[next]!;
      const size = utf8Length(line) + 1;
      if (headUsed + size > headRoom) break;
      head.push(line);
      headUsed += size;
      next++;
    }
    if (head.length === 0 && headRoom > 1) {
      const cut = utf8Prefix(firstLine, headRoom - 1);
      if (cut) {
        head.push(cut);
        headUsed += utf8Length(cut) + 1;
        next = 1;
      }
    }

    // Tail: whole lines from the end, or else the end of the last line not already shown.
    const tailRoom = room - headUsed;
    const tail: string[] = [];
    let tailUsed = 0;
    let last = count - 1;
    const oldestInRing = count - ring;
    while (last >= next && last >= oldestInRing && tailUsed + tailSize(last) <= tailRoom) {
      tail.unshift(tailText(last));
      tailUsed += tailSize(last);
      last--;
    }
    if (tail.length === 0 && last >= next && tailRoom > 1) {
      const cut = utf8Suffix(tailText(last), tailRoom - 1);
      if (cut) {
        tail.push(cut);
        last--;
      }
    }

    const omittedLines = last - next + 1;
    const omittedBytes = totalBytes - utf8Length(head.join("\n")) - utf8Length(tail.join("\n"));
    return {
      text: [...head, omissionMarker(omittedLines, omittedBytes), ...tail].join("\n"),
      truncated: { omitted_lines: omittedLines, omitted_bytes: omittedBytes },
    };
  }
}

/**
 * Keep the beginning and the end of a log within `budgetBytes` UTF-8 bytes: the window of
 * {@link LogWindow} over lines already in memory (a string is split at `\n`).
 */
export function headTail(input: string | readonly string[], budgetBytes: number): BoundedText {
  const window = new LogWindow(budgetBytes);
  for (const line of typeof input === "string" ? input.split("\n") : input) window.push(line);
  return window.result();
}
