import { describe, expect, it } from "vitest";
import { CoderApiError, CoderNetworkError, VERSION } from "../../src/index.js";
import { attempts, rejection, useListeningFake, useMswFake } from "./reliability-harness.js";

// Which requests are retried (idempotent methods on 408/429/5xx and dropped connections), how often,
// how long the client waits, and what the server sees on every attempt.

const statuses = (entries: { status: number }[]) => entries.map((e) => e.status);

describe("retries", () => {
  const ctx = useMswFake();

  it("GET is retried on 503 until it succeeds", async () => {
    ctx.fake.faults.add({ method: "GET", path: "/api/v2/users/me", status: 503, times: 2 });
    const me = await ctx.client().users.me();
    expect(me.username).toBe("admin");
    expect(statuses(attempts(ctx.fake, "GET", "/api/v2/users/me"))).toEqual([503, 503, 200]);
  });

  it.each([408, 429, 500, 502, 504])("GET is retried on %i", async (status) => {
    ctx.fake.faults.add({ path: "/api/v2/buildinfo", status, times: 1 });
    await ctx.client().buildInfo();
    expect(statuses(attempts(ctx.fake, "GET", "/api/v2/buildinfo"))).toEqual([status, 200]);
  });

  it.each([400, 401, 403, 404, 409])("GET is not retried on %i", async (status) => {
    ctx.fake.faults.add({ path: "/api/v2/buildinfo", status, body: { message: "no" }, times: 1 });
    const error = (await rejection(ctx.client().buildInfo())) as CoderApiError;
    expect(error.status).toBe(status);
    expect(statuses(attempts(ctx.fake, "GET", "/api/v2/buildinfo"))).toEqual([status]);
  });

  it("GET is retried after a dropped connection", async () => {
    ctx.fake.faults.add({ path: "/api/v2/users/me", reset: true, times: 1 });
    expect((await ctx.client().users.me()).username).toBe("admin");
    expect(statuses(attempts(ctx.fake, "GET", "/api/v2/users/me"))).toEqual([0, 200]);
  });

  it("POST is never retried on 503: one attempt, and nothing was built", async () => {
    const coder = ctx.client({ retry: { limit: 5, backoffLimitMs: 10 } });
    const dev = await coder.workspaces.getByOwnerAndName("admin", "dev");
    const path = `/api/v2/workspaces/${dev.id}/builds`;
    ctx.fake.faults.add({ method: "POST", path, status: 503, headers: { "Retry-After": "0" } });
    const error = (await rejection(
      coder.workspaces.createBuild(dev.id, { transition: "stop" }),
    )) as CoderApiError;
    expect(error).toBeInstanceOf(CoderApiError);
    expect(error.status).toBe(503);
    expect(statuses(attempts(ctx.fake, "POST", path))).toEqual([503]);
    expect(ctx.fake.inspect.builds("admin/dev")).toHaveLength(dev.latest_build.build_number);
  });

  it("POST is never retried after a dropped connection", async () => {
    const coder = ctx.client({ retry: { limit: 5, backoffLimitMs: 10 } });
    const dev = await coder.workspaces.getByOwnerAndName("admin", "dev");
    const path = `/api/v2/workspaces/${dev.id}/builds`;
    ctx.fake.faults.add({ method: "POST", path, reset: true, times: 1 });
    const error = await rejection(coder.workspaces.createBuild(dev.id, { transition: "stop" }));
    expect(error).toBeInstanceOf(CoderNetworkError);
    expect(statuses(attempts(ctx.fake, "POST", path))).toEqual([0]);
  });

  it("PUT is retried, and the retry carries the same body", async () => {
    const coder = ctx.client();
    const dev = await coder.workspaces.getByOwnerAndName("admin", "dev");
    const path = `/api/v2/workspaces/${dev.id}/ttl`;
    ctx.fake.faults.add({ method: "PUT", path, status: 503, times: 1 });
    await coder.workspaces.updateTtl(dev.id, 3_600_000);
    expect(statuses(attempts(ctx.fake, "PUT", path))).toEqual([503, 204]);
    expect(ctx.fake.inspect.workspace("admin/dev")?.ttl_ms).toBe(3_600_000);
  });

  it("DELETE is retried", async () => {
    const coder = ctx.client();
    const keyId = ctx.fake.seed.token("admin", "token", "ci").split("-")[0] ?? "";
    const path = `/api/v2/users/me/keys/${keyId}`;
    ctx.fake.faults.add({ method: "DELETE", path, status: 502, times: 1 });
    await coder.tokens.delete(keyId);
    expect(statuses(attempts(ctx.fake, "DELETE", path))).toEqual([502, 204]);
    expect((await coder.tokens.list()).map((t) => t.token_name)).not.toContain("ci");
  });

  it("stops after `limit` retries and reports the last answer", async () => {
    ctx.fake.faults.add({ path: "/api/v2/users/me", status: 503 });
    const error = (await rejection(
      ctx.client({ retry: { limit: 3, backoffLimitMs: 5 } }).users.me(),
    )) as CoderApiError;
    expect(error.status).toBe(503);
    expect(statuses(attempts(ctx.fake, "GET", "/api/v2/users/me"))).toEqual([503, 503, 503, 503]);
  });

  it("the default limit is two retries", async () => {
    ctx.fake.faults.add({ path: "/api/v2/users/me", status: 500 });
    await rejection(ctx.client({ retry: { backoffLimitMs: 5 } }).users.me());
    expect(attempts(ctx.fake, "GET", "/api/v2/users/me")).toHaveLength(3);
  });

  it("`retry: false` and `limit: 0` disable retries", async () => {
    ctx.fake.faults.add({ path: "/api/v2/users/me", status: 503 });
    await rejection(ctx.client({ retry: false }).users.me());
    expect(attempts(ctx.fake, "GET", "/api/v2/users/me")).toHaveLength(1);
    await rejection(ctx.client({ retry: { limit: 0 } }).users.me());
    expect(attempts(ctx.fake, "GET", "/api/v2/users/me")).toHaveLength(2);
  });

  it("a Retry-After above maxRetryAfterMs is capped", async () => {
    // Left uncapped this would wait a minute and hit the test timeout.
    ctx.fake.faults.add({
      path: "/api/v2/users/me",
      status: 429,
      headers: { "Retry-After": "60" },
      times: 1,
    });
    const me = await ctx.client({ retry: { maxRetryAfterMs: 20 } }).users.me();
    expect(me.username).toBe("admin");
    expect(statuses(attempts(ctx.fake, "GET", "/api/v2/users/me"))).toEqual([429, 200]);
  });
});

