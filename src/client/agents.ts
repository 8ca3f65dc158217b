import { z } from "zod";
import type { CallOptions, HttpCore } from "./http.js";
import { streamJsonArray } from "./json-stream.js";
import {
  type FollowLogsOptions,
  followLogStream,
  type LogRangeOptions,
  type LogStreamContext,
} from "./log-stream.js";
import {
  AgentConnectionInfo,
  AppHostResponse,
  ListeningPortsResponse,
  WorkspaceAgent,
  WorkspaceAgentLog,
} from "./models/agent.js";
import { apiPath } from "./path.js";
import { openPty, type PtyConnection, type PtyOptions } from "./pty.js";

/**
 * Lifecycle states in which an agent's scripts have ended, so its log has stopped growing until
 * the next transition: startup finished (well or not), or shutdown finished.
 */
const SETTLED_LIFECYCLES: ReadonlySet<string> = new Set([
  "ready",
  "start_error",
  "start_timeout",
  "shutdown_error",
  "shutdown_timeout",
  "off",
]);

/** User-facing workspace agent endpoints (`/workspaceagents/{id}`). */
export class AgentsApi {
  readonly #http: HttpCore;
  readonly #streams: LogStreamContext;

  /** @internal Created by {@link CoderClient}. */
  constructor(streams: LogStreamContext) {
    this.#http = streams.http;
    this.#streams = streams;
  }

  /** `GET /workspaceagents/{id}`: one agent with its status, lifecycle and apps. */
  get(agentId: string, options: CallOptions = {}): Promise<WorkspaceAgent> {
    return this.#http.json("GET", apiPath`/workspaceagents/${agentId}`, WorkspaceAgent, {
      signal: options.signal,
    });
  }

  /** `GET /workspaceagents/{id}/logs`: agent logs (startup scripts etc.) written so far. */
  logs(agentId: string, options: LogRangeOptions = {}): Promise<WorkspaceAgentLog[]> {
    const { after, before, signal } = options;
    return this.#http.json("GET", apiPath`/workspaceagents/${agentId}/logs`, z.array(WorkspaceAgentLog), {
      query: { after, before },
      signal,
    });
  }

  /**
   * `GET /workspaceagents/{id}/logs`, read item by item while the body arrives: the same logs as
   * {@link logs} without holding them all.
   */
  iterateLogs(agentId: string, options: LogRangeOptions = {}): AsyncGenerator<WorkspaceAgentLog, void> {
    const { after, before, signal } = options;
    const path = apiPath`/workspaceagents/${agentId}/logs`;
    return streamJsonArray(
      this.#http,
      { path, query: { after, before }, item: WorkspaceAgentLog },
      { signal },
    );
  }

  /**
   * Follow the agent logs over a WebSocket (`GET /workspaceagents/{id}/logs?follow`). Coder sends
   * a JSON array of logs per message; this yields them one at a time. The agent keeps the stream
   * open while it runs, so break out or abort to stop. Where a proxy refuses WebSockets, it polls
   * `GET /workspaceagents/{id}/logs?after=` until the agent has finished starting or stopping
   * (lifecycle `ready`, `start_error`, `start_timeout`, `shutdown_*` but `shutting_down`, `off`) or
   * disconnected (see {@link FollowLogsOptions.onFallback}).
   */
  followLogs(agentId: string, options: FollowLogsOptions = {}): AsyncGenerator<WorkspaceAgentLog, void> {
    return followLogStream(
      this.#streams,
      {
        path: apiPath`/workspaceagents/${agentId}/logs`,
        schema: WorkspaceAgentLog,
        framing: "array",
        finished: async (signal) => {
          const agent = await this.get(agentId, { signal });
          return agent.status === "disconnected" || SETTLED_LIFECYCLES.has(agent.lifecycle_state);
        },
      },
      options,
    );
  }

  /**
   * `GET /workspaceagents/{id}/pty` (WebSocket): a terminal session on the agent, the one the web
   * terminal uses. Raw terminal bytes come back through `options.onData`; there is no exit code and
   * stdout and stderr are one stream. `coder-toolsdk`'s `PtyTransport` builds commands and file
   * operations on top of it.
   */
  pty(agentId: string, options: PtyOptions): Promise<PtyConnection> {
    return openPty(this.#streams, agentId, options);
  }

  /** `GET /workspaceagents/{id}/listening-ports`: TCP ports processes in the workspace listen on. */
  listeningPorts(agentId: string, options: CallOptions = {}): Promise<ListeningPortsResponse> {
    const path = apiPath`/workspaceagents/${agentId}/listening-ports`;
    return this.#http.json("GET", path, ListeningPortsResponse, { signal: options.signal });
  }

  /** `GET /workspaceagents/{id}/connection`: Tailnet connection settings (DERP map). */
  connectionInfo(agentId: string, options: CallOptions = {}): Promise<AgentConnectionInfo> {
    const path = apiPath`/workspaceagents/${agentId}/connection`;
    return this.#http.json("GET", path, AgentConnectionInfo, { signal: options.signal });
  }
}

/** Application endpoints (`/applications`). */
export class ApplicationsApi {
  readonly #http: HttpCore;

  /** @internal Created by {@link CoderClient}. */
  constructor(http: HttpCore) {
    this.#http = http;
  }

  /**
   * `GET /applications/host`: the wildcard host for subdomain apps (e.g. `*.apps.example.com`),
   * or `""` when the deployment has none. Deprecated by Coder but still served.
   */
  host(options: CallOptions = {}): Promise<AppHostResponse> {
    return this.#http.json("GET", "/applications/host", AppHostResponse, { signal: options.signal });
  }
}
