/**
 * Your own MCP server, with the Coder tools mounted next to a tool of your own. It speaks MCP over
 * stdio, so an MCP client starts it as a command:
 *
 *   CODER_URL=https://coder.example.com CODER_SESSION_TOKEN=… npx tsx examples/mcp-server.ts
 *
 * Built on `@modelcontextprotocol/sdk` 1.x; the same `registerCoderTools` call works on a v2
 * `McpServer` from `@modelcontextprotocol/server`.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";
import { registerCoderTools } from "../src/adapters/mcp/index.js";
import { CoderClient } from "../src/index.js";

const server = new McpServer({ name: "platform-tools", version: "1.0.0" });

// A tool of your own.
server.registerTool(
  "platform_oncall",
  {
    title: "Who is on call",
    description: "The engineer on call for the platform team this week.",
    inputSchema: z.object({}),
  },
  async () => ({ content: [{ type: "text", text: "alice" }] }),
);

// The Coder tools: read-only workspace and template tools, acting as the user in the environment.
const coder = registerCoderTools(server, {
  client: CoderClient.fromEnv(),
  toolsets: ["workspaces", "templates"],
  readOnly: true,
});

await server.connect(new StdioServerTransport());
// stdout carries the protocol; say hello on stderr.
console.error(`platform-tools: serving platform_oncall and ${coder.tools.length} Coder tools on stdio`);
