import { z } from "zod";
import type { CallOptions, HttpCore } from "./http.js";
import {
  APIKey,
  APIKeyWithOwner,
  type CreateTokenRequest,
  GenerateAPIKeyResponse,
} from "./models/api-key.js";
import { apiPath } from "./path.js";

/** Options for listing tokens. */
export interface ListTokensOptions extends CallOptions {
  /** Owners and admins: list every user's tokens, not only your own. */
  includeAll?: boolean;
}

const NANOS_PER_MS = 1_000_000;

/** The current user's API tokens (`/users/me/keys…`). */
export class TokensApi {
  readonly #http: HttpCore;

  /** @internal Created by {@link CoderClient}. */
  constructor(http: HttpCore) {
    this.#http = http;
  }

  /** `GET /users/me/keys/tokens`: your tokens (all users' with `includeAll`). Secrets are never listed. */
  list(options: ListTokensOptions = {}): Promise<APIKeyWithOwner[]> {
    return this.#http.json("GET", "/users/me/keys/tokens", z.array(APIKeyWithOwner), {
      query: { include_all: options.includeAll || undefined },
      signal: options.signal,
    });
  }

  /**
   * `POST /users/me/keys/tokens`: create a token and return its secret (shown only this once).
   * `lifetime_ms` is sent as Go nanoseconds in `lifetime`.
   */
  create(request: CreateTokenRequest, options: CallOptions = {}): Promise<GenerateAPIKeyResponse> {
    const { token_name, lifetime_ms, scope, scopes } = request;
    if (lifetime_ms !== undefined && (!Number.isFinite(lifetime_ms) || lifetime_ms < 0)) {
      throw new RangeError(`lifetime_ms must be a non-negative number, got ${lifetime_ms}`);
    }
    return this.#http.json("POST", "/users/me/keys/tokens", GenerateAPIKeyResponse, {
      json: {
        token_name,
        lifetime: lifetime_ms === undefined ? undefined : Math.round(lifetime_ms) * NANOS_PER_MS,
        scope,
        scopes,
      },
      signal: options.signal,
    });
  }

  /** `GET /users/me/keys/tokens/{name}`: one of your tokens by name. */
  get(name: string, options: CallOptions = {}): Promise<APIKey> {
    return this.#http.json("GET", apiPath`/users/me/keys/tokens/${name}`, APIKey, { signal: options.signal });
  }

  /** `DELETE /users/me/keys/{id}`: revoke a token by its key ID (the `id` field, not the name). */
  async delete(keyId: string, options: CallOptions = {}): Promise<void> {
    await this.#http.void("DELETE", apiPath`/users/me/keys/${keyId}`, { signal: options.signal });
  }
}
