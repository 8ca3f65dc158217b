import { decodeToolArguments } from "../../tools/framework/arguments.js";
import { createToolHost } from "../../tools/framework/tool-host.js";
import {
  type AnyToolDefinition,
  type CoderToolsOptions,
  standardTools,
  type ToolFailureReason,
  toolInputJsonSchema,
} from "../../tools/index.js";
import {
  assertFormat,
  type ToolDefinitionFormat,
  type ToolDefinitionsByFormat,
  toolDefinition,
} from "./definitions.js";
import { nullsToAbsent } from "./strict-schema.js";

/** What a per-call client factory learns about a routed call. */
export interface RouterCallInfo {
  /** The tool's name. */
  name: string;
  /** The model's id for the call, when the helper or caller passed one. */
  callId?: string;
}

/** Options of {@link createToolRouter}. */
export interface ToolRouterOptions extends CoderToolsOptions<RouterCallInfo> {
  /**
   * Give the OpenAI formats strict-mode schemas (`strict: true`): every property required,
   * optional ones nullable, unsupported keywords removed. Calls then map a `null` the tool's real
   * schema does not accept back to "absent" before validation.
   */
  strict?: boolean;
}

/** The model named a tool that is not offered. */
export interface UnknownToolReason {
  kind: "unknown_tool";
  message: string;
  /** The tools that are offered. */
  available: string[];
}

/** Why a routed call failed: a tool failure, or an unknown tool name. */
export type RouterFailureReason = ToolFailureReason | UnknownToolReason;

/** The outcome of {@link ToolRouter.call}. `text` is what to send back to the model either way. */
export type RouterCallResult =
  | { ok: true; result: unknown; text: string }
  | { ok: false; error: RouterFailureReason; text: string };

/** Per-call options. */
export interface RouterCallOptions {
  /** Aborts the call (it then fails as `cancelled`). */
  signal?: AbortSignal;
  /** The model's id for the call (reaches `onToolCall` events and a client factory). */
  callId?: string;
}

/** A tool call from an OpenAI Chat Completions `message.tool_calls` (custom tool calls are skipped). */
export interface OpenAIChatToolCallLike {
  id: string;
  type: string;
  function?: { name: string; arguments: string };
}

/** The answer to one Chat Completions tool call: a `tool` message. */
export interface OpenAIChatToolMessage {
  role: "tool";
  tool_call_id: string;
  content: string;
}

/** An item of an OpenAI Responses `response.output` (only `function_call` items are run). */
export interface OpenAIResponsesItemLike {
  type: string;
  call_id?: string | null;
  name?: string | null;
  arguments?: unknown;
}

/** The answer to one Responses function call, to add to the next request's `input`. */
export interface OpenAIFunctionCallOutput {
  type: "function_call_output";
  call_id: string;
  output: string;
}

/** A block of an Anthropic assistant message's `content` (only `tool_use` blocks are run). */
export interface AnthropicContentBlockLike {
  type: string;
  id?: string;
  name?: string;
  input?: unknown;
}

/** The answer to one Anthropic `tool_use` block, for the next user message. */
export interface AnthropicToolResultBlock {
  type: "tool_result";
  tool_use_id: string;
  content: string;
  /** Set (true) on failures only. */
  is_error?: true;
}

/** Tool definitions in each API's shape, and one call path for what the model asks. */
export interface ToolRouter {
  /** The offered tools, after selection. */
  readonly tools: readonly AnyToolDefinition[];
  /**
   * The tools in `format`: `openai-chat` (Chat Completions `tools`), `openai-responses`
   * (Responses `tools`), `anthropic` (Messages `tools`) or `json-schema` (MCP-style, with output
   * schemas and hints). Fresh copies each time, safe to modify.
   *
   * @throws {TypeError} for an unknown format, naming the valid ones.
   */
  definitions<F extends ToolDefinitionFormat>(format: F): ToolDefinitionsByFormat[F][];
  /**
   * Run the tool `name` with `args` (an object, or the JSON text the model wrote). Never rejects;
   * an unknown name fails listing the offered names.
   */
  call(name: string, args: unknown, options?: RouterCallOptions): Promise<RouterCallResult>;
  /** Run a Chat Completions turn's tool calls, concurrently; answers in the calls' order. */
  runChatToolCalls(
    toolCalls: readonly OpenAIChatToolCallLike[] | null | undefined,
    options?: { signal?: AbortSignal },
  ): Promise<OpenAIChatToolMessage[]>;
  /** Run the `function_call` items of a Responses output, concurrently; answers in their order. */
  runResponsesFunctionCalls(
    output: readonly OpenAIResponsesItemLike[],
    options?: { signal?: AbortSignal },
  ): Promise<OpenAIFunctionCallOutput[]>;
  /** Run the `tool_use` blocks of an Anthropic message, concurrently; answers in their order. */
  runAnthropicToolUses(
    content: readonly AnthropicContentBlockLike[],
    options?: { signal?: AbortSignal },
  ): Promise<AnthropicToolResultBlock[]>;
}

