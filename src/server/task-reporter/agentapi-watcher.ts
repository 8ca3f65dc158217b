import { EventSourceParserStream } from "eventsource-parser/stream";
import type { AppStatusState } from "../../client/agent-client.js";
import { type Clock, systemClock } from "../../tools/index.js";

/**
 * What the watcher learned from AgentAPI, as a report for the queue: `stable` → `idle`, any other
 * status → `working`, a new user message → `working` with its id.
 */
export interface AgentApiSignal {
  state: AppStatusState;
  messageId?: number;
}

/** Reconnect delays: exponential from `initialMs`, capped at `maxMs`. */
export interface Backoff {
  initialMs: number;
  maxMs: number;
}

/** Default reconnect delays: 250 ms doubling to 10 s. */
export const DEFAULT_BACKOFF: Readonly<Backoff> = Object.freeze({ initialMs: 250, maxMs: 10_000 });

/** Options of {@link watchAgentApi}. */
export interface AgentApiWatchOptions {
  /** AgentAPI's base URL (`CODER_MCP_AI_AGENTAPI_URL`); events are read from `<url>/events`. */
  url: string;
  /** Receives each status change and each user message. */
  onSignal(signal: AgentApiSignal): void;
  /** Receives one line per problem (connection lost, bad event); the watcher goes on. */
  onWarning?(message: string): void;
  /** Stops the watcher. */
  signal: AbortSignal;
  backoff?: Partial<Backoff>;
  /** Source of the sleeps between reconnects (tests pass a fast one). */
  clock?: Pick<Clock, "sleep">;
  /** The fetch to use (default the global one). */
  fetch?: typeof fetch;
}

/** The URL of AgentAPI's SSE stream under `base`, which may or may not end in a slash. */
export function agentApiEventsUrl(base: string): URL {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new RangeError(
      `AgentAPI URL ${JSON.stringify(base)} is not a URL; expected e.g. http://localhost:3284`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new RangeError(`AgentAPI URL ${JSON.stringify(base)} must use http or https`);
  }
  return new URL("events", url.href.endsWith("/") ? url.href : `${url.href}/`);
}

/**
 * Follow AgentAPI's `GET /events` server-sent events until `signal` aborts, reconnecting with
 * exponential backoff whenever the stream cannot be opened or ends. Never rejects: every failure
 * goes to `onWarning`. AgentAPI replays its whole state on each connection, so the consumer (the
 * report queue) must tolerate repeats; it drops user messages it has already seen.
 *
 * Event shapes follow coder/agentapi `lib/httpapi/events.go`: `status_change` `{status}` with
 * `running` or `stable`, and `message_update` `{id, role, message, time}` with role `user` or
 * `agent`. `screen_update` and unknown events are ignored.
 */
export async function watchAgentApi(options: AgentApiWatchOptions): Promise<void> {
  const { signal, onSignal } = options;
  const warn = options.onWarning ?? (() => {});
  const clock = options.clock ?? systemClock;
  const doFetch = options.fetch ?? fetch;
  const backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  const url = agentApiEventsUrl(options.url);
  let delay = backoff.initialMs;
  while (!signal.aborted) {
    let delivered = false;
    try {
      const response = await doFetch(url, { headers: { accept: "text/event-stream" }, signal });
      if (!response.ok || !response.body) {
        await response.body?.cancel().catch(() => {});
        throw new Error(`GET ${url.href} answered ${response.status} ${response.statusText}`.trim());
      }
      const events = response.body
        .pipeThrough(new TextDecoderStream())
        .pipeThrough(new EventSourceParserStream({ onError: (error) => warn(`AgentAPI: ${error.message}`) }));
      const reader = events.getReader();
      for (let next = await reader.read(); !next.done; next = await reader.read()) {
        const mapped = toSignal(next.value.event, next.value.data, warn);
        delivered = true;
        if (mapped) onSignal(mapped);
      }
      if (!signal.aborted) warn(`AgentAPI: ${url.href} closed the event stream; reconnecting`);
    } catch (error) {
      if (signal.aborted) break;
      warn(`AgentAPI: cannot follow ${url.href}: ${describe(error)}; retrying in ${delay} ms`);
    }
    // A connection that delivered events was healthy: start the backoff again from the bottom.
    if (delivered) delay = backoff.initialMs;
    try {
      await clock.sleep(delay, signal);
    } catch {
      break; // aborted while waiting
    }
    delay = Math.min(delay * 2, backoff.maxMs);
  }
}

function toSignal(
  type: string | undefined,
  data: string,
  warn: (message: string) => void,
): AgentApiSignal | undefined {
  if (type !== "status_change" && type !== "message_update") return undefined;
  let body: unknown;
  try {
    body = JSON.parse(data);
  } catch {
    warn(`AgentAPI: ignored a ${type} event whose data is not JSON`);
    return undefined;
  }
  if (typeof body !== "object" || body === null) return undefined;
  const fields = body as Record<string, unknown>;
  if (type === "status_change") {
    if (typeof fields.status !== "string") {
      warn("AgentAPI: ignored a status_change event without a status");
      return undefined;
    }
    return { state: fields.status === "stable" ? "idle" : "working" };
  }
  if (fields.role !== "user") return undefined;
  if (typeof fields.id !== "number" || !Number.isFinite(fields.id)) {
    warn("AgentAPI: ignored a user message_update event without a numeric id");
    return undefined;
  }
  return { state: "working", messageId: fields.id };
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
    return `${error.message}${cause}`;
  }
  return String(error);
}
