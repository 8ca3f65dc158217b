import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { WebSocket as WsClient } from "ws";
import {
  type Chat,
  type ChatStreamEvent,
  type ChatStreamFallback,
  type ChatWatchEvent,
  CoderApiError,
  CoderClient,
} from "../../src/client/index.js";
import { createFakeCoder } from "../../src/testing/index.js";
import { useFakeCoder } from "../support/fake-coder.js";
import { rejection, until, useListeningFake } from "./reliability-harness.js";

// How chats travel: over real sockets (loopback server), the /api/experimental fallback for
// v2.36-era deployments, a deployment without chats, and the polling fallback when WebSockets
// are blocked while the REST API answers.

async function idle(coder: CoderClient, chatId: string): Promise<Chat> {
  for (;;) {
    const chat = await coder.chats.get(chatId);
    if (chat.status !== "running" && chat.status !== "interrupting") return chat;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const reportReply = (prompt: string) => ({
  text: `Done: ${prompt}`,
  files: [{ name: "notes.txt", data: "bytes over the wire" }],
});

describe("chats over a loopback server", () => {
  // Turns of 3 × 50 ms, so a call made right after create finds the chat still running.
  const ctx = useListeningFake({ agentApi: "chats", chatStepMs: 50, chatReply: reportReply });

  it("streams a turn over a real WebSocket and closes it with 1000 on break", async () => {
    // The ws package dials its own connection (Node's WebSocket may reuse a pooled one), so the
    // proxy sees the close frame on a connection of its own.
    const coder = ctx.client({
      retry: false,
      token: ctx.fake.member.token,
      webSocket: WsClient as unknown as typeof WebSocket,
    });
    const chat = await coder.chats.create({ organization_id: ctx.fake.organization.id, content: [] });
    const events: ChatStreamEvent[] = [];
    const stream = coder.chats.stream(chat.id);
    expect((await stream.next()).value).toMatchObject({ type: "status", status: { status: "waiting" } });
    await coder.chats.sendMessage(chat.id, "over tcp");
    for await (const event of stream) {
      events.push(event);
      if (event.type === "status" && event.status?.status === "waiting") break;
    }
    expect(events.filter((e) => e.type === "message").map((e) => e.message?.role)).toEqual([
      "user",
      "assistant",
      "tool",
      "assistant",
    ]);
    const upgrade = ctx.proxy.connections.find((c) => c.upgrade && c.firstLine.includes("/stream"));
    await upgrade?.closed;
    expect(upgrade?.clientCloseCode).toBe(1000);
    expect(upgrade?.head).toMatch(/^coder-session-token: /im);
  });

  it("watches with the ws package and downloads an attached file from its signed URL", async () => {
    const coder = ctx.client({
      retry: false,
      token: ctx.fake.member.token,
      webSocket: WsClient as unknown as typeof WebSocket,
    });
    const seen: ChatWatchEvent[] = [];
    const watching = (async () => {
      for await (const event of coder.chats.watch()) {
        seen.push(event);
        if (event.kind === "status_change" && event.chat.status === "waiting") break;
      }
    })();
    await until(() => ctx.fake.requests.some((r) => r.path === "/api/v2/chats/watch" && r.status === 101));
    const chat = await coder.chats.create({
      organization_id: ctx.fake.organization.id,
      content: [{ type: "text", text: "attach notes" }],
    });
    await watching;
    expect(seen.map((e) => e.kind)).toEqual(["created", "status_change", "summary_change", "status_change"]);
    expect(seen.every((e) => e.chat.id === chat.id)).toBe(true);

    const done = await idle(coder, chat.id);
    const link = await coder.chats.fileDownloadUrl(done.files![0]!.id);
    expect(link.url.startsWith(`${ctx.server.url}/api/v2/chats/files/`)).toBe(true);
    const response = await fetch(link.url);
    expect(await response.text()).toBe("bytes over the wire");
    expect(link.sha256).toBe(createHash("sha256").update("bytes over the wire").digest("hex"));
  });

  it("serves the other chat routes over real HTTP too: list, iterate, messages, interrupt, archive, models", async () => {
    const coder = ctx.client({ retry: false, token: ctx.fake.member.token });
    const chat = await coder.chats.create({
      organization_id: ctx.fake.organization.id,
      content: [{ type: "text", text: "over http" }],
      labels: { via: "tcp" },
    });
    expect((await coder.chats.interrupt(chat.id)).status).toBe("interrupting");
    const settled = await idle(coder, chat.id);
    expect(settled.status).toBe("waiting");
    expect((await coder.chats.list({ labels: { via: "tcp" } })).map((c) => c.id)).toEqual([chat.id]);
    const page = await coder.chats.messages(chat.id, { limit: 1 });
    expect(page.messages?.[0]?.chat_id).toBe(chat.id);
    expect((await coder.chats.models(ctx.fake.organization.id)).models?.length).toBeGreaterThan(0);
    await coder.chats.archive(chat.id);
    expect(await coder.chats.list()).toEqual([]);
    const archived = [];
    for await (const c of coder.chats.iterate({ q: "archived:true", pageSize: 1 })) archived.push(c.id);
    expect(archived).toEqual([chat.id]);
  });

  it("an expired download URL is refused with 401", async () => {
    // A fresh deployment whose URLs expire at once.

    const fake = createFakeCoder({
      agentApi: "chats",
      chatStepMs: 1,
      chatFileUrlTtlMs: 1,
      chatReply: reportReply,
    });
    try {
      const server = await fake.listen();
      const coder = new CoderClient({ url: server.url, token: fake.member.token, retry: false });
      const chat = await coder.chats.create({
        organization_id: fake.organization.id,
        content: [{ type: "text", text: "x" }],
      });
      const done = await idle(coder, chat.id);
      const link = await coder.chats.fileDownloadUrl(done.files![0]!.id);
      await until(() => Date.parse(link.expires_at) < Date.now());
      const response = await fetch(link.url);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ message: "Invalid or expired download token." });
    } finally {
      await fake.close();
    }
  });
});

