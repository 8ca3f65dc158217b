import { describe, expect, it } from "vitest";
import { type Chat, type ChatStreamEvent, CoderApiError, type CoderClient } from "../../src/client/index.js";
import { collect, useFakeCoder } from "../support/fake-coder.js";
import { rejection, until } from "./reliability-harness.js";

// Every chat route through the client, against the fake served by msw: create and the simulated
// agent's turn, list filters, message paging, queueing and interrupting, archive, model configs
// and signed file downloads.

/** Polls until the simulated agent has finished its turn (a safety net waits for it, not a clock). */
async function idle(coder: CoderClient, chatId: string): Promise<Chat> {
  for (;;) {
    const chat = await coder.chats.get(chatId);
    if (chat.status !== "running" && chat.status !== "interrupting") return chat;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("chats", () => {
  // Turns of 3 × 50 ms: long enough that a call made right after another finds the chat busy.
  const ctx = useFakeCoder({
    agentApi: "chats",
    chatStepMs: 50,
    chatReply: (prompt) =>
      prompt.includes("report")
        ? {
            text: `Report ready for: ${prompt}`,
            files: [{ name: "report.md", mimeType: "text/markdown", data: "# Report\nok\n" }],
          }
        : `Done: ${prompt}`,
  });

  it("create → running → the agent answers → waiting, with the transcript newest first", async () => {
    const coder = ctx.member;
    const created = await coder.chats.create({
      organization_id: ctx.fake.organization.id,
      content: [{ type: "text", text: "Fix the flaky test\nin ci" }],
      labels: { team: "infra" },
    });
    expect(created.status).toBe("running");
    expect(created.title).toBe("Fix the flaky test");
    expect(created.labels).toEqual({ team: "infra" });
    expect(created.owner_id).toBe(ctx.fake.member.id);
    expect(created.last_model_config_id).not.toBe("00000000-0000-0000-0000-000000000000");
    expect(created.children).toEqual([]);
    expect(ctx.fake.requests.find((r) => r.method === "POST" && r.path === "/api/v2/chats")?.status).toBe(
      201,
    );

    const done = await idle(coder, created.id);
    expect(done.status).toBe("waiting");
    expect(done.last_turn_summary).toBe("Done: Fix the flaky test");
    const page = await coder.chats.messages(created.id);
    expect(page.has_more).toBe(false);
    expect(page.queued_messages).toEqual([]);
    const roles = (page.messages ?? []).map((m) => m.role);
    // Newest first: the answer, the tool result, the tool call, the prompt.
    expect(roles).toEqual(["assistant", "tool", "assistant", "user"]);
    const ids = (page.messages ?? []).map((m) => m.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(page.messages?.[0]?.content?.[0]).toEqual({
      type: "text",
      text: "Done: Fix the flaky test\nin ci",
    });
  });

  it("pages messages with before_id (newest first) and after_id (oldest first), and validates limit", async () => {
    const coder = ctx.owner;
    const chat = ctx.fake.seed.chat({ owner: "admin", prompt: "one" });
    await idle(coder, chat.id);
    await coder.chats.sendMessage(chat.id, "two");
    await idle(coder, chat.id);
    const all = ctx.fake.inspect.chatMessages(chat.id).map((m) => m.id);
    expect(all).toHaveLength(8);

    const first = await coder.chats.messages(chat.id, { limit: 3 });
    expect(first.messages?.map((m) => m.id)).toEqual(all.slice(-3).reverse());
    expect(first.has_more).toBe(true);
    const older = await coder.chats.messages(chat.id, {
      limit: 3,
      before_id: Math.min(...first.messages!.map((m) => m.id)),
    });
    expect(older.messages?.map((m) => m.id)).toEqual(all.slice(2, 5).reverse());

    const forward = await coder.chats.messages(chat.id, { after_id: all[1], limit: 4 });
    expect(forward.messages?.map((m) => m.id)).toEqual(all.slice(2, 6));
    expect(forward.has_more).toBe(true);
    // Queued messages only come with the cursor-less page.
    expect(forward.queued_messages).toEqual([]);

    const walked = await collect(coder.chats.iterateMessages(chat.id, { pageSize: 3 }));
    expect(walked.map((m) => m.id)).toEqual([...all].reverse());

    const bad = await rejection(coder.chats.messages(chat.id, { limit: 500 }));
    expect(bad).toBeInstanceOf(CoderApiError);
    expect((bad as CoderApiError).status).toBe(400);
    expect((bad as CoderApiError).message).toBe("Invalid limit parameter (1-200).");
    const negative = (await rejection(coder.chats.messages(chat.id, { before_id: -1 }))) as CoderApiError;
    expect(negative.message).toBe("Query parameters have invalid values.");
    expect(negative.validations[0]?.field).toBe("before_id");
  });

  it("lists with fielded queries and labels, hides archived chats, and iterates every page", async () => {
    const coder = ctx.member;
    const org = ctx.fake.organization.id;
    const a = await coder.chats.create({ organization_id: org, content: [], labels: { team: "infra" } });
    const b = await coder.chats.create({
      organization_id: org,
      content: [{ type: "text", text: "Deploy the docs" }],
    });
    ctx.fake.seed.chat({ owner: "admin", prompt: "not alice's" });
    expect(a.status).toBe("waiting");
    expect(a.title).toBe("New Chat");

    expect((await coder.chats.list()).map((c) => c.id).sort()).toEqual([a.id, b.id].sort());
    expect((await coder.chats.list({ labels: { team: "infra" } })).map((c) => c.id)).toEqual([a.id]);
    expect((await coder.chats.list({ q: "title:docs" })).map((c) => c.id)).toEqual([b.id]);
    const labelCall = ctx.fake.requests.find((r) => r.search.includes("label="));
    expect(labelCall?.search).toBe("?label=team%3Ainfra");

    await coder.chats.archive(a.id);
    expect(ctx.fake.requests.find((r) => r.method === "PATCH")?.status).toBe(204);
    expect((await coder.chats.list()).map((c) => c.id)).toEqual([b.id]);
    const archived = await coder.chats.list({ q: "archived:true" });
    expect(archived.map((c) => [c.id, c.archived])).toEqual([[a.id, true]]);

    const bare = (await rejection(coder.chats.list({ q: "docs" }))) as CoderApiError;
    expect(bare.status).toBe(400);
    expect(bare.message).toBe("Invalid chat search query.");
    expect(bare.validations).toEqual([{ field: "q", detail: 'unsupported search term: "docs"' }]);

    for (let i = 0; i < 4; i++) await coder.chats.create({ organization_id: org, content: [] });
    const every = await collect(coder.chats.iterate({ pageSize: 2 }));
    expect(every).toHaveLength(5);
    expect(new Set(every.map((c) => c.id)).size).toBe(5);
  });

  it("queues a message sent while busy, runs it after the turn, and interrupts on request", async () => {
    const coder = ctx.member;
    const chat = await coder.chats.create({
      organization_id: ctx.fake.organization.id,
      content: [{ type: "text", text: "first" }],
    });
    const queued = await coder.chats.sendMessage(chat.id, "second");
    expect(queued.queued).toBe(true);
    expect(queued.queued_message?.content).toEqual([{ type: "text", text: "second" }]);
    const page = await coder.chats.messages(chat.id);
    expect(page.queued_messages?.map((q) => q.id)).toEqual([queued.queued_message?.id]);

    await until(() => ctx.fake.inspect.chatMessages(chat.id).filter((m) => m.role === "user").length === 2);
    const done = await idle(coder, chat.id);
    expect(done.last_turn_summary).toBe("Done: second");
    const users = ctx.fake.inspect.chatMessages(chat.id).filter((m) => m.role === "user");
    expect(users[1]?.queued_message_id).toBe(queued.queued_message?.id);

    // Busy again, then interrupt: the chat goes to interrupting, then back to waiting.
    const sent = await coder.chats.sendMessage(chat.id, "third");
    expect(sent.queued).toBe(false);
    expect(sent.message?.role).toBe("user");
    const interrupted = await coder.chats.interrupt(chat.id);
    expect(interrupted.status).toBe("interrupting");
    const after = await idle(coder, chat.id);
    expect(after.status).toBe("waiting");
    expect(after.last_turn_summary).toBe("Done: second");

    // busy_behavior "interrupt" stops the running turn and runs the new message next.
    await coder.chats.sendMessage(chat.id, "fourth");
    const jump = await coder.chats.sendMessage(chat.id, {
      content: [{ type: "text", text: "fifth" }],
      busy_behavior: "interrupt",
    });
    expect(jump.queued).toBe(true);
    await until(() =>
      ctx.fake.inspect.chatMessages(chat.id).some((m) => m.content?.[0]?.text === "Done: fifth"),
    );
    expect(ctx.fake.inspect.chatMessages(chat.id).some((m) => m.content?.[0]?.text === "Done: fourth")).toBe(
      false,
    );

    const bad = (await rejection(
      coder.chats.sendMessage(chat.id, {
        content: [{ type: "text", text: "x" }],
        busy_behavior: "later" as "queue",
      }),
    )) as CoderApiError;
    expect(bad.status).toBe(400);
    expect(bad.detail).toContain('"queue" or "interrupt"');
  });

  it("answers Coder's status codes: unknown chat 404, bad UUID 400, foreign org 403, another owner 403", async () => {
    const coder = ctx.member;
    const missing = (await rejection(
      coder.chats.get("6f5e1b7c-9a3d-4a51-8f0e-2b9c6d7e8f90"),
    )) as CoderApiError;
    expect(missing.status).toBe(404);
    expect(missing.message).toBe("Resource not found or you do not have access to this resource");
    const malformed = (await rejection(coder.chats.get("not-a-uuid"))) as CoderApiError;
    expect(malformed.status).toBe(400);
    expect(malformed.message).toBe('Invalid UUID "not-a-uuid".');

    const admins = ctx.fake.seed.chat({ owner: "admin", prompt: "private" });
    expect(((await rejection(coder.chats.get(admins.id))) as CoderApiError).status).toBe(404);
    expect((await ctx.owner.chats.get(admins.id)).id).toBe(admins.id);

    const other = ctx.fake.seed.organization({ name: "other" });
    const foreign = (await rejection(
      coder.chats.create({ organization_id: other.id, content: [] }),
    )) as CoderApiError;
    expect(foreign.status).toBe(403);
    expect(foreign.message).toBe("You are not a member of the specified organization.");
    const noOrg = (await rejection(
      coder.chats.create({ organization_id: "00000000-0000-0000-0000-000000000000", content: [] }),
    )) as CoderApiError;
    expect(noOrg.message).toBe("organization_id is required.");
    const forOwner = (await rejection(
      coder.chats.create({
        organization_id: ctx.fake.organization.id,
        owner_id: ctx.fake.owner.id,
        content: [],
      }),
    )) as CoderApiError;
    expect(forOwner.status).toBe(403);
    // A site owner may start a chat for another member.
    const delegated = await ctx.owner.chats.create({
      organization_id: ctx.fake.organization.id,
      owner_id: ctx.fake.member.id,
      content: [],
    });
    expect(delegated.owner_id).toBe(ctx.fake.member.id);
  });

  it("keeps request_id submissions idempotent and checks exact reasoning efforts", async () => {
    const coder = ctx.member;
    const org = ctx.fake.organization.id;
    const models = await coder.chats.models(org);
    const sonnet = (models.models ?? []).find((m) => m.model === "claude-sonnet-4-5")!;
    const request = {
      organization_id: org,
      content: [{ type: "text", text: "idempotent" }],
      request_id: "3d0c1c55-8f1e-4c8b-9d55-7c6f4b1e2a10",
      model_config_id: sonnet.id,
      reasoning_effort: "high",
      exact_settings: true,
    };
    const first = await coder.chats.create(request);
    expect(first.submission?.state).toBe("accepted");
    expect(first.exact_settings).toMatchObject({
      model: "claude-sonnet-4-5",
      reasoning_effort: "high",
      provider: "anthropic",
    });
    const again = await coder.chats.create(request);
    expect(again.id).toBe(first.id);
    expect(ctx.fake.inspect.chats().filter((c) => c.title === "idempotent")).toHaveLength(1);
    const changed = (await rejection(
      coder.chats.create({ ...request, content: [{ type: "text", text: "other" }] }),
    )) as CoderApiError;
    expect(changed.status).toBe(409);

    const unsupported = (await rejection(
      coder.chats.create({
        ...request,
        request_id: "8a1f5e3c-2b4d-4c6e-9f70-1a2b3c4d5e6f",
        reasoning_effort: "max",
      }),
    )) as CoderApiError;
    expect(unsupported.status).toBe(400);
    expect(unsupported.detail).toContain("supported: low, medium, high");
    const noRequest = (await rejection(
      coder.chats.create({ organization_id: org, content: [], reasoning_effort: "low" }),
    )) as CoderApiError;
    expect(noRequest.message).toBe("reasoning_effort requires request_id.");
  });

  it("lists the organization's model configs and providers", async () => {
    const response = await ctx.member.chats.models(ctx.fake.organization.id);
    expect(response.models?.map((m) => [m.model, m.enabled, m.is_default])).toEqual([
      ["claude-sonnet-4-5", true, true],
      ["claude-haiku-4-5", true, false],
      ["claude-3-opus", false, false],
      ["gpt-5", true, false],
    ]);
    expect(response.providers?.map((p) => [p.type, p.enabled])).toEqual([
      ["anthropic", true],
      ["openai", false],
    ]);
    expect(response.models?.[0]?.exact_reasoning_efforts).toEqual(["low", "medium", "high"]);
    expect(response.models?.[0]?.model_config?.reasoning_effort?.default).toBe("medium");
    const other = ctx.fake.seed.organization({ name: "hidden" });
    expect(((await rejection(ctx.member.chats.models(other.id))) as CoderApiError).status).toBe(404);
  });

  it("hands out signed, expiring download URLs for files the agent attached", async () => {
    const coder = ctx.member;
    const chat = await coder.chats.create({
      organization_id: ctx.fake.organization.id,
      content: [{ type: "text", text: "write a report" }],
    });
    const done = await idle(coder, chat.id);
    expect(done.files?.map((f) => [f.name, f.mime_type, f.size_bytes])).toEqual([
      ["report.md", "text/markdown", 12],
    ]);
    const fileId = done.files![0]!.id;
    const link = await coder.chats.fileDownloadUrl(fileId);
    expect(link).toMatchObject({ name: "report.md", mime_type: "text/markdown", size_bytes: 12 });
    expect(link.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Date.parse(link.expires_at) - Date.now()).toBeGreaterThan(4 * 60_000);
    // The URL carries its own authority: no session token.
    const response = await fetch(link.url);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("# Report\nok\n");
    const tampered = await fetch(link.url.replace(/token=[^&]+/, "token=1.bogus"));
    expect(tampered.status).toBe(401);

    // The message that carries the file names it too.
    const answer = ctx.fake.inspect.chatMessages(chat.id).at(-1);
    expect(answer?.content?.[1]).toEqual({
      type: "file",
      file_id: fileId,
      media_type: "text/markdown",
      name: "report.md",
    });
    const stranger = (await rejection(
      ctx.owner.chats.fileDownloadUrl("6f5e1b7c-9a3d-4a51-8f0e-2b9c6d7e8f90"),
    )) as CoderApiError;
    expect(stranger.status).toBe(404);
  });

  it("stream(): the snapshot, then live parts, messages and status until break", async () => {
    const coder = ctx.member;
    const chat = await coder.chats.create({ organization_id: ctx.fake.organization.id, content: [] });
    const events: ChatStreamEvent[] = [];
    const stream = coder.chats.stream(chat.id);
    const first = await stream.next();
    expect(first.value).toMatchObject({ type: "status", status: { status: "waiting" } });
    await coder.chats.sendMessage(chat.id, "stream me");
    for await (const event of stream) {
      events.push(event);
      if (event.type === "status" && event.status?.status === "waiting") break;
    }
    const types = events.map((e) => e.type);
    expect(types[0]).toBe("message");
    expect(types).toContain("message_part");
    expect(types.filter((t) => t === "status")).toHaveLength(2);
    const parts = events
      .filter((e) => e.type === "message_part")
      .map((e) => e.message_part?.part.text)
      .join("");
    expect(parts).toBe("Done: stream me");

    // after_id leaves the older messages out of the snapshot.
    const last = ctx.fake.inspect.chatMessages(chat.id).at(-1)!.id;
    const resumed = coder.chats.stream(chat.id, { after_id: last - 1 });
    const snapshot = [(await resumed.next()).value, (await resumed.next()).value] as ChatStreamEvent[];
    await resumed.return(undefined);
    expect(snapshot.map((e) => e.type)).toEqual(["message", "status"]);
    expect(snapshot[0]?.message?.id).toBe(last);
    expect(ctx.fake.requests.find((r) => r.search === `?after_id=${last - 1}`)?.status).toBe(101);
  });

  it("watch(): created and status events for your chats, ending on abort", async () => {
    const coder = ctx.member;
    const controller = new AbortController();
    const seen: string[] = [];
    const watching = (async () => {
      for await (const event of coder.chats.watch({ signal: controller.signal })) {
        seen.push(`${event.kind}:${event.chat.status}`);
        if (event.kind === "status_change" && event.chat.status === "waiting")
          controller.abort(new Error("enough"));
      }
    })();
    await until(() => ctx.fake.requests.some((r) => r.path === "/api/v2/chats/watch" && r.status === 101));
    ctx.fake.seed.chat({ owner: "admin", prompt: "someone else's" });
    await coder.chats.create({
      organization_id: ctx.fake.organization.id,
      content: [{ type: "text", text: "watch me" }],
    });
    const error = await rejection(watching);
    expect((error as Error).message).toBe("enough");
    expect(seen).toEqual([
      "created:waiting",
      "status_change:running",
      "summary_change:running",
      "status_change:waiting",
    ]);
  });
});

describe("chats: a failing turn", () => {
  // Turns of 3 × 50 ms: long enough that a call made right after another finds the chat busy.
  const ctx = useFakeCoder({
    agentApi: "chats",
    chatStepMs: 50,
    chatReply: (prompt) => {
      if (prompt === "boom") throw new Error("provider overloaded");
      return `ok: ${prompt}`;
    },
  });

  it("goes to error with last_error, and a new message starts a fresh turn", async () => {
    const coder = ctx.member;
    const chat = await coder.chats.create({
      organization_id: ctx.fake.organization.id,
      content: [{ type: "text", text: "boom" }],
    });
    const failed = await idle(coder, chat.id);
    expect(failed.status).toBe("error");
    expect(failed.last_error).toEqual({ message: "provider overloaded", kind: "generic", retryable: false });
    const retry = await coder.chats.sendMessage(chat.id, "again");
    expect(retry.queued).toBe(false);
    const recovered = await idle(coder, chat.id);
    expect(recovered.status).toBe("waiting");
    expect(recovered.last_error).toBeUndefined();
    expect(recovered.last_turn_summary).toBe("ok: again");
  });
});
