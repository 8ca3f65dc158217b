import { z } from "zod";
import { CoderApiError, CoderConfigError, CoderResponseError, CoderWebSocketError } from "./errors.js";
import type { CallOptions, HttpCore, Query } from "./http.js";
import { pollLogs } from "./log-poll.js";
import type { LogRange } from "./models/provisioner-job.js";
import { redactSecrets } from "./redact.js";
import { resolveWebSocket, type WebSocketConstructor } from "./web-socket.js";

export type { WebSocketConstructor } from "./web-socket.js";

/** What a log stream needs from the client that opens it. */
export interface LogStreamContext {
  http: HttpCore;
  /** Injected WebSocket constructor; defaults to `globalThis.WebSocket`, then the `ws` package. */
  webSocket?: WebSocketConstructor;
  /** Extra headers for the upgrade request (the client's `headers` and `User-Agent`). */
  headers?: Record<string, string>;
  /** Default wait between polls when WebSockets are blocked, in ms. */
  pollIntervalMs: number;
}

/**
 * Why a log follow switched from its WebSocket to polling the one-shot endpoint (see
 * {@link FollowLogsOptions.onFallback}).
 */
export interface LogFollowFallback {
  /** Always `polling`: the logs now come from `GET …/logs?after=<last id>` every `intervalMs`. */
  transport: "polling";
  /** What happened to the WebSocket, e.g. "WebSocket upgrade failed with HTTP 502 (…)". */
  reason: string;
  /** HTTP status the upgrade got, when the WebSocket implementation reports it (`ws` does). */
  status?: number;
  /** Wait between polls, in ms. */
  intervalMs: number;
}

/**
 * Options for following a log stream.
 *
 * A follow uses a WebSocket. When the upgrade is answered with plain HTTP while the same endpoint
 * serves plain GETs (a proxy that does not pass WebSockets), it falls back to polling the one-shot
 * endpoint with `after=<last id>` until the job ends (build and template-version logs) or the agent
 * has finished starting (agent logs), yielding the same logs in the same order.
 *
 * @example
 * ```ts
 * let polled = false;
 * for await (const log of coder.builds.followLogs(buildId, { onFallback: () => (polled = true) })) {
 *   console.log(log.output);
 * }
 * if (polled) console.log("(WebSockets are blocked; the logs were polled)");
 * ```
 */
export interface FollowLogsOptions {
  /** Resume after this log id (the last one you have); left out, the stream starts at the beginning. */
  after?: number;
  /** Closes the socket (or stops polling) when aborted; a pending `next()` rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * Called once if the follow switches to polling because the WebSocket upgrade was refused while
   * plain HTTP works, before the first polled log is yielded. Throwing from it ends the follow with
   * that error (to insist on WebSockets).
   */
  onFallback?: (fallback: LogFollowFallback) => void;
  /** Wait between polls after a fallback, in ms; defaults to the client's `logPollIntervalMs` (1000). */
  pollIntervalMs?: number;
}

/** Range for a one-shot (non-follow) log read; both bounds are log ids. */
export interface LogRangeOptions extends LogRange, CallOptions {}

/** How one stream endpoint frames its messages, and how to tell its job has ended. */
export interface LogStreamSpec<T extends { id: number }> {
  /** API path of the logs endpoint, e.g. `/workspacebuilds/{id}/logs`. */
  path: string;
  /** Schema of one log. */
  schema: z.ZodType<T>;
  /** `one`: each message is one log (provisioner logs); `array`: a JSON array of logs (agent logs). */
  framing: "one" | "array";
  /**
   * Whether no more logs will come, for the polling fallback (a WebSocket says so by closing):
   * e.g. the build's job reached a terminal status.
   */
  finished(signal: AbortSignal | undefined): Promise<boolean>;
}

const SESSION_COOKIE = "coder_session_token";
const CONNECTING = 0;
const OPEN = 1;
/** The largest delay a timer takes. */
const MAX_POLL_INTERVAL_MS = 2_147_483_647;
/** 1000 = normal closure (what coderd sends when a job ends); 1005 = closed without a status code. */
const NORMAL_CLOSE_CODES: readonly number[] = [1000, 1005];

export interface CloseInfo {
  code: number;
  reason: string;
}

