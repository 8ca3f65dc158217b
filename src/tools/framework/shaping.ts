/**
 * Pure helpers that keep tool outputs small: projections for list results, UTF-8-safe byte caps,
 * and head+tail windows for logs. Each says when it left something out and how much.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Text that may have been shortened; `truncated` is present only when something was left out. */
export interface BoundedText {
  /** The text to show. */
  text: string;
  /** What was left out, when anything was. */
  truncated?: {
    /** Whole lines left out (0 for byte caps that do not count lines). */
    omitted_lines: number;
    /** UTF-8 bytes of the original text that are not shown. */
    omitted_bytes: number;
  };
}

/** The length of `text` in UTF-8 bytes. */
export function utf8ByteLength(text: string): number {
  return encoder.encode(text).length;
}

// UTF-8 continuation bytes look like 0b10xxxxxx; a cut must not land on one.
function isContinuation(byte: number | undefined): boolean {
  return byte !== undefined && (byte & 0xc0) === 0x80;
}

/** The longest prefix of `bytes` that fits in `max` bytes and ends on a character boundary. */
function prefixBytes(bytes: Uint8Array, max: number): Uint8Array {
  if (bytes.length <= max) return bytes;
  let end = Math.max(0, max);
  while (end > 0 && isContinuation(bytes[end])) end--;
  return bytes.subarray(0, end);
}

/** The longest suffix of `bytes` that fits in `max` bytes and starts on a character boundary. */
function suffixBytes(bytes: Uint8Array, max: number): Uint8Array {
  if (bytes.length <= max) return bytes;
  let start = bytes.length - Math.max(0, max);
  while (start < bytes.length && isContinuation(bytes[start])) start++;
  return bytes.subarray(start);
}

/**
 * Cut `text` to at most `maxBytes` UTF-8 bytes, never inside a character. The cut text has no
 * marker; `truncated.omitted_bytes` says how much was dropped.
 */
export function capBytes(text: string, maxBytes: number): BoundedText {
  const bytes = encoder.encode(text);
  if (bytes.length <= maxBytes) return { text };
  const kept = prefixBytes(bytes, maxBytes);
  return {
    text: decoder.decode(kept),
    truncated: { omitted_lines: 0, omitted_bytes: bytes.length - kept.length },
  };
}

/** The first `maxBytes` or fewer UTF-8 bytes of `text`, cut on a character boundary. */
export function utf8Prefix(text: string, maxBytes: number): string {
  return capBytes(text, maxBytes).text;
}

/** The last `maxBytes` or fewer UTF-8 bytes of `text`, cut on a character boundary. */
export function utf8Suffix(text: string, maxBytes: number): string {
  return decoder.decode(suffixBytes(encoder.encode(text), maxBytes));
}

/** The line that replaces the omitted middle of a head+tail window. */
function omissionMarker(lines: number, bytes: number): string {
  return `… ${lines} lines (${bytes} bytes) omitted …`;
}

// Logs explain failures at the end, so the tail gets the larger share of the budget.
const HEAD_SHARE = 1 / 3;

/**
 * Keep the beginning and the end of a log within `budgetBytes` UTF-8 bytes (marker included),
 * replacing the middle with one marker line. Whole lines are kept where they fit; when even one
 * line is longer than its share it is cut on a character boundary (the head keeps its start, the
 * tail its end, where errors usually are). Lines are joined with `\n`. `omitted_lines` counts
 * lines not shown at all; `omitted_bytes` counts every byte of the original that is not shown.
 */
