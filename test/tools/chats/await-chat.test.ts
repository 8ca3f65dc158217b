import { describe, expect, it } from "vitest";
import { awaitChat, createChat, interruptChat } from "../../../src/tools/chats/index.js";
import type { ToolProgress } from "../../../src/tools/index.js";
import { useToolHarness } from "../../support/tool-harness.js";
import { call, failed, ok } from "../results.js";
import { virtualClock } from "../workspaces/helpers.js";
import { chatReply, idle, stoppedClock } from "./helpers.js";

// coder_await_chat as Go's AwaitChat: busy means running or interrupting; a non-busy chat returns
// at once; the wait polls every 5 s and listens to the watch, re-checking a watch event with a
// GET; the window bounds it (timed_out with the last busy state); cancelling fails the call.

describe("await_chat", () => {
  const h = useToolHarness({ agentApi: "chats", chatStepMs: 10, chatReply });
  const ctx = (overrides: Parameters<typeof h.context>[0] = {}) =>
    h.context({ client: h.member, ...overrides });

  it("validates chat_id and wait_secs (1–120, 0 or left out means 60)", async () => {
    expect(failed(await call(h, awaitChat, {})).text).toContain("$.chat_id:");
    for (const wait_secs of [-1, 121]) {
      const result = failed(
        await call(h, awaitChat, { chat_id: "6f5e1b7c-9a3d-4a51-8f0e-2b9c6d7e8f90", wait_secs }),
      );
      expect(result.text).toBe("invalid arguments: $.wait_secs: wait_secs must be between 1 and 120");
    }
  });

  it("returns at once, without waiting, for a chat that is not busy (waiting or error)", async () => {
    const waiting = h.fake.seed.chat({ owner: "alice" });
    const clock = virtualClock();
    const result = ok(await call(h, awaitChat, { chat_id: waiting.id }, ctx({ clock })));
    expect(result).toMatchObject({ timed_out: false, chat: { id: waiting.id, status: "waiting" } });
    expect(clock.slept).toEqual([60_000]);

    const broken = h.fake.seed.chat({ owner: "alice", prompt: "boom" });
    await idle(h.member, broken.id);
    const failedChat = ok(
      await call(h, awaitChat, { chat_id: broken.id, wait_secs: 5 }, ctx({ clock: virtualClock() })),
    );
    expect(failedChat).toMatchObject({
      timed_out: false,
      chat: {
        status: "error",
        last_error: { message: "provider overloaded", kind: "generic", retryable: false },
      },
    });
  });

  it("waits (polling every 5 s of its clock) until the turn ends, reporting progress", async () => {
    const chat = ok(await call(h, createChat, { prompt: "work a while" }, ctx()));
    const progress: ToolProgress[] = [];
    const clock = virtualClock();
    const result = ok(
      await call(
        h,
        awaitChat,
        { chat_id: chat.id, wait_secs: 120 },
        ctx({ clock, progress: (p) => progress.push(p) }),
      ),
    );
    expect(result).toMatchObject({
      timed_out: false,
      chat: { status: "waiting", last_turn_summary: "Done: work a while" },
    });
    expect(progress[0]).toMatchObject({ total: 120, message: "chat running" });
    // The window and the polls use the tool's clock: one 120 s window, 5 s polls.
    expect(clock.slept[0]).toBe(120_000);
    expect(new Set(clock.slept.slice(1))).toEqual(new Set([5_000]));
  });

  it("treats interrupting as busy and waits for the interrupt to finish", async () => {
    const chat = ok(await call(h, createChat, { prompt: "to be stopped" }, ctx()));
    expect(ok(await call(h, interruptChat, { chat_id: chat.id }, ctx())).status).toBe("interrupting");
    const result = ok(await call(h, awaitChat, { chat_id: chat.id }, ctx({ clock: virtualClock() })));
    expect(result).toMatchObject({ timed_out: false, chat: { status: "waiting" } });
  });

  it("fails when the caller cancels", async () => {
    const chat = ok(await call(h, createChat, { prompt: "cancel me" }, ctx()));
    const controller = new AbortController();
    const pending = call(
      h,
      awaitChat,
      { chat_id: chat.id },
      ctx({ clock: stoppedClock(), signal: controller.signal }),
    );
    setTimeout(() => controller.abort(new Error("user gave up")), 5);
    const result = failed(await pending);
    expect(result.error.kind).toBe("cancelled");
    expect(result.text).toBe("tool call cancelled: user gave up");
  });
});

describe("await_chat on a chat that stays busy", () => {
  // Each step of a turn takes an hour: the chat is running for the whole test.
  const h = useToolHarness({ agentApi: "chats", chatStepMs: 3_600_000 });
  const ctx = (overrides: Parameters<typeof h.context>[0] = {}) =>
    h.context({ client: h.member, ...overrides });

  it("times out with the last busy state when the window closes, and a dropped watch only leaves the poll", async () => {
    // The watch is refused (a proxy without WebSockets); the poll still observes the chat.
    h.fake.faults.add({ path: "/api/v2/chats/watch", websocket: { refuseStatus: 502 } });
    const chat = ok(await call(h, createChat, { prompt: "never ends" }, ctx()));
    const clock = virtualClock();
    const result = ok(await call(h, awaitChat, { chat_id: chat.id, wait_secs: 12 }, ctx({ clock })));
    expect(result).toMatchObject({ timed_out: true, chat: { id: chat.id, status: "running" } });
    expect(clock.slept[0]).toBe(12_000);
  });
});

describe("await_chat and the watch", () => {
  // Turns long enough (3 steps of 150 ms) for the watch to be connected before the first one ends.
  const h = useToolHarness({ agentApi: "chats", chatStepMs: 150 });
  const ctx = (overrides: Parameters<typeof h.context>[0] = {}) =>
    h.context({ client: h.member, ...overrides });

  it("re-checks a watch event with a GET and keeps waiting when the next queued turn already started", async () => {
    // A clock that never ticks: nothing but the watch can wake the wait.
    const clock = stoppedClock();
    const chat = ok(await call(h, createChat, { prompt: "first" }, ctx()));
    const queued = await h.member.chats.sendMessage(chat.id, "second");
    expect(queued.queued).toBe(true);
    const result = ok(await call(h, awaitChat, { chat_id: chat.id }, ctx({ clock })));
    // The first turn's "waiting" event was followed at once by the queued turn: the re-check saw
    // it running, so the wait went on until the second turn ended.
    expect(result).toMatchObject({
      timed_out: false,
      chat: { status: "waiting", last_turn_summary: "Done: second" },
    });
    const gets = h.fake.requests.filter((r) => r.method === "GET" && r.path === `/api/v2/chats/${chat.id}`);
    // The first GET, the re-check that found the next turn running, the one that found it done.
    expect(gets.length).toBe(3);
    expect(h.fake.requests.some((r) => r.path === "/api/v2/chats/watch" && r.status === 101)).toBe(true);
    expect(clock.sleeps.filter((ms) => ms === 5_000).length).toBeGreaterThan(0);
  });
});