/**
 * Follow a logs endpoint over a WebSocket (`?follow=true&after=<id>`), yielding each log as it
 * arrives. The socket opens on the first `next()`. The iteration ends when the server closes the
 * socket normally (the job finished). When the upgrade is refused, the endpoint is asked once
 * without `follow`: a Coder error there is thrown as {@link CoderApiError} (e.g. 401, 404), a
 * malformed body as {@link CoderResponseError}, and a good answer means plain HTTP works while
 * WebSockets do not, so the follow goes on by polling (see {@link FollowLogsOptions}). Abnormal
 * closes throw {@link CoderWebSocketError}, a message that is not a valid log
 * {@link CoderResponseError}. Breaking out of `for await` or aborting the signal closes the socket.
 */
export async function* followLogStream<T extends { id: number }>(
  ctx: LogStreamContext,
  spec: LogStreamSpec<T>,
  options: FollowLogsOptions = {},
): AsyncGenerator<T, void, undefined> {
  const { signal, after } = options;
  const intervalMs = options.pollIntervalMs ?? ctx.pollIntervalMs;
  checkPollInterval(intervalMs, "pollIntervalMs");
  const fallback = yield* followSocket(
    ctx,
    {
      path: spec.path,
      query: { follow: true, after: after || undefined },
      schema: spec.schema,
      framing: spec.framing,
      noun: "log",
      resumeFrom: after === undefined ? undefined : `after=${after}`,
      cursor: (log) => `after=${log.id}`,
      refused: (refusal) => refusedUpgrade(ctx, spec, after, { ...refusal, intervalMs }, signal),
      closedEarly: (failure) => closedEarlyError(ctx, spec.path, after, failure, signal),
    },
    signal,
  );
  if (!fallback) return;
  options.onFallback?.(fallback.info);
  yield* pollLogs(ctx.http, spec, { first: fallback.first, after, intervalMs, signal });
}

/** A WebSocket opened by {@link openWebSocket}, with what is needed to report on it safely. */
export interface OpenedWebSocket {
  socket: WebSocket;
  /** The URL with secrets redacted, for error messages. */
  safeUrl: string;
  /** Values to redact from anything the server sends back (close reasons, errors). */
  secrets: (string | undefined)[];
}

/**
 * Open a WebSocket to a Coder API path, authenticated the way Coder's clients are (the session
 * token as header and cookie), with the client's headers, and `binaryType` set to `arraybuffer`.
 * The socket is returned before it opens. Used by {@link followSocket} and the terminal.
 */
export async function openWebSocket(
  ctx: LogStreamContext,
  path: string,
  query: Query,
): Promise<OpenedWebSocket> {
  const Ctor = await resolveWebSocket(ctx.webSocket);
  const url = ctx.http.url(path, query);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  const token = await ctx.http.token();
  const secrets = [...ctx.http.knownSecrets(), token];
  const headers: Record<string, string> = { ...ctx.headers };
  if (token) {
    // Header for Node's WebSocket and `ws`; the cookie is what Coder's Go SDK sends on dials.
    headers["Coder-Session-Token"] = token;
    headers.Cookie = `${SESSION_COOKIE}=${token}`;
  }
  // The DOM typing only knows `protocols` as the second argument; Node's WebSocket and `ws`
  // both take an options object with headers, which is the only way to authenticate from Node.
  const socket = new Ctor(url.href, { headers } as unknown as string[]);
  socket.binaryType = "arraybuffer";
  return { socket, safeUrl: redactSecrets(url.href, secrets), secrets };
}

/** A WebSocket endpoint that sends JSON, and how to read it and explain its failures. */
export interface SocketStreamSpec<T, F> {
  /** API path of the socket. */
  path: string;
  query?: Query;
  /** Schema of one item. */
  schema: z.ZodType<T>;
  /** `one`: each message is one item; `array`: each message is a JSON array of items. */
  framing: "one" | "array";
  /** What one item is called in errors, e.g. `log`. */
  noun: string;
  /** What the stream is called in errors (default `<noun> stream`). */
  streamName?: string;
  /** Close codes that end the iteration normally (default 1000 and 1005). */
  normalCloseCodes?: readonly number[];
  /** Where a resumed stream would start before any item arrived, e.g. `after=12`. */
  resumeFrom?: string;
  /** How to resume after an item, e.g. `after=<id>`; no hint when left out. */
  cursor?: (item: T) => string | undefined;
  /**
   * The upgrade never opened (it got an HTTP answer): throw what that means, or return how to go
   * on without the socket, which {@link followSocket} then returns.
   */
  refused(refusal: { safeUrl: string; detail: string | undefined }): Promise<F>;
  /** The socket opened and closed abnormally before its first message: the error to throw. */
  closedEarly(failure: { safeUrl: string; closed: CloseInfo }): Promise<unknown>;
}

