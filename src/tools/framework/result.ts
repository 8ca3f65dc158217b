import { isCoderApiError, isCoderError } from "../../client/errors.js";
import { redactSecrets } from "../../client/redact.js";
// Type-only: content.ts imports this module at run time.
import type { ToolContentBlock } from "./content.js";
import {
  isToolDeclinedError,
  isToolError,
  isToolInputError,
  type ToolError,
  type ToolInputIssue,
} from "./errors.js";
import { capBytes, elideMiddle, utf8ByteLength } from "./shaping.js";

/** A successful tool call. */
export interface ToolSuccess<O = unknown> {
  ok: true;
  /** The handler's value after the output schema parsed it. */
  value: O;
  /** The value as JSON text for the model, capped at `limits.maxResultBytes`. */
  text: string;
  /**
   * The value again, when it is a plain object (MCP `structuredContent`). Left out when `text`
   * was truncated: the full object would defeat the cap, and a cut one would not match the schema.
   */
  structured?: Record<string, unknown>;
  /** Present when `text` was cut to fit the byte cap. */
  truncated?: {
    /** UTF-8 bytes of the JSON text that are not in `text`. */
    omitted_bytes: number;
    /** Size of the whole JSON text in UTF-8 bytes. */
    total_bytes: number;
  };
  /**
   * MCP content blocks, when the tool answered with blocks (a proxied MCP tool) rather than one
   * JSON value; `text` is then their text rendering. The MCP adapter sends these unchanged.
   */
  content?: readonly ToolContentBlock[];
}

/** A failed tool call. Every failure is a value: adapters decide how their framework shows it. */
export interface ToolFailure {
  ok: false;
  /** Why the call failed, as data ({@link ToolFailureReason}, discriminated by `kind`). */
  error: ToolFailureReason;
  /** The error as one text for the model (tokens redacted, capped like a result). */
  text: string;
  /** MCP content blocks of a failure a proxied MCP tool reported (`isError`), unchanged. */
  content?: readonly ToolContentBlock[];
}

/** The outcome of {@link callTool}: never a rejected promise. */
export type ToolResult<O = unknown> = ToolSuccess<O> | ToolFailure;

/** The arguments were invalid; the handler was not called (or rejected them itself). */
export interface InvalidInputReason {
  kind: "input";
  message: string;
  /** Every failing field, sorted by path. */
  issues: ToolInputIssue[];
}

/** Coder answered a request with an error status. */
export interface ApiErrorReason {
  kind: "api";
  message: string;
  /** HTTP status code. */
  status: number;
  /** Coder's technical detail, when it sent one. */
  detail?: string;
  /** Coder's per-field validation failures (possibly empty). */
  validations: { field: string; detail: string }[];
  /** HTTP method of the failed request. */
  method: string;
  /** URL of the failed request (tokens redacted). */
  url: string;
}

/** The client could not complete a request: network failure, timeout or an unexpected response. */
export interface ClientErrorReason {
  kind: "client";
  message: string;
  /** The client's error class name, e.g. `CoderTimeoutError`. */
  name: string;
}

/** The handler threw a {@link ToolError}: a refusal or failure the model can fix; `hint` says how. */
export interface ToolErrorReason {
  kind: "tool";
  message: string;
  hint?: string;
}

/** The caller aborted the call. */
export interface CancelledReason {
  kind: "cancelled";
  message: string;
}

/**
 * A destructive call was not run because the `approve` hook refused it (the user declined) or
 * approval could not be obtained. Nothing changed in Coder; the model should tell the user rather
 * than retry.
 */
export interface DeclinedReason {
  kind: "declined";
  message: string;
}

/** The handler threw something unexpected, or returned a value its output schema rejects. */
export interface CrashReason {
  kind: "crash";
  message: string;
}

/**
 * Why a tool call failed, discriminated by `kind`: `input` (bad arguments), `api` (Coder answered
 * with an error), `client` (the request did not complete), `tool` (the handler threw a
 * {@link ToolError}), `cancelled`, `declined` (a destructive call the user did not approve), or
 * `crash` (a bug in the tool).
 */
export type ToolFailureReason =
  | InvalidInputReason
  | ApiErrorReason
  | ClientErrorReason
  | ToolErrorReason
  | CancelledReason
  | DeclinedReason
  | CrashReason;

/** Removes secrets from text before it reaches the model. */
export type Redactor = (text: string) => string;

// How long each part of a failure may be, in characters. A failure must keep its point when a value
// in it is huge (a 1 MB name echoed in a URL): each part is redacted, then its middle is elided, so
// status, Coder's message, detail and the hint all survive the result's byte cap.
const PART_LIMITS = { message: 2_000, detail: 2_000, hint: 1_000, url: 500, validation: 500 } as const;
const MAX_VALIDATIONS = 20;

/**
 * Classify anything a handler threw. `redact` scrubs every text (before it is shortened, so a
 * token is never cut in two and left readable); the call path passes one that knows the context's
 * tokens, the default catches anything shaped like a Coder token. Long parts keep their start and
 * end around an elision marker.
 */
