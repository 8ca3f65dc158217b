import { describe, expect, it } from "vitest";
import type { CoderApiError } from "../../src/client/index.js";
import { useFakeCoder } from "../support/fake-coder.js";

describe("tokens", () => {
  const ctx = useFakeCoder({ seed: false });

  it("create() returns a working token; list(), get() and delete() manage it", async () => {
    const created = await ctx.member.tokens.create({ token_name: "ci", lifetime_ms: 7 * 24 * 3_600_000 });
    expect(created.key).toMatch(/^[a-zA-Z0-9]{10}-[a-zA-Z0-9]{22}$/);
    const post = ctx.fake.requests.find((r) => r.method === "POST" && r.path.endsWith("/keys/tokens"));
    expect(post?.path).toBe("/api/v2/users/me/keys/tokens");

    const viaToken = ctx.clientFor(created.key);
    expect((await viaToken.users.me()).username).toBe("alice");

    const token = await ctx.member.tokens.get("ci");
    expect(token.token_name).toBe("ci");
    // 7 days in ms became Go nanoseconds on the wire and seconds in the answer.
    expect(token.lifetime_seconds).toBe(7 * 24 * 3600);
    expect(token.login_type).toBe("token");
    expect(created.key.startsWith(token.id)).toBe(true);

    const listed = await ctx.member.tokens.list();
    expect(listed.map((t) => [t.token_name, t.username])).toEqual([["ci", "alice"]]);

    await ctx.member.tokens.delete(token.id);
    expect(await ctx.member.tokens.list()).toEqual([]);
    const revoked = await viaToken.users.me().catch((e: unknown) => e);
    expect((revoked as CoderApiError).status).toBe(401);
  });

  it("list({ includeAll }) shows every user's tokens to an owner", async () => {
    await ctx.member.tokens.create({ token_name: "alice-token" });
    await ctx.owner.tokens.create({ token_name: "admin-token" });
    expect((await ctx.owner.tokens.list()).map((t) => t.token_name)).toEqual(["admin-token"]);
    const all = await ctx.owner.tokens.list({ includeAll: true });
    expect(all.map((t) => `${t.username}:${t.token_name}`).sort()).toEqual([
      "admin:admin-token",
      "alice:alice-token",
    ]);
  });

  it("maps a duplicate name to 409, a too-long lifetime to 400, an unknown name to 404", async () => {
    await ctx.member.tokens.create({ token_name: "dup" });
    const dup = await ctx.member.tokens.create({ token_name: "dup" }).catch((e: unknown) => e);
    expect((dup as CoderApiError).status).toBe(409);
    const tooLong = await ctx.member.tokens
      .create({ token_name: "long", lifetime_ms: 400 * 24 * 3_600_000 })
      .catch((e: unknown) => e);
    expect((tooLong as CoderApiError).status).toBe(400);
    expect((tooLong as CoderApiError).detail).toContain("lifetime must be less than");
    const missing = await ctx.member.tokens.get("nope").catch((e: unknown) => e);
    expect((missing as CoderApiError).status).toBe(404);
    expect(() => ctx.member.tokens.create({ token_name: "neg", lifetime_ms: -1 })).toThrow(RangeError);
  });
});
