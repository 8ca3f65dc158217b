import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  AgentClient,
  type ClientHooks,
  CoderApiError,
  CoderClient,
  CoderError,
  CoderNetworkError,
  CoderResponseError,
  CoderTimeoutError,
  CoderWebSocketError,
} from "../../src/client/index.js";
import { User } from "../../src/client/models/index.js";
import { redactSecrets } from "../../src/client/redact.js";
import { FAST_RETRY, type MswContext, rejection, useMswFake } from "./reliability-harness.js";

// A token must never leave the client inside an error or a log line: not when the server echoes
// it back, not when it was put in a URL by mistake, not when it came from a tokenProvider.

/** Every way an error is usually turned into text. */
function renderings(error: unknown): Record<string, string> {
  const e = error as Error;
  return {
    message: e.message,
    toString: String(e),
    json: JSON.stringify(e),
    stack: e.stack ?? "",
    inspect: inspect(e, { depth: 10 }),
  };
}

function expectNoSecret(error: unknown, secret: string): void {
  expect(error).toBeInstanceOf(CoderError);
  for (const [how, text] of Object.entries(renderings(error))) {
    expect.soft(text.includes(secret), `${how} contains the token:\n${text}`).toBe(false);
  }
}

/** An opaque secret: nothing about its shape gives it away, only the client knowing it does. */
const OPAQUE = "opaque-session-secret-7f3a9c";

interface Case {
  name: string;
  kind: new (...args: never[]) => CoderError;
  /** Provokes the error; `secret` is the token that must not show. */
  run(ctx: MswContext): Promise<{ error: unknown; secret: string }>;
}

const echo = (token: string) => ({
  message: `API key ${token} is invalid.`,
  detail: `token=${token}`,
  validations: [{ field: token, detail: `value ${token} rejected` }],
});