describe("chats on a v2.36 deployment (/api/experimental only)", () => {
  const ctx = useFakeCoder({ agentApi: "experimental-chats", chatStepMs: 5 });

  it("falls back to /api/experimental once and remembers it", async () => {
    const coder = ctx.member;
    const chat = await coder.chats.create({
      organization_id: ctx.fake.organization.id,
      content: [{ type: "text", text: "old server" }],
    });
    const done = await idle(coder, chat.id);
    expect(done.last_turn_summary).toBe("Done: old server");
    await coder.chats.list();
    const calls = ctx.fake.requests.map((r) => `${r.method} ${r.path} ${r.status}`);
    expect(calls.slice(0, 3)).toEqual([
      "GET /api/v2/chats 404",
      "GET /api/experimental/chats 200",
      "POST /api/experimental/chats 201",
    ]);
    expect(calls.filter((c) => c.startsWith("GET /api/v2/chats"))).toHaveLength(1);
    expect(await coder.chats.apiPrefix()).toBe("/api/experimental");
    // The org-scoped model configs stay on /api/v2.
    expect((await coder.chats.models(ctx.fake.organization.id)).models?.length).toBeGreaterThan(0);
  });

  it("watches and streams under /api/experimental too", async () => {
    const coder = ctx.member;
    const chat = await coder.chats.create({ organization_id: ctx.fake.organization.id, content: [] });
    const stream = coder.chats.stream(chat.id);
    expect((await stream.next()).value).toMatchObject({ type: "status" });
    await stream.return(undefined);
    expect(
      ctx.fake.requests.some(
        (r) => r.path === `/api/experimental/chats/${chat.id}/stream` && r.status === 101,
      ),
    ).toBe(true);
  });
});

describe("chats on a deployment without them (Tasks API only)", () => {
  const ctx = useFakeCoder({ agentApi: "tasks" });

  it("says so once, without asking again for every call", async () => {
    const error = (await rejection(ctx.member.chats.list())) as CoderApiError;
    expect(error).toBeInstanceOf(CoderApiError);
    expect(error.status).toBe(404);
    expect(error.helper).toContain("serves no Coder Agents chats API");
    expect(await ctx.member.chats.apiPrefix()).toBeNull();
    const before = ctx.fake.requests.length;
    await rejection(ctx.member.chats.get("6f5e1b7c-9a3d-4a51-8f0e-2b9c6d7e8f90"));
    expect(ctx.fake.requests.length).toBe(before);
    expect(ctx.fake.requests.map((r) => `${r.path} ${r.status}`)).toEqual([
      "/api/v2/chats 404",
      "/api/experimental/chats 404",
    ]);
  });
});

