import type { CountedPage } from "../../client/pagination.js";
import { utf8ByteLength } from "../framework/shaping.js";

/**
 * List tools show what fits in the result budget and say how much was left out. These helpers
 * read only that much from Coder, so a list tool costs the same on a deployment with 10,000
 * workspaces as on one with 100: a paged endpoint is asked for bounded pages until the budget is
 * full, an unpaged one is read item by item and the rest of its body is never read.
 */

/**
 * The largest `limit` current coderd accepts (`codersdk.MaxPaginationLimit`, 100 in the newest
 * Go source; older servers take any size). Larger values are rejected with 400, not clamped.
 */
export const MAX_PAGE_SIZE = 100;

/** What fitted, and the total number of matches the server reported. */
export interface FittedPages<P> {
  items: P[];
  count: number;
}

/** How to page a counted list into a byte budget. */
export interface FitPagesOptions<P> {
  /** Budget for the items' JSON, one separator byte per item included. */
  budgetBytes: number;
  /**
   * A lower bound on one projected item's JSON size. The first page asks for no more rows than
   * could fit at that size; later pages use the smallest item seen so far.
   */
  minItemBytes: number;
  /** Identity of an item, to skip one that moved to the next page between two requests. */
  key: (item: P) => string;
  signal?: AbortSignal;
}

/**
 * Fetch pages of a counted list (`limit`/`offset`, total `count`), projecting each row, until
 * the projected rows fill `budgetBytes` or the list ends. The rows kept are exactly those a
 * single unbounded read followed by a cut at the budget would keep.
 */
export async function fitPages<T, P>(
  fetchPage: (page: { offset: number; limit: number }) => Promise<CountedPage<T>>,
  project: (row: T) => P,
  options: FitPagesOptions<P>,
): Promise<FittedPages<P>> {
  const { budgetBytes, key, signal } = options;
  const items: P[] = [];
  const seen = new Set<string>();
  let used = 0;
  let offset = 0;
  let count = 0;
  let smallest = options.minItemBytes;
  for (;;) {
    signal?.throwIfAborted();
    const limit = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.ceil((budgetBytes - used) / smallest)));
    const page = await fetchPage({ offset, limit });
    count = page.count;
    for (const row of page.items) {
      const item = project(row);
      if (seen.has(key(item))) continue;
      const size = utf8ByteLength(JSON.stringify(item)) + 1;
      if (used + size > budgetBytes) return { items, count: Math.max(count, items.length + 1) };
      seen.add(key(item));
      items.push(item);
      used += size;
      smallest = Math.max(1, Math.min(smallest, size));
    }
    offset += page.items.length;
    if (page.items.length < limit || offset >= page.count)
      return { items, count: Math.max(count, items.length) };
  }
}

/** What fitted from an unpaged list, and whether more items followed. */
export interface FittedStream<P> {
  items: P[];
  /** True when at least one more item did not fit (the rest of the list was not read). */
  more: boolean;
}

/**
 * Take projected items from `source` while their JSON (one separator byte per item) fits in
 * `budgetBytes`, and stop reading at the first that does not: leaving the loop cancels the rest
 * of a streamed body.
 */
export async function fitStream<T, P>(
  source: AsyncIterable<T>,
  project: (item: T) => P,
  budgetBytes: number,
): Promise<FittedStream<P>> {
  const items: P[] = [];
  let used = 0;
  for await (const row of source) {
    const item = project(row);
    used += utf8ByteLength(JSON.stringify(item)) + 1;
    if (used > budgetBytes) return { items, more: true };
    items.push(item);
  }
  return { items, more: false };
}
