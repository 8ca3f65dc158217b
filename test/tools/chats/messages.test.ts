import { describe, expect, it } from "vitest";
import { createChat, getChatMessages, sendChatMessage } from "../../../src/tools/chats/index.js";
import { useToolHarness } from "../../support/tool-harness.js";
import { call, failed, ok } from "../results.js";
import { chatReply, idle } from "./helpers.js";

// coder_get_chat_messages (Go's order reversal, text filtering and cursor rules, plus our byte
// budget) and coder_send_chat_message (busy_behavior, identities).

describe("get_chat_messages", () => {
  const h = useToolHarness({ agentApi: "chats", chatStepMs: 5, chatReply });
  const ctx = (limits = {}) => h.context({ client: h.member, limits });

  /** A chat with two finished turns: 8 stored messages, 4 of them tool calls and results. */
  async function twoTurns(first = "write a report", second = "thanks") {
    const chat = ok(await call(h, createChat, { prompt: first }, ctx()));
    await idle(h.member, chat.id);
    await h.member.chats.sendMessage(chat.id, second);
    await idle(h.member, chat.id);
    return { id: chat.id, ids: h.fake.inspect.chatMessages(chat.id).map((m) => m.id) };
  }

  it("returns the newest page in time order with only user-facing text, hook notices and files", async () => {
    const { id, ids } = await twoTurns();
    const page = ok(await call(h, getChatMessages, { chat_id: id }, ctx()));
    // Coder sends newest first; the tool reverses. Tool-call and tool-result messages have no text.
    expect(page.messages.map((m) => [m.role, m.text])).toEqual([
      ["user", "write a report"],
      ["assistant", "pre-commit hook ran\nReport ready: write a report"],
      ["user", "thanks"],
      ["assistant", "Done: thanks"],
    ]);
    expect(page.messages.map((m) => m.id)).toEqual([ids[0], ids[3], ids[4], ids[7]]);
    const file = h.fake.inspect.chats().find((c) => c.id === id)?.files?.[0];
    expect(page.messages[1]?.files).toEqual([
      { id: file?.id, name: "report.md", mime_type: "text/markdown" },
    ]);
    expect(page).toMatchObject({ has_more: false });
    expect(page).not.toHaveProperty("next_before_id");
    expect(page).not.toHaveProperty("next_after_id");
    expect(page).not.toHaveProperty("omitted");
  });

  it("takes cursors from the unfiltered page: a page of only tool calls still moves the caller on", async () => {
    const { id, ids } = await twoTurns();
    // The two newest before the last answer are the second turn's tool result and tool call.
    const toolsOnly = ok(await call(h, getChatMessages, { chat_id: id, limit: 2, before_id: ids[7] }, ctx()));
    expect(toolsOnly.messages).toEqual([]);
    expect(toolsOnly).toMatchObject({ has_more: true, next_before_id: ids[5] });
    const older = ok(
      await call(h, getChatMessages, { chat_id: id, limit: 3, before_id: toolsOnly.next_before_id }, ctx()),
    );
    expect(older.messages.map((m) => m.id)).toEqual([ids[3], ids[4]]);
    expect(older.next_before_id).toBe(ids[2]);

    // Forward: oldest first, and next_after_id on every non-empty page, even the last one.
    const forward = ok(await call(h, getChatMessages, { chat_id: id, after_id: ids[0], limit: 3 }, ctx()));
    expect(forward.messages.map((m) => m.id)).toEqual([ids[3]]);
    expect(forward).toMatchObject({ has_more: true, next_after_id: ids[3] });
    const rest = ok(await call(h, getChatMessages, { chat_id: id, after_id: ids[3] }, ctx()));
    expect(rest.messages.map((m) => m.text)).toEqual(["thanks", "Done: thanks"]);
    expect(rest).toMatchObject({ has_more: false, next_after_id: ids[7] });
    expect(rest).not.toHaveProperty("next_before_id");
    const past = ok(await call(h, getChatMessages, { chat_id: id, after_id: ids[7] }, ctx()));
    expect(past.messages).toEqual([]);
    expect(past).not.toHaveProperty("next_after_id");
  });

  it("validates limit, cursors and their combination like Go", async () => {
    const chat = "6f5e1b7c-9a3d-4a51-8f0e-2b9c6d7e8f90";
    const text = async (args: object) =>
      failed(await call(h, getChatMessages, { chat_id: chat, ...args })).text;
    expect(await text({ limit: 201 })).toBe("invalid arguments: $.limit: limit must be between 1 and 200");
    expect(await text({ limit: -1 })).toBe("invalid arguments: $.limit: limit must be between 1 and 200");
    expect(await text({ before_id: -2 })).toBe(
      "invalid arguments: $.before_id: before_id must be a positive message id",
    );
    expect(await text({ after_id: -2 })).toBe(
      "invalid arguments: $.after_id: after_id must be a positive message id",
    );
    expect(await text({ before_id: 5, after_id: 2 })).toBe(
      "invalid arguments: $.after_id: before_id and after_id cannot be used together",
    );
    expect(await text({})).toMatch(/Coder API error 404 .*: get chat messages: Resource not found/);
  });

  it("keeps the newest messages within the byte budget and says how to reach the rest", async () => {
    const { id, ids } = await twoTurns("a".repeat(300), "b".repeat(300));
    const page = ok(await call(h, getChatMessages, { chat_id: id }, ctx({ logBudgetBytes: 800 })));
    expect(page.messages.map((m) => m.id)).toEqual([ids[4], ids[7]]);
    expect(page).toMatchObject({ omitted: 2, has_more: true, next_before_id: ids[4] });
    expect(page.note).toBe(
      `2 older messages of this page were left out to fit the 800-byte budget; pass before_id ${ids[4]} to read them.`,
    );
    const back = ok(await call(h, getChatMessages, { chat_id: id, before_id: page.next_before_id }, ctx()));
    expect(back.messages.map((m) => m.id)).toEqual([ids[0], ids[3]]);

    // Paging forward keeps the oldest instead, so the cursor continues where they stop.
    const forward = ok(
      await call(h, getChatMessages, { chat_id: id, after_id: ids[0] }, ctx({ logBudgetBytes: 800 })),
    );
    expect(forward.messages.map((m) => m.id)).toEqual([ids[3], ids[4]]);
    expect(forward).toMatchObject({ omitted: 1, has_more: true, next_after_id: ids[6] });

    // A single message larger than the budget is cut in the middle, not dropped.
    const tiny = ok(await call(h, getChatMessages, { chat_id: id, limit: 1 }, ctx({ logBudgetBytes: 300 })));
    expect(tiny.messages).toHaveLength(1);
    expect(tiny.messages[0]?.text_omitted_bytes).toBeGreaterThan(0);
    expect(tiny.messages[0]?.text).toContain("omitted");
  });
});

