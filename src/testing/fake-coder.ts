import type {
  Organization,
  ProvisionerJobLog,
  Task,
  Template,
  User,
  Workspace,
  WorkspaceAppStatus,
  WorkspaceBuild,
} from "./api-types.js";
import type { Chat, ChatMessage } from "./api-types-chat.js";
import type { ChatReply } from "./chat-records.js";
import { templateJson, userJson } from "./convert.js";
import { buildJson, workspaceJson } from "./convert-workspace.js";
import { type FakeAgentApi, FakeCore, type RequestLogEntry } from "./core.js";
import { seedDefaults, seedIdentities } from "./default-seed.js";
import type { FaultHandle, FaultSpec } from "./faults.js";
import { createMswHandlers } from "./msw.js";
import { type SeededUser, Seeder } from "./seed.js";
import { type ListeningServer, listen } from "./server.js";
import { taskJson } from "./tasks.js";
import { sameName } from "./util.js";

/** Options of {@link createFakeCoder}. */
export interface FakeCoderOptions {
  /** Base URL of the in-process deployment (`fake.fetch`, `fake.handlers`). Default `http://coder.fake`. */
  url?: string;
  /**
   * Seed templates and workspaces (default true). With `false` the fake still has the default
   * organization `coder`, the owner `admin` and the member `alice`, but nothing else.
   */
  seed?: boolean;
  /** Milliseconds per provisioner stage and agent step (default 30). */
  buildStepMs?: number;
  /** The task app's answer to input; default echoes `Working on it: <input>`. */
  taskReply?: (input: string) => string;
  /** Wildcard app host reported by `GET /applications/host` (default "", i.e. none). */
  appHost?: string;
  /**
   * Which AI-agent API the deployment serves, like a Coder release:
   * - `"chats"` (the default): current Coder, with Coder Agents chats on `/api/v2/chats` and no
   *   Tasks API (`/api/v2/tasks` answers 404 "Route not found.");
   * - `"tasks"`: the Tasks API (`/api/v2/tasks`), as Coder v2.2x–v2.36 served it, and no chats;
   * - `"experimental-chats"`: chats under `/api/experimental/chats` only, as v2.36 served them.
   */
  agentApi?: FakeAgentApi;
  /** Milliseconds per step of a simulated chat turn (three steps per turn; default `buildStepMs`). */
  chatStepMs?: number;
  /**
   * The simulated chat agent's answer to a prompt: text, optionally with files it attaches.
   * Throw to fail the turn (`status: "error"`). Default: `Done: <prompt>`.
   */
  chatReply?: ChatReply;
  /** How long signed chat file download URLs stay valid (default 5 minutes). */
  chatFileUrlTtlMs?: number;
}

/** Read-only views of the fake's state, in the same JSON shapes the API serves. */
export interface FakeCoderInspect {
  users(): User[];
  templates(): Template[];
  /** Non-deleted workspaces of every user. */
  workspaces(): Workspace[];
  /** A workspace by id, `owner/name` or name (deleted ones included). */
  workspace(ref: string): Workspace | undefined;
  /** Builds of a workspace, newest first. */
  builds(workspaceRef: string): WorkspaceBuild[];
  /** Provisioner logs of a build. */
  buildLogs(buildId: string): ProvisionerJobLog[];
  /** Live (non-deleted) tasks. */
  tasks(): Task[];
  /** Every chat of every user, archived ones included. */
  chats(): Chat[];
  /** Stored messages of a chat, oldest first. */
  chatMessages(chatId: string): ChatMessage[];
  /** App statuses reported by agents, oldest first; optionally for one workspace. */
  appStatuses(workspaceRef?: string): WorkspaceAppStatus[];
  /** Uploaded files (without their bytes). */
  files(): {
    id: string;
    hash: string;
    mimetype: string;
    size: number;
    created_by: string;
    created_at: string;
  }[];
}

