import type { z } from "zod";
import { CoderNetworkError, CoderResponseError } from "./errors.js";
import type { CallOptions, HttpCore, Query } from "./http.js";
import { JsonArrayScanner, JsonScanError, type ScanEvent } from "./json-scanner.js";
import { redactSecrets } from "./redact.js";

// Overwrites the last event's variable before a yield, so its text does not pin the chunk.
const EMPTY_EVENT: ScanEvent = { kind: "item", text: "" };

/** Which JSON array of a `GET` response to read item by item. */
export interface JsonItemsRequest<T> {
  /** API path, e.g. `/workspacebuilds/{id}/logs`. */
  path: string;
  /** Query parameters; `undefined` values are left out. */
  query?: Query;
  /** Schema of one item. */
  item: z.ZodType<T>;
  /**
   * Read the array held by this member of a top-level object (`logs` of `{ logs: [...] }`).
   * Left out, the body itself is the array.
   */
  key?: string;
}

/**
 * `GET` a JSON array and yield its items one at a time while the body arrives, each validated
 * with the item schema. Memory holds one network chunk and one item, not the whole body, so a
 * caller that keeps only what it needs (a head and tail of a log, the first page of a list) stays
 * small however long the array is. Breaking out of the loop cancels the rest of the body.
 *
 * With `key`, the generator's return value holds the object's other members (parsed, not
 * validated), e.g. `snapshot` of a task's logs; `for await` drops it, `next()` shows it.
 *
 * Errors: the request's own errors as for any call (`CoderApiError` and the others);
 * `CoderResponseError` naming the endpoint when the body is empty, not JSON, not the
 * expected shape, or an item fails its schema (`fields` then hold paths like `12.output`);
 * `CoderNetworkError` when the connection drops mid-body. Aborting the signal rejects the
 * pending `next()` with the signal's reason.
 */
export async function* streamJsonItems<T>(
  http: HttpCore,
  request: JsonItemsRequest<T>,
  options: CallOptions = {},
): AsyncGenerator<T, Record<string, unknown>, undefined> {
  const { signal } = options;
  const response = await http.raw("GET", request.path, { query: request.query, signal });
  const url = redactSecrets(response.url || http.url(request.path, request.query).href, http.knownSecrets());
  const info = { method: "GET", url };
  const scanner = new JsonArrayScanner(request.key);
  const fields: Record<string, unknown> = {};
  const prefix = request.key === undefined ? [] : [request.key];
  let index = 0;

  const malformed = (error: unknown): unknown => {
    if (!(error instanceof JsonScanError)) return error;
    const where = error.message.startsWith("empty body") ? "" : ` (at character ${error.offset})`;
    return new CoderResponseError({ ...info, problem: `${error.message}${where}` });
  };

  if (!response.body) {
    throw malformed(new JsonScanError("empty body where JSON was expected", 0));
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  // Cancelling makes a pending read() settle, so an abort never waits for the next chunk.
  const onAbort = () => {
    reader.cancel(signal?.reason).catch(() => {});
  };
  signal?.addEventListener("abort", onAbort, { once: true });
  let finished = false;
  // Reads, decodes and scans one chunk. Kept out of the generator so that nothing of a chunk
  // (its bytes, its text, the slices of it) stays referenced from the generator while it waits
  // for the next one: memory then holds one chunk at a time.
  const readEvents = async (): Promise<{ events: ScanEvent[]; done: boolean }> => {
    signal?.throwIfAborted();
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (error) {
      signal?.throwIfAborted();
      // undici reports a connection that dropped mid-body as `TypeError: terminated`.
      if (error instanceof TypeError) throw new CoderNetworkError({ ...info, cause: error });
      throw error;
    }
    signal?.throwIfAborted();
    try {
      if (chunk.done) {
        const events = scanner.push(decoder.decode());
        scanner.finish();
        return { events, done: true };
      }
      return { events: scanner.push(decoder.decode(chunk.value, { stream: true })), done: false };
    } catch (error) {
      throw malformed(error);
    }
  };
  // Parses and validates one item; its text is dropped as soon as it is parsed.
  const toItem = (text: string): T => {
    const position = index++;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new CoderResponseError({
        ...info,
        problem: `body is not valid JSON (item ${[...prefix, position].join(".")})`,
      });
    }
    const parsed = request.item.safeParse(data);
    if (!parsed.success) {
      throw CoderResponseError.fromIssues(
        info,
        parsed.error.issues.map((issue) => ({ ...issue, path: [...prefix, position, ...issue.path] })),
      );
    }
    return parsed.data;
  };
  try {
    for (;;) {
      const next = await readEvents();
      // An event's text is a slice of the whole chunk's text: drop each as it is used, so a
      // suspended generator does not keep the chunk alive. (Not with shift(): a chunk can hold
      // many thousand events, and shifting each off would be quadratic.)
      const events: (ScanEvent | undefined)[] = next.events;
      for (let k = 0; k < events.length; k++) {
        let event = events[k]!;
        events[k] = undefined;
        if (event.kind === "field") fields[event.key] = event.value;
        else {
          const item = toItem(event.text);
          event = EMPTY_EVENT;
          yield item;
        }
      }
      if (next.done) {
        finished = true;
        return fields;
      }
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    // A consumer that stopped early (or an error) leaves the rest of the body unread.
    if (!finished) reader.cancel().catch(() => {});
  }
}

/** {@link streamJsonItems} for a body that is the array itself: yields the items, returns nothing. */
export async function* streamJsonArray<T>(
  http: HttpCore,
  request: Omit<JsonItemsRequest<T>, "key">,
  options: CallOptions = {},
): AsyncGenerator<T, void, undefined> {
  yield* streamJsonItems(http, request, options);
}
