import { type Env, resolveAgentConfig } from "./config.js";
import { CoderConfigError } from "./errors.js";
import { type CallOptions, type HttpClientOptions, HttpCore } from "./http.js";
import { type RedactOptions, redactExact, redactSecrets } from "./redact.js";

/**
 * The states an app status (and so a task report) can have, in the order Coder's Go toolsdk lists
 * them for `coder_report_task`; `complete`, `idle` and `failure` end a piece of work.
 */
export const APP_STATUS_STATES = ["working", "complete", "idle", "failure"] as const;

/** One of {@link APP_STATUS_STATES}. */
export type AppStatusState = (typeof APP_STATUS_STATES)[number];

/** Body of `PATCH /api/v2/workspaceagents/me/app-status` (`agentsdk.PatchAppStatus`). */
export interface PatchAppStatusRequest {
  /** Slug of a `coder_app` on this agent. */
  app_slug: string;
  state: AppStatusState;
  /** Short human-readable text. */
  message: string;
  /** Link to the result, e.g. a pull request URL. Empty when there is none. */
  uri?: string;
}

/** Options for {@link AgentClient}: the agent token replaces the user token. */
export type AgentClientOptions = HttpClientOptions;

/**
 * Client for the endpoints a workspace agent calls with its own token
 * (`/api/v2/workspaceagents/me/*`). Use it from code running inside a workspace.
 */
export class AgentClient {
  // Private so the agent token is not reachable through the public API.
  readonly #http: HttpCore;

  constructor(options: AgentClientOptions) {
    if (!options.token && !options.tokenProvider) {
      throw new CoderConfigError("AgentClient: give `token` or `tokenProvider` (the workspace agent token).");
    }
    this.#http = new HttpCore(options);
  }

  /**
   * A client from `CODER_AGENT_URL` and `CODER_AGENT_TOKEN` (or `CODER_AGENT_TOKEN_FILE`).
   * `options` override everything but url and token.
   */
  static fromEnv(
    options: Omit<AgentClientOptions, "url" | "token" | "tokenProvider"> = {},
    env: Env = process.env,
  ): AgentClient {
    const { url, token } = resolveAgentConfig(env);
    return new AgentClient({ ...options, url, token });
  }

  /** Deployment URL, without a trailing slash. */
  get url(): string {
    return this.#http.baseUrl;
  }

  /**
   * Replace the agent token and anything shaped like a Coder token in `text` with `[REDACTED]`;
   * with `{ heuristics: false }`, only the agent token.
   */
  redact(text: string, options: RedactOptions = {}): string {
    const secrets = this.#http.knownSecrets();
    return options.heuristics === false ? redactExact(text, secrets) : redactSecrets(text, secrets);
  }

  /**
   * Report an app's status (Coder's "AI task status reporting"). The status shows in the Coder UI
   * and in the task's `current_state`. Coder answers 400 "Failed to get workspace app." for an
   * unknown slug.
   */
  async patchAppStatus(request: PatchAppStatusRequest, options: CallOptions = {}): Promise<void> {
    await this.#http.void("PATCH", "/workspaceagents/me/app-status", {
      ...options,
      json: {
        app_slug: request.app_slug,
        state: request.state,
        message: request.message,
        uri: request.uri ?? "",
      },
    });
  }
}
