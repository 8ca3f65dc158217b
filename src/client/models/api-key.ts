import { z } from "zod";
import { Timestamp, Uuid } from "./common.js";
import { LoginType } from "./user.js";

/**
 * An API key or token (`codersdk.APIKey`); the secret is never returned. `scope` is deprecated in
 * favour of `scopes` on newer servers.
 */
export const APIKey = z.looseObject({
  id: z.string(),
  user_id: Uuid,
  token_name: z.string(),
  last_used: Timestamp,
  expires_at: Timestamp,
  created_at: Timestamp,
  updated_at: Timestamp,
  login_type: LoginType,
  scope: z.string().optional(),
  scopes: z.array(z.string()).nullish(),
  lifetime_seconds: z.number(),
  allow_list: z.array(z.looseObject({})).nullish(),
});
export type APIKey = z.infer<typeof APIKey>;

/** An API key with its owner's username (`codersdk.APIKeyWithOwner`), from the token list. */
export const APIKeyWithOwner = APIKey.extend({ username: z.string().optional() });
export type APIKeyWithOwner = z.infer<typeof APIKeyWithOwner>;

/** `POST /users/{user}/keys/tokens` (`codersdk.GenerateAPIKeyResponse`): the new token, shown once. */
export const GenerateAPIKeyResponse = z.looseObject({ key: z.string() });
export type GenerateAPIKeyResponse = z.infer<typeof GenerateAPIKeyResponse>;

/** Options for creating a token (the client converts `lifetime_ms` to Go nanoseconds). */
export interface CreateTokenRequest {
  token_name: string;
  /** Lifetime in milliseconds; left out, the server's default applies. */
  lifetime_ms?: number;
  /** Deprecated single scope (`all`, `application_connect`); newer servers prefer `scopes`. */
  scope?: string;
  /** Scopes on newer servers, e.g. `["workspace:read"]`. */
  scopes?: string[];
}
