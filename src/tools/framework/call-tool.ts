import type { z } from "zod";
import { decodeToolArguments, validateToolInput } from "./arguments.js";
import type { ToolContext } from "./context.js";
import type { AnyToolDefinition, ToolDefinition, ToolInputSchema } from "./define-tool.js";
import { zodIssuesToToolIssues } from "./issue-format.js";
import { type JsonSchema, toolOutputJsonSchema } from "./json-schema.js";
import {
  cancelledReason,
  failure,
  type Redactor,
  success,
  type ToolFailure,
  type ToolResult,
  toFailureReason,
} from "./result.js";

/**
 * Run a tool call the way every adapter does: decode the raw arguments (a JSON string or an
 * object), validate them strictly, run the handler with `ctx`, and check and serialize what it
 * returns. Never rejects: every failure (bad arguments, Coder API errors, tool errors, crashes,
 * cancellation) comes back as a {@link ToolFailure} value, and the handler is not called when the
 * arguments are invalid.
 *
 * When `ctx.signal` aborts, the call settles at once as cancelled, even if the handler ignores
 * the signal; whatever the handler does later is discarded.
 */
export async function callTool<I extends ToolInputSchema, O extends z.ZodType>(
  tool: ToolDefinition<I, O>,
  rawArgs: unknown,
  ctx: ToolContext,
): Promise<ToolResult<z.output<O>>> {
  const maxBytes = ctx.limits.maxResultBytes;
  const redact = contextRedactor(ctx);
  if (ctx.signal.aborted) return failure(cancelledReason(ctx.signal, redact), maxBytes);

  let input: z.output<I>;
  try {
    input = await validateToolInput(tool, decodeToolArguments(rawArgs));
  } catch (error) {
    return failure(toFailureReason(error, redact), maxBytes);
  }

  let returned: unknown;
  try {
    returned = await runUntilAborted(() => tool.handler(input, ctx), ctx.signal);
  } catch (error) {
    // Whatever the handler threw on the way out (often an AbortError), the cause was the abort.
    if (ctx.signal.aborted) return failure(cancelledReason(ctx.signal, redact), maxBytes);
    return failure(toFailureReason(error, redact), maxBytes);
  }

  try {
    const parsed = await tool.output.safeParseAsync(returned, { reportInput: true });
    if (!parsed.success) {
      const problems = zodIssuesToToolIssues(parsed.error.issues, {
        jsonSchema: outputSchemaOrNothing(tool),
      }).map((i) => `${i.path}: ${i.message}`);
      return crash(
        redact(`tool returned output that does not match its output schema: ${problems.join("; ")}`),
        maxBytes,
      );
    }
    return success(parsed.data as z.output<O>, maxBytes, exactRedactor(ctx));
  } catch (error) {
    // A throwing transform or an unserializable value (a cycle) is still the tool's bug, not ours.
    const reason = error instanceof Error ? error.message : String(error);
    return crash(redact(`tool returned output that could not be processed: ${reason}`), maxBytes);
  }
}

function crash(message: string, maxBytes: number): ToolFailure {
  return failure({ kind: "crash", message }, maxBytes);
}

/** Redaction that knows the exact tokens of the context's clients, not just token-shaped text. */
function contextRedactor(ctx: ToolContext): Redactor {
  return (text) => {
    const scrubbed = ctx.client.redact(text);
    return ctx.agent ? ctx.agent.redact(scrubbed) : scrubbed;
  };
}

/**
 * Redaction for results: only the context's own tokens. A result is data (workspace names, log
 * lines), where a token-shaped value may be real content; a known token never is.
 */
function exactRedactor(ctx: ToolContext): Redactor {
  return (text) => {
    const scrubbed = ctx.client.redact(text, { heuristics: false });
    return ctx.agent ? ctx.agent.redact(scrubbed, { heuristics: false }) : scrubbed;
  };
}

const ABORTED = Symbol("aborted");

/** Run `work`, rejecting with {@link ABORTED} as soon as `signal` aborts. */
async function runUntilAborted<T>(work: () => T | Promise<T>, signal: AbortSignal): Promise<T> {
  // Deferring the call turns a synchronous throw into a rejection, handled like any other.
  const running = Promise.resolve().then(work);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(ABORTED);
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([running, aborted]);
  } finally {
    if (onAbort) signal.removeEventListener("abort", onAbort);
    // After an abort nobody awaits the handler any more; its late failure must not surface as an
    // unhandled rejection.
    running.catch(() => {});
  }
}

// Only used to word the error; an output schema JSON Schema cannot express must not hide it.
function outputSchemaOrNothing(tool: AnyToolDefinition): JsonSchema | undefined {
  try {
    return toolOutputJsonSchema(tool);
  } catch {
    return undefined;
  }
}
