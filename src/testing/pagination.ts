import { coderError, type ValidationError } from "./http-util.js";
import { isUuid } from "./util.js";

/** Parsed `after_id`, `limit` (0 = none) and `offset`. */
export interface Pagination {
  afterId?: string;
  limit: number;
  offset: number;
}

/** coderd ParsePagination: limit/offset are positive int32s, after_id a UUID. */
export function parsePagination(url: URL): Pagination {
  const errors: ValidationError[] = [];
  const int = (key: string): number => {
    const raw = url.searchParams.get(key);
    if (raw === null || raw === "") return 0;
    if (!/^\d+$/.test(raw) || Number(raw) > 2147483647) {
      const reason = /^-\d+$/.test(raw)
        ? "value is negative"
        : `strconv.ParseInt: parsing "${raw}": invalid syntax`;
      errors.push({
        field: key,
        detail: `Query param "${key}" must be a valid 32-bit positive integer (${reason})`,
      });
      return 0;
    }
    return Number(raw);
  };
  const afterRaw = url.searchParams.get("after_id") ?? "";
  if (afterRaw !== "" && !isUuid(afterRaw))
    errors.push({ field: "after_id", detail: `Query param "after_id" must be a valid uuid` });
  const page = {
    limit: int("limit"),
    offset: int("offset"),
    ...(afterRaw && isUuid(afterRaw) ? { afterId: afterRaw.toLowerCase() } : {}),
  };
  if (errors.length > 0) throw coderError(400, "Query parameters have invalid values.", undefined, errors);
  return page;
}

/** Applies after_id, offset and limit (0 = no limit) to an already sorted list. */
export function paginate<T extends { id: string }>(items: T[], page: Pagination): T[] {
  let list = items;
  if (page.afterId) {
    const index = list.findIndex((i) => i.id === page.afterId);
    list = index >= 0 ? list.slice(index + 1) : [];
  }
  list = list.slice(page.offset);
  return page.limit > 0 ? list.slice(0, page.limit) : list;
}
