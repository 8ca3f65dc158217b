import { describe, expect, it } from "vitest";
import {
  archiveChat,
  awaitChat,
  chatsToolset,
  createChat,
  downloadChatFile,
  getChat,
  getChatMessages,
  interruptChat,
  listChatModelConfigs,
  listChats,
  sendChatMessage,
} from "../../../src/tools/chats/index.js";
import { MUTATION, READ_ONLY, toolInputJsonSchema } from "../../../src/tools/index.js";
import { useToolHarness } from "../../support/tool-harness.js";
import { call, failed, ok } from "../results.js";
import { chatReply, idle } from "./helpers.js";

/** Definitions, create, get, list, interrupt and archive. Await: await-chat.test.ts; messages and files in their own files. */

describe("chat tools: definitions", () => {
  it("use the chats toolset in Go's order, with the catalog's annotations and required sets", () => {
    expect(chatsToolset.tools.map((t) => t.name)).toEqual([
      "coder_create_chat",
      "coder_get_chat",
      "coder_download_chat_file",
      "coder_await_chat",
      "coder_list_chats",
      "coder_get_chat_messages",
      "coder_send_chat_message",
      "coder_interrupt_chat",
      "coder_archive_chat",
      "coder_list_chat_model_configs",
    ]);
    expect(chatsToolset.standard).toBe(true);
    for (const tool of chatsToolset.tools) {
      expect(tool.toolset).toBe("chats");
      expect(tool.requires).toEqual(["chats"]);
    }
    for (const tool of [
      getChat,
      downloadChatFile,
      awaitChat,
      listChats,
      getChatMessages,
      listChatModelConfigs,
    ]) {
      expect(tool.annotations, tool.name).toEqual(READ_ONLY);
    }
    for (const tool of [createChat, sendChatMessage, interruptChat, archiveChat]) {
      expect(tool.annotations, tool.name).toEqual(MUTATION);
    }
    const required = (tool: Parameters<typeof toolInputJsonSchema>[0]) =>
      toolInputJsonSchema(tool).required ?? [];
    expect(required(createChat)).toEqual(["prompt"]);
    expect(required(sendChatMessage)).toEqual(["chat_id", "text"]);
    expect(required(downloadChatFile)).toEqual([]);
    expect(required(listChats)).toEqual([]);
    expect(required(listChatModelConfigs)).toEqual([]);
    for (const tool of [getChat, awaitChat, getChatMessages, interruptChat, archiveChat]) {
      expect(required(tool), tool.name).toEqual(["chat_id"]);
    }
    const busy = toolInputJsonSchema(sendChatMessage).properties?.busy_behavior as { enum?: string[] };
    expect(busy.enum).toEqual(["queue", "interrupt"]);
  });
});