describe("get_chat_messages and the queue", () => {
  // Slow turns (3 × 300 ms), so the prompts sent below are still queued when the page is read.
  const h = useToolHarness({ agentApi: "chats", chatStepMs: 300, chatReply });
  const ctx = () => h.context({ client: h.member });

  it("lists queued prompts on the first page; a file-only prompt shows its attachments", async () => {
    const chat = ok(await call(h, createChat, { prompt: "write a report" }, ctx()));
    const id = chat.id;
    await idle(h.member, id);
    const file = h.fake.inspect.chats().find((c) => c.id === id)?.files?.[0];
    await h.member.chats.sendMessage(id, "keep going");
    await h.member.chats.sendMessage(id, "and this");
    await h.member.chats.sendMessage(id, { content: [{ type: "file", file_id: file?.id }] });
    const page = ok(await call(h, getChatMessages, { chat_id: id }, ctx()));
    expect(page.queued_messages).toEqual(["and this", "(attached files: report.md)"]);
    const paged = ok(await call(h, getChatMessages, { chat_id: id, limit: 1, before_id: 1_000_000 }, ctx()));
    expect(paged).not.toHaveProperty("queued_messages");
  });
});

describe("send_chat_message", () => {
  // Turns of 3 × 100 ms, so a message sent right after a create finds the chat busy.
  const h = useToolHarness({ agentApi: "chats", chatStepMs: 100, chatReply });
  const ctx = () => h.context({ client: h.member });

  it("queues by default while the chat is busy, and runs at once when it is idle", async () => {
    const chat = ok(await call(h, createChat, { prompt: "first" }, ctx()));
    const queued = ok(await call(h, sendChatMessage, { chat_id: chat.id, text: "second" }, ctx()));
    expect(queued).toEqual({ queued: true });
    await idle(h.member, chat.id);
    expect(h.fake.inspect.chatMessages(chat.id).at(-1)?.content?.[0]?.text).toBe("Done: second");
    expect(ok(await call(h, sendChatMessage, { chat_id: chat.id, text: "third" }, ctx()))).toEqual({
      queued: false,
    });
    await idle(h.member, chat.id);
  });

  it('busy_behavior "interrupt" stops the current turn and runs the message next', async () => {
    const chat = ok(await call(h, createChat, { prompt: "long first" }, ctx()));
    const result = ok(
      await call(h, sendChatMessage, { chat_id: chat.id, text: "urgent", busy_behavior: "interrupt" }, ctx()),
    );
    expect(result.queued).toBe(true);
    const done = await idle(h.member, chat.id);
    expect(done.last_turn_summary).toBe("Done: urgent");
    const texts = h.fake.inspect.chatMessages(chat.id).map((m) => m.content?.[0]?.text);
    expect(texts).not.toContain("Done: long first");
  });

  it("validates text, busy_behavior and identities; request_id makes a retry converge", async () => {
    const chat = h.fake.seed.chat({ owner: "alice" });
    expect(failed(await call(h, sendChatMessage, { chat_id: chat.id, text: "" }, ctx())).text).toBe(
      "invalid arguments: $.text: text is required",
    );
    const bad = failed(
      await call(h, sendChatMessage, { chat_id: chat.id, text: "x", busy_behavior: "later" }, ctx()),
    );
    expect(bad.error.kind).toBe("input");
    expect(bad.text).toContain("$.busy_behavior");
    expect(bad.text).toContain('"queue"');
    const ids = failed(
      await call(
        h,
        sendChatMessage,
        {
          chat_id: chat.id,
          text: "x",
          request_id: "0",
          model_config_id: "00000000-0000-0000-0000-000000000000",
        },
        ctx(),
      ),
    );
    expect(ids.text).toBe(
      "invalid arguments: $.model_config_id: model_config_id must be a nonzero UUID; $.request_id: request_id must be a nonzero UUID",
    );
    const args = { chat_id: chat.id, text: "once", request_id: "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d" };
    const first = ok(await call(h, sendChatMessage, args, ctx()));
    expect(first.submission).toMatchObject({ request_id: args.request_id, state: "accepted" });
    const again = ok(await call(h, sendChatMessage, args, ctx()));
    expect(again.submission?.id).toBe(first.submission?.id);
    await idle(h.member, chat.id);
    expect(h.fake.inspect.chatMessages(chat.id).filter((m) => m.content?.[0]?.text === "once")).toHaveLength(
      1,
    );
    const body = h.fake.requests.filter((r) => r.method === "POST" && r.path.endsWith("/messages"));
    expect(body.map((r) => r.status)).toEqual([200, 200]);
  });
});