export function headTail(input: string | readonly string[], budgetBytes: number): BoundedText {
  const lines = typeof input === "string" ? input.split("\n") : [...input];
  const text = lines.join("\n");
  const totalBytes = utf8ByteLength(text);
  if (totalBytes <= budgetBytes) return { text };

  // Sized for the worst case (every line and byte omitted), so the real marker always fits.
  const markerBytes = utf8ByteLength(omissionMarker(lines.length, totalBytes)) + 2;
  const room = budgetBytes - markerBytes;
  if (room < 2) {
    const capped = capBytes(text, Math.max(0, budgetBytes));
    return {
      text: capped.text,
      truncated: { omitted_lines: 0, omitted_bytes: capped.truncated?.omitted_bytes ?? 0 },
    };
  }
  if (lines.length === 1) {
    // One huge line: keep both of its ends.
    const start = utf8Prefix(text, Math.floor(room * HEAD_SHARE));
    const end = utf8Suffix(text, room - utf8ByteLength(start));
    const omittedBytes = totalBytes - utf8ByteLength(start) - utf8ByteLength(end);
    return {
      text: [start, omissionMarker(0, omittedBytes), end].join("\n"),
      truncated: { omitted_lines: 0, omitted_bytes: omittedBytes },
    };
  }
  const sizes = lines.map((line) => utf8ByteLength(line));
  const size = (index: number) => (sizes[index] ?? 0) + 1; // a line plus its newline

  // Head: whole lines from the start, or else the start of the first line.
  const headRoom = Math.floor(room * HEAD_SHARE);
  const head: string[] = [];
  let headUsed = 0;
  let next = 0;
  while (next < lines.length && headUsed + size(next) <= headRoom) {
    head.push(lines[next] ?? "");
    headUsed += size(next);
    next++;
  }
  if (head.length === 0 && headRoom > 1) {
    const cut = utf8Prefix(lines[0] ?? "", headRoom - 1);
    if (cut) {
      head.push(cut);
      headUsed += utf8ByteLength(cut) + 1;
      next = 1;
    }
  }

  // Tail: whole lines from the end, or else the end of the last line not already shown.
  const tailRoom = room - headUsed;
  const tail: string[] = [];
  let tailUsed = 0;
  let last = lines.length - 1;
  while (last >= next && tailUsed + size(last) <= tailRoom) {
    tail.unshift(lines[last] ?? "");
    tailUsed += size(last);
    last--;
  }
  if (tail.length === 0 && last >= next && tailRoom > 1) {
    const cut = utf8Suffix(lines[last] ?? "", tailRoom - 1);
    if (cut) {
      tail.push(cut);
      last--;
    }
  }

  const omittedLines = last - next + 1;
  const omittedBytes = totalBytes - utf8ByteLength(head.join("\n")) - utf8ByteLength(tail.join("\n"));
  return {
    text: [...head, omissionMarker(omittedLines, omittedBytes), ...tail].join("\n"),
    truncated: { omitted_lines: omittedLines, omitted_bytes: omittedBytes },
  };
}

/**
 * Copy only `keys` from `value`, in the order given. Keys whose value is `undefined` are left
 * out, so the JSON stays as small as the data allows.
 */
export function project<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const key of keys) {
    if (value[key] !== undefined) out[key] = value[key];
  }
  return out;
}

/** {@link project} over a list: the usual shape of a list tool's result. */
export function projectAll<T extends object, K extends keyof T>(
  values: readonly T[],
  keys: readonly K[],
): Pick<T, K>[] {
  return values.map((value) => project(value, keys));
}

/**
 * A copy of `value` without the keys whose value is `undefined`, so optional output fields are
 * left out of the JSON rather than sent empty. Map "unset" values (`""`, the zero UUID, an empty
 * list) to `undefined` at the call site: what counts as empty differs per field, and a required
 * field may legitimately be `""`.
 */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The longest prefix of `items` whose JSON fits in `budgetBytes` UTF-8 bytes, counting one
 * separator byte per item (the comma of a JSON array). List tools use it to cut a long result
 * at an item boundary and then say how many items were left out.
 */
export function fitJsonPrefix<T>(items: readonly T[], budgetBytes: number): T[] {
  let used = 0;
  let count = 0;
  for (const item of items) {
    used += utf8ByteLength(JSON.stringify(item)) + 1;
    if (used > budgetBytes) break;
    count++;
  }
  return items.slice(0, count);
}

/**
 * Shorten `text` to at most `maxChars` UTF-16 units by replacing its middle with a marker that
 * says how many characters were left out, keeping the start and the end (where a URL's path and a
 * message's reason usually are). Never splits a surrogate pair. Text that fits is returned as is.
 */
export function elideMiddle(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const marker = (omitted: number) => `…[${omitted} characters elided]…`;
  const room = Math.max(0, maxChars - marker(text.length).length);
  let headEnd = Math.ceil(room / 2);
  let tailStart = text.length - Math.floor(room / 2);
  // Keep surrogate pairs whole: move the cuts outward into the elided part.
  if (headEnd > 0 && isHighSurrogate(text.charCodeAt(headEnd - 1))) headEnd -= 1;
  if (tailStart < text.length && isLowSurrogate(text.charCodeAt(tailStart))) tailStart += 1;
  return `${text.slice(0, headEnd)}${marker(tailStart - headEnd)}${text.slice(tailStart)}`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
