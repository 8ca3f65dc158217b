import { authenticateAgent, authenticateUser } from "./auth.js";
import { type ChatReply, defaultChatReply } from "./chat-records.js";
import { FakeChats } from "./chats.js";
import { breakStream, type FaultAction, type FaultSpec, Faults, refusalReason } from "./faults.js";
import { coderError, HttpError, jsonResponse, upgradeRequired } from "./http-util.js";
import { Provisioner } from "./provisioner.js";
import type { AgentRec, UserRec } from "./records.js";
import { makeContext, type RouteMatch, Router, type WsPeer } from "./router.js";
import { registerAgentRoutes } from "./routes/agents.js";
import { registerBuildRoutes } from "./routes/builds.js";
import { registerChatRoutes } from "./routes/chats.js";
import { registerFileRoutes } from "./routes/files.js";
import { registerGeneralRoutes } from "./routes/general.js";
import { registerOrganizationRoutes } from "./routes/organizations.js";
import { registerTaskRoutes } from "./routes/tasks.js";
import { registerTemplateVersionRoutes } from "./routes/template-versions.js";
import { registerTemplateRoutes } from "./routes/templates.js";
import { registerTerminalRoutes } from "./routes/terminal.js";
import { registerTokenRoutes } from "./routes/tokens.js";
import { registerUserRoutes } from "./routes/users.js";
import { registerWorkspaceRoutes } from "./routes/workspaces.js";
import { Scheduler, Store } from "./store.js";
import { defaultTaskReply, onTaskAgentReady, type TaskReply } from "./tasks.js";
import { TerminalSessions } from "./terminal.js";
import type { OpsEnv } from "./workspace-ops.js";

/** One request as the fake saw it; tokens never appear in `search` or `headers`. */
export interface RequestLogEntry {
  method: string;
  path: string;
  search: string;
  /**
   * Request headers by lower-case name (repeated headers joined with ", "), e.g. `user-agent`.
   * The values of `coder-session-token`, `cookie` and `authorization` read "[REDACTED]".
   */
  headers: Record<string, string>;
  /** Response status; 101 for an accepted WebSocket, 0 when the connection was reset. */
  status: number;
}

/** Headers that carry credentials: the request log keeps their names, not their values. */
const CREDENTIAL_HEADERS = new Set(["coder-session-token", "cookie", "authorization"]);

/**
 * Which AI-agent API a fake deployment serves, like a Coder release: `chats` (current Coder:
 * Coder Agents chats on `/api/v2`, no Tasks API), `tasks` (the Tasks API of about v2.2x–v2.36, no
 * chats), `experimental-chats` (chats under `/api/experimental` only, as v2.36 served them).
 */
export type FakeAgentApi = "chats" | "tasks" | "experimental-chats";

/** Settings the core needs, resolved from `FakeCoderOptions`. */
export interface CoreOptions {
  url: string;
  buildStepMs: number;
  taskReply?: TaskReply;
  appHost: string;
  /** Default `chats` (current Coder). */
  agentApi?: FakeAgentApi;
  /** Milliseconds per step of a chat turn (default `buildStepMs`). */
  chatStepMs?: number;
  chatReply?: ChatReply;
  /** Lifetime of signed chat file download URLs (default 5 minutes). */
  chatFileUrlTtlMs?: number;
}

/** A served response, or an instruction to drop the connection. */
export type DispatchResult = { kind: "response"; response: Response } | { kind: "reset" };

/**
 * The outcome of a WebSocket handshake. A refusal carries its close reason too, ready at once:
 * msw has to close the socket in the tick the connection arrives, before a body could be read.
 */
export type UpgradeResult =
  | { kind: "accept"; start: (peer: WsPeer) => void }
  | { kind: "reject"; response: Response; reason: string }
  | { kind: "reset" };

/**
 * The deployment itself: state, jobs, routes, faults and the request log. Every transport
 * (fetch, msw, the loopback server) hands requests to `dispatch` and upgrades to `upgrade`.
 */
export class FakeCore {
  readonly store = new Store();
  readonly scheduler = new Scheduler();
  readonly provisioner: Provisioner;
  readonly env: OpsEnv;
  readonly router = new Router();
  readonly faults = new Faults();
  readonly requests: RequestLogEntry[] = [];
  readonly taskReply: TaskReply;
  readonly chats: FakeChats;
  /** Open log-follow, chat and terminal sockets, closed with 1001 when the fake shuts down. */
  private readonly peers = new Set<WsPeer>();
  /** Terminal sessions of the workspace agents: real processes under a pseudo-terminal. */
  readonly terminals = new TerminalSessions();

  constructor(readonly options: CoreOptions) {
    options.agentApi ??= "chats";
    this.chats = new FakeChats(this.store, this.scheduler, {
      stepMs: options.chatStepMs ?? options.buildStepMs,
      reply: options.chatReply ?? defaultChatReply,
      fileUrlTtlMs: options.chatFileUrlTtlMs ?? 5 * 60_000,
    });
    this.provisioner = new Provisioner(this.store, this.scheduler, options.buildStepMs);
    this.taskReply = options.taskReply ?? defaultTaskReply;
    this.provisioner.onAgentReady = (agent) => onTaskAgentReady(this.store, this.taskReply, agent);
    this.env = { store: this.store, provisioner: this.provisioner, pendingFailures: [] };
    for (const register of [
      registerGeneralRoutes,
      registerUserRoutes,
      registerTokenRoutes,
      registerOrganizationRoutes,
      registerTemplateRoutes,
      registerTemplateVersionRoutes,
      registerFileRoutes,
      registerWorkspaceRoutes,
      registerBuildRoutes,
      registerAgentRoutes,
      registerTerminalRoutes,
      registerTaskRoutes,
      registerChatRoutes,
    ]) {
      register(this.router, this);
    }
    // Current Coder answers the removed Tasks API like any unknown route.
    for (const prefix of ["/api/v2/tasks", "/api/experimental/tasks"]) {
      this.router.gate(prefix, () => this.options.agentApi === "tasks");
    }
  }

