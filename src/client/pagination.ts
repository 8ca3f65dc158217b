import type { CallOptions } from "./http.js";

/** One page of a counted list: the rows and the total number of rows matching the filter. */
export interface CountedPage<T> {
  items: T[];
  count: number;
}

/** Options for `iterate()` on counted lists. */
export interface IterateOptions extends CallOptions {
  /** Rows per request. Default 50. */
  pageSize?: number;
}

/** Default page size for `iterate()`: small enough for any server's `limit` maximum. */
export const DEFAULT_PAGE_SIZE = 50;

/**
 * Walk an offset-paginated list page by page, yielding rows one at a time. Stops when the total
 * `count` has been reached, or a page comes back short or empty (rows deleted meanwhile would
 * otherwise make a count-only loop spin). Checks the signal before every request.
 */
export async function* paginate<T>(
  fetchPage: (page: { offset: number; limit: number }, options: CallOptions) => Promise<CountedPage<T>>,
  options: IterateOptions = {},
): AsyncGenerator<T, void, undefined> {
  const limit = options.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`pageSize must be a positive integer, got ${String(options.pageSize)}`);
  }
  const { signal } = options;
  let offset = 0;
  for (;;) {
    signal?.throwIfAborted();
    const page = await fetchPage({ offset, limit }, { signal });
    for (const item of page.items) {
      yield item;
    }
    offset += page.items.length;
    if (page.items.length < limit || offset >= page.count) return;
  }
}
