import type { ChatMessagesResponse, ChatStreamEvent } from "../api-types-chat.js";
import type { ChatRec } from "../chat-records.js";
import type { FakeChats } from "../chats.js";
import { coderError, type ValidationError } from "../http-util.js";

/** coderd writes one JSON array of events per WebSocket message, newline-terminated (json.Encoder). */
export function encodeBatch(events: ChatStreamEvent[]): string {
  return `${JSON.stringify(events)}\n`;
}

/** httpapi.QueryParamParser.PositiveInt64 / PositiveInt32 on one query parameter. */
function positive(url: URL, key: string, fallback: number, bits: 32 | 64, errors: ValidationError[]): number {
  const raw = url.searchParams.get(key);
  if (raw === null || raw === "") return fallback;
  const max = bits === 32 ? 2 ** 31 - 1 : Number.MAX_SAFE_INTEGER;
  if (!/^\d+$/.test(raw) || Number(raw) > max) {
    const reason = /^-\d+$/.test(raw)
      ? "value is negative"
      : `strconv.ParseInt: parsing "${raw}": invalid syntax`;
    errors.push({
      field: key,
      detail: `Query param "${key}" must be a valid ${bits}-bit positive integer (${reason})`,
    });
    return fallback;
  }
  return Number(raw);
}

/**
 * `GET /chats/{chat}/messages` (coderd getChatMessages): `limit` 1–200 (default 50) fetched as
 * limit+1 to learn `has_more`; newest first, except `after_id` alone, which pages oldest first so
 * a poller can advance; queued messages only on the page without a cursor.
 */
export function chatMessagesPage(chats: FakeChats, chat: ChatRec, url: URL): ChatMessagesResponse {
  const errors: ValidationError[] = [];
  const before = positive(url, "before_id", 0, 64, errors);
  const after = positive(url, "after_id", 0, 64, errors);
  const limit = positive(url, "limit", 50, 32, errors);
  if (errors.length > 0) throw coderError(400, "Query parameters have invalid values.", undefined, errors);
  if (limit < 1 || limit > 200) throw coderError(400, "Invalid limit parameter (1-200).");
  if (before > 0 && after > 0 && after >= before) {
    throw coderError(400, "Invalid cursor range.", "after_id must be less than before_id.");
  }
  const ascending = after > 0 && before === 0;
  const range = chat.messages
    .filter((m) => (before === 0 || m.id < before) && m.id > after)
    .sort((a, b) => (ascending ? a.id - b.id : b.id - a.id));
  const messages = range.slice(0, limit);
  return {
    messages,
    queued_messages: before === 0 && after === 0 ? chat.queue.map((q) => chats.queuedJson(chat, q)) : [],
    has_more: range.length > limit,
  };
}