export function toFailureReason(thrown: unknown, redact: Redactor = redactSecrets): ToolFailureReason {
  const clean = (text: string, limit: number) => elideMiddle(redact(text), limit);
  if (isToolInputError(thrown)) {
    return {
      kind: "input",
      message: clean(thrown.message, PART_LIMITS.message),
      issues: thrown.issues.map((issue) => ({
        ...issue,
        path: clean(issue.path, PART_LIMITS.validation),
        message: clean(issue.message, PART_LIMITS.validation),
      })),
    };
  }
  if (isCoderApiError(thrown)) {
    return {
      kind: "api",
      message: clean(thrown.message, PART_LIMITS.message),
      status: thrown.status,
      ...(thrown.detail ? { detail: clean(thrown.detail, PART_LIMITS.detail) } : {}),
      validations: thrown.validations.slice(0, MAX_VALIDATIONS).map((v) => ({
        field: clean(v.field, PART_LIMITS.validation),
        detail: clean(v.detail, PART_LIMITS.validation),
      })),
      method: thrown.method,
      url: clean(thrown.url, PART_LIMITS.url),
    };
  }
  if (isToolError(thrown)) {
    return {
      kind: "tool",
      message: clean(thrown.message, PART_LIMITS.message),
      ...(thrown.hint ? { hint: clean(thrown.hint, PART_LIMITS.hint) } : {}),
    };
  }
  if (isCoderError(thrown)) {
    return { kind: "client", name: thrown.name, message: clean(thrown.message, PART_LIMITS.message) };
  }
  if (isToolDeclinedError(thrown)) {
    return { kind: "declined", message: clean(thrown.message, PART_LIMITS.message) };
  }
  return {
    kind: "crash",
    message: clean(`tool handler crashed: ${describeThrown(thrown)}`, PART_LIMITS.message),
  };
}

/** A cancellation failure, naming the abort reason when it says more than "aborted". */
export function cancelledReason(signal: AbortSignal, redact: Redactor = redactSecrets): CancelledReason {
  const reason: unknown = signal.reason;
  let message = "tool call cancelled";
  if (reason instanceof Error && reason.name === "TimeoutError") message += ": timed out";
  else if (reason instanceof Error && reason.name !== "AbortError" && reason.message)
    message += `: ${reason.message}`;
  else if (typeof reason === "string" && reason) message += `: ${reason}`;
  return { kind: "cancelled", message: redact(message) };
}

function describeThrown(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message || thrown.name;
  if (typeof thrown === "string") return thrown;
  try {
    return JSON.stringify(thrown) ?? String(thrown);
  } catch {
    return String(thrown);
  }
}

/** Render a failure as the text a model reads. */
export function formatFailureReason(error: ToolFailureReason): string {
  switch (error.kind) {
    case "api": {
      let text = `Coder API error ${error.status} (${error.method} ${error.url}): ${error.message}`;
      if (error.detail) text += `\ndetail: ${error.detail}`;
      for (const v of error.validations) text += `\nvalidation: ${v.field}: ${v.detail}`;
      return text;
    }
    case "tool":
      return error.hint ? `${error.message}\nhint: ${error.hint}` : error.message;
    default:
      return error.message;
  }
}

/**
 * Wrap a failure as a result, with its text capped to `maxBytes`; a cut text ends with a marker
 * saying how much was left out (only a cap smaller than the marker itself hides it).
 */
export function failure(error: ToolFailureReason, maxBytes: number): ToolFailure {
  const text = formatFailureReason(error);
  return { ok: false, error, text: capWithMarker(text, maxBytes, "") };
}

/** `text` within `maxBytes`, or its head followed by a marker naming what was cut. */
export function capWithMarker(text: string, maxBytes: number, advice: string): string {
  const totalBytes = utf8ByteLength(text);
  if (totalBytes <= maxBytes) return text;
  // The marker's length depends on the numbers in it; sizing it for the whole text is an upper bound.
  const markerFor = (omitted: number) => `\n[truncated: ${omitted} of ${totalBytes} bytes omitted${advice}]`;
  const room = Math.max(0, maxBytes - utf8ByteLength(markerFor(totalBytes)));
  const head = capBytes(text, room).text;
  return capBytes(`${head}${markerFor(totalBytes - utf8ByteLength(head))}`, maxBytes).text;
}

// JSON has no bigint; its decimal string is the only lossless form.
function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Serialize a successful value: compact JSON (no trailing newline), cut on a character boundary
 * to fit `maxBytes` together with a marker saying how much was left out.
 *
 * `redact` (the context's exact tokens) runs over the JSON text; when it finds a token (a log line
 * that echoes one, say), `value` and `structured` are rebuilt from the redacted text, so no form of
 * the result carries it.
 */
export function success<O>(value: O, maxBytes: number, redact?: Redactor): ToolSuccess<O> {
  let json = JSON.stringify(value, jsonReplacer) ?? "null";
  if (redact) {
    const scrubbed = redact(json);
    if (scrubbed !== json) {
      json = scrubbed;
      // Redaction only swaps token text (letters, digits, dashes) for a marker, so the JSON stays valid.
      value = JSON.parse(json) as O;
    }
  }
  const totalBytes = utf8ByteLength(json);
  if (totalBytes <= maxBytes) {
    return { ok: true, value, text: json, ...(isPlainObject(value) ? { structured: value } : {}) };
  }
  const text = capWithMarker(json, maxBytes, "; request less (filters, a limit, a narrower range)");
  const markerAt = text.lastIndexOf("\n[truncated: ");
  const kept = markerAt < 0 ? text : text.slice(0, markerAt);
  return {
    ok: true,
    value,
    text,
    truncated: { omitted_bytes: totalBytes - utf8ByteLength(kept), total_bytes: totalBytes },
  };
}