/**
 * One of the fake's msw handlers, as this entry's types show it. msw is an optional peer
 * dependency, so these types must not import it (a project that only uses `fake.listen()` or
 * `fake.fetch` has no msw to resolve, and `skipLibCheck: false` would fail on the import).
 * `never` is the one type every parameter accepts, so `setupServer(...fake.handlers)` and
 * `server.use(...fake.handlers)` type-check against whichever msw v3 is installed; at run time the
 * values are msw's own `HttpHandler` and `WebSocketHandler` objects.
 */
export type FakeMswHandler = never;

/** An in-memory Coder deployment; see {@link createFakeCoder}. */
export interface FakeCoder {
  /** Base URL for in-process use (`fetch` and msw). */
  readonly url: string;
  readonly owner: SeededUser;
  readonly member: SeededUser;
  readonly organization: Organization;
  /**
   * msw v3 handlers (HTTP plus WebSocket log follows); msw is loaded on first access. Spread them
   * into msw: `setupServer(...fake.handlers)`. Typed opaquely, see {@link FakeMswHandler}.
   */
  readonly handlers: ReadonlyArray<FakeMswHandler>;
  /** A `fetch` served in-process; relative URLs resolve against `url`. */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /** Starts a real HTTP + WebSocket server on 127.0.0.1. */
  listen(options?: { port?: number }): Promise<ListeningServer>;
  /**
   * Every request served, in order: method, path, search and headers (credentials redacted), and
   * the status (101 for an accepted WebSocket).
   */
  readonly requests: RequestLogEntry[];
  /** Fault switches: statuses, delays, resets, malformed bodies, and broken log-follow WebSockets. */
  readonly faults: { add(spec: FaultSpec): FaultHandle; clear(): void };
  readonly seed: Seeder;
  readonly inspect: FakeCoderInspect;
  /** The agent token of a workspace's current agent, for `/workspaceagents/me/*` calls. */
  agentToken(workspaceRef: string, agentName?: string): string;
  /**
   * The directory a workspace's terminal commands run in (also their `$HOME`; `$TMPDIR` is its
   * `.tmp`), created on first use and removed by {@link close}. Commands run as this process's user.
   */
  workspaceDir(workspaceRef: string): string;
  /** Makes the next build (of one workspace, or any) fail with `error`. */
  failNextBuild(options?: { workspace?: string; error?: string }): void;
  /** Resolves once no job or agent step is pending. */
  idle(timeoutMs?: number): Promise<void>;
  /** Stops timers, closes listening servers, kills terminal processes and removes their directories. */
  close(): Promise<void>;
}

/**
 * Creates an in-memory Coder deployment that behaves like coderd: same paths, status codes,
 * error bodies and JSON shapes, with builds and agents that progress over time.
 */
