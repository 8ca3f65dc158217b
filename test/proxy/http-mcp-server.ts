import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { z } from "zod";

// A Streamable HTTP MCP server started in the test (SDK v1, stateless: one server per POST), with
// tools that answer with every kind of content block, and a record of the headers it received.

/** A 1×1 PNG, base64. */
export const PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
/** A few bytes of WAV, base64. */
export const WAV = Buffer.from("RIFF\0\0\0\0WAVEfmt ").toString("base64");

function buildServer(): McpServer {
  const server = new McpServer({ name: "blocks", version: "1.0.0" });
  server.registerTool(
    "all_blocks",
    {
      title: "Every content kind",
      description: "Returns one block of each MCP content kind.",
      inputSchema: { label: z.string().describe("A label echoed back") },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ label }) => ({
      content: [
        { type: "text", text: `label: ${label}` },
        { type: "image", data: PNG, mimeType: "image/png" },
        { type: "audio", data: WAV, mimeType: "audio/wav" },
        {
          type: "resource",
          resource: { uri: "file:///notes.txt", mimeType: "text/plain", text: "embedded notes" },
        },
        { type: "resource_link", uri: "file:///big.log", name: "big.log", mimeType: "text/plain" },
      ],
    }),
  );
  server.registerTool("fail", { description: "Always reports a failure.", inputSchema: {} }, async () => ({
    content: [{ type: "text", text: "the widget is broken" }],
    isError: true,
  }));
  server.registerTool(
    "structured",
    {
      description: "Returns structured content.",
      inputSchema: {},
      outputSchema: { total: z.number() },
      annotations: { readOnlyHint: true },
    },
    async () => ({ content: [{ type: "text", text: '{"total":3}' }], structuredContent: { total: 3 } }),
  );
  return server;
}

/** A listening server: its URL, the headers of every request, and a way to stop it. */
export interface TestHttpServer {
  url: string;
  /** Headers of every request that reached the MCP endpoint. */
  received: IncomingHttpHeaders[];
  close(): Promise<void>;
}

/**
 * Serve the MCP endpoint at `/mcp` on 127.0.0.1. `redirects` maps a path to a `Location` answered
 * with 307 (to test redirect rules).
 */
export async function startHttpMcpServer(redirects: Record<string, string> = {}): Promise<TestHttpServer> {
  const received: IncomingHttpHeaders[] = [];
  const http: Server = createServer(async (req, res) => {
    const target = redirects[req.url ?? ""];
    if (target) {
      res.writeHead(307, { location: target }).end();
      return;
    }
    if (req.url !== "/mcp") {
      res.writeHead(404).end();
      return;
    }
    received.push(req.headers);
    if (req.method !== "POST") {
      res.writeHead(405, { allow: "POST" }).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    const server = buildServer();
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    res.on("close", () => {
      transport.close().catch(() => {});
      server.close().catch(() => {});
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}

/** The same tools over the older HTTP+SSE transport: `GET /sse` opens the stream, `POST /messages` sends. */
export async function startSseMcpServer(): Promise<TestHttpServer> {
  const received: IncomingHttpHeaders[] = [];
  const sessions = new Map<string, SSEServerTransport>();
  const http: Server = createServer(async (req, res) => {
    received.push(req.headers);
    const url = new URL(req.url ?? "/", "http://localhost");
    if (req.method === "GET" && url.pathname === "/sse") {
      const transport = new SSEServerTransport("/messages", res);
      sessions.set(transport.sessionId, transport);
      res.on("close", () => sessions.delete(transport.sessionId));
      await buildServer().connect(transport);
      return;
    }
    const transport = sessions.get(url.searchParams.get("sessionId") ?? "");
    if (req.method === "POST" && url.pathname === "/messages" && transport) {
      await transport.handlePostMessage(req, res);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/sse`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}
