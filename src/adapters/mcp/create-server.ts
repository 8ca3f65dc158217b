import type * as ServerSdk from "@modelcontextprotocol/server";
import type { McpServer } from "@modelcontextprotocol/server";
import { detectCapabilities } from "../../client/capabilities.js";
import { CoderClient } from "../../client/coder-client.js";
import { createToolHost } from "../../tools/framework/tool-host.js";
import { standardTools, toolsetInstructions } from "../../tools/index.js";
import { VERSION } from "../../version.js";
import { type CoderMcpOptions, mountCoderTools } from "./register.js";
import type { McpServerLike } from "./server-like.js";

/** Options of {@link createCoderMcpServer}. */
export interface CreateCoderMcpServerOptions extends CoderMcpOptions {
  /** Server name reported to clients. Default: `coder-toolsdk`. */
  name?: string;
  /** Server version reported to clients. Default: this package's version. */
  version?: string;
  /**
   * Instructions for the model. Default: the `instructions` of every toolset with a selected
   * tool, each under its title.
   */
  instructions?: string;
  /**
   * Ask the deployment what it serves (`detectCapabilities`) and leave out the tools it cannot
   * serve (the task tools on current Coder, the chat tools on older Coder, port forwarding without
   * an app host), so the model is never offered a tool that can only fail. Default `true` when
   * `client` is a `CoderClient` and no `capabilities` are given; a failed detection (network, auth)
   * offers every selected tool. A client factory is not probed: pass `capabilities` yourself.
   */
  detectCapabilities?: boolean;
}

/**
 * Build a ready MCP server with the selected Coder tools, the fitting prompts and instructions,
 * on `@modelcontextprotocol/server` (SDK v2, an optional peer dependency loaded on first call).
 * Connect it to any transport (`server.connect(transport)`), or serve it over HTTP.
 *
 * Why v2: it lists our JSON Schema (2020-12) exactly as `toolInputJsonSchema` gives it and leaves
 * validation to our call path, so a bad argument reaches the model as our message (field path,
 * expected shape). To mount the tools on a server you already have (v1 or v2), use
 * {@link registerCoderTools}.
 *
 * @throws {Error} when `@modelcontextprotocol/server` is not installed.
 * @throws {ToolSelectionError} for unknown toolsets or tool names, or an invalid pin.
 */
export async function createCoderMcpServer(options: CreateCoderMcpServerOptions): Promise<McpServer> {
  const { client } = options;
  const probe =
    options.capabilities === undefined && options.detectCapabilities !== false && isCoderClient(client);
  // Unavailable capabilities are no reason not to serve: calls then report what is missing.
  const capabilities = probe ? await detectCapabilities(client).catch(() => undefined) : options.capabilities;
  const host = createToolHost({ ...options, ...(capabilities ? { capabilities } : {}) }, standardTools);
  let sdk: typeof ServerSdk;
  try {
    sdk = await import("@modelcontextprotocol/server");
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `createCoderMcpServer needs the optional peer dependency @modelcontextprotocol/server (npm install @modelcontextprotocol/server): ${reason}`,
    );
  }
  const instructions = options.instructions ?? toolsetInstructions(host.tools);
  const server = new sdk.McpServer(
    { name: options.name ?? "coder-toolsdk", version: options.version ?? VERSION },
    { ...(instructions ? { instructions } : {}) },
  );
  mountCoderTools(server as unknown as McpServerLike, host, options);
  return server;
}

// A factory is a plain function; a client is an instance (of this copy of the package, or of another
// one, which still has the methods detectCapabilities uses).
function isCoderClient(value: unknown): value is CoderClient {
  return (
    value instanceof CoderClient || (typeof value === "object" && value !== null && "workspaces" in value)
  );
}
