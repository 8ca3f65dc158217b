/**
 * A stdio MCP server with one no-op tool, for bench/servers.ts. `bare`: the MCP SDK's own
 * `McpServer` and `registerTool`; `ours`: the same tool defined with `defineTool` and served the
 * way `coder-toolsdk serve` serves (our MCP server builder, `serveStdio`, both protocol eras).
 */
import { McpServer } from "@modelcontextprotocol/server";
import { serveStdio } from "@modelcontextprotocol/server/stdio";
import { z } from "zod";
import { CoderClient, defineTool, READ_ONLY } from "../src/index.js";
import { buildMcpServer } from "../src/server/mcp-server.js";

const mode = process.argv[2];
if (mode === "bare") {
  serveStdio(() => {
    const server = new McpServer({ name: "bare", version: "1.0.0" });
    server.registerTool(
      "noop",
      { description: "Does nothing.", inputSchema: z.object({ text: z.string() }) },
      async ({ text }) => ({ content: [{ type: "text", text }] }),
    );
    return server;
  });
} else if (mode === "ours") {
  const noop = defineTool({
    name: "noop",
    title: "No-op",
    description: "Does nothing.",
    toolset: "users",
    annotations: READ_ONLY,
    input: z.object({ text: z.string() }),
    output: z.object({ text: z.string() }),
    handler: ({ text }) => ({ text }),
  });
  // Never used by the no-op tool; the server needs a client to hand to tools.
  const client = new CoderClient({ url: "http://127.0.0.1:9", token: "bench-unused-token" });
  serveStdio(() => buildMcpServer({ client, tools: [noop] }));
} else {
  console.error("usage: servers-stdio-child.ts bare|ours");
  process.exit(2);
}
