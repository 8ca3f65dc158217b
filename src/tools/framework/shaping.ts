/**
 * Pure helpers that keep tool outputs small: projections for list results and UTF-8-safe byte
 * caps (head+tail windows for logs are in `log-window.ts`). Each says when it left something out
 * and how much.
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
  // A plain loop: every get/list tool runs this per object, and entries/filter/fromEntries
  // allocates three arrays to do the same.
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const field = (value as Record<string, unknown>)[key];
    if (field !== undefined) out[key] = field;
  }
  return out as T;
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
