import type {
  Tool as AnthropicTool,
  ContentBlock,
  ToolResultBlockParam,
} from "@anthropic-ai/sdk/resources/messages";
import type {
  ChatCompletionMessageToolCall,
  ChatCompletionTool,
  ChatCompletionToolMessageParam,
} from "openai/resources/chat/completions";
import type {
  FunctionTool,
  ResponseInputItem,
  ResponseOutputItem,
} from "openai/resources/responses/responses";
import { describe, expect, it } from "vitest";
import { createToolRouter } from "../../../src/adapters/router/index.js";
import {
  callTool,
  getTool,
  selectTools,
  standardTools,
  toolInputJsonSchema,
  toolOutputJsonSchema,
} from "../../../src/tools/index.js";
import { useToolHarness } from "../../support/tool-harness.js";

// The assignments to the official SDK types below are the type check that our shapes are theirs.

describe("createToolRouter: definitions", () => {
  const h = useToolHarness();
  const tools = selectTools(standardTools, { toolsets: ["workspaces"] });

  it("openai-chat, openai-responses, anthropic and json-schema, in each API's field names", () => {
    const router = createToolRouter({ client: h.owner, toolsets: ["workspaces"] });
    const chat: ChatCompletionTool[] = router.definitions("openai-chat");
    const responses: FunctionTool[] = router.definitions("openai-responses");
    const anthropic: AnthropicTool[] = router.definitions("anthropic");
    const neutral = router.definitions("json-schema");
    expect(chat.map((t) => t.type === "function" && t.function.name)).toEqual(tools.map((t) => t.name));

    const tool = getTool("coder_get_workspace");
    const input = toolInputJsonSchema(tool);
    expect(chat.find((t) => t.type === "function" && t.function.name === tool.name)).toEqual({
      type: "function",
      function: { name: tool.name, description: tool.description, parameters: input, strict: false },
    });
    expect(responses.find((t) => t.name === tool.name)).toEqual({
      type: "function",
      name: tool.name,
      description: tool.description,
      parameters: input,
      strict: false,
    });
    expect(anthropic.find((t) => t.name === tool.name)).toEqual({
      name: tool.name,
      description: tool.description,
      input_schema: input,
    });
    expect(neutral.find((t) => t.name === tool.name)).toEqual({
      name: tool.name,
      title: tool.title,
      description: tool.description,
      inputSchema: input,
      outputSchema: toolOutputJsonSchema(tool),
      annotations: tool.annotations,
    });
  });

  it("returns fresh copies that callers may decorate", () => {
    const router = createToolRouter({ client: h.owner, toolsets: ["workspaces"] });
    const first = router.definitions("anthropic");
    (first[0] as AnthropicTool).cache_control = { type: "ephemeral" };
    (first[0]?.input_schema.properties as Record<string, unknown>).extra = { type: "string" };
    expect(router.definitions("anthropic")[0]).not.toHaveProperty("cache_control");
    expect(toolInputJsonSchema(tools[0]!).properties).not.toHaveProperty("extra");
  });

  it("rejects an unknown format naming the valid ones", () => {
    const router = createToolRouter({ client: h.owner });
    expect(() => router.definitions("gemini" as never)).toThrow(
      'unknown tool definition format "gemini"; valid formats: openai-chat, openai-responses, anthropic, json-schema',
    );
  });

  it("strict: every property required, optional ones nullable, closed objects, no unsupported keywords", () => {
    const router = createToolRouter({ client: h.owner, strict: true });
    const byName = new Map(router.definitions("openai-responses").map((t) => [t.name, t]));
    const list = byName.get("coder_list_workspaces")!;
    expect(list.strict).toBe(true);
    const plain = toolInputJsonSchema(getTool("coder_list_workspaces"));
    const props = plain.properties as Record<string, Record<string, unknown>>;
    expect(list.parameters.required).toEqual(Object.keys(props));
    expect(list.parameters.additionalProperties).toBe(false);
    for (const [key, schema] of Object.entries(
      list.parameters.properties as Record<string, { type: unknown }>,
    )) {
      if (!plain.required?.includes(key)) expect(schema.type).toEqual([props[key]?.type, "null"]);
    }
    // A default stays (it documents what absent means); an enum gains null when optional.
    const readiness = byName.get("coder_workspace_readiness")!.parameters.properties as Record<
      string,
      unknown
    >;
    expect(readiness.wait_ms).toEqual({
      ...props_of("coder_workspace_readiness").wait_ms,
      type: ["integer", "null"],
    });
    // Chat carries the same strict schema.
    const chat = router.definitions("openai-chat").find((t) => t.function.name === "coder_list_workspaces");
    expect(chat?.function).toMatchObject({ strict: true, parameters: list.parameters });
    // Anthropic and json-schema are unaffected.
    expect(
      router.definitions("anthropic").find((t) => t.name === "coder_list_workspaces")?.input_schema,
    ).toEqual(plain);
  });

  it("strict: a tool with a map argument is sent non-strict with its plain schema", () => {
    const router = createToolRouter({ client: h.owner, strict: true });
    const create = router.definitions("openai-responses").find((t) => t.name === "coder_create_workspace")!;
    expect(create.strict).toBe(false);
    expect(create.parameters).toEqual(toolInputJsonSchema(getTool("coder_create_workspace")));
    // Exactly the tools with a map-valued argument fall back.
    const nonStrict = router
      .definitions("openai-responses")
      .filter((t) => !t.strict)
      .map((t) => t.name);
    const withMaps = router.tools
      .filter((t) =>
        Object.values(toolInputJsonSchema(t).properties).some(
          (p) => typeof p.additionalProperties === "object" && p.additionalProperties !== null,
        ),
      )
      .map((t) => t.name);
    expect(nonStrict).toEqual(withMaps);
    expect(nonStrict).toContain("coder_upload_tar_file");
  });
});

