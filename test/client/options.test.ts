import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AgentClient, CoderClient, CoderConfigError } from "../../src/client/index.js";
import { useFakeCoder } from "../support/fake-coder.js";

const url = "http://coder.fake";

describe("client options are checked when the client is built", () => {
  it.each([
    [
      { timeoutMs: -5 },
      "timeoutMs: expected a number of milliseconds between 1 and 2147483647, or false, got -5",
    ],
    [
      { timeoutMs: "30s" },
      'timeoutMs: expected a number of milliseconds between 1 and 2147483647, or false, got "30s"',
    ],
    [{ retry: { limit: -1 } }, "retry.limit: expected a whole number ≥ 0, got -1"],
    [{ retry: { limit: 1.5 } }, "retry.limit: expected a whole number ≥ 0, got 1.5"],
    [
      { retry: { backoffLimitMs: -1 } },
      "retry.backoffLimitMs: expected a number of milliseconds ≥ 0, got -1",
    ],
    [
      { url: "coder.example.com" },
      'url: "coder.example.com" is not a valid URL; expected e.g. https://coder.example.com',
    ],
    [{ url: "ftp://coder.example.com" }, "url: protocol must be http: or https:, got ftp:"],
    [{ token: undefined }, "CoderClient: give `token` or `tokenProvider` (a session or API token)."],
  ])("%j → CoderConfigError naming the field", (override, message) => {
    const build = () => new CoderClient({ url, token: "t0ken-value", ...(override as object) });
    expect(build).toThrow(CoderConfigError);
    expect(build).toThrow(message);
  });

  it("accepts timeoutMs: false and retry: false", () => {
    expect(new CoderClient({ url, token: "x", timeoutMs: false, retry: false }).url).toBe(url);
  });
});

describe("escape hatches and redaction", () => {
  const ctx = useFakeCoder();

  it("request() validates an endpoint without a typed method; requestRaw() returns the response", async () => {
    const host = await ctx.owner.request("GET", "/applications/host", z.object({ host: z.string() }));
    expect(host).toEqual({ host: "" });
    const response = await ctx.owner.requestRaw("GET", "/users/me");
    expect(response.status).toBe(200);
    expect(((await response.json()) as { username: string }).username).toBe(ctx.fake.owner.username);
  });

  it("the token is not reachable through the client's public surface", () => {
    const client = ctx.owner as unknown as Record<string, unknown>;
    expect(client.http).toBeUndefined();
    expect(JSON.stringify(ctx.owner)).not.toContain(ctx.fake.owner.token);
  });

  it("redact() removes this client's token, even an opaque one from a tokenProvider", async () => {
    const opaque = "an-opaque-oauth-token-value";
    const client = new CoderClient({ url: ctx.fake.url, tokenProvider: () => opaque, retry: false });
    await client.buildInfo();
    expect(client.redact(`Authorization: Bearer ${opaque}`)).toBe("Authorization: Bearer [REDACTED]");
    expect(ctx.owner.redact(`token=${ctx.fake.owner.token}`)).toBe("token=[REDACTED]");
    const agent = new AgentClient({ url: ctx.fake.url, token: "agent-token-1234" });
    expect(agent.redact("x agent-token-1234 y")).toBe("x [REDACTED] y");
  });
});