/**
 * A function-call router over the selected Coder tools, for agent loops written directly against
 * OpenAI or Anthropic: give the model `router.definitions(format)`, run what it asks with the
 * helpers, and send their answers back.
 *
 * @throws {ToolSelectionError} for unknown toolsets or tool names, or an invalid pin.
 */
export function createToolRouter(options: ToolRouterOptions): ToolRouter {
  const host = createToolHost(options, standardTools);
  const strict = options.strict === true;
  const names = host.tools.map((tool) => tool.name);

  async function call(
    name: string,
    args: unknown,
    callOptions: RouterCallOptions = {},
  ): Promise<RouterCallResult> {
    const tool = host.find(name);
    if (!tool) {
      const message = `unknown tool ${JSON.stringify(name)}; available tools: ${names.join(", ")}`;
      return { ok: false, error: { kind: "unknown_tool", message, available: [...names] }, text: message };
    }
    const result = await host.call(tool, strict ? withoutStrictNulls(tool, args) : args, {
      ...(callOptions.signal ? { signal: callOptions.signal } : {}),
      ...(callOptions.callId ? { callId: callOptions.callId } : {}),
      request: { name, ...(callOptions.callId ? { callId: callOptions.callId } : {}) },
    });
    return result.ok
      ? { ok: true, result: result.value, text: result.text }
      : { ok: false, error: result.error, text: result.text };
  }

  return {
    tools: host.tools,
    definitions(format) {
      assertFormat(format);
      return host.tools.map((tool) => toolDefinition(tool, format, strict));
    },
    call,
    async runChatToolCalls(toolCalls, runOptions = {}) {
      const calls = (toolCalls ?? []).filter((c) => c.type === "function" && c.function);
      return Promise.all(
        calls.map(async (c) => {
          const fn = c.function as { name: string; arguments: string };
          const result = await call(fn.name, fn.arguments, { ...runOptions, callId: c.id });
          return { role: "tool" as const, tool_call_id: c.id, content: result.text };
        }),
      );
    },
    async runResponsesFunctionCalls(output, runOptions = {}) {
      const calls = output.filter((item) => item.type === "function_call");
      return Promise.all(
        calls.map(async (item) => {
          const callId = item.call_id ?? "";
          const result = await call(item.name ?? "", item.arguments ?? "", { ...runOptions, callId });
          return { type: "function_call_output" as const, call_id: callId, output: result.text };
        }),
      );
    },
    async runAnthropicToolUses(content, runOptions = {}) {
      const uses = content.filter((block) => block.type === "tool_use");
      return Promise.all(
        uses.map(async (block) => {
          const id = block.id ?? "";
          const result = await call(block.name ?? "", block.input, { ...runOptions, callId: id });
          return {
            type: "tool_result" as const,
            tool_use_id: id,
            content: result.text,
            ...(result.ok ? {} : { is_error: true as const }),
          };
        }),
      );
    },
  };
}

// Arguments that do not decode are passed on untouched, so the call path reports them as usual.
function withoutStrictNulls(tool: AnyToolDefinition, args: unknown): unknown {
  let decoded: unknown;
  try {
    decoded = decodeToolArguments(args).value;
  } catch {
    return args;
  }
  return nullsToAbsent(decoded, toolInputJsonSchema(tool));
}
