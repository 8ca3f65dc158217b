import { decodeToolArguments } from "./arguments.js";
import type { ToolContext } from "./context.js";
import type { AnyToolDefinition } from "./define-tool.js";
import { ToolDeclinedError } from "./errors.js";
import { pinnedArguments } from "./pin.js";
import type { ToolFailureReason, ToolResult } from "./result.js";

/** What an {@link ToolApprover} is asked to decide: one destructive call, arguments validated. */
export interface ToolApprovalRequest {
  /** The tool about to run (its `annotations.destructiveHint` is true). */
  readonly tool: AnyToolDefinition;
  /** The validated arguments, with pinned values filled in. */
  readonly arguments: Readonly<Record<string, unknown>>;
  /** The call in one line, e.g. `Delete template (coder_delete_template): template_id="…"`. */
  readonly summary: string;
  /** The call's context (its `signal` aborts when the caller gives up). */
  readonly ctx: ToolContext;
}

/** `true` to run the call; `false`, or `{ approved: false, reason }`, to refuse it. */
export type ToolApprovalDecision = boolean | { readonly approved: boolean; readonly reason?: string };

/**
 * Decides whether a destructive call may run: asks the user, checks a policy, or both. A refusal
 * (or a throw) becomes a failure of kind `declined`, and the handler does not run.
 */
export type ToolApprover = (
  request: ToolApprovalRequest,
) => ToolApprovalDecision | Promise<ToolApprovalDecision>;

/** How a call ended: `ok`, or the `kind` of its failure. */
export type ToolCallOutcome = "ok" | ToolFailureReason["kind"];

/** Fields every {@link ToolCallEvent} has. */
export interface ToolCallEventBase {
  /** The tool's name. */
  readonly tool: string;
  /** Identifies the call: the adapter's id (MCP request id, AI SDK or OpenAI tool-call id) or a UUID. */
  readonly callId: string;
  /**
   * The arguments as the caller sent them (decoded from JSON when they were a string), with the
   * context's tokens and anything token-shaped redacted. Not validated: a start event is emitted
   * before validation.
   */
  readonly arguments: unknown;
  /** When the call started, by the context's clock. */
  readonly startedAt: Date;
}

/** Emitted before the call is validated or run. */
export interface ToolCallStartEvent extends ToolCallEventBase {
  readonly phase: "start";
}

/** Emitted once the call has settled, whatever its outcome. */
export interface ToolCallEndEvent extends ToolCallEventBase {
  readonly phase: "end";
  /** Milliseconds from start to end, by the context's clock. */
  readonly durationMs: number;
  /** `ok`, or the failure's kind (`input`, `api`, `declined`, `cancelled`, …). */
  readonly outcome: ToolCallOutcome;
  /** True when a successful result's text was cut to the byte cap. */
  readonly truncated: boolean;
}

/** A start or end event from {@link CallToolOptions.onToolCall}. */
export type ToolCallEvent = ToolCallStartEvent | ToolCallEndEvent;

/** Hooks every door runs through the shared call path. */
export interface ToolCallHooks {
  /**
   * Asked before every tool whose `destructiveHint` is true runs, after its arguments validated.
   * Not given: destructive tools run unasked (as Coder's own servers do).
   */
  approve?: ToolApprover;
  /**
   * Told when each call starts and ends, for audit logs and metrics. It must not throw; if it
   * does, the error is dropped so a broken logger never changes a call's outcome.
   */
  onToolCall?: (event: ToolCallEvent) => void;
}

/** Per-call options of `callTool`. */
export interface CallToolOptions extends ToolCallHooks {
  /** The id events carry; a random UUID when left out. */
  callId?: string;
}

type RunCall = (tool: AnyToolDefinition, rawArgs: unknown, ctx: ToolContext) => Promise<ToolResult>;

/**
 * Run `run(tool, rawArgs, ctx)` with the hooks: events around it, and `approve` between argument
 * validation and the handler of a destructive tool. `run` is `callTool` without options; taking it
 * as a parameter keeps this file free of an import cycle.
 */
