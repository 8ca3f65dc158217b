import type { ChatStreamFallback, ChatsApi } from "./chats.js";
import { CoderWebSocketError } from "./errors.js";
import type { HttpCore, Query } from "./http.js";
import { type CloseInfo, describeRefusal, diagnosis } from "./log-stream.js";
import type { Chat, ChatMessage, ChatStreamEvent, ChatWatchEvent } from "./models/chat.js";
import { sleep } from "./sleep.js";

/**
 * The polling fallbacks of `chats.watch()` and `chats.stream()` (and how a refused socket is told
 * from a refusing Coder), for networks that block
 * WebSockets while the REST API works. They report what changed between two looks, so quick
 * changes in between (running → waiting → running) can be missed; the WebSocket is the faithful
 * source and is always tried first.
 */

/** Every chat in the default listing, by id. */
async function snapshot(api: ChatsApi, signal?: AbortSignal): Promise<Map<string, Chat>> {
  const chats = new Map<string, Chat>();
  for await (const chat of api.iterate({ pageSize: 100, signal })) chats.set(chat.id, chat);
  return chats;
}

/** The watch events a change from `before` to `after` stands for (as coderd would publish them). */
function changes(before: Chat | undefined, after: Chat): ChatWatchEvent[] {
  if (!before) return [{ kind: "created", chat: after }];
  const events: ChatWatchEvent[] = [];
  if (before.status !== after.status) events.push({ kind: "status_change", chat: after });
  if (before.title !== after.title) events.push({ kind: "title_change", chat: after });
  if ((before.last_turn_summary ?? null) !== (after.last_turn_summary ?? null)) {
    events.push({ kind: "summary_change", chat: after });
  }
  if ((before.summary ?? null) !== (after.summary ?? null))
    events.push({ kind: "chat_summary_change", chat: after });
  return events;
}

/** `chats.watch()` by polling `GET /chats`: events for chats created or changed since the last look. */
export async function* pollChatWatch(
  api: ChatsApi,
  intervalMs: number,
  signal?: AbortSignal,
): AsyncGenerator<ChatWatchEvent, void, undefined> {
  // Like the socket, report only what happens from now on.
  let known = await snapshot(api, signal);
  for (;;) {
    await sleep(intervalMs, signal);
    const current = await snapshot(api, signal);
    for (const chat of current.values()) yield* changes(known.get(chat.id), chat);
    known = current;
  }
}

/** Stored messages with an id above `cursor`, oldest first. */
async function messagesAfter(
  api: ChatsApi,
  chatId: string,
  cursor: number,
  signal?: AbortSignal,
): Promise<ChatMessage[]> {
  const out: ChatMessage[] = [];
  if (cursor <= 0) {
    // Coder reads after_id=0 as "no cursor" (newest first), so walk the whole history back instead.
    for await (const message of api.iterateMessages(chatId, { pageSize: 200, signal })) out.push(message);
  } else {
    // after_id alone pages oldest first, so the cursor only moves forward.
    for (let after = cursor; ; ) {
      const page = await api.messages(chatId, { after_id: after, limit: 200, signal });
      const messages = page.messages ?? [];
      out.push(...messages);
      if (!page.has_more || messages.length === 0) break;
      after = Math.max(after, ...messages.map((m) => m.id));
    }
  }
  return out.sort((a, b) => a.id - b.id);
}

/**
 * `chats.stream()` by polling `GET /chats/{chat}` and `GET /chats/{chat}/messages?after_id=`:
 * `message` events for stored messages (oldest first), `status` events when the status changes,
 * and an `error` event with `last_error` when the chat fails. Streamed deltas (`message_part`)
 * and queue updates have no REST counterpart and are not reported.
 */
export async function* pollChatStream(
  api: ChatsApi,
  chatId: string,
  afterId: number,
  intervalMs: number,
  signal?: AbortSignal,
): AsyncGenerator<ChatStreamEvent, void, undefined> {
  let cursor = afterId;
  let status: string | undefined;
  for (let first = true; ; first = false) {
    if (!first) await sleep(intervalMs, signal);
    const chat = await api.get(chatId, { signal });
    for (const message of await messagesAfter(api, chatId, cursor, signal)) {
      cursor = Math.max(cursor, message.id);
      yield { type: "message", chat_id: chatId, message };
    }
    if (chat.status !== status) {
      status = chat.status;
      yield { type: "status", chat_id: chatId, status: { status: chat.status } };
      if (chat.status === "error" && chat.last_error) {
        yield { type: "error", chat_id: chatId, error: chat.last_error };
      }
    }
  }
}

/**
 * A refused upgrade: ask the chat API over plain HTTP. Coder refusing that too is the answer
 * (its status and message); an answer means WebSockets are what is blocked, so poll.
 */
export async function refusedChatSocket(
  http: HttpCore,
  refusal: { safeUrl: string; detail: string | undefined },
  probe: { path: string; query?: Query },
  intervalMs: number,
  signal: AbortSignal | undefined,
): Promise<ChatStreamFallback> {
  const { status, what } = describeRefusal(refusal.detail);
  try {
    const response = await http.raw("GET", probe.path, { query: probe.query, signal });
    await response.body?.cancel();
  } catch (error) {
    throw diagnosis(error, refusal.safeUrl, signal, { problem: what, status });
  }
  const reason = `${what}; the chat API answers plain HTTP, so a proxy may not pass WebSockets`;
  return { transport: "polling", reason, ...(status ? { status } : {}), intervalMs };
}

/** A socket that opened and closed abnormally before its first message: Coder's error if plain HTTP gives one, else the close. */
export async function chatSocketClosedEarly(
  http: HttpCore,
  failure: { safeUrl: string; closed: CloseInfo },
  probe: { path: string; query?: Query },
  streamName: string,
  signal: AbortSignal | undefined,
): Promise<unknown> {
  const { safeUrl, closed } = failure;
  const reason = closed.reason ? `: ${closed.reason}` : "";
  const problem = `${streamName} closed before sending any event (close code ${closed.code}${reason})`;
  const base = { closeCode: closed.code, closeReason: closed.reason || undefined };
  try {
    const response = await http.raw("GET", probe.path, { query: probe.query, signal });
    await response.body?.cancel();
  } catch (error) {
    return diagnosis(error, safeUrl, signal, { problem, ...base });
  }
  return new CoderWebSocketError({ method: "GET", url: safeUrl, problem, ...base });
}
