import { z } from "zod";
import { jsonSchemaCarrier } from "../../tools/framework/schema-carrier.js";
import { createToolHost, type ToolHost } from "../../tools/framework/tool-host.js";
import {
  allPrompts,
  type CoderToolsOptions,
  type PromptDefinition,
  selectPrompts,
  standardTools,
  type ToolApprover,
  type ToolProgress,
  type ToolResult,
  toolInputJsonSchema,
  toolOutputJsonSchema,
} from "../../tools/index.js";
import type {
  McpAuthInfo,
  McpPromptShape,
  McpServerLike,
  McpToolExtra,
  McpToolResult,
} from "./server-like.js";

/** What a per-request client factory learns about an MCP request. */
export interface McpRequestInfo {
  /** A request header by (case-insensitive) name, on HTTP transports; `undefined` otherwise. */
  header(name: string): string | undefined;
  /** The bearer token information an authenticating HTTP transport attached, if any. */
  authInfo?: McpAuthInfo;
}

/** Options of {@link registerCoderTools} and `createCoderMcpServer`. */
export interface CoderMcpOptions extends CoderToolsOptions<McpRequestInfo> {
  /**
   * The prompts to offer (each only when all the tools it needs are selected). Default: every
   * prompt this package ships; `[]` for none.
   */
  prompts?: readonly PromptDefinition[];
}

/** What {@link registerCoderTools} mounted. */
export interface RegisteredCoderTools {
  /** Names of the registered tools, in catalogue order. */
  tools: string[];
  /** Names of the registered prompts. */
  prompts: string[];
  /**
   * Unregister every tool and prompt this call registered (the SDK tells connected clients that
   * the lists changed), e.g. to mount a new tool list after the proxied servers changed.
   */
  remove(): void;
}

/**
 * Mount the selected Coder tools, and the prompts whose tools are all selected, on your own
 * `McpServer` (from `@modelcontextprotocol/sdk` 1.x or `@modelcontextprotocol/server` 2.x).
 *
 * Each call builds a fresh tool context (your client, or the client your factory builds for the
 * request), forwards progress as `notifications/progress` when the client sent a progress token,
 * aborts the tool when the client cancels, and answers with our text: the JSON result (plus
 * `structuredContent` for object results, with the tool's `outputSchema`), or `isError: true` with
 * an actionable message for every failure. Destructive tools go through `options.approve`; without
 * one, a client that declared form elicitation is asked to confirm with a one-line summary.
 *
 * SDK v1 differences, which happen before our code runs: `tools/list` shows our JSON Schema with
 * v1's `$schema` (draft-07) added, and an unknown tool name is an `isError` result where v2 answers
 * with a JSON-RPC error.
 *
 * @throws {ToolSelectionError} for unknown toolsets or tool names, or an invalid pin.
 */
export function registerCoderTools(server: McpServerLike, options: CoderMcpOptions): RegisteredCoderTools {
  return mountCoderTools(server, createToolHost(options, standardTools), options);
}

/** Register `host`'s tools and the fitting prompts on `server`. Shared with `createCoderMcpServer`. */
export function mountCoderTools(
  server: McpServerLike,
  host: ToolHost<McpRequestInfo>,
  options: CoderMcpOptions,
): RegisteredCoderTools {
  const handles: unknown[] = [];
  for (const tool of host.tools) {
    // Schemas travel in carriers: SDK v2 lists the carrier's Standard JSON Schema byte for byte;
    // SDK v1 sees a zod loose object and renders it with zod, which merges in our schema as
    // metadata (and v1 adds its draft-07 `$schema`). Both then let every argument through, so our
    // call path validates and words the errors.
    const outputSchema = toolOutputJsonSchema(tool);
    const structured = outputSchema.type === "object";
    const handle = server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: jsonSchemaCarrier(toolInputJsonSchema(tool)),
        ...(structured ? { outputSchema: jsonSchemaCarrier(outputSchema) } : {}),
        annotations: { ...tool.annotations },
      },
      async (args, extra) => {
        const approve = options.approve ? undefined : elicitationApprover(server, extra);
        const signal = extra.mcpReq?.signal ?? extra.signal;
        const progress = progressSender(extra);
        const id = extra.mcpReq?.id ?? extra.requestId;
        const result = await host.call(tool, args, {
          ...(signal ? { signal } : {}),
          ...(progress ? { progress } : {}),
          ...(id !== undefined ? { callId: String(id) } : {}),
          ...(approve ? { approve } : {}),
          request: requestInfo(extra),
        });
        return toMcpResult(result, structured);
      },
    );
    handles.push(handle);
  }

  const prompts = selectPrompts(options.prompts ?? allPrompts, host.tools);
  for (const prompt of prompts) {
    const handle = server.registerPrompt(
      prompt.name,
      { title: prompt.title, description: prompt.description, argsSchema: promptShape(prompt) },
      (args) => ({
        description: prompt.description,
        messages: [{ role: "user", content: { type: "text", text: prompt.render(args) } }],
      }),
    );
    handles.push(handle);
  }
  return {
    tools: host.tools.map((tool) => tool.name),
    prompts: prompts.map((prompt) => prompt.name),
    remove() {
      // Both SDKs return a handle with remove(); a structural server without one keeps its tools.
      for (const handle of handles.splice(0)) (handle as { remove?: () => void } | undefined)?.remove?.();
    },
  };
}

