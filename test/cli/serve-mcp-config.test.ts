import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXIT } from "../../src/cli/io.js";
import { runCli } from "../../src/cli/program.js";
import { createFakeCoder, type FakeCoder } from "../../src/testing/index.js";

// `coder-toolsdk serve` over stdio with the project's .mcp.json: Coder's tools and the proxied
// ones on one server, spoken to in raw JSON-RPC lines on the command's own streams.

const everything = resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js");
let root: string;
let fake: FakeCoder;
let coderUrl: string;
beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "serve-mcp-"));
  fake = createFakeCoder({ buildStepMs: 5 });
  coderUrl = (await fake.listen()).url;
});
afterEach(async () => {
  await fake.close();
  rmSync(root, { recursive: true, force: true });
});

function serve(...argv: string[]) {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  let stderr = "";
  const pending = new Map<number, (message: Record<string, unknown>) => void>();
  let buffer = "";
  stdout.on("data", (chunk: Buffer) => {
    buffer += chunk.toString("utf8");
    for (let at = buffer.indexOf("\n"); at >= 0; at = buffer.indexOf("\n")) {
      const message = JSON.parse(buffer.slice(0, at)) as Record<string, unknown>;
      buffer = buffer.slice(at + 1);
      if (typeof message.id === "number") pending.get(message.id)?.(message);
    }
  });
  const exit = runCli(["serve", ...argv], {
    stdout: () => {},
    stderr: (text) => {
      stderr += text;
    },
    host: {
      platform: "linux",
      env: { HOME: root, CODER_URL: coderUrl, CODER_SESSION_TOKEN: fake.owner.token },
      home: root,
      cwd: root,
      now: () => new Date(),
    },
    streams: { stdin, stdout },
  });
  let id = 0;
  const rpc = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<Record<string, unknown>>((done) => {
      id += 1;
      pending.set(id, done);
      stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id, method, params })}\n`);
    });
  return {
    exit,
    stderr: () => stderr,
    async start() {
      await rpc("initialize", {
        protocolVersion: "2025-06-18",
        capabilities: {},
        clientInfo: { name: "test", version: "1.0.0" },
      });
      stdin.write(`${JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" })}\n`);
    },
    rpc,
    stop: () => stdin.end(),
  };
}

describe("coder-toolsdk serve with .mcp.json", () => {
  it("serves Coder's tools and the project's MCP servers on one stdio server", async () => {
    const config = { mcpServers: { everything: { command: process.execPath, args: [everything, "stdio"] } } };
    writeFileSync(join(root, ".mcp.json"), JSON.stringify(config));
    const server = serve();
    await server.start();
    const list = (await server.rpc("tools/list")).result as { tools: { name: string }[] };
    const names = list.tools.map((t) => t.name);
    expect(names).toContain("coder_list_workspaces");
    expect(names).toContain("everything__echo");
    const echo = (await server.rpc("tools/call", { name: "everything__echo", arguments: { message: "hi" } }))
      .result as { content: unknown[] };
    expect(echo.content).toEqual([{ type: "text", text: "Echo: hi" }]);
    server.stop();
    expect(await server.exit).toBe(EXIT.ok);
    expect(server.stderr()).toMatch(/MCP servers\s*: everything\s+stdio\s+connected\s+\d+/);
  });

  it("serves only Coder's tools with --no-mcp-config", async () => {
    writeFileSync(join(root, ".mcp.json"), JSON.stringify({ mcpServers: { everything: { command: "x" } } }));
    const server = serve("--no-mcp-config");
    await server.start();
    const list = (await server.rpc("tools/list")).result as { tools: { name: string }[] };
    expect(list.tools.some((t) => t.name.startsWith("everything__"))).toBe(false);
    server.stop();
    expect(await server.exit).toBe(EXIT.ok);
  });
});
