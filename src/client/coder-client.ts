import type { z } from "zod";
import { VERSION } from "../version.js";
import { AgentsApi, ApplicationsApi } from "./agents.js";
import { BuildsApi } from "./builds.js";
import { ChatsApi } from "./chats.js";
import { type Env, resolveUserConfig } from "./config.js";
import { CoderConfigError } from "./errors.js";
import { FilesApi } from "./files.js";
import { type CallOptions, type HttpClientOptions, HttpCore, type RequestOptions } from "./http.js";
import { checkPollInterval, type LogStreamContext, type WebSocketConstructor } from "./log-stream.js";
import { BuildInfo } from "./models/buildinfo.js";
import { OrganizationsApi } from "./organizations.js";
import { type RedactOptions, redactExact, redactSecrets } from "./redact.js";
import { TasksApi } from "./tasks.js";
import { TemplatesApi } from "./templates.js";
import { TokensApi } from "./tokens.js";
import { UsersApi } from "./users.js";
import { WorkspacesApi } from "./workspaces.js";

/** Options for {@link CoderClient}. Give either `token` or `tokenProvider`. */
export interface CoderClientOptions extends HttpClientOptions {
  /**
   * WebSocket constructor for log follows and chat streams. Defaults to the global `WebSocket` (Node ≥ 22),
   * else the `ws` package (Node 20), loaded on first use. The `ws` package's class works too when
   * passed (cast it: `WebSocket as unknown as typeof globalThis.WebSocket`).
   */
  webSocket?: WebSocketConstructor;
  /**
   * Wait between polls, in ms, when a log follow or chat stream falls back to polling because a
   * proxy refuses WebSockets (see `FollowLogsOptions`, `ChatStreamFallbackOptions`). Default 1000.
   */
  logPollIntervalMs?: number;
}

/** How often a log follow polls when WebSockets are blocked: the pace of a follow, not of a busy loop. */
const DEFAULT_LOG_POLL_INTERVAL_MS = 1000;

/**
 * Typed client for Coder's REST API (`/api/v2`, and `/api/experimental` where needed).
 *
 * Every method takes an optional options object last, carrying `signal`; errors are
 * {@link CoderApiError} (Coder answered non-2xx), {@link CoderNetworkError}, {@link CoderTimeoutError}
 * or {@link CoderResponseError}; log streams may also throw {@link CoderWebSocketError}.
 *
 * @example
 * ```ts
 * const coder = new CoderClient({ url: "https://coder.example.com", token: process.env.CODER_SESSION_TOKEN });
 * const me = await coder.users.me();
 * for await (const ws of coder.workspaces.iterate({ q: "owner:me" })) console.log(ws.name);
 * ```
 */
export class CoderClient {
  // Private so the token is not reachable through the public API (tool handlers get the client).
  readonly #http: HttpCore;
  /** Users: `me()`, `get()`, `list()`, `iterate()`, `organizations()`. */
  readonly users: UsersApi;
  /** Organizations and their members. */
  readonly organizations: OrganizationsApi;
  /** Templates and template versions, including parameters, presets and import logs. */
  readonly templates: TemplatesApi;
  /** Template source archives: `upload()`, `download()`. */
  readonly files: FilesApi;
  /** Workspaces: list, get, create, builds, schedules. */
  readonly workspaces: WorkspacesApi;
  /** Workspace builds: get, logs (one-shot and follow), resources, cancel. */
  readonly builds: BuildsApi;
  /** Workspace agents: get, logs (one-shot and follow), listening ports, connection info. */
  readonly agents: AgentsApi;
  /** Applications: the subdomain app host. */
  readonly applications: ApplicationsApi;
  /** AI tasks (`/api/v2/tasks`; Coder removed this API in favour of chats, after v2.36). */
  readonly tasks: TasksApi;
  /** Coder Agents chats (`/api/v2/chats`, or `/api/experimental/chats` on about v2.36 and older). */
  readonly chats: ChatsApi;
  /** Your API tokens. */
  readonly tokens: TokensApi;

  constructor(options: CoderClientOptions) {
    if (!options.token && !options.tokenProvider) {
      throw new CoderConfigError("CoderClient: give `token` or `tokenProvider` (a session or API token).");
    }
    this.#http = new HttpCore(options);
    if (options.logPollIntervalMs !== undefined)
      checkPollInterval(options.logPollIntervalMs, "logPollIntervalMs");
    const streams: LogStreamContext = {
      http: this.#http,
      webSocket: options.webSocket,
      pollIntervalMs: options.logPollIntervalMs ?? DEFAULT_LOG_POLL_INTERVAL_MS,
      headers: { ...options.headers, "User-Agent": options.userAgent ?? `coder-toolsdk/${VERSION}` },
    };
    this.users = new UsersApi(this.#http);
    this.organizations = new OrganizationsApi(this.#http);
    this.templates = new TemplatesApi(streams);
    this.files = new FilesApi(this.#http);
    this.workspaces = new WorkspacesApi(this.#http);
    this.builds = new BuildsApi(streams);
    this.agents = new AgentsApi(streams);
    this.applications = new ApplicationsApi(this.#http);
    this.tasks = new TasksApi(this.#http);
    this.chats = new ChatsApi(streams);
    this.tokens = new TokensApi(this.#http);
  }

  /**
   * A client configured from `CODER_URL` and `CODER_SESSION_TOKEN`, falling back to the Coder
   * CLI's stored login. `options` override everything but url and token.
   */
  static fromEnv(
    options: Omit<CoderClientOptions, "url" | "token" | "tokenProvider"> = {},
    env: Env = process.env,
  ): CoderClient {
    const { url, token } = resolveUserConfig(env);
    return new CoderClient({ ...options, url, token });
  }

  /** Deployment URL, without a trailing slash. */
  get url(): string {
    return this.#http.baseUrl;
  }

  /**
   * Replace this client's token (and recent `tokenProvider` tokens), anything shaped like a Coder
   * API key, and tokens in URL queries with `[REDACTED]`. For text you log or pass on. With
   * `{ heuristics: false }` only this client's own tokens are replaced, for data (results, logs)
   * where a token-shaped value may be real content.
   */
  redact(text: string, options: RedactOptions = {}): string {
    const secrets = this.#http.knownSecrets();
    return options.heuristics === false ? redactExact(text, secrets) : redactSecrets(text, secrets);
  }

  /**
   * Call an endpoint that has no typed method yet and validate its JSON body with `schema`. Paths
   * are relative to `/api/v2` unless they start with `/api/`. Auth, retries and error mapping are
   * the same as for typed methods.
   */
  request<S extends z.ZodType>(
    method: string,
    path: string,
    schema: S,
    options: RequestOptions = {},
  ): Promise<z.output<S>> {
    return this.#http.json(method, path, schema, options);
  }

  /** Like {@link request}, returning the successful `Response` unread (for bytes or streams). */
  requestRaw(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    return this.#http.raw(method, path, options);
  }

  /** `GET /buildinfo`: version and URLs of the deployment (no auth needed). */
  buildInfo(options: CallOptions = {}): Promise<BuildInfo> {
    return this.#http.json("GET", "/buildinfo", BuildInfo, options);
  }
}
