import { CoderApiError, CoderWebSocketError } from "./errors.js";
import { describeErrorEvent, type LogStreamContext, openWebSocket } from "./log-stream.js";
import { apiPath } from "./path.js";
import { redactSecrets } from "./redact.js";

/** Options of {@link AgentsApi.pty}. */
export interface PtyOptions {
  /**
   * Session id (a UUID). A new id starts a new session; the id of a live session attaches to it
   * and the agent first replays what the session printed recently.
   */
  reconnect: string;
  /** Command run by the user's login shell (`$SHELL -c`); empty or left out starts the shell. */
  command?: string;
  /** Terminal columns (coderd's default is 80). */
  width?: number;
  /** Terminal rows (coderd's default is 80). */
  height?: number;
  /**
   * `buffered` or `screen`: asks newer agents for a backend. Servers that do not know the
   * parameter ignore it (coderd does not reject unknown query parameters on this route).
   */
  backendType?: "buffered" | "screen";
  /** Called with each binary frame the terminal sends (raw terminal bytes). */
  onData: (bytes: Uint8Array) => void;
  /** Aborting before the socket opens rejects with the signal's reason and closes it. */
  signal?: AbortSignal;
}

/** How a terminal socket ended. */
export interface PtyClose {
  code: number;
  reason: string;
}

/**
 * An open terminal session socket. Everything sent is a JSON message in a binary frame, which is
 * the only frame type coderd's terminal accepts (a text frame closes the socket with 1003).
 */
export interface PtyConnection {
  /** Type `data` into the terminal (`{"data": …}`); Ctrl-C is `"\u0003"`. */
  write(data: string): void;
  /** Resize the terminal (`{"height": …, "width": …}`; both must be non-zero). */
  resize(height: number, width: number): void;
  /** Bytes queued in the socket and not yet sent, for flow control. */
  readonly bufferedAmount: number;
  /** Settles when the socket has closed (either side). */
  readonly closed: Promise<PtyClose>;
  /** Close the socket (normal closure). The session and its process go on running. */
  close(): void;
}

const encoder = new TextEncoder();

/**
 * Open `GET /workspaceagents/{id}/pty` as a WebSocket: the terminal coderd relays to the agent's
 * reconnecting PTY. Resolves once the socket is open; rejects with {@link CoderApiError} when Coder
 * refused the request (401, 403, 404, 400 for a bad `reconnect`), or {@link CoderWebSocketError}.
 */
export async function openPty(
  ctx: LogStreamContext,
  agentId: string,
  options: PtyOptions,
): Promise<PtyConnection> {
  const { signal } = options;
  signal?.throwIfAborted();
  const path = apiPath`/workspaceagents/${agentId}/pty`;
  const query = {
    reconnect: options.reconnect,
    width: options.width,
    height: options.height,
    command: options.command || undefined,
    backend_type: options.backendType,
  };
  const { socket, safeUrl, secrets } = await openWebSocket(ctx, path, query);
  let resolveClosed!: (close: PtyClose) => void;
  const closed = new Promise<PtyClose>((resolve) => {
    resolveClosed = resolve;
  });
  let errorDetail: string | undefined;
  socket.addEventListener("message", (event: MessageEvent) => {
    const data: unknown = event.data;
    if (data instanceof ArrayBuffer) options.onData(new Uint8Array(data));
    else if (ArrayBuffer.isView(data))
      options.onData(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    // coderd only sends binary frames; text would mean something else answered.
    else if (typeof data === "string") options.onData(encoder.encode(data));
  });
  socket.addEventListener("error", (event: Event) => {
    const detail = describeErrorEvent(event);
    errorDetail = detail === undefined ? undefined : redactSecrets(detail, secrets);
  });
  socket.addEventListener("close", (event: CloseEvent) => {
    resolveClosed({ code: event.code, reason: redactSecrets(event.reason, secrets) });
  });

  const openedOrClosed = await new Promise<"open" | PtyClose | "aborted">((resolve) => {
    const onAbort = () => resolve("aborted");
    signal?.addEventListener("abort", onAbort, { once: true });
    socket.addEventListener("open", () => {
      signal?.removeEventListener("abort", onAbort);
      resolve("open");
    });
    void closed.then((close) => {
      signal?.removeEventListener("abort", onAbort);
      resolve(close);
    });
  });
  if (openedOrClosed === "aborted") {
    socket.close();
    throw signal?.reason;
  }
  if (openedOrClosed !== "open") {
    throw await refusal(ctx, path, query, { safeUrl, detail: errorDetail, close: openedOrClosed }, signal);
  }
  const send = (message: object) => {
    if (socket.readyState === 1) socket.send(encoder.encode(JSON.stringify(message)));
  };
  const connection: PtyConnection = {
    write: (data) => send({ data }),
    resize: (height, width) => send({ height, width }),
    get bufferedAmount() {
      return socket.bufferedAmount;
    },
    closed,
    close: () => {
      if (socket.readyState === 0 || socket.readyState === 1) socket.close(1000);
    },
  };
  return connection;
}

/** Why a terminal socket did not open: ask the same URL over plain HTTP for Coder's own answer. */
async function refusal(
  ctx: LogStreamContext,
  path: string,
  query: Record<string, string | number | undefined>,
  failure: { safeUrl: string; detail: string | undefined; close: PtyClose },
  signal: AbortSignal | undefined,
): Promise<unknown> {
  const { safeUrl, detail, close } = failure;
  const statusMatch = detail?.match(/(?:server response|status(?: code)?):? (\d{3})\b/i);
  const status = statusMatch ? Number(statusMatch[1]) : undefined;
  const base = {
    method: "GET",
    url: safeUrl,
    status,
    closeCode: close.code,
    closeReason: close.reason || undefined,
  };
  try {
    const response = await ctx.http.raw("GET", path, { query, signal });
    await response.body?.cancel();
  } catch (error) {
    if (signal?.aborted) return signal.reason;
    if (error instanceof CoderApiError) {
      // 426 means the route is fine and only the upgrade failed (as for a plain GET).
      if (error.status !== 426) return error;
    } else {
      return new CoderWebSocketError({ ...base, problem: "terminal WebSocket failed to open", cause: error });
    }
  }
  const what = detail ? ` (${detail})` : close.reason ? ` (${close.code}: ${close.reason})` : "";
  return new CoderWebSocketError({
    ...base,
    problem: `terminal WebSocket failed to open${what}; the endpoint answers plain HTTP, so a proxy may not pass WebSockets`,
  });
}
