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

describe("request hooks", () => {
  const ctx = useFakeCoder();

  /** The fake's fetch, counting `Response.clone()` calls: ky clones a response for each afterResponse hook. */
  function countingClones(): { fetch: typeof fetch; clones: () => number } {
    let clones = 0;
    const countingFetch: typeof fetch = async (input, init) => {
      const response = await ctx.fake.fetch(input, init);
      const clone = response.clone.bind(response);
      response.clone = () => {
        clones += 1;
        return clone();
      };
      return response;
    };
    return { fetch: countingFetch, clones: () => clones };
  }

  it("clone no response when no afterResponse hook was given", async () => {
    const counter = countingClones();
    const coder = new CoderClient({ url, token: ctx.fake.owner.token, fetch: counter.fetch });
    expect((await coder.users.me()).username).toBe("admin");
    await coder.workspaces.list();
    expect(counter.clones()).toBe(0);
  });

  it("call the given afterResponse hooks on every attempt, retries included", async () => {
    const counter = countingClones();
    const seen: number[] = [];
    const coder = new CoderClient({
      url,
      token: ctx.fake.owner.token,
      fetch: counter.fetch,
      retry: { limit: 1, backoffLimitMs: 1 },
      hooks: { afterResponse: [(_request, response) => void seen.push(response.status)] },
    });
    ctx.fake.faults.add({ path: "/api/v2/users/me", status: 503, times: 1 });
    expect((await coder.users.me()).username).toBe("admin");
    expect(seen).toEqual([503, 200]);
    expect(counter.clones()).toBe(2);
  });

  it("still retry and send the token without any hooks", async () => {
    const coder = new CoderClient({
      url,
      token: ctx.fake.owner.token,
      fetch: ctx.fake.fetch,
      retry: { limit: 1, backoffLimitMs: 1 },
    });
    ctx.fake.faults.add({ path: "/api/v2/users/me", status: 503, times: 1 });
    expect((await coder.users.me()).username).toBe("admin");
    const attempts = ctx.fake.requests.filter((r) => r.path === "/api/v2/users/me");
    expect(attempts.map((r) => [r.status, r.headers["coder-session-token"]])).toEqual([
      [503, "[REDACTED]"],
      [200, "[REDACTED]"],
    ]);
  });
});