  addFault(spec: FaultSpec) {
    return this.faults.add(spec);
  }

  private log(request: Request, url: URL, status: number): void {
    const params = new URLSearchParams(url.search);
    params.delete("coder_session_token");
    const search = params.toString();
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = CREDENTIAL_HEADERS.has(name) ? "[REDACTED]" : value;
    });
    this.requests.push({
      method: request.method,
      path: url.pathname,
      search: search ? `?${search}` : "",
      headers,
      status,
    });
  }

  /** Serves one HTTP request: faults first, then routing. */
  async dispatch(request: Request): Promise<DispatchResult> {
    const url = new URL(request.url);
    const fault = await this.faults.apply(request.method, url.pathname);
    if (fault.kind === "reset") {
      this.log(request, url, 0);
      return { kind: "reset" };
    }
    const response = fault.kind === "respond" ? fault.response : await this.handle(request, url);
    this.log(request, url, response.status);
    return { kind: "response", response };
  }

  /**
   * Serves a WebSocket handshake: accepted for `?follow` on a log route and on WebSocket routes
   * (chat watch and stream), otherwise answered over HTTP. Decided synchronously when no fault delay or route handler has to be awaited, so msw can
   * refuse the socket before it opens, as a real refused upgrade never opens.
   */
  upgrade(request: Request): UpgradeResult | Promise<UpgradeResult> {
    const url = new URL(request.url);
    const fault = this.faults.applyNow("GET", url.pathname, true);
    return fault instanceof Promise
      ? fault.then((action) => this.upgradeWith(request, url, action))
      : this.upgradeWith(request, url, fault);
  }

  private upgradeWith(
    request: Request,
    url: URL,
    fault: FaultAction,
  ): UpgradeResult | Promise<UpgradeResult> {
    if (fault.kind === "reset") {
      this.log(request, url, 0);
      return { kind: "reset" };
    }
    if (fault.kind === "respond") {
      this.log(request, url, fault.response.status);
      return { kind: "reject", response: fault.response, reason: refusalReason(fault.text) };
    }
    const match = this.router.match("GET", url.pathname);
    const opener =
      match && match !== "method"
        ? (match.route.socket ?? (url.searchParams.has("follow") ? match.route.follow : undefined))
        : undefined;
    if (match && match !== "method" && opener) {
      try {
        const ctx = this.context(request, url, match);
        const follow = opener(ctx);
        const stream = fault.kind === "stream" ? breakStream(follow, fault.fault) : follow;
        const terminalFault = fault.kind === "terminal" ? fault.fault : undefined;
        this.log(request, url, 101);
        const start = (peer: WsPeer): void => {
          this.peers.add(peer);
          peer.onClose(() => this.peers.delete(peer));
          stream(peer, terminalFault);
        };
        return { kind: "accept", start };
      } catch (err) {
        const response = this.errorResponse(err);
        this.log(request, url, response.status);
        const reason = err instanceof HttpError ? err.body.message : "An internal server error occurred.";
        return { kind: "reject", response, reason: reason.slice(0, 120) };
      }
    }
    return this.handle(request, url).then(async (response) => {
      this.log(request, url, response.status);
      return { kind: "reject", response, reason: refusalReason(await response.clone().text()) } as const;
    });
  }

  private context(request: Request, url: URL, match: RouteMatch) {
    let actor: UserRec | undefined;
    let agent: AgentRec | undefined;
    if (match.route.auth === "user") actor = authenticateUser(this.store, request, url);
    if (match.route.auth === "agent") agent = authenticateAgent(this.store, request, url);
    return makeContext(request, url, match.params, actor, agent);
  }

  private errorResponse(err: unknown): Response {
    if (err instanceof HttpError) return jsonResponse(err.status, err.body);
    return jsonResponse(500, {
      message: "An internal server error occurred.",
      detail: String((err as Error)?.message ?? err),
    });
  }

  private async handle(request: Request, url: URL): Promise<Response> {
    const match = this.router.match(request.method, url.pathname);
    if (match === undefined) return jsonResponse(404, { message: "Route not found." });
    if (match === "method") return new Response(null, { status: 405 });
    try {
      const ctx = this.context(request, url, match);
      // coderd's middleware (e.g. the chat lookup) runs before a WebSocket route tries to accept.
      if (match.route.socket) match.route.socket(ctx);
      if (match.route.follow && url.searchParams.has("follow")) {
        // coderd checks the path and query (e.g. `after`) before it tries to accept the socket.
        match.route.follow(ctx);
        return upgradeRequired(request, match.route.path);
      }
      return await match.route.handler(ctx);
    } catch (err) {
      return this.errorResponse(err);
    }
  }

  close(): void {
    this.scheduler.close();
    for (const peer of this.peers) peer.close(1001, "server shutting down");
    this.peers.clear();
    this.terminals.close();
  }
}

export { coderError };