function toMcpResult(result: ToolResult, structured: boolean): McpToolResult {
  // A proxied MCP tool's blocks go out as they came in, with its structuredContent when it sent one.
  if (result.content) {
    const blocks = [...result.content];
    if (!result.ok) return { content: blocks, isError: true };
    return { content: blocks, ...(result.structured ? { structuredContent: result.structured } : {}) };
  }
  const content = [{ type: "text" as const, text: result.text }];
  if (!result.ok) return { content, isError: true };
  if (!structured) return { content };
  // With an outputSchema, both SDKs require structuredContent on every success. When the text was
  // cut to the byte cap, `structured` is left out of the result, so the full value is sent: a cut
  // object would not match the schema the client validates it against.
  const value = result.structured ?? (result.value as Record<string, unknown>);
  return { content, structuredContent: value };
}

function progressSender(extra: McpToolExtra): ((update: ToolProgress) => void) | undefined {
  const token = extra.mcpReq?._meta?.progressToken ?? extra._meta?.progressToken;
  const notify = extra.mcpReq?.notify ?? extra.sendNotification;
  if (token === undefined || !notify) return undefined;
  return (update) => {
    const params = {
      progressToken: token,
      progress: update.progress,
      ...(update.total !== undefined ? { total: update.total } : {}),
      ...(update.message ? { message: update.message } : {}),
    };
    // Progress is best effort: a closed stream must not fail the tool.
    notify({ method: "notifications/progress", params }).catch(() => {});
  };
}

/**
 * The default approval when the host gave no `approve`: ask the user through elicitation if the
 * client declared form elicitation (an empty `elicitation: {}` means form, as in the spec's
 * first version); otherwise `undefined`, and destructive tools run unasked.
 */
function elicitationApprover(server: McpServerLike, extra: McpToolExtra): ToolApprover | undefined {
  const elicitation = server.server.getClientCapabilities()?.elicitation;
  if (!elicitation || (elicitation.url && !elicitation.form)) return undefined;
  const ask = extra.mcpReq?.elicitInput
    ? extra.mcpReq.elicitInput
    : (request: Parameters<McpServerLike["server"]["elicitInput"]>[0], opts?: { signal?: AbortSignal }) =>
        server.server.elicitInput(request, {
          ...opts,
          ...(extra.requestId !== undefined ? { relatedRequestId: extra.requestId } : {}),
        });
  return async ({ summary, ctx }) => {
    const answer = await ask(
      { mode: "form", message: `Allow ${summary}?`, requestedSchema: { type: "object", properties: {} } },
      { signal: ctx.signal },
    );
    if (answer.action === "accept") return true;
    return answer.action === "cancel" ? { approved: false, reason: "the request was dismissed" } : false;
  };
}

function requestInfo(extra: McpToolExtra): McpRequestInfo {
  const authInfo = extra.http?.authInfo ?? extra.authInfo;
  const webHeaders = extra.http?.req?.headers;
  const nodeHeaders = extra.requestInfo?.headers;
  return {
    header(name) {
      if (webHeaders) return webHeaders.get(name) ?? undefined;
      const value = nodeHeaders?.[name.toLowerCase()];
      return Array.isArray(value) ? value.join(", ") : value;
    },
    ...(authInfo ? { authInfo } : {}),
  };
}

// Both SDKs take a raw zod shape of strings for prompt arguments; a required argument is a plain
// string, so the SDK lists it as required.
function promptShape(prompt: PromptDefinition): McpPromptShape {
  return Object.fromEntries(
    prompt.arguments.map((arg) => {
      // The description goes on the outermost schema: that is where SDK v1 looks for it.
      const field = arg.required ? z.string() : z.string().optional();
      return [arg.name, field.describe(arg.description)];
    }),
  );
}
