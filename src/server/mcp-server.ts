import { McpServer } from "@modelcontextprotocol/server";
import {
  type CoderMcpOptions,
  type McpServerLike,
  type McpToolExtra,
  registerCoderTools,
} from "../adapters/mcp/index.js";
import { selectTools, standardTools, toolsetInstructions } from "../tools/index.js";
import { VERSION } from "../version.js";

/** Options of {@link buildMcpServer}. */
export interface BuildMcpServerOptions extends CoderMcpOptions {
  instructions?: string;
  /**
   * Also aborts every tool call on this server instance. The HTTP server uses it to deliver a
   * 2025-era client's `notifications/cancelled`, which arrives as its own POST and so never reaches
   * the stateless instance that runs the call.
   */
  cancel?: AbortSignal;
}

/** Each call's signal, joined with `cancel`. Methods stay bound to the SDK's own object. */
function withCancel(extra: McpToolExtra, cancel: AbortSignal): McpToolExtra {
  const req = extra.mcpReq;
  const own = req?.signal ?? extra.signal;
  const signal = own ? AbortSignal.any([own, cancel]) : cancel;
  if (!req) return Object.assign(Object.create(extra) as McpToolExtra, { signal });
  const mcpReq = new Proxy(req, {
    get(target, key) {
      if (key === "signal") return signal;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return new Proxy(extra, {
    get(target, key) {
      if (key === "mcpReq") return mcpReq;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/**
 * An SDK v2 `McpServer` with the selected Coder tools and prompts (what `createCoderMcpServer`
 * builds), plus an optional signal that cancels its calls from outside. Named `coder-toolsdk`.
 */
export function buildMcpServer(options: BuildMcpServerOptions): McpServer {
  const { cancel, instructions, ...coder } = options;
  const tools = selectTools(coder.tools ?? standardTools, coder);
  const text = instructions ?? toolsetInstructions(tools);
  const server = new McpServer(
    { name: "coder-toolsdk", version: VERSION },
    text ? { instructions: text } : {},
  );
  const target = server as unknown as McpServerLike;
  const mount: McpServerLike = cancel
    ? {
        registerTool: (name, config, callback) =>
          target.registerTool(name, config, (args, extra) => callback(args, withCancel(extra, cancel))),
        registerPrompt: (name, config, callback) => target.registerPrompt(name, config, callback),
        server: target.server,
      }
    : target;
  registerCoderTools(mount, coder);
  return server;
}
