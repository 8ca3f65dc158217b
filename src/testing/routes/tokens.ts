import { apiKeyJson } from "../convert.js";
import type { FakeCore } from "../core.js";
import { coderError, field, jsonResponse, noContent, notFound } from "../http-util.js";
import type { ApiKeyRec } from "../records.js";
import type { Router } from "../router.js";
import { addMs, newApiKeyParts, nowIso, randomName } from "../util.js";
import { ownUserParam } from "./helpers.js";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Deployment default for `--max-token-lifetime`: 30 days. */
const MAX_LIFETIME_NS = 30 * DAY_MS * 1e6;

/** API tokens of a user (`/users/{user}/keys/...`). */
export function registerTokenRoutes(router: Router, core: FakeCore): void {
  const { store } = core;
  const tokensOf = (userId: string): ApiKeyRec[] =>
    [...store.apiKeys.values()].filter((k) => k.userId === userId && k.loginType === "token");

  router.get("/api/v2/users/:user/keys/tokens", (ctx) => {
    const user = ownUserParam(core, ctx);
    const all = ctx.url.searchParams.get("include_all") === "true" && store.isOwner(ctx.actor());
    const keys = all ? [...store.apiKeys.values()].filter((k) => k.loginType === "token") : tokensOf(user.id);
    return jsonResponse(
      200,
      keys.map((k) => ({ ...apiKeyJson(k), username: store.users.get(k.userId)?.username ?? "" })),
    );
  });

  router.post("/api/v2/users/:user/keys/tokens", async (ctx) => {
    const user = ownUserParam(core, ctx);
    const body = await ctx.body();
    const lifetimeNs = field.number(body, "lifetime", "codersdk.CreateTokenRequest") ?? 0;
    const scope = field.string(body, "scope", "codersdk.CreateTokenRequest") || "all";
    const tokenName = field.string(body, "token_name", "codersdk.CreateTokenRequest") || randomName();
    if (lifetimeNs > MAX_LIFETIME_NS) {
      throw coderError(
        400,
        "Failed to validate create API key request.",
        `lifetime must be less than ${MAX_LIFETIME_NS / 3.6e12}h0m0s`,
      );
    }
    if (tokensOf(user.id).some((k) => k.tokenName === tokenName)) {
      throw coderError(409, `A token with name "${tokenName}" already exists.`);
    }
    const lifetimeMs = lifetimeNs > 0 ? lifetimeNs / 1e6 : 30 * DAY_MS;
    const { id, secret } = newApiKeyParts();
    const now = nowIso();
    store.apiKeys.set(id, {
      id,
      secret,
      userId: user.id,
      tokenName,
      scope,
      loginType: "token",
      lifetimeSeconds: Math.round(lifetimeMs / 1000),
      createdAt: now,
      updatedAt: now,
      expiresAt: addMs(now, lifetimeMs),
      lastUsed: "0001-01-01T00:00:00Z",
    });
    return jsonResponse(201, { key: `${id}-${secret}` });
  });

  router.get("/api/v2/users/:user/keys/tokens/tokenconfig", (ctx) => {
    ownUserParam(core, ctx);
    return jsonResponse(200, { max_token_lifetime: MAX_LIFETIME_NS });
  });

  router.get("/api/v2/users/:user/keys/tokens/:keyname", (ctx) => {
    const user = ownUserParam(core, ctx);
    const key = tokensOf(user.id).find((k) => k.tokenName === ctx.params.keyname);
    if (!key) throw notFound();
    return jsonResponse(200, apiKeyJson(key));
  });

  router.get("/api/v2/users/:user/keys/:keyid", (ctx) => {
    const user = ownUserParam(core, ctx);
    const key = store.apiKeys.get(ctx.params.keyid ?? "");
    if (!key || key.userId !== user.id) throw notFound();
    return jsonResponse(200, apiKeyJson(key));
  });

  router.delete("/api/v2/users/:user/keys/:keyid", (ctx) => {
    const user = ownUserParam(core, ctx);
    const key = store.apiKeys.get(ctx.params.keyid ?? "");
    if (!key || key.userId !== user.id) throw notFound();
    store.apiKeys.delete(key.id);
    return noContent();
  });
}