export function createFakeCoder(options: FakeCoderOptions = {}): FakeCoder {
  const url = (options.url ?? "http://coder.fake").replace(/\/+$/, "");
  const reply = options.taskReply;
  const core = new FakeCore({
    url,
    buildStepMs: options.buildStepMs ?? 30,
    appHost: options.appHost ?? "",
    ...(reply ? { taskReply: (input: string) => reply(input) } : {}),
    agentApi: options.agentApi ?? "chats",
    ...(options.chatStepMs === undefined ? {} : { chatStepMs: options.chatStepMs }),
    ...(options.chatReply ? { chatReply: options.chatReply } : {}),
    ...(options.chatFileUrlTtlMs === undefined ? {} : { chatFileUrlTtlMs: options.chatFileUrlTtlMs }),
  });
  const seeder = new Seeder(core);
  const identities = seedIdentities(seeder);
  if (options.seed !== false) seedDefaults(seeder);
  const servers: ListeningServer[] = [];
  let handlers: FakeMswHandler[] | undefined;
  const { store } = core;

  const resolveWorkspace = (ref: string) => {
    const ws = store.resolveWorkspaceRef(ref);
    if (!ws) throw new Error(`fake coder: no workspace "${ref}"`);
    return ws;
  };

  const inspect: FakeCoderInspect = {
    users: () => [...store.users.values()].map((u) => userJson(store, u)),
    templates: () =>
      [...store.templates.values()].filter((t) => !t.deleted).map((t) => templateJson(store, t)),
    workspaces: () =>
      [...store.workspaces.values()].filter((w) => !w.deleted).map((w) => workspaceJson(store, w)),
    workspace: (ref) => {
      const ws =
        store.resolveWorkspaceRef(ref) ?? [...store.workspaces.values()].find((w) => sameName(w.name, ref));
      return ws ? workspaceJson(store, ws) : undefined;
    },
    builds: (ref) =>
      store
        .buildsOf(resolveWorkspace(ref).id)
        .reverse()
        .map((b) => buildJson(store, b)),
    buildLogs: (buildId) => {
      const build = store.builds.get(buildId);
      return build ? [...store.jobOf(build).logs] : [];
    },
    tasks: () => [...store.tasks.values()].filter((t) => !t.deletedAt).map((t) => taskJson(store, t)),
    chats: () => [...core.chats.chats.values()].map((c) => core.chats.json(c)),
    chatMessages: (chatId) => [...(core.chats.chats.get(chatId)?.messages ?? [])],
    appStatuses: (ref) => {
      const wsId = ref ? resolveWorkspace(ref).id : undefined;
      const statuses: WorkspaceAppStatus[] = [];
      for (const agent of store.allAgents()) {
        if (wsId && agent.workspaceId !== wsId) continue;
        for (const app of agent.apps) statuses.push(...app.statuses);
      }
      return statuses.sort((a, b) => a.created_at.localeCompare(b.created_at));
    },
    files: () =>
      [...store.files.values()].map((f) => ({
        id: f.id,
        hash: f.hash,
        mimetype: f.mimetype,
        size: f.data.byteLength,
        created_by: f.createdBy,
        created_at: f.createdAt,
      })),
  };

  return {
    url,
    owner: identities.owner,
    member: identities.member,
    organization: identities.organization,
    get handlers() {
      // The real msw handler objects; only their static type is opaque (see FakeMswHandler).
      handlers ??= createMswHandlers(core, url) as unknown as FakeMswHandler[];
      return handlers;
    },
    async fetch(input, init) {
      const request =
        input instanceof Request
          ? init
            ? new Request(input, init)
            : input
          : new Request(new URL(String(input), `${url}/`), init);
      const result = await core.dispatch(request);
      if (result.kind === "reset") {
        // What undici's fetch throws when the server drops the connection.
        throw new TypeError("fetch failed", {
          cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }),
        });
      }
      Object.defineProperty(result.response, "url", { value: request.url });
      return result.response;
    },
    async listen(listenOptions = {}) {
      const server = await listen(core, listenOptions.port ?? 0);
      servers.push(server);
      return server;
    },
    requests: core.requests,
    faults: { add: (spec) => core.faults.add(spec), clear: () => core.faults.clear() },
    seed: seeder,
    inspect,
    agentToken(ref, agentName) {
      const ws = resolveWorkspace(ref);
      const latest = store.latestBuild(ws.id);
      const agents = latest.resources.flatMap((r) => r.agents);
      const agent = agentName ? agents.find((a) => a.name === agentName) : agents[0];
      if (!agent)
        throw new Error(
          `fake coder: workspace "${ref}" has no agent${agentName ? ` "${agentName}"` : ""} in its latest build`,
        );
      return agent.token;
    },
    workspaceDir(ref) {
      return core.terminals.workspaceDir(resolveWorkspace(ref).id);
    },
    failNextBuild(failure = {}) {
      core.env.pendingFailures.push({
        workspaceId: failure.workspace ? resolveWorkspace(failure.workspace).id : null,
        error: failure.error ?? "terraform apply: exit status 1",
      });
    },
    async idle(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (core.scheduler.pending > 0) {
        if (Date.now() > deadline) throw new Error("fake coder: still busy after idle() timeout");
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    async close() {
      core.close();
      await Promise.all(servers.splice(0).map((s) => s.close()));
    },
  };
}