const cases: Case[] = [
  {
    name: "400 whose message, detail and validations echo the token",
    kind: CoderApiError,
    async run({ fake, client }) {
      fake.faults.add({ path: "/api/v2/users/me", status: 400, body: echo(fake.owner.token) });
      return { error: await rejection(client().users.me()), secret: fake.owner.token };
    },
  },
  {
    name: "401 echoing the token (with the login helper)",
    kind: CoderApiError,
    async run({ fake, client }) {
      fake.faults.add({ path: "/api/v2/users/me", status: 401, body: echo(fake.owner.token) });
      return { error: await rejection(client().users.me()), secret: fake.owner.token };
    },
  },
  {
    name: "404 for a path that contains the token",
    kind: CoderApiError,
    async run({ fake, client }) {
      return { error: await rejection(client().templates.get(fake.owner.token)), secret: fake.owner.token };
    },
  },
  {
    name: "500 HTML page echoing the token",
    kind: CoderApiError,
    async run({ fake, client }) {
      fake.faults.add({
        path: "/api/v2/users/me",
        status: 500,
        body: `<html><body>session ${fake.owner.token}</body></html>`,
        headers: { "content-type": "text/html" },
      });
      return { error: await rejection(client({ retry: false }).users.me()), secret: fake.owner.token };
    },
  },
  {
    name: "malformed JSON error body echoing the token",
    kind: CoderApiError,
    async run({ fake, client }) {
      fake.faults.add({ path: "/api/v2/users/me", status: 400, body: `{"message": "${fake.owner.token}` });
      return { error: await rejection(client().users.me()), secret: fake.owner.token };
    },
  },
  {
    name: "JSON error body without a message echoing the token",
    kind: CoderApiError,
    async run({ fake, client }) {
      fake.faults.add({ path: "/api/v2/users/me", status: 400, body: { token: fake.owner.token } });
      return { error: await rejection(client().users.me()), secret: fake.owner.token };
    },
  },
  {
    name: "an opaque token from a tokenProvider echoed in an error body",
    kind: CoderApiError,
    async run({ fake, client }) {
      fake.faults.add({ path: "/api/v2/users/me", status: 400, body: echo(OPAQUE) });
      const coder = client({ token: undefined, tokenProvider: () => OPAQUE });
      return { error: await rejection(coder.users.me()), secret: OPAQUE };
    },
  },
  {
    name: "an opaque agent token echoed by the app-status endpoint",
    kind: CoderApiError,
    async run({ fake }) {
      const agentToken = fake.agentToken("admin/dev");
      fake.faults.add({ path: "/api/v2/workspaceagents/me/app-status", status: 400, body: echo(agentToken) });
      const agent = new AgentClient({ url: fake.url, tokenProvider: () => agentToken, retry: false });
      const error = await rejection(
        agent.patchAppStatus({ app_slug: "claude-code", state: "working", message: "hi" }),
      );
      return { error, secret: agentToken };
    },
  },
  {
    name: "connection reset with the token in the URL query",
    kind: CoderNetworkError,
    async run({ fake, client }) {
      fake.faults.add({ path: "/api/v2/users/me", reset: true });
      const call = client().requestRaw("GET", "/users/me", {
        query: { coder_session_token: fake.owner.token },
      });
      return { error: await rejection(call), secret: fake.owner.token };
    },
  },
  {
    name: "opaque token in the URL query, from a tokenProvider, on a 500",
    kind: CoderApiError,
    async run({ fake, client }) {
      fake.faults.add({ path: "/api/v2/users/me", status: 500 });
      const coder = client({ token: undefined, tokenProvider: () => OPAQUE, retry: false });
      const call = coder.requestRaw("GET", "/users/me", { query: { q: `token:${OPAQUE}` } });
      return { error: await rejection(call), secret: OPAQUE };
    },
  },
  {
    name: "timeout with the token in the URL query",
    kind: CoderTimeoutError,
    async run({ fake, client }) {
      fake.faults.add({ path: "/api/v2/users/me", delayMs: 300 });
      const call = client({ timeoutMs: 30 }).requestRaw("GET", "/users/me", {
        query: { coder_session_token: fake.owner.token },
      });
      return { error: await rejection(call), secret: fake.owner.token };
    },
  },
  {
    name: "2xx body that is not valid, with the token in the URL query",
    kind: CoderResponseError,
    async run({ fake, client }) {
      fake.faults.add({ path: "/api/v2/users/me", status: 200, body: { id: fake.owner.token } });
      const coder = client();
      const call = coder.request("GET", "/users/me", User, {
        query: { coder_session_token: fake.owner.token },
      });
      return { error: await rejection(call), secret: fake.owner.token };
    },
  },
  {
    name: "a refused log-follow WebSocket whose error body echoes the token",
    kind: CoderApiError,
    async run({ fake, client }) {
      const coder = client({ retry: false });
      const dev = await coder.workspaces.getByOwnerAndName("admin", "dev");
      fake.faults.add({
        path: `/api/v2/workspacebuilds/${dev.latest_build.id}/logs`,
        status: 401,
        body: echo(fake.owner.token),
      });
      const follow = (async () => {
        for await (const _ of coder.builds.followLogs(dev.latest_build.id)) {
          // refused before any log
        }
      })();
      return { error: await rejection(follow), secret: fake.owner.token };
    },
  },
];

describe("secrets never appear in errors", () => {
  const ctx = useMswFake();

  it.each(cases)("$name", async ({ kind, run }) => {
    const { error, secret } = await run(ctx);
    expect(error).toBeInstanceOf(kind);
    expectNoSecret(error, secret);
    // The error still says what happened, with the secret replaced.
    const text = String(error);
    expect(text.length).toBeGreaterThan(20);
  });

  it("a base URL carrying the token in its query is stripped before any request", async () => {
    const token = ctx.fake.owner.token;
    const coder = new CoderClient({
      url: `${ctx.fake.url}/?coder_session_token=${token}`,
      token,
      retry: false,
    });
    expect(coder.url).toBe(ctx.fake.url);
    ctx.fake.faults.add({ path: "/api/v2/buildinfo", status: 500 });
    expectNoSecret(await rejection(coder.buildInfo()), token);
  });

  it("redaction keeps the rest of the error readable", async () => {
    const token = ctx.fake.owner.token;
    ctx.fake.faults.add({ path: "/api/v2/users/me", status: 400, body: echo(token) });
    const error = (await rejection(ctx.client().users.me())) as CoderApiError;
    expect(error.message).toBe("API key [REDACTED] is invalid.");
    expect(error.detail).toBe("token=[REDACTED]");
    expect(error.validations).toEqual([{ field: "[REDACTED]", detail: "value [REDACTED] rejected" }]);
  });
});

