import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CoderClient } from "../../src/client/index.js";
import { McpProxy, type McpServerStatus, mountProxiedTools } from "../../src/proxy/index.js";
import { sdkV1, sdkV2 } from "../adapters/mcp/sdks.js";

const fixtures = path.resolve("test/proxy/fixtures");

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolve when `check` holds, polling; reject after `ms` (a guard against hanging, not a timing assertion). */
async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("condition not reached");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("child processes when the parent is stopped", () => {
  it.each(["SIGTERM", "SIGINT"] as const)(
    "ends the stdio servers when the parent gets %s",
    async (signal) => {
      const parent = spawn(process.execPath, ["--import", "tsx", path.join(fixtures, "parent.mts")], {
        stdio: ["ignore", "pipe", "inherit"],
      });
      let out = "";
      parent.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString("utf8");
      });
      await until(() => out.includes("\n"), 15_000);
      const [status] = JSON.parse(out) as McpServerStatus[];
      const pid = status?.pid as number;
      expect(status?.state).toBe("connected");
      expect(alive(pid)).toBe(true);
      const exited = once(parent, "exit");
      parent.kill(signal);
      const [, exitSignal] = await exited;
      // The parent still dies of the signal (our handler raised it again) …
      expect(exitSignal).toBe(signal);
      // … and took its child with it.
      await until(() => !alive(pid));
      expect(alive(pid)).toBe(false);
    },
  );
});

describe("config watcher", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "proxy-watch-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("adds and removes servers when the config changes, without a restart", async () => {
    const file = path.join(dir, ".mcp.json");
    // This fixture exits when its stdin closes, so a removed server ends at once.
    const server = (name: string) => ({
      [name]: { command: process.execPath, args: [path.join(fixtures, "exits-during-call.mjs")] },
    });
    await writeFile(file, JSON.stringify({ mcpServers: server("first") }));
    let changes = 0;
    const proxy = await McpProxy.start({
      configPaths: [file],
      initializeTimeoutMs: 10_000,
      onChange: () => {
        changes++;
      },
    });
    try {
      proxy.watch({ debounceMs: 100 });
      const firstPid = proxy.status()[0]?.pid as number;
      expect(proxy.tools.map((t) => t.name)).toEqual(["first__crash", "first__ping"]);

      let seen = changes;
      await writeFile(file, JSON.stringify({ mcpServers: { ...server("first"), ...server("second") } }));
      await until(() => changes > seen && proxy.tools.length === 4);
      expect(proxy.tools.map((t) => t.name)).toEqual([
        "first__crash",
        "first__ping",
        "second__crash",
        "second__ping",
      ]);
      // The unchanged server kept its connection.
      expect(proxy.status()[0]?.pid).toBe(firstPid);

      seen = changes;
      await writeFile(file, JSON.stringify({ mcpServers: server("second") }));
      await until(() => changes > seen && proxy.tools.length === 2);
      expect(proxy.status().map((s) => s.name)).toEqual(["second"]);
      await until(() => !alive(firstPid));
      expect(alive(firstPid)).toBe(false);
    } finally {
      await proxy.close();
    }
  });

  it.each([sdkV1, sdkV2])(
    "keeps a mounted MCP server's tools in step with the config ($label)",
    async (sdk) => {
      const file = path.join(dir, ".mcp.json");
      const quick = { command: process.execPath, args: [path.join(fixtures, "exits-during-call.mjs")] };
      await writeFile(file, JSON.stringify({ mcpServers: { one: quick } }));
      const proxy = await McpProxy.start({ configPaths: [file], initializeTimeoutMs: 10_000 });
      const server = sdk.newServer();
      const client = new CoderClient({ url: "http://127.0.0.1:9", token: "unused-token", retry: false });
      const mounted = mountProxiedTools(server, proxy, { client });
      const mcp = await sdk.connect(server);
      try {
        proxy.watch({ debounceMs: 100 });
        expect((await mcp.listTools()).map((t) => t.name)).toEqual(["one__crash", "one__ping"]);
        await writeFile(file, JSON.stringify({ mcpServers: { two: quick } }));
        await until(() => mounted.tools.includes("two__ping"));
        expect((await mcp.listTools()).map((t) => t.name)).toEqual(["two__crash", "two__ping"]);
        expect(await mcp.callTool("two__ping", {})).toMatchObject({
          content: [{ type: "text", text: "pong" }],
        });
        mounted.close();
        expect(await mcp.listTools()).toEqual([]);
      } finally {
        await mcp.close();
        await proxy.close();
      }
    },
  );

  it("watches a config whose directory does not exist yet, and reports a malformed file", async () => {
    const file = path.join(dir, "sub", ".mcp.json");
    const proxy = await McpProxy.start({ configPaths: [file], initializeTimeoutMs: 10_000 });
    try {
      proxy.watch({ debounceMs: 100 });
      expect(proxy.status()).toEqual([]);
      const { mkdir } = await import("node:fs/promises");
      await mkdir(path.dirname(file));
      await new Promise((resolve) => setTimeout(resolve, 200));
      await writeFile(file, "{ broken");
      await until(() => proxy.configErrors.length === 1);
      expect(proxy.configErrors[0]).toMatchObject({ path: file });
      expect(proxy.configErrors[0]?.message).toMatch(/^not valid JSON/);
    } finally {
      await proxy.close();
    }
  });
});
