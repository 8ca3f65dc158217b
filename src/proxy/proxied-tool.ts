import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import {
  type AnyToolDefinition,
  type JsonSchema,
  type ToolContentBlock,
  type ToolContentResult,
  ToolError,
  toolContentResult,
} from "../tools/index.js";

/** Calls a tool on the server that owns it; the proxy supplies it. */
export type ProxiedCall = (
  server: string,
  tool: string,
  args: Record<string, unknown>,
  signal: AbortSignal,
) => Promise<CallToolResult>;

/** The toolset id of a server's proxied tools (`mcp_<server>`, lower-cased, for `toolsets`). */
export function proxyToolsetId(server: string): string {
  return `mcp_${server.toLowerCase().replace(/[^a-z0-9_]/g, "_")}`.slice(0, 64);
}

// Proxied tools accept any object here: the listed schema is the server's own (inputJsonSchema),
// and the server validates its arguments itself.
const anyArguments = z.looseObject({});
const anyResult = z.unknown();

/**
 * A tool of a proxied server as one of ours: named `name`, its input schema listed as the server
 * gave it, its annotations carried over (the MCP defaults where the server gave none, so an
 * unannotated tool counts as neither read-only nor safe), and its result passed on as the server's
 * content blocks.
 */
export function proxiedToolDefinition(
  name: string,
  server: string,
  tool: Tool,
  call: ProxiedCall,
): AnyToolDefinition {
  const hints = tool.annotations ?? {};
  return Object.freeze({
    name,
    title: tool.title ?? hints.title ?? tool.name,
    description: tool.description?.trim() || `Tool ${tool.name} of the MCP server ${server}.`,
    toolset: proxyToolsetId(server),
    annotations: Object.freeze({
      // The MCP spec's defaults for a hint the server left out.
      readOnlyHint: hints.readOnlyHint ?? false,
      destructiveHint: hints.destructiveHint ?? true,
      idempotentHint: hints.idempotentHint ?? false,
      openWorldHint: hints.openWorldHint ?? true,
    }),
    input: anyArguments,
    inputJsonSchema: tool.inputSchema as JsonSchema,
    output: anyResult,
    async handler(args: Record<string, unknown>, ctx: { signal: AbortSignal }): Promise<ToolContentResult> {
      let result: CallToolResult;
      try {
        result = await call(server, tool.name, args, ctx.signal);
      } catch (error) {
        throw new ToolError(
          `MCP server "${server}": ${error instanceof Error ? error.message : String(error)}`,
          {
            hint: "the server may be restarting; try again later or use another tool",
          },
        );
      }
      return toolContentResult(mapContent(result), {
        isError: result.isError === true,
        ...(isRecord(result.structuredContent) ? { structuredContent: result.structuredContent } : {}),
      });
    },
  }) as unknown as AnyToolDefinition;
}

/**
 * The server's content blocks, kept as they are when they are one of the five MCP kinds; anything
 * else (a newer kind) becomes a text note, as Coder's agent does. A result in the 2024 `toolResult`
 * form becomes its JSON text.
 */
export function mapContent(result: CallToolResult): ToolContentBlock[] {
  const content = (result as { content?: unknown }).content;
  if (!Array.isArray(content)) {
    const legacy = (result as { toolResult?: unknown }).toolResult;
    return legacy === undefined ? [] : [{ type: "text", text: JSON.stringify(legacy) }];
  }
  return content.map((block: { type?: unknown }): ToolContentBlock => {
    switch (block.type) {
      case "text":
      case "image":
      case "audio":
      case "resource":
      case "resource_link":
        return block as ToolContentBlock;
      default:
        return { type: "text", text: `[unsupported content type: ${String(block.type)}]` };
    }
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