/**
 * Open a WebSocket and yield what it sends, item by item: the machinery of
 * {@link followLogStream} and the chat streams. Returns undefined when the server closed the socket
 * normally, or what `spec.refused` returned when the upgrade was refused.
 */
export async function* followSocket<T, F>(
  ctx: LogStreamContext,
  spec: SocketStreamSpec<T, F>,
  signal: AbortSignal | undefined,
): AsyncGenerator<T, F | undefined, undefined> {
  signal?.throwIfAborted();
  const { socket, safeUrl, secrets } = await openWebSocket(ctx, spec.path, spec.query ?? {});
  const messageSchema = spec.framing === "array" ? z.array(spec.schema) : spec.schema;

  const queue: unknown[] = [];
  let opened = false;
  let closed: CloseInfo | undefined;
  let errorDetail: string | undefined;
  let wake: { resolve: () => void; reject: (reason: unknown) => void } | undefined;
  const notify = () => {
    const waiter = wake;
    wake = undefined;
    waiter?.resolve();
  };
  socket.addEventListener("open", () => {
    opened = true;
  });
  socket.addEventListener("message", (event: MessageEvent) => {
    queue.push(event.data);
    notify();
  });
  socket.addEventListener("error", (event: Event) => {
    // A close event always follows; keep what the implementation said (ws includes the status).
    const detail = describeErrorEvent(event);
    errorDetail = detail === undefined ? undefined : redactSecrets(detail, secrets);
  });
  socket.addEventListener("close", (event: CloseEvent) => {
    // A server or proxy may put anything in the reason, including the token it was sent.
    closed = { code: event.code, reason: redactSecrets(event.reason, secrets) };
    notify();
  });
  const onAbort = () => {
    const waiter = wake;
    wake = undefined;
    waiter?.reject(signal?.reason);
  };
  signal?.addEventListener("abort", onAbort, { once: true });

  let resume = spec.resumeFrom;
  let received = 0;
  let fallback: { value: F } | undefined;
  try {
    for (;;) {
      signal?.throwIfAborted();
      if (queue.length > 0) {
        received += 1;
        const text = await messageText(queue.shift());
        let data: unknown;
        try {
          data = JSON.parse(text);
        } catch {
          throw new CoderResponseError({
            method: "GET",
            url: safeUrl,
            problem: `${spec.noun} message is not valid JSON`,
          });
        }
        const parsed = messageSchema.safeParse(data);
        if (!parsed.success) {
          throw CoderResponseError.fromIssues({ method: "GET", url: safeUrl }, parsed.error.issues);
        }
        const items = (Array.isArray(parsed.data) ? parsed.data : [parsed.data]) as T[];
        for (const item of items) {
          resume = spec.cursor?.(item) ?? resume;
          yield item;
        }
        continue;
      }
      if (closed) {
        if (!opened) {
          // The upgrade got an HTTP answer instead of 101: find out from plain HTTP why.
          fallback = { value: await spec.refused({ safeUrl, detail: errorDetail }) };
          break;
        }
        const normal = (spec.normalCloseCodes ?? NORMAL_CLOSE_CODES).includes(closed.code);
        // A socket that opened and closed without a log (msw, some proxies, a server that failed
        // at once): its own close says little, so ask plain HTTP for Coder's error first.
        if (!normal && received === 0) {
          throw await spec.closedEarly({ safeUrl, closed });
        }
        if (normal) return;
        const hint = resume === undefined ? "" : `; resume with ${resume}`;
        throw new CoderWebSocketError({
          method: "GET",
          url: safeUrl,
          problem: `${spec.streamName ?? `${spec.noun} stream`} closed abnormally (${closeText(closed)})${hint}`,
          closeCode: closed.code,
          closeReason: closed.reason || undefined,
        });
      }
      await new Promise<void>((resolve, reject) => {
        wake = { resolve, reject };
      });
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    if (socket.readyState === CONNECTING || socket.readyState === OPEN) socket.close(1000);
  }
  return fallback.value;
}

/** What is known about a refused upgrade. */
interface Refusal {
  safeUrl: string;
  /** What the WebSocket implementation said (ws includes the HTTP status). */
  detail: string | undefined;
  intervalMs: number;
}

/**
 * An upgrade that never opened. A browser-style WebSocket hides the HTTP status of a refused
 * upgrade, so ask the same endpoint without `follow`: Coder refusing that too is the answer (its
 * status and message); a body that is not a list of logs is a {@link CoderResponseError} naming
 * the endpoint; logs mean plain HTTP works where WebSockets do not, so the caller polls, starting
 * with them.
 */
async function refusedUpgrade<T extends { id: number }>(
  ctx: LogStreamContext,
  spec: LogStreamSpec<T>,
  after: number | undefined,
  refusal: Refusal,
  signal: AbortSignal | undefined,
): Promise<{ first: T[]; info: LogFollowFallback }> {
  const { safeUrl, detail, intervalMs } = refusal;
  const { status, what } = describeRefusal(detail);
  let first: T[];
  try {
    first = await ctx.http.json("GET", spec.path, z.array(spec.schema), {
      query: { after: after || undefined },
      signal,
    });
  } catch (error) {
    throw diagnosis(error, safeUrl, signal, { problem: what, status });
  }
  const reason = `${what}; the endpoint answers plain HTTP, so a proxy may not pass WebSockets`;
  return { first, info: { transport: "polling", reason, ...(status ? { status } : {}), intervalMs } };
}

/**
 * What a refused upgrade says: the HTTP status when the WebSocket implementation reports it (`ws`
 * says "Unexpected server response: 401"; Node's built-in WebSocket gives none), and a sentence.
 */
export function describeRefusal(detail: string | undefined): { status: number | undefined; what: string } {
  const statusMatch = detail?.match(/(?:server response|status(?: code)?):? (\d{3})\b/i);
  const status = statusMatch ? Number(statusMatch[1]) : undefined;
  return {
    status,
    what: `WebSocket upgrade failed${status ? ` with HTTP ${status}` : ""}${detail ? ` (${detail})` : ""}`,
  };
}

/**
 * A socket that opened and then closed abnormally before any log: if plain HTTP refuses the
 * endpoint, that is the error; otherwise the close itself is.
 */
async function closedEarlyError(
  ctx: LogStreamContext,
  path: string,
  after: number | undefined,
  failure: { safeUrl: string; closed: CloseInfo },
  signal: AbortSignal | undefined,
): Promise<unknown> {
  const { safeUrl, closed } = failure;
  const problem = `log stream closed before sending any log (${closeText(closed)})`;
  const base = { closeCode: closed.code, closeReason: closed.reason || undefined };
  try {
    const response = await ctx.http.raw("GET", path, { query: { after: after || undefined }, signal });
    await response.body?.cancel();
  } catch (error) {
    return diagnosis(error, safeUrl, signal, { problem, ...base });
  }
  return new CoderWebSocketError({ method: "GET", url: safeUrl, problem, ...base });
}

/**
 * The error to throw when the plain GET asked to explain a failed follow failed too: the caller's
 * abort, Coder's refusal (reported against the follow URL), a malformed body as it is (it names
 * the endpoint whose body was broken), else the WebSocket failure with the GET's error as cause.
 */
export function diagnosis(
  error: unknown,
  safeUrl: string,
  signal: AbortSignal | undefined,
  failure: { problem: string; status?: number; closeCode?: number; closeReason?: string },
): unknown {
  if (signal?.aborted) return signal.reason;
  if (error instanceof CoderApiError) {
    return new CoderApiError({
      method: "GET",
      url: safeUrl,
      status: error.status,
      body: { message: error.message, detail: error.detail, validations: error.validations },
      helper: error.helper,
    });
  }
  if (error instanceof CoderResponseError) return error;
  return new CoderWebSocketError({ method: "GET", url: safeUrl, ...failure, cause: error });
}

/** Rejects a poll interval that would misbehave as a timer delay, naming the option. */
export function checkPollInterval(value: unknown, field: string): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0 || value > MAX_POLL_INTERVAL_MS) {
    throw new CoderConfigError(
      `${field}: expected a number of milliseconds between 1 and ${MAX_POLL_INTERVAL_MS}, got ${JSON.stringify(value) ?? String(value)}`,
    );
  }
}

function closeText(closed: CloseInfo): string {
  return `close code ${closed.code}${closed.reason ? `: ${closed.reason}` : ""}`;
}

/** What a WebSocket `error` event says, if anything (ws includes the HTTP status). */
export function describeErrorEvent(event: Event): string | undefined {
  const withMessage = event as Event & { message?: unknown; error?: unknown };
  if (typeof withMessage.message === "string" && withMessage.message) return withMessage.message;
  if (withMessage.error instanceof Error) return withMessage.error.message;
  return undefined;
}

async function messageText(data: unknown): Promise<string> {
  if (typeof data === "string") return data;
  if (data instanceof ArrayBuffer) return new TextDecoder().decode(data);
  if (ArrayBuffer.isView(data)) return new TextDecoder().decode(data);
  if (typeof Blob !== "undefined" && data instanceof Blob) return await data.text();
  return String(data);
}