describe("polling fallback when WebSockets are blocked", () => {
  describe("loopback, a proxy refusing upgrades", () => {
    const ctx = useListeningFake({ agentApi: "chats", chatStepMs: 20 });
    const client = () => ctx.client({ retry: false, token: ctx.fake.member.token });

    it("watch() reports created chats and their changes from GET /chats", async () => {
      ctx.fake.faults.add({ path: "/api/v2/chats/watch", websocket: { refuseStatus: 502 }, html: true });
      const coder = client();
      const fallbacks: ChatStreamFallback[] = [];
      const seen: ChatWatchEvent[] = [];
      const controller = new AbortController();
      const watching = (async () => {
        for await (const event of coder.chats.watch({
          signal: controller.signal,
          pollIntervalMs: 10,
          onFallback: (e) => fallbacks.push(e),
        })) {
          seen.push(event);
          if (event.kind === "summary_change") controller.abort(new Error("seen enough"));
        }
      })();
      await until(() => fallbacks.length === 1);
      await until(() => ctx.fake.requests.filter((r) => r.path === "/api/v2/chats").length >= 3);
      const chat = await coder.chats.create({
        organization_id: ctx.fake.organization.id,
        content: [{ type: "text", text: "poll me" }],
      });
      expect(((await rejection(watching)) as Error).message).toBe("seen enough");
      expect(fallbacks).toEqual([
        {
          transport: "polling",
          reason: expect.stringContaining(
            "the chat API answers plain HTTP, so a proxy may not pass WebSockets",
          ),
          intervalMs: 10,
        },
      ]);
      expect(seen[0]).toMatchObject({ kind: "created", chat: { id: chat.id } });
      expect(seen.at(-1)).toMatchObject({
        kind: "summary_change",
        chat: { last_turn_summary: "Done: poll me" },
      });
    });

    it("stream() yields stored messages and status changes from GET /chats/{chat}[/messages]", async () => {
      const coder = client();
      const chat = await coder.chats.create({
        organization_id: ctx.fake.organization.id,
        content: [{ type: "text", text: "first" }],
      });
      await idle(coder, chat.id);
      ctx.fake.faults.add({ path: `/api/v2/chats/${chat.id}/stream`, websocket: { refuseStatus: 502 } });
      const events: ChatStreamEvent[] = [];
      const stream = coder.chats.stream(chat.id, { pollIntervalMs: 10 });
      // The first look: the whole history, oldest first, and the status.
      for (let i = 0; i < 5; i++) events.push((await stream.next()).value as ChatStreamEvent);
      expect(events.map((e) => e.type)).toEqual(["message", "message", "message", "message", "status"]);
      expect(events.slice(0, 4).map((e) => e.message?.role)).toEqual([
        "user",
        "assistant",
        "tool",
        "assistant",
      ]);
      await coder.chats.sendMessage(chat.id, "second");
      const later: ChatStreamEvent[] = [];
      for await (const event of stream) {
        later.push(event);
        if (event.type === "message" && event.message?.content?.[0]?.text === "Done: second") break;
      }
      expect(later.find((e) => e.type === "message")?.message?.content?.[0]?.text).toBe("second");
      const ids = [...events, ...later].filter((e) => e.type === "message").map((e) => e.message!.id);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(new Set(ids).size).toBe(ids.length);
    });

    it("throwing from onFallback insists on WebSockets; the ws package reports the refused status", async () => {
      ctx.fake.faults.add({ path: "/api/v2/chats/watch", websocket: { refuseStatus: 502 } });
      const coder = ctx.client({
        retry: false,
        token: ctx.fake.member.token,
        webSocket: WsClient as unknown as typeof WebSocket,
      });
      let told: ChatStreamFallback | undefined;
      const error = await rejection(
        (async () => {
          for await (const _ of coder.chats.watch({
            onFallback: (fallback) => {
              told = fallback;
              throw new Error("WebSockets required");
            },
          }))
            break;
        })(),
      );
      expect((error as Error).message).toBe("WebSockets required");
      expect(told).toMatchObject({ transport: "polling", status: 502 });
      expect(told?.reason).toContain("WebSocket upgrade failed with HTTP 502");
    });

    it("a refusal Coder also gives over plain HTTP (401) is thrown, not polled around", async () => {
      const coder = client();
      await coder.chats.apiPrefix();
      ctx.fake.faults.add({
        path: "/api/v2/chats*",
        status: 401,
        body: { message: "You are signed out or your session has expired." },
      });
      const error = (await rejection(
        (async () => {
          for await (const _ of coder.chats.watch()) break;
        })(),
      )) as CoderApiError;
      expect(error).toBeInstanceOf(CoderApiError);
      expect(error.status).toBe(401);
    });
  });

  describe("msw, which closes refused sockets at once", () => {
    const ctx = useFakeCoder({ agentApi: "chats", chatStepMs: 5 });

    it("falls back to polling as well", async () => {
      const coder = ctx.member;
      const chat = await coder.chats.create({ organization_id: ctx.fake.organization.id, content: [] });
      ctx.fake.faults.add({ path: `/api/v2/chats/${chat.id}/stream`, websocket: { refuseStatus: 503 } });
      let fellBack = false;
      const stream = coder.chats.stream(chat.id, { pollIntervalMs: 5, onFallback: () => (fellBack = true) });
      expect((await stream.next()).value).toMatchObject({ type: "status", status: { status: "waiting" } });
      await stream.return(undefined);
      expect(fellBack).toBe(true);
    });
  });
});