function props_of(name: "coder_workspace_readiness"): Record<string, Record<string, unknown>> {
  return toolInputJsonSchema(getTool(name)).properties as Record<string, Record<string, unknown>>;
}

describe("createToolRouter: call", () => {
  const h = useToolHarness();

  it("runs a tool from a JSON string or an object", async () => {
    const router = createToolRouter({ client: h.owner });
    const fromText = await router.call("coder_get_workspace", '{"workspace_id":"admin/dev"}');
    const fromObject = await router.call("coder_get_workspace", { workspace_id: "admin/dev" });
    expect(fromText.ok && fromText.result).toMatchObject({ name: "dev" });
    expect(fromObject.ok && fromObject.text).toBe(fromText.text);
  });

  it("fails with our text for bad arguments and lists the tools for an unknown name", async () => {
    const router = createToolRouter({ client: h.owner, toolsets: ["users"] });
    const bad = await router.call("coder_get_authenticated_user", '{"x":1}');
    const direct = await callTool(getTool("coder_get_authenticated_user"), '{"x":1}', h.context());
    expect(bad).toEqual({ ok: false, error: direct.ok ? undefined : direct.error, text: direct.text });
    const unknown = await router.call("coder_get_workspace", {});
    expect(unknown).toEqual({
      ok: false,
      error: {
        kind: "unknown_tool",
        message: 'unknown tool "coder_get_workspace"; available tools: coder_get_authenticated_user',
        available: ["coder_get_authenticated_user"],
      },
      text: 'unknown tool "coder_get_workspace"; available tools: coder_get_authenticated_user',
    });
  });

  it("strict: null for an optional field means absent, so strict and non-strict calls agree", async () => {
    const strict = createToolRouter({ client: h.owner, strict: true });
    const loose = createToolRouter({ client: h.owner });
    const withNulls = '{"workspace":"admin/dev","wait_ms":null}';
    const strictResult = await strict.call("coder_workspace_readiness", withNulls);
    const absent = await loose.call("coder_workspace_readiness", { workspace: "admin/dev" });
    expect(strictResult.ok).toBe(true);
    expect(strictResult.text).toBe(absent.text);
    // Without strict, a null is what it is: a wrong type.
    const looseNull = await loose.call("coder_workspace_readiness", withNulls);
    expect(looseNull.ok).toBe(false);
    expect(looseNull.text).toContain("$.wait_ms");
    // A null for a required field is still an error in strict mode.
    const required = await strict.call("coder_get_workspace", { workspace_id: null });
    expect(required.ok).toBe(false);
    expect(required.text).toContain("$.workspace_id");
  });
});

