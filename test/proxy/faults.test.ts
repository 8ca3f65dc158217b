import path from "node:path";
import { describe, expect, it } from "vitest";
import { createToolRouter } from "../../src/adapters/router/index.js";
import { CoderClient } from "../../src/client/index.js";
import { McpProxy, type McpServerConfig } from "../../src/proxy/index.js";
import { startHttpMcpServer } from "./http-mcp-server.js";

// Servers that fail in every way a workspace's server can: each is reported with its reason, the
// others keep working, and close() leaves no child process behind.

const fixtures = path.resolve("test/proxy/fixtures");
const everything = path.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js");
// Never called: the proxied tools do not touch Coder, but every door is built around a client.
const client = new CoderClient({ url: "http://127.0.0.1:9", token: "unused-token", retry: false });

function stdio(name: string, args: string[], command = process.execPath): McpServerConfig {
  return { name, transport: "stdio", command, args, source: "test", format: "mcp.json" };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("McpProxy faults", () => {
  it("reports each broken server with its reason while the working one serves its tools", async () => {
    const proxy = await McpProxy.start({
      servers: [
        stdio("good", [everything, "stdio"]),
        stdio("hangs", [path.join(fixtures, "hang-on-initialize.mjs")]),
        stdio("garbage", [path.join(fixtures, "garbage-stdout.mjs")]),
        stdio("missing", [], "/nonexistent/mcp-server-binary"),
        {
          name: "unreachable",
          transport: "http",
          url: "http://127.0.0.1:9/mcp",
          source: "test",
          format: "mcp.json",
        },
      ],
      initializeTimeoutMs: 3_000,
    });
    try {
      const status = Object.fromEntries(proxy.status().map((s) => [s.name, s]));
      expect(status.good?.state).toBe("connected");
      expect(status.hangs).toMatchObject({ state: "failed", tools: [] });
      expect(status.hangs?.error).toMatch(/^initialize failed: .*timed out/i);
      expect(status.garbage?.state).toBe("failed");
      expect(status.garbage?.error).toMatch(/^initialize failed: .*(JSON|Unexpected token)/i);
      expect(status.missing?.error).toBe("initialize failed: spawn /nonexistent/mcp-server-binary ENOENT");
      expect(status.unreachable?.state).toBe("failed");
      expect(status.unreachable?.error).toMatch(/^initialize failed: .*(fetch failed|ECONNREFUSED)/i);
      expect(proxy.tools.every((t) => t.name.startsWith("good__"))).toBe(true);

      const router = createToolRouter({ client, tools: proxy.tools });
      expect(await router.call("good__echo", { message: "still here" })).toMatchObject({
        ok: true,
        text: "Echo: still here",
      });
    } finally {
      await proxy.close();
    }
  });

  it("fails a call whose server exits mid-call, keeps its last tool list, and reconnects on refresh", async () => {
    const proxy = await McpProxy.start({
      servers: [
        stdio("crashy", [path.join(fixtures, "exits-during-call.mjs")]),
        stdio("good", [everything, "stdio"]),
      ],
      initializeTimeoutMs: 5_000,
    });
    try {
      const firstPid = proxy.status().find((s) => s.name === "crashy")?.pid;
      expect(firstPid).toBeTypeOf("number");
      const router = createToolRouter({ client, tools: proxy.tools });
      const crashed = await router.call("crashy__crash", {});
      expect(crashed.ok).toBe(false);
      expect(crashed.text).toMatch(/^MCP server "crashy": calling crash failed: .*Connection closed/);
      expect(crashed.text).toContain("crashing on purpose");
      expect(await router.call("good__echo", { message: "unaffected" })).toMatchObject({ ok: true });

      const down = proxy.status().find((s) => s.name === "crashy");
      expect(down).toMatchObject({ state: "failed", tools: ["crashy__ping", "crashy__crash"] });
      const again = await router.call("crashy__ping", {});
      expect(again.text).toMatch(
        /^MCP server "crashy": not connected \(the server closed the connection.*\); it is retried on the next refresh/s,
      );

      await proxy.refresh();
      const back = proxy.status().find((s) => s.name === "crashy");
      expect(back?.state).toBe("connected");
      expect(back?.pid).not.toBe(firstPid);
      expect(await router.call("crashy__ping", {})).toMatchObject({ ok: true, text: "pong" });
    } finally {
      await proxy.close();
    }
  });

  it("keeps a server's last good tool list when it fails on refresh", async () => {
    const http = await startHttpMcpServer();
    const proxy = await McpProxy.start({
      servers: [{ name: "remote", transport: "http", url: http.url, source: "test", format: "mcp.json" }],
      initializeTimeoutMs: 3_000,
    });
    try {
      expect(proxy.status()[0]?.tools).toHaveLength(3);
      await http.close();
      await proxy.refresh();
      const [remote] = proxy.status();
      expect(remote?.state).toBe("failed");
      expect(remote?.error).toMatch(/^tools\/list failed: /);
      expect(remote?.tools).toEqual(["remote__all_blocks", "remote__fail", "remote__structured"]);
    } finally {
      await proxy.close();
    }
  });

  it("ends every child process on close()", async () => {
    const proxy = await McpProxy.start({
      servers: [
        stdio("one", [everything, "stdio"]),
        stdio("two", [path.join(fixtures, "exits-during-call.mjs")]),
      ],
      initializeTimeoutMs: 5_000,
    });
    const pids = proxy.status().map((s) => s.pid);
    expect(pids.every((pid) => typeof pid === "number" && alive(pid))).toBe(true);
    await proxy.close();
    for (const pid of pids) expect(alive(pid as number)).toBe(false);
    expect(proxy.status()).toEqual([]);
  });
});
