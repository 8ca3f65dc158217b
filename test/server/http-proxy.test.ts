import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { McpProxy } from "../../src/proxy/index.js";
import { type RunningHttpServer, startHttpServer } from "../../src/server/http/listen.js";
import { createFakeCoder, type FakeCoder } from "../../src/testing/index.js";
import { connectHttp } from "../support/mcp-http.js";

// `serve --http --mcp-config`: the proxied servers next to Coder's tools, for every caller Coder
// accepts, each request building its server with the proxy's current tools.

const everything = resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js");

describe("serve --http with proxied MCP servers", () => {
  let dir: string;
  let fake: FakeCoder;
  let proxy: McpProxy;
  let server: RunningHttpServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "http-proxy-"));
    writeFileSync(
      join(dir, ".mcp.json"),
      JSON.stringify({
        mcpServers: { everything: { command: process.execPath, args: [everything, "stdio"] } },
      }),
    );
    fake = createFakeCoder({ buildStepMs: 5 });
    const coderUrl = (await fake.listen()).url;
    proxy = await McpProxy.start({ configPaths: [join(dir, ".mcp.json")], initializeTimeoutMs: 15_000 });
    server = await startHttpServer({
      coderUrl,
      selection: { readOnly: true },
      host: "127.0.0.1",
      port: 0,
      maxBodyBytes: 64 * 1024,
      log: () => {},
      proxy,
    });
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
    await proxy?.close();
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("lists and calls a proxied tool next to Coder's tools, with --read-only applied to both", async () => {
    const client = await connectHttp(
      `${server.url}/mcp`,
      { "Coder-Session-Token": fake.member.token },
      "auto",
    );
    try {
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names).toContain("coder_list_workspaces");
      expect(names).toContain("everything__echo");
      expect(names).not.toContain("coder_create_workspace");
      const echo = await client.callTool({ name: "everything__echo", arguments: { message: "over http" } });
      expect(echo.isError).toBeFalsy();
      expect(JSON.stringify(echo.content)).toContain("over http");
    } finally {
      await client.close();
    }
  }, 30_000);

  it("still refuses callers without a token Coder accepts", async () => {
    const response = await fetch(`${server.url}/mcp`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    expect(response.status).toBe(401);
  });
});