describe("chat tools: create, get, list, interrupt, archive", () => {
  const h = useToolHarness({ agentApi: "chats", chatStepMs: 5, chatReply });
  const asAlice = () => h.context({ client: h.member });

  it("create_chat starts the agent in the caller's only organization and returns the short chat form", async () => {
    const chat = ok(
      await call(h, createChat, { prompt: "Fix the flaky test", labels: { ticket: "ENG-1" } }, asAlice()),
    );
    expect(chat).toMatchObject({
      title: "Fix the flaky test",
      status: "running",
      archived: false,
      labels: { ticket: "ENG-1" },
      url: `${h.fake.url}/agents/${chat.id}`,
    });
    expect(chat).not.toHaveProperty("exact_settings");
    const stored = h.fake.inspect.chats().find((c) => c.id === chat.id);
    expect(stored?.organization_id).toBe(h.fake.organization.id);
    expect(stored?.owner_id).toBe(h.fake.member.id);
    expect(h.fake.requests.some((r) => r.path === "/api/v2/users/me")).toBe(true);

    const done = await idle(h.member, chat.id);
    const got = ok(await call(h, getChat, { chat_id: chat.id }, asAlice()));
    expect(got).toMatchObject({ status: "waiting", last_turn_summary: `Done: Fix the flaky test` });
    expect(got.model_config_id).toBe(done.last_model_config_id);
  });

  it("create_chat validates its arguments like Go, all at once, before any request", async () => {
    const before = h.fake.requests.length;
    expect(failed(await call(h, createChat, { prompt: "" })).text).toBe(
      "invalid arguments: $.prompt: prompt is required",
    );
    const bad = failed(
      await call(h, createChat, {
        prompt: "x",
        owner_id: "nope",
        model_config_id: "also-nope",
        request_id: "00000000-0000-0000-0000-000000000000",
        workspace_id: "zzz",
      }),
    );
    expect(bad.text).toContain("$.model_config_id: model_config_id must be a valid UUID");
    expect(bad.text).toContain("$.owner_id: owner_id must be a valid UUID");
    expect(bad.text).toContain("$.request_id: request_id must be a nonzero UUID");
    expect(bad.text).toContain("$.workspace_id: workspace_id must be a nonzero UUID");
    const zeroOwner = failed(
      await call(h, createChat, { prompt: "x", owner_id: "00000000-0000-0000-0000-000000000000" }),
    );
    expect(zeroOwner.text).toBe("invalid arguments: $.owner_id: owner_id must be a valid nonzero UUID");
    const zeroOrg = failed(
      await call(h, createChat, { prompt: "x", organization_id: "00000000-0000-0000-0000-000000000000" }),
    );
    expect(zeroOrg.text).toBe(
      "invalid arguments: $.organization_id: organization_id must be a valid nonzero UUID",
    );
    expect(h.fake.requests.length).toBe(before);
  });

  it("create_chat resolves the organization from memberships: several is an error naming coder_list_organizations", async () => {
    const other = h.fake.seed.organization({ name: "research" });
    h.fake.seed.membership("alice", other.id);
    const result = failed(await call(h, createChat, { prompt: "where?" }, asAlice()));
    expect(result.text).toBe(
      "organization_id is required because you belong to multiple organizations; use coder_list_organizations to get their ids\n" +
        "hint: call coder_list_organizations and pass the id of the organization to use as organization_id",
    );
    // An organization without chat models: Coder refuses, and the error says which step failed.
    const refused = failed(await call(h, createChat, { prompt: "x", organization_id: other.id }, asAlice()));
    expect(refused.text).toMatch(
      /^Coder API error 400 \(POST .*\/api\/v2\/chats\): create chat: No default chat model/,
    );
    const explicit = ok(
      await call(h, createChat, { prompt: "here", organization_id: h.fake.organization.id }, asAlice()),
    );
    expect(explicit.status).toBe("running");
  });

  it("create_chat sends exact_settings by Go's rule: asked, request_id with model_config_id, or a reasoning effort", async () => {
    const { models } = await h.member.chats.models(h.fake.organization.id);
    const sonnet = models?.find((m) => m.model === "claude-sonnet-4-5")?.id;
    const modelOnly = ok(await call(h, createChat, { prompt: "a", model_config_id: sonnet }, asAlice()));
    expect(modelOnly).not.toHaveProperty("exact_settings");
    const withRequest = ok(
      await call(
        h,
        createChat,
        { prompt: "b", model_config_id: sonnet, request_id: "2b6f0c1e-4d3a-4c5b-8e9f-0a1b2c3d4e5f" },
        asAlice(),
      ),
    );
    expect(withRequest.exact_settings).toEqual({
      model_config_id: sonnet,
      provider: "anthropic",
      model: "claude-sonnet-4-5",
      reasoning_effort: "medium",
    });
    expect(withRequest.submission).toMatchObject({
      request_id: "2b6f0c1e-4d3a-4c5b-8e9f-0a1b2c3d4e5f",
      state: "accepted",
    });
    const effort = ok(
      await call(
        h,
        createChat,
        { prompt: "c", reasoning_effort: "high", request_id: "7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f" },
        asAlice(),
      ),
    );
    expect(effort.exact_settings?.reasoning_effort).toBe("high");
    const noRequest = failed(await call(h, createChat, { prompt: "d", reasoning_effort: "high" }, asAlice()));
    // Go sends exact_settings with any reasoning effort, so Coder names that rule first.
    expect(noRequest.text).toContain("create chat: exact_settings requires request_id.");
    const posts = h.fake.requests.filter((r) => r.method === "POST" && r.path === "/api/v2/chats");
    expect(posts.map((r) => r.status)).toEqual([201, 201, 201, 400]);
  });

  it("get_chat: chat_id is required and a UUID; an unknown chat is Coder's 404 wrapped as get chat", async () => {
    expect(failed(await call(h, getChat, { chat_id: "" })).text).toBe(
      "invalid arguments: $.chat_id: chat_id is required",
    );
    expect(failed(await call(h, getChat, { chat_id: "abc" })).text).toContain("chat_id must be a valid UUID");
    const missing = failed(await call(h, getChat, { chat_id: "6f5e1b7c-9a3d-4a51-8f0e-2b9c6d7e8f90" }));
    expect(missing.text).toMatch(
      /^Coder API error 404 .*: get chat: Resource not found or you do not have access/,
    );
  });

  it("list_chats: limit 1–100 (default 25), labels, fielded queries, archived hidden", async () => {
    const first = ok(await call(h, createChat, { prompt: "alpha", labels: { team: "a" } }, asAlice()));
    const second = ok(await call(h, createChat, { prompt: "beta" }, asAlice()));
    const all = ok(await call(h, listChats, {}, asAlice()));
    expect(all.chats.map((c) => c.id).sort()).toEqual([first.id, second.id].sort());
    expect(h.fake.requests.at(-1)?.search).toBe("?limit=25");
    for (const limit of [-1, 101]) {
      expect(failed(await call(h, listChats, { limit }, asAlice())).text).toBe(
        "invalid arguments: $.limit: limit must be between 1 and 100",
      );
    }
    expect(ok(await call(h, listChats, { labels: { team: "a" } }, asAlice())).chats.map((c) => c.id)).toEqual(
      [first.id],
    );
    expect(
      ok(await call(h, listChats, { query: "title:beta", limit: 1 }, asAlice())).chats.map((c) => c.id),
    ).toEqual([second.id]);
    const bare = failed(await call(h, listChats, { query: "beta" }, asAlice()));
    expect(bare.text).toContain("list chats: Invalid chat search query.");
    expect(bare.text).toContain('validation: q: unsupported search term: "beta"');

    expect(ok(await call(h, archiveChat, { chat_id: first.id }, asAlice()))).toEqual({
      message: "Chat archived successfully.",
    });
    expect(ok(await call(h, listChats, {}, asAlice())).chats.map((c) => c.id)).toEqual([second.id]);
    const archived = ok(await call(h, listChats, { query: "archived:true" }, asAlice())).chats;
    expect(archived.map((c) => [c.id, c.archived])).toEqual([[first.id, true]]);
    expect(ok(await call(h, getChat, { chat_id: first.id }, asAlice())).archived).toBe(true);
  });

  it("interrupt_chat stops a running turn: interrupting, then waiting", async () => {
    const chat = ok(
      await call(h, createChat, { prompt: "a long job that streams a fairly long answer" }, asAlice()),
    );
    // Let the first half of the answer stream, then stop it.
    for (let i = 0; i < 200 && !h.fake.inspect.chatMessages(chat.id).length; i++)
      await new Promise((r) => setTimeout(r, 1));
    const stopped = ok(await call(h, interruptChat, { chat_id: chat.id }, asAlice()));
    expect(stopped.status).toBe("interrupting");
    const after = await idle(h.member, chat.id);
    expect(after.status).toBe("waiting");
    // Interrupting an idle chat changes nothing.
    expect(ok(await call(h, interruptChat, { chat_id: chat.id }, asAlice())).status).toBe("waiting");
    expect(failed(await call(h, archiveChat, { chat_id: "nope" })).text).toContain(
      "chat_id must be a valid UUID",
    );
  });
});

