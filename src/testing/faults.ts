import { STATUS_CODES } from "node:http";
import { SIGNED_OUT } from "./auth.js";
import { forbidden, RESOURCE_NOT_FOUND } from "./http-util.js";
import type { WsPeer } from "./router.js";
import type { TerminalFault } from "./terminal.js";

/**
 * A fault for WebSocket log follows: `?follow` on build, template-version and agent logs, served
 * over `fake.listen()` and `fake.handlers` (msw). `fake.fetch` speaks no WebSocket, so these faults
 * never touch it, nor any plain HTTP request.
 *
 * Either refuse the handshake (`refuseStatus`), or accept it and break the stream: let
 * `afterMessages` of the stream's own messages through, then send `junkFrame` and/or close with
 * `closeCode`/`closeReason`.
 *
 * @example
 * ```ts
 * const path = `/api/v2/workspacebuilds/${buildId}/logs`;
 * // One log, then an abnormal close; the client should say "resume with after=<id>".
 * fake.faults.add({ path, websocket: { afterMessages: 1, closeCode: 1011 }, times: 1 });
 * // A proxy that refuses WebSockets while plain GETs of the same path still work.
 * fake.faults.add({ path, websocket: { refuseStatus: 502 }, html: true });
 * // A frame that is JSON but not a log.
 * fake.faults.add({ path, websocket: { junkFrame: { id: 1, output: "no level" } } });
 * ```
 */
export interface WebSocketFault {
  /**
   * Refuse the handshake with this HTTP status. Over `listen()` the client gets a real HTTP
   * response to its upgrade request; through msw, which cannot answer an upgrade with HTTP, the
   * socket closes before it opens (as a refused upgrade never opens; with `delayMs` it opens
   * first) with code 4000 + status and the body's message as reason (as for every refusal the
   * fake makes there). The body is a Coder error for the status unless the spec's `body`,
   * `html` or `malformedJson` says otherwise; `headers` apply. Only the upgrade is refused: a
   * plain GET of the same path is served, as behind a proxy that does not pass WebSockets. To
   * refuse both (like coderd refusing a bad token), use a fault with `status` and no `websocket`.
   */
  refuseStatus?: number;
  /** How many of the stream's own messages go out before the junk frame and the close (default 0). */
  afterMessages?: number;
  /**
   * Then send this frame: `true` for a text frame that is not JSON, a string as is, anything else
   * JSON-encoded (a frame that parses but is not a valid log). The stream goes on afterwards
   * unless a close is set.
   */
  junkFrame?: true | string | Record<string, unknown> | unknown[];
  /**
   * Then close the socket with this code (1011, "internal error", when only `closeReason` is
   * set). Should the stream end before `afterMessages`, it closes with this code instead of its
   * own normal close.
   */
  closeCode?: number;
  /** Reason sent with that close (at most 123 bytes of UTF-8, as the protocol allows). */
  closeReason?: string;
}

/**
 * A fault to inject for matching requests (see `fake.faults.add`). Without `websocket` it applies
 * to HTTP requests and WebSocket handshakes alike (a `status` refuses an upgrade, `delayMs` holds
 * it back, `reset` drops it); with `websocket` it applies to WebSocket handshakes only.
 */
export interface FaultSpec {
  /** HTTP method to match; any method when omitted. */
  method?: string;
  /** Exact pathname (`*` matches any run of characters) or a RegExp tested against the pathname. */
  path: string | RegExp;
  /**
   * Status of the injected response (500 by default; 502 for `html`, 200 for `malformedJson`).
   * Not allowed with `websocket`: use `websocket.refuseStatus`.
   */
  status?: number;
  /** Body of the injected response: a string is sent as is, anything else as JSON. */
  body?: unknown;
  /** Response headers, e.g. `Retry-After`; names are case-insensitive and replace the fake's own. */
  headers?: Record<string, string>;
  /**
   * Wait this long first (before a WebSocket handshake, too); with nothing else set, the request
   * is then served normally.
   */
  delayMs?: number;
  /** Drop the connection: a socket reset in listen mode, a network-error TypeError in fetch/msw mode. */
  reset?: true;
  /** Answer with a truncated JSON body labelled application/json. */
  malformedJson?: true;
  /** Answer with an HTML error page (text/html), like a proxy in front of Coder. */
  html?: true;
  /** Break log-follow WebSockets instead of HTTP requests; see {@link WebSocketFault}. */
  websocket?: WebSocketFault;
  /**
   * Disturb terminal WebSockets (`/api/v2/workspaceagents/{id}/pty`) instead of HTTP requests:
   * escape-code noise, `screen` behaviour, lost output, split frames, dropped connections; see
   * {@link TerminalFault}. Like `websocket`, it applies to WebSocket handshakes only.
   */
  terminal?: TerminalFault;
  /** Apply to the next n matching requests only; unlimited when omitted. */
  times?: number;
}