describe("Retry-After", () => {
  const ctx = useMswFake();

  it("is honoured on 429 and 503: those retries wait out the header, a plain 503 does not", async () => {
    const retryAfter = { "Retry-After": "1" };
    ctx.fake.faults.add({ path: "/api/v2/users/me", status: 429, headers: retryAfter, times: 1 });
    ctx.fake.faults.add({ path: "/api/v2/buildinfo", status: 503, headers: retryAfter, times: 1 });
    ctx.fake.faults.add({ path: "/api/v2/workspaces", status: 503, times: 1 });
    const coder = ctx.client({ retry: { limit: 2, backoffLimitMs: 50 } });
    const timed = async (call: () => Promise<unknown>): Promise<number> => {
      const started = performance.now();
      await call();
      return performance.now() - started;
    };
    // In parallel, so the suite pays for one second, not two.
    const [on429, on503, plain] = await Promise.all([
      timed(() => coder.users.me()),
      timed(() => coder.buildInfo()),
      timed(() => coder.workspaces.list()),
    ]);
    for (const path of ["/api/v2/users/me", "/api/v2/buildinfo", "/api/v2/workspaces"]) {
      expect(attempts(ctx.fake, "GET", path)).toHaveLength(2);
    }
    // Generous bounds: the header asks for 1 s; the back-off alone is 50 ms.
    expect(on429).toBeGreaterThanOrEqual(950);
    expect(on503).toBeGreaterThanOrEqual(950);
    expect(plain).toBeLessThan(on429);
    expect(plain).toBeLessThan(on503);
  });
});

