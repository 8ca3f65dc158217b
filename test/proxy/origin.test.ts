import { afterEach, describe, expect, it } from "vitest";
import { createToolRouter } from "../../src/adapters/router/index.js";
import { CoderClient } from "../../src/client/index.js";
import { McpProxy, originBoundFetch } from "../../src/proxy/index.js";
import { startHttpMcpServer, startSseMcpServer, type TestHttpServer } from "./http-mcp-server.js";

// Configured headers reach only the server's own origin, and a redirect to another origin is
// refused rather than followed with them.

const servers: TestHttpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe("headers and redirects", () => {
  it("follows a same-origin redirect with the headers and refuses a cross-origin one", async () => {
    const elsewhere = await startHttpMcpServer();
    servers.push(elsewhere);
    // 127.0.0.1 and localhost on the same port are different origins.
    const otherOrigin = elsewhere.url.replace("127.0.0.1", "localhost");
    const home = await startHttpMcpServer({ "/old": "/mcp", "/away": otherOrigin });
    servers.push(home);
    const base = home.url.replace(/\/mcp$/, "");
    const proxy = await McpProxy.start({
      servers: [
        {
          name: "same",
          transport: "http",
          url: `${base}/old`,
          headers: { "X-Secret": "s3" },
          source: "t",
          format: "mcp.json",
        },
        {
          name: "cross",
          transport: "http",
          url: `${base}/away`,
          headers: { "X-Secret": "s3" },
          source: "t",
          format: "mcp.json",
        },
      ],
      initializeTimeoutMs: 3_000,
    });
    try {
      const status = Object.fromEntries(proxy.status().map((s) => [s.name, s]));
      expect(status.same?.state).toBe("connected");
      expect(home.received.every((h) => h["x-secret"] === "s3")).toBe(true);
      expect(status.cross?.state).toBe("failed");
      expect(status.cross?.error).toContain(
        `refused a redirect from ${new URL(base).origin} to another origin (${new URL(otherOrigin).origin})`,
      );
      expect(elsewhere.received).toEqual([]);
    } finally {
      await proxy.close();
    }
  });

  it("connects over the older HTTP+SSE transport, with the headers on the stream and the posts", async () => {
    const sse = await startSseMcpServer();
    servers.push(sse);
    const proxy = await McpProxy.start({
      servers: [
        {
          name: "legacy",
          transport: "sse",
          url: sse.url,
          headers: { "X-Secret": "s3" },
          source: "t",
          format: "mcp.json",
        },
      ],
      initializeTimeoutMs: 3_000,
    });
    try {
      expect(proxy.status()[0]).toMatchObject({ state: "connected", transport: "sse" });
      // The proxied tools never reach Coder; the router is built around an unused client.
      const client = new CoderClient({ url: "http://127.0.0.1:9", token: "unused-token", retry: false });
      const router = createToolRouter({ client, tools: proxy.tools });
      expect(await router.call("legacy__all_blocks", { label: "sse" })).toMatchObject({ ok: true });
      expect(await router.call("legacy__fail", {})).toMatchObject({
        ok: false,
        text: "the widget is broken",
      });
      expect(sse.received.length).toBeGreaterThanOrEqual(2);
      expect(sse.received.every((h) => h["x-secret"] === "s3")).toBe(true);
    } finally {
      await proxy.close();
    }
  });

  it("sends no configured header to another origin", async () => {
    const other = await startHttpMcpServer();
    servers.push(other);
    const fetchFn = originBoundFetch("https://mcp.example.com/mcp", { Authorization: "Bearer secret" });
    await fetchFn(other.url, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(other.received).toHaveLength(1);
    expect(other.received[0]?.authorization).toBeUndefined();
  });
});
