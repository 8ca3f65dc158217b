import { coderError, type HttpError, type JsonObject, readJsonBody } from "./http-util.js";
import type { AgentRec, UserRec } from "./records.js";
import type { TerminalFault } from "./terminal.js";

/** One side of a WebSocket the fake serves (a `ws` socket, or an msw client connection). */
export interface WsPeer {
  /** A string goes out as a text frame, bytes as a binary frame. */
  send(data: string | Uint8Array): void;
  close(code: number, reason: string): void;
  onClose(listener: () => void): void;
  /** Messages from the client, with whether they came in a binary frame. */
  onMessage(listener: (data: Uint8Array, binary: boolean) => void): void;
}

/** Everything a route handler gets. */
export interface RouteContext {
  readonly request: Request;
  readonly url: URL;
  readonly params: Record<string, string>;
  /** The authenticated user; throws for routes that do not authenticate users. */
  actor(): UserRec;
  /** The authenticated workspace agent, for `/workspaceagents/me/*` routes. */
  agent(): AgentRec;
  body(): Promise<JsonObject>;
}

/** A route handler; it may throw HttpError. */
export type Handler = (ctx: RouteContext) => Response | Promise<Response>;

/** Starts a live stream for `?follow` once a WebSocket is accepted. */
export type FollowHandler = (ctx: RouteContext) => (peer: WsPeer) => void;

/**
 * Serves a WebSocket-only route once the socket is accepted; the terminal route also gets the
 * terminal fault that matched the handshake.
 */
export type SocketHandler = (ctx: RouteContext) => (peer: WsPeer, fault?: TerminalFault) => void;

/** Who a route authenticates: a user token, an agent token, or nobody. */
export type AuthKind = "user" | "agent" | "none";

/** A registered route. */
export interface Route {
  method: string;
  path: string;
  segments: string[];
  auth: AuthKind;
  handler: Handler;
  follow?: FollowHandler;
  socket?: SocketHandler;
  when?: () => boolean;
}

/** A route and the path parameters it matched. */
export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

/** Per-route options: authentication and the `?follow` WebSocket stream. */
export interface RouteOptions {
  auth?: AuthKind;
  follow?: FollowHandler;
  /**
   * The route is a WebSocket endpoint (no `?follow` needed): every handshake is accepted with this
   * stream; the HTTP `handler` answers plain requests.
   */
  socket?: SocketHandler;
  /**
   * The route exists only while this returns true (the deployment's API generation); otherwise
   * requests get coderd's "Route not found." like any unknown path.
   */
  when?: () => boolean;
}

const split = (path: string): string[] => path.split("/").filter((s) => s !== "");

/** A chi-like router: `:param` segments, static segments win over params. */
export class Router {
  private readonly routes: Route[] = [];
  private readonly gates: { prefix: string; when: () => boolean }[] = [];

  /** Routes under `prefix` exist only while `when` returns true (see {@link RouteOptions.when}). */
  gate(prefix: string, when: () => boolean): void {
    this.gates.push({ prefix, when });
  }

  private enabled(route: Route): boolean {
    if (route.when && !route.when()) return false;
    return this.gates.every(
      (g) => !(route.path === g.prefix || route.path.startsWith(`${g.prefix}/`)) || g.when(),
    );
  }

  add(method: string, path: string, handler: Handler, options: RouteOptions = {}): void {
    this.routes.push({
      method,
      path,
      segments: split(path),
      auth: options.auth ?? "user",
      handler,
      follow: options.follow,
      socket: options.socket,
      when: options.when,
    });
  }

  get(path: string, handler: Handler, options?: RouteOptions): void {
    this.add("GET", path, handler, options);
  }
  post(path: string, handler: Handler, options?: RouteOptions): void {
    this.add("POST", path, handler, options);
  }
  put(path: string, handler: Handler, options?: RouteOptions): void {
    this.add("PUT", path, handler, options);
  }
  patch(path: string, handler: Handler, options?: RouteOptions): void {
    this.add("PATCH", path, handler, options);
  }
  delete(path: string, handler: Handler, options?: RouteOptions): void {
    this.add("DELETE", path, handler, options);
  }

  /** Returns the best match, `"method"` when only the method is wrong, or undefined. */
  match(method: string, pathname: string): RouteMatch | "method" | undefined {
    const parts = split(pathname).map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
    let best: { match: RouteMatch; score: number[] } | undefined;
    let methodOnly = false;
    for (const route of this.routes) {
      if (route.segments.length !== parts.length) continue;
      if (!this.enabled(route)) continue;
      const params: Record<string, string> = {};
      const score: number[] = [];
      let ok = true;
      for (let i = 0; i < parts.length && ok; i++) {
        const seg = route.segments[i]!;
        if (seg.startsWith(":")) {
          params[seg.slice(1)] = parts[i]!;
          score.push(0);
        } else if (seg === parts[i]) score.push(1);
        else ok = false;
      }
      if (!ok) continue;
      const wanted = method === "HEAD" ? "GET" : method;
      if (route.method !== wanted) {
        methodOnly = true;
        continue;
      }
      if (!best || compare(score, best.score) > 0) best = { match: { route, params }, score };
    }
    if (best) return best.match;
    return methodOnly ? "method" : undefined;
  }
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
  }
  return 0;
}

/** Builds a context whose actor/agent are fixed by the caller after authentication. */
export function makeContext(
  request: Request,
  url: URL,
  params: Record<string, string>,
  actor: UserRec | undefined,
  agent: AgentRec | undefined,
): RouteContext {
  let body: Promise<JsonObject> | undefined;
  const missing = (): HttpError => coderError(500, "Internal error: route is not authenticated.");
  return {
    request,
    url,
    params,
    actor: () => {
      if (!actor) throw missing();
      return actor;
    },
    agent: () => {
      if (!agent) throw missing();
      return agent;
    },
    body: () => {
      body ??= readJsonBody(request);
      return body;
    },
  };
}
