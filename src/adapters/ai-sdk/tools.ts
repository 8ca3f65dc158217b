import { brand, hasBrand } from "../../client/brand.js";
import { jsonSchemaCarrier } from "../../tools/framework/schema-carrier.js";
import { createToolHost } from "../../tools/framework/tool-host.js";
import {
  type CoderToolsOptions,
  type JsonSchemaCarrier,
  standardTools,
  type ToolFailure,
  type ToolFailureReason,
  toolInputJsonSchema,
} from "../../tools/index.js";

/** What a per-call client factory learns about an AI SDK tool call. */
export interface AiToolCallInfo {
  /** The tool call's id, as the model gave it. */
  toolCallId: string;
}

/** Options of {@link coderTools}. */
export type CoderAiToolsOptions = CoderToolsOptions<AiToolCallInfo>;

/** The part of the AI SDK's tool execution options a Coder tool reads (ai 5, 6 and 7 pass more). */
export interface CoderAiToolCallOptions {
  /** The tool call's id. */
  toolCallId: string;
  /** The `abortSignal` given to `generateText`/`streamText`; aborting it cancels the tool call. */
  abortSignal?: AbortSignal;
}

/**
 * A Coder tool as an AI SDK tool: a plain object that `generateText({ tools })` accepts in ai 5,
 * 6 and 7. `inputSchema` is a zod object that presents the tool's exact JSON Schema to the model
 * and the AI SDK (through the AI SDK's schema markers) and accepts any object: validation happens
 * in our call path, so a bad argument reaches the model as our message.
 */
export interface CoderAiTool {
  /** The tool's title. */
  title: string;
  /** What the tool does, for the model. */
  description: string;
  /** The argument schema (see above). */
  inputSchema: JsonSchemaCarrier;
  /**
   * Run the call. Resolves with the tool's structured value, or with the JSON text capped at
   * `limits.maxResultBytes` (and a truncation note) when the value is larger; rejects with a
   * {@link CoderToolCallError} whose message is the text the model should read.
   */
  execute(input: Record<string, unknown>, options: CoderAiToolCallOptions): Promise<unknown>;
}

/**
 * A failed Coder tool call, thrown from `execute` so the AI SDK records a `tool-error` for the
 * step and sends `message` to the model. `toString()` is the message alone, so ai 7 (which sends
 * `String(error)`) and ai 5/6 (which send `error.message`) send the same text.
 */
export class CoderToolCallError extends Error {
  override name = "CoderToolCallError";
  /** Why the call failed, as data (`kind` is `input`, `api`, `declined`, `cancelled`, …). */
  readonly reason: ToolFailureReason;

  constructor(failure: ToolFailure) {
    super(failure.text);
    this.reason = failure.error;
  }

  override toString(): string {
    return this.message;
  }
}
brand(CoderToolCallError, "CoderToolCallError");

/** Whether `value` is a {@link CoderToolCallError}, also when it comes from another copy of this package. */
export function isCoderToolCallError(value: unknown): value is CoderToolCallError {
  return value instanceof CoderToolCallError || hasBrand(value, "CoderToolCallError");
}

// The AI SDK recognises its own schema objects by these registered symbols (ai 5, 6 and 7 alike)
// and then uses `jsonSchema` and `validate` as they are, instead of converting a zod schema itself.
const AI_SCHEMA = Symbol.for("vercel.ai.schema");
const AI_VALIDATOR = Symbol.for("vercel.ai.validator");

function aiInputSchema(schema: ReturnType<typeof toolInputJsonSchema>): JsonSchemaCarrier {
  const carrier = jsonSchemaCarrier(schema);
  Object.defineProperties(carrier, {
    [AI_SCHEMA]: { value: true },
    [AI_VALIDATOR]: { value: true },
    jsonSchema: { value: schema, enumerable: false },
    validate: { value: (value: unknown) => ({ success: true, value }), enumerable: false },
  });
  return carrier;
}

/**
 * The selected Coder tools as an AI SDK tool set, keyed by tool name:
 * `generateText({ model, tools: coderTools({ client }) })`. Works with ai 5, 6 and 7 and does not
 * load `ai` (an optional peer dependency).
 *
 * Each call gets a fresh tool context; `abortSignal` cancels it; destructive tools go through
 * `options.approve`; `options.onToolCall` hears every call.
 *
 * @throws {ToolSelectionError} for unknown toolsets or tool names, or an invalid pin.
 */
export function coderTools(options: CoderAiToolsOptions): Record<string, CoderAiTool> {
  const host = createToolHost(options, standardTools);
  const tools: Record<string, CoderAiTool> = {};
  for (const tool of host.tools) {
    tools[tool.name] = {
      title: tool.title,
      description: tool.description,
      inputSchema: aiInputSchema(toolInputJsonSchema(tool)),
      async execute(input, { toolCallId, abortSignal }) {
        const result = await host.call(tool, input, {
          ...(abortSignal ? { signal: abortSignal } : {}),
          callId: toolCallId,
          request: { toolCallId },
        });
        if (!result.ok) throw new CoderToolCallError(result);
        // The cap exists for the model's context: past it, the model gets the capped text.
        return result.truncated ? result.text : result.value;
      },
    };
  }
  return tools;
}
