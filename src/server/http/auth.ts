import { createHash } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { CoderApiError, CoderClient, type User } from "../../client/index.js";

/** The header coderd reads a session token from. */
export const SESSION_TOKEN_HEADER = "coder-session-token";

/**
 * The caller's Coder token: the `Coder-Session-Token` header, else an `Authorization: Bearer`
 * token (an OAuth2 access token from Coder's provider, or an API token). `undefined` when neither.
 */
export function tokenFromHeaders(headers: IncomingHttpHeaders): string | undefined {
  const session = headers[SESSION_TOKEN_HEADER];
  const direct = (Array.isArray(session) ? session[0] : session)?.trim();
  if (direct) return direct;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? "");
  return match?.[1];
}

/** Who a token belongs to, as far as the access log needs. */
export interface Caller {
  token: string;
  username: string;
}

/** Why a token was not accepted. */
export type Rejection =
  | { kind: "missing" }
  | { kind: "rejected"; message: string }
  | { kind: "unavailable"; message: string };

/** Options of {@link TokenValidator}. */
export interface TokenValidatorOptions {
  /** The Coder deployment the tokens belong to. */
  coderUrl: string;
  /** How long a token that Coder accepted is believed without asking again. Default 10 s. */
  ttlMs?: number;
  /** At most this many accepted tokens are remembered. Default 1000. */
  maxEntries?: number;
  /** Passed to each client (tests use the fake's fetch). */
  fetch?: typeof fetch;
  now?: () => number;
}

/**
 * Checks tokens with `GET /api/v2/users/me` on the Coder deployment, so a missing or rejected token
 * is answered 401 before any MCP work starts. Accepted tokens are remembered briefly, keyed by
 * their SHA-256 (never the token itself), so a busy client does not double every request; a
 * rejection is never cached. Nothing else is shared between requests.
 */
export class TokenValidator {
  readonly #options: Required<Omit<TokenValidatorOptions, "fetch">> & { fetch?: typeof fetch };
  readonly #accepted = new Map<string, { username: string; until: number }>();

  constructor(options: TokenValidatorOptions) {
    this.#options = { ttlMs: 10_000, maxEntries: 1000, now: Date.now, ...options };
  }

  /** A client for `token` against the deployment. */
  clientFor(token: string): CoderClient {
    const { coderUrl, fetch } = this.#options;
    return new CoderClient({ url: coderUrl, token, ...(fetch ? { fetch } : {}) });
  }

  /** The caller behind `token`, or why there is none. */
  async check(token: string | undefined, signal?: AbortSignal): Promise<Caller | Rejection> {
    if (!token) return { kind: "missing" };
    const key = createHash("sha256").update(token).digest("hex");
    const now = this.#options.now();
    const cached = this.#accepted.get(key);
    if (cached && cached.until > now) return { token, username: cached.username };
    this.#accepted.delete(key);
    let me: User;
    try {
      me = await this.clientFor(token).users.me(signal ? { signal } : {});
    } catch (error) {
      if (error instanceof CoderApiError && (error.status === 401 || error.status === 403)) {
        return { kind: "rejected", message: error.message };
      }
      return { kind: "unavailable", message: error instanceof Error ? error.message : String(error) };
    }
    if (this.#accepted.size >= this.#options.maxEntries) {
      // Maps iterate in insertion order: drop the oldest entry.
      const oldest = this.#accepted.keys().next().value;
      if (oldest !== undefined) this.#accepted.delete(oldest);
    }
    this.#accepted.set(key, { username: me.username, until: now + this.#options.ttlMs });
    return { token, username: me.username };
  }
}

/** Whether {@link TokenValidator.check} found a caller. */
export function isCaller(result: Caller | Rejection): result is Caller {
  return "username" in result;
}