/** A registered fault; `hits` counts the requests it answered. */
export interface FaultHandle {
  readonly hits: number;
  remove(): void;
}

/** What the transport should do with a request. */
export type FaultAction =
  | { kind: "reset" }
  | { kind: "respond"; response: Response; text: string }
  | { kind: "stream"; fault: WebSocketFault }
  | { kind: "terminal"; fault: TerminalFault }
  | { kind: "pass" };

interface Entry {
  spec: FaultSpec;
  remaining: number;
  hits: number;
}

function pathMatches(pattern: string | RegExp, pathname: string): boolean {
  if (pattern instanceof RegExp) return pattern.test(pathname);
  if (!pattern.includes("*")) return pattern === pathname;
  const escaped = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${escaped.join(".*")}$`).test(pathname);
}

const HTML_PAGE =
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

/** The Coder error body a refused handshake carries when the spec gives none. */
function refusalBody(status: number): { message: string; detail?: string } {
  const detail = "WebSocket upgrade refused by a fault injected in the fake Coder deployment";
  if (status === 401) return { message: SIGNED_OUT, detail };
  if (status === 403) return forbidden().body;
  if (status === 404) return { message: RESOURCE_NOT_FOUND };
  if (status >= 500) return { message: "An internal server error occurred.", detail };
  return { message: STATUS_CODES[status] ?? "WebSocket upgrade refused.", detail };
}

/** Response headers: the fake's defaults, then the spec's, replacing names case-insensitively. */
function responseHeaders(defaults: Record<string, string>, overrides: Record<string, string> = {}): Headers {
  const headers = new Headers(defaults);
  for (const [name, value] of Object.entries(overrides)) headers.set(name, value);
  return headers;
}

/**
 * The injected HTTP response of a spec, with `status` (when set) winning over the spec's, and its
 * body text (msw, which cannot send an HTTP refusal, puts its message in a close reason).
 */
function faultResponse(
  spec: FaultSpec,
  status = spec.status,
): { response: Response; text: string } | undefined {
  if (spec.html) {
    const response = new Response(HTML_PAGE, {
      status: status ?? 502,
      headers: responseHeaders({ "content-type": "text/html" }, spec.headers),
    });
    return { response, text: HTML_PAGE };
  }
  const json = { "content-type": "application/json; charset=utf-8" };
  if (spec.malformedJson) {
    const text = '{"message": "Request was cut sho';
    return {
      response: new Response(text, { status: status ?? 200, headers: responseHeaders(json, spec.headers) }),
      text,
    };
  }
  if (status === undefined && spec.body === undefined) return undefined;
  const code = status ?? 500;
  const body =
    spec.body === undefined
      ? JSON.stringify(
          spec.websocket
            ? refusalBody(code)
            : {
                message: "An internal server error occurred.",
                detail: "fault injected by the fake Coder deployment",
              },
        )
      : typeof spec.body === "string"
        ? spec.body
        : JSON.stringify(spec.body);
  const noBody = code === 204 || code === 304;
  const response = new Response(noBody ? null : body, {
    status: code,
    headers: responseHeaders(json, spec.headers),
  });
  return { response, text: noBody ? "" : body };
}

/**
 * What an msw refusal says as its close reason: Coder's `message` from a JSON error body, else the
 * start of the body (a close reason holds at most 123 bytes).
 */
export function refusalReason(text: string): string {
  return (/"message":\s*"([^"]*)"/.exec(text)?.[1] ?? text).slice(0, 120);
}

/** Checks a spec for switches that cannot work together. */
function validate(spec: FaultSpec): void {
  if (spec.terminal && (spec.websocket || spec.status !== undefined)) {
    throw new Error("fake coder: a `terminal` fault takes neither `websocket` nor `status`");
  }
  const code = spec.terminal?.closeCode;
  // The codes a close frame may carry (1005 and 1006 only describe closes that had none).
  if (
    code !== undefined &&
    !((code >= 1000 && code <= 1014 && ![1004, 1005, 1006].includes(code)) || (code >= 3000 && code <= 4999))
  ) {
    throw new Error(
      `fake coder: terminal.closeCode ${code} cannot be sent in a close frame (use 1000–1014 but 1004–1006, or 3000–4999)`,
    );
  }
  const ws = spec.websocket;
  if (!ws) return;
  if (spec.status !== undefined) {
    throw new Error("fake coder: a `websocket` fault takes `websocket.refuseStatus`, not `status`");
  }
  const breaksStream =
    ws.afterMessages !== undefined ||
    ws.junkFrame !== undefined ||
    ws.closeCode !== undefined ||
    ws.closeReason !== undefined;
  if (ws.refuseStatus !== undefined && breaksStream) {
    throw new Error(
      "fake coder: a refused WebSocket never opens; drop the stream switches or `refuseStatus`",
    );
  }
  if (ws.closeReason !== undefined && new TextEncoder().encode(ws.closeReason).length > 123) {
    throw new Error("fake coder: a WebSocket close reason is at most 123 bytes");
  }
}

/** The text of a junk frame; JSON ends with a newline, as Go's json.Encoder writes coderd's frames. */
function junkText(frame: NonNullable<WebSocketFault["junkFrame"]>): string {
  if (frame === true) return "this frame is not JSON (fault injected by the fake Coder deployment)";
  return typeof frame === "string" ? frame : `${JSON.stringify(frame)}\n`;
}

/**
 * Wraps a log-follow stream so it breaks as `fault` says: after `afterMessages` of its own
 * messages, the junk frame and/or the close go out, and nothing the stream sends after that close.
 */
export function breakStream(stream: (peer: WsPeer) => void, fault: WebSocketFault): (peer: WsPeer) => void {
  const limit = fault.afterMessages ?? 0;
  const closes = fault.closeCode !== undefined || fault.closeReason !== undefined;
  return (peer) => {
    let sent = 0;
    let acted = false;
    let closed = false;
    const act = (): void => {
      acted = true;
      if (fault.junkFrame !== undefined) peer.send(junkText(fault.junkFrame));
      if (closes) {
        closed = true;
        peer.close(fault.closeCode ?? 1011, fault.closeReason ?? "");
      }
    };
    if (limit <= 0) act();
    if (closed) return;
    stream({
      send: (data) => {
        if (closed) return;
        peer.send(data);
        sent += 1;
        if (!acted && sent >= limit) act();
      },
      close: (code, reason) => {
        if (!acted) act();
        if (closed) return;
        closed = true;
        peer.close(code, reason);
      },
      onClose: (listener) => peer.onClose(listener),
      onMessage: (listener) => peer.onMessage(listener),
    });
  };
}

/** The fault switchboard: first matching fault wins, counted down by `times`. */
export class Faults {
  private entries: Entry[] = [];

  /** Registers a fault and returns a handle to inspect or remove it. */
  add(spec: FaultSpec): FaultHandle {
    validate(spec);
    const entry: Entry = { spec, remaining: spec.times ?? Number.POSITIVE_INFINITY, hits: 0 };
    this.entries.push(entry);
    return {
      get hits() {
        return entry.hits;
      },
      remove: () => {
        this.entries = this.entries.filter((e) => e !== entry);
      },
    };
  }

  /** Removes every fault. */
  clear(): void {
    this.entries = [];
  }

  /**
   * Finds and consumes the fault for a request (`upgrade`: a WebSocket handshake), waiting out
   * its delay. Faults with `websocket` match handshakes only.
   */
  async apply(method: string, pathname: string, upgrade = false): Promise<FaultAction> {
    return await this.applyNow(method, pathname, upgrade);
  }

  /**
   * Like {@link apply}, but synchronous unless the fault has a delay: msw must refuse a WebSocket
   * in the same tick its connection event arrives, or the mocked socket opens first.
   */
  applyNow(method: string, pathname: string, upgrade = false): FaultAction | Promise<FaultAction> {
    const entry = this.entries.find(
      (e) =>
        e.remaining > 0 &&
        (upgrade || (!e.spec.websocket && !e.spec.terminal)) &&
        (!e.spec.method || e.spec.method.toUpperCase() === method) &&
        pathMatches(e.spec.path, pathname),
    );
    if (!entry) return { kind: "pass" };
    entry.remaining -= 1;
    entry.hits += 1;
    if (entry.remaining <= 0) this.entries = this.entries.filter((e) => e !== entry);
    const { spec } = entry;
    if (spec.delayMs) {
      return new Promise((resolve) => setTimeout(resolve, spec.delayMs)).then(() => actionOf(spec));
    }
    return actionOf(spec);
  }
}

/** What a matched fault does once its delay (if any) is over. */
function actionOf(spec: FaultSpec): FaultAction {
  if (spec.reset) return { kind: "reset" };
  if (spec.terminal) return { kind: "terminal", fault: spec.terminal };
  const ws = spec.websocket;
  if (ws) {
    if (ws.refuseStatus !== undefined) {
      const refusal = faultResponse(spec, ws.refuseStatus)!;
      return { kind: "respond", ...refusal };
    }
    return { kind: "stream", fault: ws };
  }
  const injected = faultResponse(spec);
  return injected ? { kind: "respond", ...injected } : { kind: "pass" };
}