describe("chat tools: argument validation on the call path (catalog §6)", () => {
  const h = useToolHarness();

  it("rejects missing required fields, wrong types, bad enums and unknown fields before the handler runs", async () => {
    const before = h.fake.requests.length;
    const missing = failed(
      await call(h, sendChatMessage, { chat_id: "6f5e1b7c-9a3d-4a51-8f0e-2b9c6d7e8f90" }),
    );
    expect(missing.error.kind).toBe("input");
    expect(missing.text).toContain("$.text");
    const wrongType = failed(await call(h, listChats, { limit: "5" }));
    expect(wrongType.text).toContain("$.limit");
    const fraction = failed(
      await call(h, awaitChat, { chat_id: "6f5e1b7c-9a3d-4a51-8f0e-2b9c6d7e8f90", wait_secs: 1.5 }),
    );
    expect(fraction.text).toContain("$.wait_secs");
    const unknown = failed(
      await call(h, getChat, { chat_id: "6f5e1b7c-9a3d-4a51-8f0e-2b9c6d7e8f90", verbose: true }),
    );
    expect(unknown.text).toContain("verbose");
    const labels = failed(await call(h, createChat, { prompt: "x", labels: { team: 7 } }));
    expect(labels.text).toContain("$.labels.team");
    expect(h.fake.requests.length).toBe(before);
  });
});