describe("what the server sees on each attempt", () => {
  const ctx = useMswFake();

  /** Headers of every request msw received for `path`, in order, token values included. */
  function recordHeaders(path: string): Headers[] {
    const seen: Headers[] = [];
    ctx.msw.events.on("request:start", ({ request }) => {
      if (new URL(request.url).pathname === path) seen.push(new Headers(request.headers));
    });
    return seen;
  }

  it("tokenProvider is asked before every request, so a rotated token is used at once", async () => {
    const tokens = [ctx.fake.owner.token, ctx.fake.member.token];
    let calls = 0;
    const coder = ctx.client({ token: undefined, tokenProvider: () => tokens[calls++ % 2] ?? "" });
    expect((await coder.users.me()).username).toBe("admin");
    expect((await coder.users.me()).username).toBe("alice");
    expect((await coder.users.me()).username).toBe("admin");
    expect(calls).toBe(3);
  });

  it("a retry asks tokenProvider again and runs the beforeRequest hooks again", async () => {
    const sent = recordHeaders("/api/v2/users/me");
    const tokens = [ctx.fake.owner.token, ctx.fake.member.token];
    let calls = 0;
    const hookCalls: string[] = [];
    const coder = ctx.client({
      token: undefined,
      tokenProvider: async () => tokens[calls++] ?? "",
      hooks: {
        beforeRequest: [(request) => void hookCalls.push(`before ${request.method}`)],
        afterResponse: [(_request, response) => void hookCalls.push(`after ${response.status}`)],
      },
    });
    ctx.fake.faults.add({ path: "/api/v2/users/me", status: 503, times: 1 });
    // The first attempt went out with the owner's token; the retry with the rotated one.
    expect((await coder.users.me()).username).toBe("alice");
    expect(sent.map((h) => h.get("coder-session-token"))).toEqual(tokens);
    expect(hookCalls).toEqual(["before GET", "after 503", "before GET", "after 200"]);
  });

  it("sends the custom headers, the User-Agent and the token, and Accept: application/json", async () => {
    const me = await ctx
      .client({
        headers: { "X-Team": "platform", "X-Request-Source": "reliability-test" },
        userAgent: "my-bot/1.2",
      })
      .users.me();
    expect(me.username).toBe("admin");
    await ctx.client().users.me();
    const [custom, defaults, ...rest] = attempts(ctx.fake, "GET", "/api/v2/users/me").map((r) => r.headers);
    expect(rest).toEqual([]);
    // The fake logs credentials as "[REDACTED]"; that the owner was served shows which token it was.
    expect(custom).toMatchObject({
      "x-team": "platform",
      "x-request-source": "reliability-test",
      "user-agent": "my-bot/1.2",
      "coder-session-token": "[REDACTED]",
      accept: "application/json",
    });
    expect(defaults?.["user-agent"]).toBe(`coder-toolsdk/${VERSION}`);
    expect(defaults).not.toHaveProperty("x-team");
  });
});

describe("headers over a real socket", () => {
  const ctx = useListeningFake();

  it("HTTP requests and the log-follow WebSocket upgrade both carry the custom headers and User-Agent", async () => {
    const coder = ctx.client({ headers: { "X-Team": "platform" }, userAgent: "my-bot/1.2" });
    const dev = await coder.workspaces.getByOwnerAndName("admin", "dev");
    for await (const _ of coder.builds.followLogs(dev.latest_build.id)) {
      // a finished build: its logs, then a normal close
    }
    const heads = ctx.proxy.connections.map((c) => c.head);
    const upgrade = ctx.proxy.connections.find((c) => c.upgrade);
    expect(upgrade?.firstLine).toMatch(
      /^GET \/api\/v2\/workspacebuilds\/[^ ]+\/logs\?follow=true HTTP\/1\.1$/,
    );
    for (const head of heads) {
      expect(head).toMatch(/^x-team: platform\r$/im);
      expect(head).toMatch(/^user-agent: my-bot\/1\.2\r$/im);
      expect(head).toMatch(new RegExp(`^coder-session-token: ${ctx.fake.owner.token}\\r$`, "im"));
    }
  });
});