describe("createToolRouter: turn helpers", () => {
  const h = useToolHarness();

  it("OpenAI Chat: tool messages in the calls' order, custom tool calls skipped", async () => {
    const router = createToolRouter({ client: h.owner });
    const toolCalls: ChatCompletionMessageToolCall[] = [
      {
        id: "a",
        type: "function",
        function: { name: "coder_get_workspace", arguments: '{"workspace_id":"admin/dev"}' },
      },
      {
        id: "b",
        type: "function",
        function: { name: "coder_get_workspace", arguments: '{"workspace_id":7}' },
      },
      { id: "c", type: "custom", custom: { name: "shell", input: "ls" } },
      { id: "d", type: "function", function: { name: "nope", arguments: "{}" } },
    ];
    const messages: ChatCompletionToolMessageParam[] = await router.runChatToolCalls(toolCalls);
    expect(messages.map((m) => m.tool_call_id)).toEqual(["a", "b", "d"]);
    expect(messages.every((m) => m.role === "tool")).toBe(true);
    expect(JSON.parse(String(messages[0]?.content))).toMatchObject({ name: "dev" });
    expect(messages[1]?.content).toContain("$.workspace_id");
    expect(messages[2]?.content).toMatch(/^unknown tool "nope"; available tools: /);
    expect(await router.runChatToolCalls(undefined)).toEqual([]);
  });

  it("OpenAI Responses: function_call_output items for the function_call items", async () => {
    const router = createToolRouter({ client: h.owner });
    const output: ResponseOutputItem[] = [
      {
        type: "message",
        id: "m",
        role: "assistant",
        status: "completed",
        content: [{ type: "output_text", text: "Looking.", annotations: [] }],
      },
      {
        type: "function_call",
        call_id: "fc-1",
        name: "coder_get_workspace",
        arguments: '{"workspace_id":"admin/dev"}',
      },
    ];
    const items: ResponseInputItem[] = await router.runResponsesFunctionCalls(output);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ type: "function_call_output", call_id: "fc-1" });
    const text = (items[0] as { output: string }).output;
    expect(JSON.parse(text)).toMatchObject({ name: "dev" });
  });

  it("Anthropic: tool_result blocks with is_error on failures only", async () => {
    const router = createToolRouter({ client: h.owner });
    const content: ContentBlock[] = [
      { type: "text", text: "Let me check.", citations: null },
      {
        type: "tool_use",
        id: "tu-1",
        name: "coder_get_workspace",
        input: { workspace_id: "admin/dev" },
        caller: { type: "direct" },
      },
      {
        type: "tool_use",
        id: "tu-2",
        name: "coder_get_workspace",
        input: { workspace_id: "admin/nope" },
        caller: { type: "direct" },
      },
    ];
    const blocks: ToolResultBlockParam[] = await router.runAnthropicToolUses(content);
    expect(blocks.map((b) => [b.tool_use_id, b.is_error])).toEqual([
      ["tu-1", undefined],
      ["tu-2", true],
    ]);
    expect(blocks[0]).not.toHaveProperty("is_error");
    expect(String(blocks[1]?.content)).toContain("nope");
  });

  it("runs a turn's calls concurrently", async () => {
    let running = 0;
    let peak = 0;
    const router = createToolRouter({
      client: h.owner,
      onToolCall: (event) => {
        running += event.phase === "start" ? 1 : -1;
        peak = Math.max(peak, running);
      },
    });
    await router.runAnthropicToolUses([
      { type: "tool_use", id: "1", name: "coder_get_workspace", input: { workspace_id: "admin/dev" } },
      { type: "tool_use", id: "2", name: "coder_get_workspace", input: { workspace_id: "admin/k8s-lab" } },
      { type: "tool_use", id: "3", name: "coder_list_templates", input: {} },
    ]);
    expect(peak).toBe(3);
  });
});
