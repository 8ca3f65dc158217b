import { Client as ClientV2 } from "@modelcontextprotocol/client";
import { Client as ClientV1 } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport as InMemoryV1 } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer as McpServerV1 } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { InMemoryTransport as InMemoryV2, McpServer as McpServerV2 } from "@modelcontextprotocol/server";

/** The MCP SDK majors, each driven with its own `Client` over its own in-memory transport. */

/** What a test sees of a tools/list entry. */
export interface ListedTool {
  name: string;
  title?: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}

/** What a test sees of a tools/call result. */
export interface CallResult {
  content: { type: string; text?: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

/** A connected client, the same calls whichever SDK is underneath. */
export interface McpTestClient {
  listTools(): Promise<ListedTool[]>;
  callTool(
    name: string,
    args: Record<string, unknown>,
    options?: { signal?: AbortSignal; onprogress?: (p: { progress: number; message?: string }) => void },
  ): Promise<CallResult>;
  listPrompts(): Promise<{ name: string; arguments?: { name: string; required?: boolean }[] }[]>;
  getPrompt(
    name: string,
    args: Record<string, string>,
  ): Promise<{
    description?: string;
    messages: { role: string; content: { type: string; text?: string } }[];
  }>;
  instructions(): string | undefined;
  close(): Promise<void>;
}

/** How a client answers an elicitation request; leaving it out declares no elicitation support. */
export type ElicitHandler = (request: { message: string }) => { action: "accept" | "decline" | "cancel" };

/** One SDK major: a fresh `McpServer`, and a client connected to a server over memory. */
export interface McpSdk {
  label: "v1" | "v2";
  newServer(): McpServerV1 | McpServerV2;
  connect(server: McpServerV1 | McpServerV2, elicit?: ElicitHandler): Promise<McpTestClient>;
}

const clientInfo = { name: "coder-toolsdk-test", version: "1.0.0" };

export const sdkV1: McpSdk = {
  label: "v1",
  newServer: () => new McpServerV1({ name: "test", version: "1.0.0" }),
  async connect(server, elicit) {
    const client = new ClientV1(clientInfo, { capabilities: elicit ? { elicitation: { form: {} } } : {} });
    if (elicit) client.setRequestHandler(ElicitRequestSchema, (request) => elicit(request.params));
    const [clientSide, serverSide] = InMemoryV1.createLinkedPair();
    await Promise.all([(server as McpServerV1).connect(serverSide), client.connect(clientSide)]);
    return {
      listTools: async () => (await client.listTools()).tools as ListedTool[],
      callTool: async (name, args, options) =>
        (await client.callTool({ name, arguments: args }, undefined, options)) as CallResult,
      listPrompts: async () => (await client.listPrompts()).prompts,
      getPrompt: (name, args) => client.getPrompt({ name, arguments: args }),
      instructions: () => client.getInstructions(),
      close: () => client.close(),
    };
  },
};

export const sdkV2: McpSdk = {
  label: "v2",
  newServer: () => new McpServerV2({ name: "test", version: "1.0.0" }),
  async connect(server, elicit) {
    const client = new ClientV2(clientInfo, { capabilities: elicit ? { elicitation: { form: {} } } : {} });
    if (elicit) client.setRequestHandler("elicitation/create", (request) => elicit(request.params));
    const [clientSide, serverSide] = InMemoryV2.createLinkedPair();
    await Promise.all([(server as McpServerV2).connect(serverSide), client.connect(clientSide)]);
    return {
      listTools: async () => (await client.listTools()).tools as ListedTool[],
      callTool: async (name, args, options) =>
        (await client.callTool({ name, arguments: args }, options)) as CallResult,
      listPrompts: async () => (await client.listPrompts()).prompts,
      getPrompt: (name, args) => client.getPrompt({ name, arguments: args }),
      instructions: () => client.getInstructions(),
      close: () => client.close(),
    };
  },
};

/** Both majors, for `describe.each`. */
export const SDKS = [sdkV1, sdkV2] as const;
