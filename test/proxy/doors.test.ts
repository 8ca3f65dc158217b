// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${VAR}` is the config syntax under test.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coderTools, isCoderToolCallError } from "../../src/adapters/ai-sdk/index.js";
import { createCoderMcpServer, registerCoderTools } from "../../src/adapters/mcp/index.js";
import { createToolRouter } from "../../src/adapters/router/index.js";
import { CoderClient } from "../../src/client/index.js";
import { McpProxy, mcpToolsReport, renderToolTable } from "../../src/proxy/index.js";
import { createFakeCoder, type FakeCoder } from "../../src/testing/index.js";
import { selectTools, standardTools, toolInputJsonSchema } from "../../src/tools/index.js";
import { ai7 } from "../adapters/ai-sdk/versions.js";
import { sdkV1, sdkV2 } from "../adapters/mcp/sdks.js";
import { PNG, startHttpMcpServer, type TestHttpServer, WAV } from "./http-mcp-server.js";

// Real third-party MCP servers from npm (the reference "everything" and "memory" servers) as stdio
// children of the pinned Node, and a Streamable HTTP server started here, behind one McpProxy;
// their tools called through every door, next to Coder's own tools on a fake deployment.

const modules = path.resolve("node_modules/@modelcontextprotocol");
let dir: string;
let fake: FakeCoder;
let client: CoderClient;
let http: TestHttpServer;
let proxy: McpProxy;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "proxy-doors-"));
  fake = createFakeCoder();
  const listening = await fake.listen();
  client = new CoderClient({ url: listening.url, token: fake.owner.token, retry: false });
  http = await startHttpMcpServer();
  const config = {
    mcpServers: {
      everything: {
        command: process.execPath,
        args: [path.join(modules, "server-everything/dist/index.js"), "stdio"],
      },
      memory: {
        command: process.execPath,
        args: [path.join(modules, "server-memory/dist/index.js")],
        env: { MEMORY_FILE_PATH: "${PROXY_TEST_DIR}/memory.jsonl" },
      },
      blocks: { type: "http", url: http.url, headers: { Authorization: "Bearer ${PROXY_TEST_TOKEN}" } },
    },
  };
  await writeFile(path.join(dir, ".mcp.json"), JSON.stringify(config));
  proxy = await McpProxy.start({
    configPaths: [path.join(dir, ".mcp.json")],
    config: { env: { PROXY_TEST_DIR: dir, PROXY_TEST_TOKEN: "token-from-env" } },
    initializeTimeoutMs: 15_000,
  });
}, 30_000);

