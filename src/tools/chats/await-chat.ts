import { z } from "zod";
import type { Chat } from "../../client/models/index.js";
import { READ_ONLY } from "../framework/annotations.js";
import type { ToolContext } from "../framework/context.js";
import { defineTool } from "../framework/define-tool.js";
import { ToolError, ToolInputError } from "../framework/errors.js";
import { prefixApiError } from "../support/api-errors.js";
import {
  CHAT_ID_DESCRIPTION,
  ChatToolStatus,
  chatStep,
  isBusy,
  parseChatId,
  toChatToolStatus,
} from "./views.js";

/**
 * `coder_await_chat`, following Go's AwaitChat (codersdk/toolsdk/chats.go at coder/coder 09c521c5):
 *
 * 1. One GET inside the wait window; a chat that is not busy (busy = running or interrupting) is
 *    returned at once with `timed_out: false`.
 * 2. Otherwise poll every 5 s and, at the same time, watch `/chats/watch`. A watch event that says
 *    this chat is no longer busy is confirmed with a GET first, because a queued message may
 *    already have started the next turn; a busy answer keeps the wait going.
 * 3. A watch that cannot connect or drops just leaves the polling; it never ends the wait.
 * 4. Every request runs inside the window, so `wait_secs` bounds the call. When the window closes,
 *    the last busy state seen is returned with `timed_out: true`. A cancelled call fails.
 *
 * Time is `ctx.clock` (the window and the poll interval), so tests need not wait in real time.
 */

const POLL_MS = 5_000;
const DEFAULT_WAIT_SECS = 60;

type Wake = "tick" | "event" | "closed";

export const awaitChat = defineTool({
  name: "coder_await_chat",
  title: "Await chat",
  description:
    "Wait until a Coder Agents chat stops working on its turn, or until wait_secs pass. A chat that is waiting, failed (error) or needs an action " +
    "(requires_action) ends the wait at once. Returns { timed_out, chat }: with timed_out true, chat is the last state seen while it was still busy; " +
    "call this tool again to keep waiting. Then read the answer with coder_get_chat_messages.",
  toolset: "chats",
  requires: ["chats"],
  annotations: READ_ONLY,
  input: z.object({
    chat_id: z.string().describe(CHAT_ID_DESCRIPTION),
    wait_secs: z
      .number()
      .int()
      .optional()
      .describe("How long to wait at most, in seconds: 1–120 (default 60)."),
  }),
  output: z.object({
    timed_out: z.boolean().describe("True when the wait ended while the chat was still busy"),
    chat: ChatToolStatus,
  }),
  async handler({ chat_id, wait_secs }, ctx) {
    const chatId = parseChatId(chat_id);
    const secs = wait_secs ?? 0;
    if (secs < 0 || secs > 120) {
      throw ToolInputError.at(
        "$.wait_secs",
        "wait_secs must be between 1 and 120",
        secs < 0 ? "minimum" : "maximum",
      );
    }
    return waitForChat(chatId, (secs === 0 ? DEFAULT_WAIT_SECS : secs) * 1000, ctx);
  },
});

async function waitForChat(chatId: string, waitMs: number, ctx: ToolContext) {
  const { client, clock } = ctx;
  const view = (chat: Chat) => toChatToolStatus(chat, client.url);
  // The window: closes at the deadline or when the caller cancels; every request runs under it.
  const window = new AbortController();
  const stopTimers = new AbortController();
  const cancel = () => window.abort(ctx.signal.reason);
  ctx.signal.addEventListener("abort", cancel, { once: true });
  if (ctx.signal.aborted) cancel();
  let expired = false;
  const started = clock.now().getTime();
  clock.sleep(waitMs, stopTimers.signal).then(
    () => {
      expired = true;
      window.abort(new DOMException("the wait window closed", "TimeoutError"));
    },
    () => {},
  );

  let wake: ((why: Wake) => void) | undefined;
  const notify = (why: Wake) => {
    const waiter = wake;
    wake = undefined;
    waiter?.(why);
  };
  window.signal.addEventListener("abort", () => notify("closed"), { once: true });
  const report = (chat: Chat) =>
    ctx.progress?.({
      progress: Math.min(waitMs, clock.now().getTime() - started) / 1000,
      total: waitMs / 1000,
      message: `chat ${chat.status}`,
    });
  /** The outcome when the window closed: a cancellation fails, a deadline returns the last busy state. */
  const closed = (lastBusy: Chat) => {
    if (ctx.signal.aborted || !expired) throw ctx.signal.reason ?? window.signal.reason;
    return { timed_out: true, chat: view(lastBusy) };
  };

  try {
    let first: Chat;
    try {
      first = await chatStep("get chat", () => client.chats.get(chatId, { signal: window.signal }));
    } catch (error) {
      if (ctx.signal.aborted) throw ctx.signal.reason;
      if (!expired) throw error;
      // Nothing was observed inside the window; answering later would break the wait_secs bound.
      throw new ToolError(`get chat: Coder did not answer within the ${waitMs / 1000} s wait window`, {
        hint: "call coder_await_chat again, perhaps with a larger wait_secs",
      });
    }
    if (!isBusy(first.status)) return { timed_out: false, chat: view(first) };
    let lastBusy = first;
    report(first);

    // Status events come only on the owner's channel, so the poll below is what a caller
    // watching someone else's (shared) chat relies on.
    const events: string[] = [];
    void (async () => {
      try {
        for await (const event of client.chats.watch({
          signal: window.signal,
          // Blocked WebSockets: the poll below already does what polling the list would.
          onFallback: () => {
            throw new Error("no watch");
          },
        })) {
          if (event.chat.id === chatId && !isBusy(event.chat.status)) {
            events.push(event.chat.status);
            notify("event");
          }
        }
      } catch {
        // A watch that cannot connect or drops leaves the poll to observe the chat.
      }
    })();

    for (;;) {
      if (window.signal.aborted) return closed(lastBusy);
      let why: Wake;
      if (events.length > 0) {
        events.length = 0;
        why = "event";
      } else {
        const tickStop = new AbortController();
        const tick = clock.sleep(POLL_MS, AbortSignal.any([window.signal, tickStop.signal])).then(
          () => "tick" as const,
          () => "closed" as const,
        );
        const signalled = new Promise<Wake>((resolve) => {
          wake = resolve;
        });
        why = await Promise.race([tick, signalled]);
        wake = undefined;
        tickStop.abort();
        if (why === "event") events.length = 0;
      }
      if (why === "closed" || window.signal.aborted) return closed(lastBusy);
      let chat: Chat;
      try {
        chat = await client.chats.get(chatId, { signal: window.signal });
      } catch (error) {
        if (window.signal.aborted) return closed(lastBusy);
        throw prefixApiError(
          why === "event" ? "get chat after status change" : "get chat while polling",
          error,
        );
      }
      // A new turn may have started between the event and this look: keep waiting then.
      if (!isBusy(chat.status)) return { timed_out: false, chat: view(chat) };
      lastBusy = chat;
      report(chat);
    }
  } finally {
    ctx.signal.removeEventListener("abort", cancel);
    stopTimers.abort();
    window.abort();
  }
}
