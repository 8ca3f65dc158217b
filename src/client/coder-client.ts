import { type Env, resolveUserConfig } from "./config.js";
import { CoderConfigError } from "./errors.js";
import { type CallOptions, HttpCore, type HttpClientOptions } from "./http.js";
import { BuildInfo } from "./models/buildinfo.js";

/** Options for {@link CoderClient}. Give either `token` or `tokenProvider`. */
export type CoderClientOptions = HttpClientOptions;

/**
 * Typed client for Coder's REST API (`/api/v2`, and `/api/experimental` where needed).
 *
 * Every method takes an optional `{ signal }`; errors are {@link CoderApiError} (Coder answered
 * non-2xx), {@link CoderNetworkError}, {@link CoderTimeoutError} or {@link CoderResponseError}.
 *
 * @example
 * ```ts
 * const coder = new CoderClient({ url: "https://coder.example.com", token: process.env.CODER_SESSION_TOKEN });
 * const me = await coder.users.me();
 * ```
 */
export class CoderClient {
  /** The HTTP layer shared by the endpoint groups. */
  readonly http: HttpCore;

  constructor(options: CoderClientOptions) {
    if (!options.token && !options.tokenProvider) {
      throw new CoderConfigError("CoderClient: give `token` or `tokenProvider` (a session or API token).");
    }
    this.http = new HttpCore(options);
  }

  /**
   * A client configured from `CODER_URL` and `CODER_SESSION_TOKEN`, falling back to the Coder
   * CLI's stored login. `options` override everything but url and token.
   */
  static fromEnv(options: Omit<CoderClientOptions, "url" | "token" | "tokenProvider"> = {}, env: Env = process.env): CoderClient {
    const { url, token } = resolveUserConfig(env);
    return new CoderClient({ ...options, url, token });
  }

  /** Deployment URL, without a trailing slash. */
  get url(): string {
    return this.http.baseUrl;
  }

  /** `GET /buildinfo`: version and URLs of the deployment (no auth needed). */
  buildInfo(options: CallOptions = {}): Promise<BuildInfo> {
    return this.http.json("GET", "/buildinfo", BuildInfo, options);
  }
}