afterAll(async () => {
  await proxy?.close();
  await http?.close();
  await fake?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("McpProxy with real servers", () => {
  it("connects every server and lists their tools as <server>__<tool>, sorted", () => {
    const status = proxy.status();
    expect(status.map((s) => [s.name, s.state, s.transport])).toEqual([
      ["blocks", "connected", "http"],
      ["everything", "connected", "stdio"],
      ["memory", "connected", "stdio"],
    ]);
    expect(status.find((s) => s.name === "blocks")?.tools).toEqual([
      "blocks__all_blocks",
      "blocks__fail",
      "blocks__structured",
    ]);
    const names = proxy.tools.map((t) => t.name);
    expect(names).toContain("everything__echo");
    expect(names).toContain("memory__read_graph");
    expect(names).toEqual([...names].sort());
    expect(proxy.resolve("everything__get-sum")).toEqual({ server: "everything", tool: "get-sum" });
    // ${VAR} in a header was expanded, and the header reached the server.
    expect(http.received.at(-1)?.authorization).toBe("Bearer token-from-env");
  });

  it("carries annotations over, with the MCP defaults for hints a server left out", () => {
    const blocks = proxy.tools.find((t) => t.name === "blocks__all_blocks");
    expect(blocks?.title).toBe("Every content kind");
    expect(blocks?.annotations).toEqual({
      readOnlyHint: true,
      destructiveHint: true,
      idempotentHint: false,
      openWorldHint: false,
    });
    expect(proxy.tools.find((t) => t.name === "memory__read_graph")?.annotations.readOnlyHint).toBe(true);
  });

  it("applies selection (allow, deny, readOnly, toolsets) to proxied tools", () => {
    const readOnly = selectTools(proxy.tools, { readOnly: true }).map((t) => t.name);
    expect(readOnly).toContain("memory__read_graph");
    expect(readOnly).not.toContain("memory__create_entities");
    const memory = selectTools(proxy.tools, { toolsets: ["mcp_memory"], deny: ["memory__delete_entities"] });
    expect(memory.every((t) => t.name.startsWith("memory__"))).toBe(true);
    expect(memory.map((t) => t.name)).not.toContain("memory__delete_entities");
    expect(selectTools(proxy.tools, { allow: ["everything__echo"] }).map((t) => t.name)).toEqual([
      "everything__echo",
    ]);
  });

  it("prints a status table and a JSON report", () => {
    const report = mcpToolsReport(proxy);
    expect(report.tools.find((t) => t.name === "blocks__fail")).toMatchObject({
      server: "blocks",
      tool: "fail",
    });
    const table = renderToolTable(report);
    expect(table.split("\n")[0]).toMatch(/^SERVER\s+TRANSPORT\s+STATE\s+TOOLS\s+ERROR$/);
    expect(table).toMatch(/^memory\s+stdio\s+connected\s+9$/m);
    expect(table).toMatch(/^blocks__all_blocks\s+Returns one block of each MCP content kind\.$/m);
  });
});

describe.each([sdkV1, sdkV2])("through the MCP adapter ($label)", (sdk) => {
  it("lists the servers' schemas as given and passes every content block through", async () => {
    const server = sdk.newServer();
    registerCoderTools(server, { client, tools: [...standardTools, ...proxy.tools] });
    const mcp = await sdk.connect(server);
    try {
      const listed = await mcp.listTools();
      const echo = listed.find((t) => t.name === "everything__echo");
      const original = proxy.tools.find((t) => t.name === "everything__echo");
      if (!echo || !original) throw new Error("everything__echo is not listed");
      // v2 lists the server's schema exactly. v1 renders it through zod, which adds its draft-07
      // $schema and, where the server did not close the object, `additionalProperties: {}`.
      const { $schema: _dialect, ...schema } = echo.inputSchema;
      if (sdk.label === "v2") expect(schema).toEqual(toolInputJsonSchema(original));
      else expect(schema).toEqual({ additionalProperties: {}, ...(toolInputJsonSchema(original) as object) });
      expect(schema).toMatchObject({ type: "object", properties: { message: { type: "string" } } });
      expect(listed.some((t) => t.name === "coder_get_authenticated_user")).toBe(true);

      const blocks = await mcp.callTool("blocks__all_blocks", { label: "x" });
      expect(blocks.isError).toBeFalsy();
      expect(blocks.content).toEqual([
        { type: "text", text: "label: x" },
        { type: "image", data: PNG, mimeType: "image/png" },
        { type: "audio", data: WAV, mimeType: "audio/wav" },
        {
          type: "resource",
          resource: { uri: "file:///notes.txt", mimeType: "text/plain", text: "embedded notes" },
        },
        { type: "resource_link", uri: "file:///big.log", name: "big.log", mimeType: "text/plain" },
      ]);
      const failed = await mcp.callTool("blocks__fail", {});
      expect(failed).toMatchObject({
        isError: true,
        content: [{ type: "text", text: "the widget is broken" }],
      });
      const structured = await mcp.callTool("blocks__structured", {});
      expect(structured.structuredContent).toEqual({ total: 3 });

      const echoed = await mcp.callTool("everything__echo", { message: "hello" });
      expect(echoed.content).toEqual([{ type: "text", text: "Echo: hello" }]);
      const image = await mcp.callTool("everything__get-tiny-image", {});
      expect(image.content.map((c) => c.type)).toContain("image");
      const me = await mcp.callTool("coder_get_authenticated_user", {});
      expect(me.content[0]?.text).toContain('"username":"admin"');
    } finally {
      await mcp.close();
    }
  });
});

describe("through createCoderMcpServer, the AI SDK and the router", () => {
  it("keeps state on a stdio server across calls (memory) over createCoderMcpServer", async () => {
    const server = await createCoderMcpServer({ client, tools: proxy.tools, detectCapabilities: false });
    const mcp = await sdkV2.connect(server);
    try {
      const created = await mcp.callTool("memory__create_entities", {
        entities: [{ name: "proxy", entityType: "module", observations: ["written by a test"] }],
      });
      expect(created.isError).toBeFalsy();
      const graph = await mcp.callTool("memory__read_graph", {});
      expect(graph.content[0]?.text).toContain("written by a test");
    } finally {
      await mcp.close();
    }
  });

  it("runs proxied tools from an AI SDK agent, a failure as a tool error", async () => {
    const tools = coderTools({ client, tools: proxy.tools, allow: ["everything__get-sum", "blocks__fail"] });
    const run = await ai7.run(tools, [
      { id: "sum", name: "everything__get-sum", input: '{"a":2,"b":3}' },
      { id: "fail", name: "blocks__fail", input: "{}" },
    ]);
    const sum = run.content.find((c) => c.type === "tool-result" && c.toolCallId === "sum");
    expect(String(sum?.output)).toContain("5");
    const error = run.content.find((c) => c.type === "tool-error" && c.toolCallId === "fail");
    expect(isCoderToolCallError(error?.error)).toBe(true);
    expect(String(error?.error)).toBe("the widget is broken");
  });

  it("gives the router text for every content kind and the server's schema in definitions", async () => {
    const router = createToolRouter({ client, tools: proxy.tools });
    const result = await router.call("blocks__all_blocks", '{"label":"y"}');
    expect(result.ok).toBe(true);
    expect(result.text).toBe(
      [
        "label: y",
        "[image: image/png, 70 bytes]",
        `[audio: audio/wav, ${Buffer.from(WAV, "base64").length} bytes]`,
        "[resource file:///notes.txt (text/plain, text)]",
        "embedded notes",
        "[resource link: file:///big.log (big.log)]",
      ].join("\n"),
    );
    const definitions = router.definitions("anthropic") as { name: string; input_schema: unknown }[];
    const blocks = proxy.tools.find((t) => t.name === "blocks__all_blocks");
    if (!blocks) throw new Error("blocks__all_blocks is missing");
    expect(definitions.find((d) => d.name === "blocks__all_blocks")?.input_schema).toEqual(
      toolInputJsonSchema(blocks),
    );
    expect(toolInputJsonSchema(blocks)).toMatchObject({
      type: "object",
      properties: { label: { type: "string" } },
    });
    const failed = await router.call("blocks__fail", {});
    expect(failed).toMatchObject({ ok: false, text: "the widget is broken" });
  });
});
