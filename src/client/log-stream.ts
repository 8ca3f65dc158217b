import { z } from "zod";
import { CoderApiError, CoderConfigError, CoderResponseError, CoderWebSocketError } from "./errors.js";
import type { CallOptions, HttpCore } from "./http.js";
import type { LogRange } from "./models/provisioner-job.js";
import { redactSecrets } from "./redact.js";

/**
 * A WebSocket constructor. Node ≥ 22 has a global one; pass another (e.g. the `ws` package's, cast
 * to this type) for other runtimes. It is called as `new WebSocket(url, { headers })`, a form both
 * Node's built-in WebSocket and `ws` accept even though the DOM typing only lists protocols.
 */
export type WebSocketConstructor = typeof WebSocket;

/** What a log stream needs from the client that opens it. */
export interface LogStreamContext {
  http: HttpCore;
  /** Injected WebSocket constructor; defaults to `globalThis.WebSocket`. */
  webSocket?: WebSocketConstructor;
  /** Extra headers for the upgrade request (the client's `headers` and `User-Agent`). */
  headers?: Record<string, string>;
}

/** Options for following a log stream. */
export interface FollowLogsOptions {
  /** Resume after this log id (the last one you have); left out, the stream starts at the beginning. */
  after?: number;
  /** Closes the socket when aborted; a pending `next()` rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Range for a one-shot (non-follow) log read; both bounds are log ids. */
export interface LogRangeOptions extends LogRange, CallOptions {}

/** How one stream endpoint frames its messages. */
export interface LogStreamSpec<T extends { id: number }> {
  /** API path of the logs endpoint, e.g. `/workspacebuilds/{id}/logs`. */
  path: string;
  /** Schema of one log. */
  schema: z.ZodType<T>;
  /** `one`: each message is one log (provisioner logs); `array`: a JSON array of logs (agent logs). */
  framing: "one" | "array";
}

const SESSION_COOKIE = "coder_session_token";
const CONNECTING = 0;
const OPEN = 1;
/** 1000 = normal closure (what coderd sends when a job ends); 1005 = closed without a status code. */
const NORMAL_CLOSE_CODES = [1000, 1005];

interface CloseInfo {
  code: number;
  reason: string;
}

/**
 * Follow a logs endpoint over a WebSocket (`?follow=true&after=<id>`), yielding each log as it
 * arrives. The socket opens on the first `next()`. The iteration ends when the server closes the
 * socket normally (the job finished); it throws {@link CoderApiError} when Coder refused the
 * upgrade (e.g. 401, 404), {@link CoderWebSocketError} for other refusals and abnormal closes, and
 * {@link CoderResponseError} for a message that is not a valid log. Breaking out of `for await`
 * or aborting the signal closes the socket.
 */
export async function* followLogStream<T extends { id: number }>(
  ctx: LogStreamContext,
  spec: LogStreamSpec<T>,
  options: FollowLogsOptions = {},
): AsyncGenerator<T, void, undefined> {
  const { signal, after } = options;
  signal?.throwIfAborted();
  const Ctor = ctx.webSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (!Ctor) {
    throw new CoderConfigError("No WebSocket implementation: pass `webSocket` (e.g. from the `ws` package).");
  }
  const url = ctx.http.url(spec.path, { follow: true, after: after || undefined });
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  const token = await ctx.http.token();
  const secrets = [...ctx.http.knownSecrets(), token];
  const safeUrl = redactSecrets(url.href, secrets);
  const messageSchema = spec.framing === "array" ? z.array(spec.schema) : spec.schema;

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

  let lastId = after;
  let received = 0;
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
            problem: "log message is not valid JSON",
          });
        }
        const parsed = messageSchema.safeParse(data);
        if (!parsed.success) {
          throw CoderResponseError.fromIssues({ method: "GET", url: safeUrl }, parsed.error.issues);
        }
        const items = (Array.isArray(parsed.data) ? parsed.data : [parsed.data]) as T[];
        for (const item of items) {
          lastId = item.id;
          yield item;
        }
        continue;
      }
      if (closed) {
        const normal = NORMAL_CLOSE_CODES.includes(closed.code);
        // Some transports (msw's WebSocket interception, proxies) accept the socket and then close
        // it at once instead of refusing the upgrade: treat that like a refusal and ask over HTTP.
        if (!opened || (!normal && received === 0)) {
          const failure = { safeUrl, detail: errorDetail, closed: opened ? closed : undefined };
          throw await earlyFailureError(ctx, spec.path, after, failure, signal);
        }
        if (normal) return;
        const resume = lastId === undefined ? "" : `; resume with after=${lastId}`;
        throw new CoderWebSocketError({
          method: "GET",
          url: safeUrl,
          problem: `log stream closed abnormally (${closeText(closed)})${resume}`,
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
}

/** What went wrong before the first log arrived. */
interface EarlyFailure {
  safeUrl: string;
  /** What the WebSocket implementation said (ws includes the HTTP status). */
  detail: string | undefined;
  /** Set when the socket opened and then closed without sending anything. */
  closed?: CloseInfo;
}

/**
 * Explain a stream that failed before delivering anything. A browser-style WebSocket hides the
 * HTTP status of a refused upgrade, so ask the same endpoint without `follow`: if Coder refuses
 * that too, its status and message are the answer.
 */
async function earlyFailureError(
  ctx: LogStreamContext,
  path: string,
  after: number | undefined,
  failure: EarlyFailure,
  signal: AbortSignal | undefined,
): Promise<unknown> {
  const { safeUrl, detail, closed } = failure;
  // `ws` says "Unexpected server response: 401"; Node's built-in WebSocket gives no status.
  const statusMatch = detail?.match(/(?:server response|status(?: code)?):? (\d{3})\b/i);
  const status = statusMatch ? Number(statusMatch[1]) : undefined;
  const what = closed
    ? `log stream closed before sending any log (${closeText(closed)})`
    : `WebSocket upgrade failed${status ? ` with HTTP ${status}` : ""}${detail ? ` (${detail})` : ""}`;
  const base = {
    method: "GET",
    url: safeUrl,
    status,
    closeCode: closed?.code,
    closeReason: closed?.reason || undefined,
  };
  try {
    const response = await ctx.http.raw("GET", path, { query: { after: after || undefined }, signal });
    await response.body?.cancel();
  } catch (error) {
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
    return new CoderWebSocketError({ ...base, problem: what, cause: error });
  }
  const hint = closed ? "" : "; the endpoint answers plain HTTP, so a proxy may not pass WebSockets";
  return new CoderWebSocketError({ ...base, problem: `${what}${hint}` });
}

function closeText(closed: CloseInfo): string {
  return `close code ${closed.code}${closed.reason ? `: ${closed.reason}` : ""}`;
}

function describeErrorEvent(event: Event): string | undefined {
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