export async function callWithHooks(
  tool: AnyToolDefinition,
  rawArgs: unknown,
  ctx: ToolContext,
  options: CallToolOptions,
  run: RunCall,
): Promise<ToolResult> {
  const { approve, onToolCall } = options;
  const base = onToolCall
    ? {
        tool: tool.name,
        callId: options.callId ?? globalThis.crypto.randomUUID(),
        arguments: redactedArguments(rawArgs, ctx),
        startedAt: ctx.clock.now(),
      }
    : undefined;
  if (onToolCall && base) emit(onToolCall, { ...base, phase: "start" });

  const target = approve && tool.annotations.destructiveHint ? withApproval(tool, approve) : tool;
  const result = await run(target, rawArgs, ctx);

  if (onToolCall && base) {
    emit(onToolCall, {
      ...base,
      phase: "end",
      durationMs: Math.max(0, ctx.clock.now().getTime() - base.startedAt.getTime()),
      outcome: result.ok ? "ok" : result.error.kind,
      truncated: result.ok && result.truncated !== undefined,
    });
  }
  return result;
}

function emit(onToolCall: (event: ToolCallEvent) => void, event: ToolCallEvent): void {
  try {
    onToolCall(event);
  } catch {
    // Documented: an observer must not be able to fail or alter the call it observes.
  }
}

// The validated input reaches the wrapper's handler, so approval sits exactly between validation
// and the real handler; a refusal thrown here is classified as `declined` by the call path.
function withApproval(tool: AnyToolDefinition, approve: ToolApprover): AnyToolDefinition {
  return Object.freeze({
    ...tool,
    handler: async (input: Record<string, unknown>, ctx: ToolContext) => {
      const args = Object.freeze({ ...input, ...pinnedArguments(tool) });
      const summary = describeToolCall(tool, args);
      let decision: ToolApprovalDecision;
      try {
        decision = await approve({ tool, arguments: args, summary, ctx });
      } catch (error) {
        if (ctx.signal.aborted) throw error;
        const reason = error instanceof Error ? error.message : String(error);
        throw new ToolDeclinedError(
          `Could not get the user's approval for ${summary} (${reason}). It was not run.`,
        );
      }
      const approved = typeof decision === "boolean" ? decision : decision.approved === true;
      if (!approved) {
        const reason = typeof decision === "object" && decision.reason ? ` Reason: ${decision.reason}` : "";
        throw new ToolDeclinedError(
          `The user declined ${summary}. It was not run; tell the user instead of retrying.${reason}`,
        );
      }
      return tool.handler(input, ctx);
    },
  });
}

const MAX_VALUE_CHARS = 60;
const MAX_SUMMARY_CHARS = 240;

/**
 * One line describing a call for a person who must approve it:
 * `Delete template (coder_delete_template): template_id="1f0…"`. Long values are shortened.
 */
export function describeToolCall(tool: AnyToolDefinition, args: Readonly<Record<string, unknown>>): string {
  const parts = Object.entries(args)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${shorten(JSON.stringify(value) ?? String(value), MAX_VALUE_CHARS)}`);
  const head = `${tool.title} (${tool.name})`;
  return shorten(parts.length > 0 ? `${head}: ${parts.join(", ")}` : head, MAX_SUMMARY_CHARS);
}

function shorten(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

function redactedArguments(rawArgs: unknown, ctx: ToolContext): unknown {
  let decoded: unknown;
  try {
    decoded = decodeToolArguments(rawArgs).value;
  } catch {
    decoded = rawArgs; // Not an object: report what arrived, still redacted.
  }
  const redact = (text: string) => {
    const scrubbed = ctx.client.redact(text);
    return ctx.agent ? ctx.agent.redact(scrubbed) : scrubbed;
  };
  if (typeof decoded === "string") return redact(decoded);
  try {
    const json = JSON.stringify(decoded, (_key, value: unknown) =>
      typeof value === "bigint" ? value.toString() : value,
    );
    return json === undefined ? undefined : JSON.parse(redact(json));
  } catch {
    return redact(String(decoded));
  }
}
