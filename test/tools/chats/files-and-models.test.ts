import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createChat, downloadChatFile, listChatModelConfigs } from "../../../src/tools/chats/index.js";
import { useToolHarness } from "../../support/tool-harness.js";
import { call, failed, ok } from "../results.js";
import { chatReply, idle } from "./helpers.js";

describe("download_chat_file", () => {
  const h = useToolHarness({ agentApi: "chats", chatStepMs: 5, chatReply });
  const ctx = () => h.context({ client: h.member });

  async function chatWithFiles(prompt: string) {
    const chat = ok(await call(h, createChat, { prompt }, ctx()));
    return idle(h.member, chat.id);
  }

  it("addresses a file by file_id alone or by chat_id and file_name, with a URL that needs no token", async () => {
    const chat = await chatWithFiles("write a report");
    const file = chat.files?.[0];
    const byId = ok(await call(h, downloadChatFile, { file_id: file?.id }, ctx()));
    expect(byId).toMatchObject({
      file_id: file?.id,
      name: "report.md",
      mime_type: "text/markdown",
      size_bytes: 9,
    });
    expect(byId.sha256).toBe(createHash("sha256").update("# Report\n").digest("hex"));
    const response = await fetch(byId.url);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("# Report\n");
    const byName = ok(await call(h, downloadChatFile, { chat_id: chat.id, file_name: "report.md" }, ctx()));
    expect(byName.file_id).toBe(file?.id);
    expect(Date.parse(byName.expires_at)).toBeGreaterThan(Date.now());
  });

  it("refuses mixed or missing addressing, and a malformed file_id", async () => {
    const expected =
      "invalid arguments: $: provide exactly one addressing mode: file_id alone, or chat_id with file_name";
    const chat = "6f5e1b7c-9a3d-4a51-8f0e-2b9c6d7e8f90";
    for (const args of [
      {},
      { chat_id: chat },
      { file_name: "a" },
      { file_id: chat, chat_id: chat, file_name: "a" },
    ]) {
      expect(failed(await call(h, downloadChatFile, args, ctx())).text).toBe(expected);
    }
    expect(failed(await call(h, downloadChatFile, { file_id: "x" }, ctx())).text).toContain(
      "$.file_id: file_id must be a valid UUID",
    );
    const unknown = failed(await call(h, downloadChatFile, { file_id: chat }, ctx()));
    expect(unknown.text).toMatch(/Coder API error 404 .*: create chat file download URL: Resource not found/);
  });

  it("lists the chat's files when a name matches none or several", async () => {
    const chat = await chatWithFiles("twins please");
    const [a, b] = chat.files ?? [];
    const list = `[{id: ${a?.id}, name: "out.txt", mime_type: "text/plain", size_bytes: 5}, {id: ${b?.id}, name: "out.txt", mime_type: "text/csv", size_bytes: 4}]`;
    const several = failed(
      await call(h, downloadChatFile, { chat_id: chat.id, file_name: "out.txt" }, ctx()),
    );
    expect(several.text).toBe(
      `multiple chat files named "out.txt"; available files: ${list}\nhint: pass the file_id of the one you want, alone`,
    );
    const none = failed(await call(h, downloadChatFile, { chat_id: chat.id, file_name: "OUT.txt" }, ctx()));
    expect(none.text.split("\n")[0]).toBe(`no chat file named "OUT.txt"; available files: ${list}`);
    const empty = h.fake.seed.chat({ owner: "alice" });
    expect(
      failed(await call(h, downloadChatFile, { chat_id: empty.id, file_name: "x" }, ctx())).text,
    ).toContain('no chat file named "x"; available files: []');
  });
});

describe("list_chat_model_configs", () => {
  const h = useToolHarness({ agentApi: "chats" });

  it("lists enabled models of enabled providers in the caller's organization", async () => {
    const result = ok(await call(h, listChatModelConfigs, {}, h.context({ client: h.member })));
    expect(result.organization_id).toBe(h.fake.organization.id);
    expect(result.model_configs.map(({ id: _, ...m }) => m)).toEqual([
      {
        supported_reasoning_efforts: ["low", "medium", "high"],
        configured_default_reasoning_effort: "medium",
        model: "claude-sonnet-4-5",
        display_name: "Claude Sonnet 4.5",
        is_default: true,
      },
      {
        supported_reasoning_efforts: [],
        model: "claude-haiku-4-5",
        display_name: "Claude Haiku 4.5",
        is_default: false,
      },
    ]);
  });

  it("takes an explicit organization, and needs one when the caller belongs to several", async () => {
    const other = h.fake.seed.organization({ name: "labs" });
    h.fake.seed.membership("alice", other.id);
    h.fake.seed.chatModel({
      organization: other.id,
      provider: "google",
      model: "gemini-3-pro",
      isDefault: true,
    });
    const alice = h.context({ client: h.member });
    const several = failed(await call(h, listChatModelConfigs, {}, alice));
    expect(several.text).toContain(
      "organization_id is required because you belong to multiple organizations",
    );
    const labs = ok(await call(h, listChatModelConfigs, { organization_id: other.id }, alice));
    expect(labs).toMatchObject({
      organization_id: other.id,
      model_configs: [{ model: "gemini-3-pro", is_default: true }],
    });
    expect(failed(await call(h, listChatModelConfigs, { organization_id: "labs" }, alice)).text).toContain(
      "organization_id must be a valid UUID",
    );
  });
});