describe("secrets never appear in log-stream close reasons", () => {
  const ctx = useMswFake();

  it("an abnormal close whose reason echoes the token", async () => {
    const token = ctx.fake.owner.token;
    const build = ctx.fake.inspect.workspace("admin/dev")!.latest_build.id;
    // A server or proxy that puts the token it was sent into the close reason.
    ctx.fake.faults.add({
      path: `/api/v2/workspacebuilds/${build}/logs`,
      websocket: { afterMessages: 1, closeCode: 1011, closeReason: `session ${token} revoked` },
    });
    const coder = ctx.client({ token: undefined, tokenProvider: () => token });
    const logs: unknown[] = [];
    const error = await rejection(
      (async () => {
        for await (const log of coder.builds.followLogs(build)) logs.push(log);
      })(),
    );
    expect(logs).toHaveLength(1);
    expect(error).toBeInstanceOf(CoderWebSocketError);
    expect((error as CoderWebSocketError).closeCode).toBe(1011);
    expect((error as CoderWebSocketError).closeReason).toBe("session [REDACTED] revoked");
    expectNoSecret(error, token);
  });
});

/**
 * A request logger built on the client's hooks, the way we suggest users write one: redact the
 * URL, and leave out the headers that carry credentials.
 */
function requestLogger(write: (line: string) => void): ClientHooks {
  const credentialHeaders = new Set(["coder-session-token", "cookie", "authorization"]);
  const headers = (h: Headers) =>
    [...h.entries()]
      .filter(([name]) => !credentialHeaders.has(name))
      .map(([name, value]) => `${name}=${redactSecrets(value)}`)
      .join(" ");
  return {
    beforeRequest: [
      (request) => write(`-> ${request.method} ${redactSecrets(request.url)} ${headers(request.headers)}`),
    ],
    afterResponse: [
      (request, response) =>
        write(
          `<- ${response.status} ${request.method} ${redactSecrets(request.url)} ${headers(response.headers)}`,
        ),
    ],
  };
}

describe("secrets never appear in hook-based request logs", () => {
  const ctx = useMswFake();

  it("logs every attempt of successes, errors and retries without the token", async () => {
    const lines: string[] = [];
    const token = ctx.fake.owner.token;
    const coder = new CoderClient({
      url: ctx.fake.url,
      token,
      retry: FAST_RETRY,
      hooks: requestLogger((line) => lines.push(line)),
    });
    await coder.users.me();
    ctx.fake.faults.add({ path: "/api/v2/workspaces", status: 503, times: 1 });
    await coder.workspaces.list({ q: "owner:me" });
    ctx.fake.faults.add({ path: "/api/v2/users/me", status: 400, body: echo(token), times: 1 });
    await rejection(coder.users.me());
    // The token put in a query by mistake: the server accepts it, the log must not show it.
    const templates = await coder.requestRaw("GET", "/templates", { query: { coder_session_token: token } });
    await templates.body?.cancel();

    expect(lines.filter((l) => l.startsWith("-> "))).toHaveLength(5);
    expect(lines.filter((l) => l.startsWith("<- "))).toHaveLength(5);
    expect(
      lines.some((l) => l.startsWith("<- 503 GET http://coder.fake/api/v2/workspaces?q=owner%3Ame")),
    ).toBe(true);
    expect(lines.some((l) => l.includes("coder_session_token=[REDACTED]"))).toBe(true);
    for (const line of lines) expect(line).not.toContain(token);
  });
});
