import { request as httpRequest } from "node:http";
import { setupServer } from "msw/node";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WebSocket as WsClient } from "ws";
import {
  createFakeCoder,
  type FakeCoder,
  type ListeningServer,
  type ProvisionerJobLog,
} from "../../src/testing/index.js";

describe("fake coder: fault switches", () => {
  let fake: FakeCoder;
  const headers = (): Record<string, string> => ({ "Coder-Session-Token": fake.owner.token });
  beforeEach(() => {
    fake = createFakeCoder({ buildStepMs: 5 });
  });
  afterEach(() => fake.close());

  it("injects a status for the next n matching requests, then serves normally", async () => {
    const fault = fake.faults.add({
      method: "GET",
      path: "/api/v2/workspaces",
      status: 503,
      headers: { "Retry-After": "1" },
      times: 2,
    });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await fake.fetch("/api/v2/workspaces", { headers: headers() })).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect(fault.hits).toBe(2);
    expect(fake.requests.filter((r) => r.path === "/api/v2/workspaces").map((r) => r.status)).toEqual([
      503, 503, 200,
    ]);
    const first = await (async () => {
      fake.faults.add({ path: "/api/v2/users/me", status: 500, times: 1 });
      return fake.fetch("/api/v2/users/me", { headers: headers() });
    })();
    expect(first.headers.get("content-type")).toContain("application/json");
    expect(((await first.json()) as { message: string }).message).toBe("An internal server error occurred.");
  });

  it("matches RegExp and wildcard paths, and only the given method", async () => {
    fake.faults.add({ path: /\/templates$/, method: "GET", status: 418 });
    fake.faults.add({ path: "/api/v2/users/*", status: 429, body: { message: "slow down" } });
    expect((await fake.fetch("/api/v2/templates", { headers: headers() })).status).toBe(418);
    const limited = await fake.fetch("/api/v2/users/alice", { headers: headers() });
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({ message: "slow down" });
    expect((await fake.fetch("/api/v2/users", { headers: headers() })).status).toBe(200);
    fake.faults.clear();
    expect((await fake.fetch("/api/v2/templates", { headers: headers() })).status).toBe(200);
  });

  it("delays, resets, and sends HTML or malformed JSON", async () => {
    fake.faults.add({ path: "/api/v2/buildinfo", delayMs: 60, times: 1 });
    const started = Date.now();
    expect((await fake.fetch("/api/v2/buildinfo")).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);

    fake.faults.add({ path: "/api/v2/buildinfo", reset: true, times: 1 });
    await expect(fake.fetch("/api/v2/buildinfo")).rejects.toThrow(TypeError);
    expect(fake.requests.at(-1)).toMatchObject({ path: "/api/v2/buildinfo", status: 0 });

    fake.faults.add({ path: "/api/v2/buildinfo", html: true, times: 1 });
    const html = await fake.fetch("/api/v2/buildinfo");
    expect(html.status).toBe(502);
    expect(html.headers.get("content-type")).toBe("text/html");
    expect(await html.text()).toContain("<h1>502 Bad Gateway</h1>");

    fake.faults.add({ path: "/api/v2/buildinfo", malformedJson: true, times: 1 });
    const broken = await fake.fetch("/api/v2/buildinfo");
    expect(broken.status).toBe(200);
    await expect(broken.json()).rejects.toThrow(SyntaxError);
  });

  it("lets `headers` replace the fake's own headers whatever their case", async () => {
    fake.faults.add({
      path: "/api/v2/buildinfo",
      status: 400,
      body: "plain words",
      headers: { "Content-Type": "text/plain; charset=utf-8", "X-Fault": "yes" },
      times: 1,
    });
    const plain = await fake.fetch("/api/v2/buildinfo");
    expect(plain.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(plain.headers.get("x-fault")).toBe("yes");
    expect(await plain.text()).toBe("plain words");

    fake.faults.add({
      path: "/api/v2/buildinfo",
      html: true,
      headers: { "CONTENT-TYPE": "text/x-page" },
      times: 1,
    });
    expect((await fake.fetch("/api/v2/buildinfo")).headers.get("content-type")).toBe("text/x-page");

    fake.faults.add({
      path: "/api/v2/buildinfo",
      malformedJson: true,
      headers: { "content-Type": "application/problem+json" },
      times: 1,
    });
    expect((await fake.fetch("/api/v2/buildinfo")).headers.get("content-type")).toBe(
      "application/problem+json",
    );
  });

  it("records request headers by lower-case name, with credentials redacted", async () => {
    await fake.fetch("/api/v2/users/me", {
      headers: {
        "Coder-Session-Token": fake.owner.token,
        Cookie: `coder_session_token=${fake.owner.token}`,
        Authorization: `Bearer ${fake.owner.token}`,
        "User-Agent": "my-bot/1.2",
        "X-Team": "platform",
      },
    });
    expect(fake.requests.at(-1)?.headers).toMatchObject({
      "coder-session-token": "[REDACTED]",
      cookie: "[REDACTED]",
      authorization: "[REDACTED]",
      "user-agent": "my-bot/1.2",
      "x-team": "platform",
    });
    expect(JSON.stringify(fake.requests)).not.toContain(fake.owner.token);
  });

  it("rejects switches that cannot work together", () => {
    expect(() => fake.faults.add({ path: "/x", status: 401, websocket: {} })).toThrow("refuseStatus");
    expect(() => fake.faults.add({ path: "/x", websocket: { refuseStatus: 401, closeCode: 1011 } })).toThrow(
      "never opens",
    );
    expect(() => fake.faults.add({ path: "/x", websocket: { closeReason: "x".repeat(124) } })).toThrow(
      "123 bytes",
    );
  });

  it("leaves plain HTTP alone with a `websocket` fault, in fetch mode too", async () => {
    const build = fake.inspect.workspace("admin/dev")!.latest_build.id;
    const path = `/api/v2/workspacebuilds/${build}/logs`;
    const fault = fake.faults.add({ path, websocket: { refuseStatus: 502 }, html: true });
    const logs = await fake.fetch(path, { headers: headers() });
    expect(logs.status).toBe(200);
    expect(((await logs.json()) as unknown[]).length).toBe(fake.inspect.buildLogs(build).length);
    // A `?follow` GET that is no handshake still gets coderd's 426.
    expect((await fake.fetch(`${path}?follow`, { headers: headers() })).status).toBe(426);
    expect(fault.hits).toBe(0);
  });

  it("destroys the socket for a reset in listen mode", async () => {
    const server = await fake.listen();
    fake.faults.add({ path: "/api/v2/buildinfo", reset: true, times: 1 });
    const error = await new Promise<NodeJS.ErrnoException>((resolve) => {
      const req = httpRequest(`${server.url}/api/v2/buildinfo`, (res) => res.resume());
      req.on("error", resolve);
      req.end();
    });
    expect(error.code).toBe("ECONNRESET");
    const ok = await fetch(`${server.url}/api/v2/buildinfo`);
    expect(ok.status).toBe(200);
  });
});

/** What a raw WebSocket client saw of one log follow. */
interface FollowResult {
  /** Status and body of a refused upgrade. */
  refused?: { status: number; contentType: string; body: string };
  frames: string[];
  code?: number;
  reason?: string;
  /** Milliseconds until the socket opened. */
  openedAfterMs?: number;
}

/** Follows `url` with the `ws` package, which shows the HTTP answer to a refused upgrade. */
function followRaw(url: string, token: string): Promise<FollowResult> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const result: FollowResult = { frames: [] };
    const socket = new WsClient(url, { headers: { "Coder-Session-Token": token } });
    socket.on("open", () => {
      result.openedAfterMs = Date.now() - started;
    });
    socket.on("message", (data) => result.frames.push(data.toString()));
    socket.on("unexpected-response", (_req, res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on("end", () => {
        result.refused = {
          status: res.statusCode ?? 0,
          contentType: String(res.headers["content-type"]),
          body,
        };
        resolve(result);
      });
    });
    socket.on("error", (err) => {
      if (!result.refused) reject(err);
    });
    socket.on("close", (code, reason) => {
      result.code = code;
      result.reason = reason.toString();
      resolve(result);
    });
  });
}

describe("fake coder: WebSocket fault switches over listen()", () => {
  let fake: FakeCoder;
  let server: ListeningServer;
  let build: string;
  let logs: ProvisionerJobLog[];
  const followUrl = (id = build, query = "follow") =>
    `${server.url.replace("http", "ws")}/api/v2/workspacebuilds/${id}/logs?${query}`;
  const logPath = () => `/api/v2/workspacebuilds/${build}/logs`;
  beforeEach(async () => {
    fake = createFakeCoder({ buildStepMs: 5 });
    server = await fake.listen();
    // A finished build: every log at once, then a normal close.
    build = fake.inspect.workspace("admin/dev")!.latest_build.id;
    logs = fake.inspect.buildLogs(build);
  });
  afterEach(() => fake.close());

  it("serves an untouched follow: every log, then 1000 done", async () => {
    const followed = await followRaw(followUrl(), fake.owner.token);
    expect(followed.frames.map((f) => (JSON.parse(f) as ProvisionerJobLog).id)).toEqual(
      logs.map((l) => l.id),
    );
    expect(followed).toMatchObject({ code: 1000, reason: "done" });
    expect(logs.length).toBeGreaterThan(3);
  });

  it("refuses the upgrade with a real HTTP status and Coder error body", async () => {
    const fault = fake.faults.add({ path: logPath(), websocket: { refuseStatus: 401 }, times: 1 });
    const refused = await followRaw(followUrl(), fake.owner.token);
    expect(refused.refused).toMatchObject({ status: 401, contentType: "application/json; charset=utf-8" });
    expect(JSON.parse(refused.refused!.body)).toEqual({
      message: "You are signed out or your session has expired. Please sign in again to continue.",
      detail: "WebSocket upgrade refused by a fault injected in the fake Coder deployment",
    });
    expect(fault.hits).toBe(1);
    expect(fake.requests.at(-1)).toMatchObject({ path: logPath(), search: "?follow=", status: 401 });
    // `times: 1` is spent: the next follow is served.
    expect((await followRaw(followUrl(), fake.owner.token)).code).toBe(1000);
  });

  it("refuses with the spec's body, HTML page or headers, while plain GETs still work", async () => {
    fake.faults.add({
      path: logPath(),
      websocket: { refuseStatus: 403 },
      body: { message: "Nope.", detail: "custom" },
      headers: { "X-Reason": "policy" },
      times: 1,
    });
    const custom = await followRaw(followUrl(), fake.owner.token);
    expect(custom.refused?.status).toBe(403);
    expect(JSON.parse(custom.refused!.body)).toEqual({ message: "Nope.", detail: "custom" });

    fake.faults.add({ path: logPath(), websocket: { refuseStatus: 502 }, html: true });
    const proxy = await followRaw(followUrl(), fake.owner.token);
    expect(proxy.refused).toMatchObject({ status: 502, contentType: "text/html" });
    expect(proxy.refused?.body).toContain("<h1>502 Bad Gateway</h1>");
    const plain = await fetch(`${server.url}${logPath()}`, {
      headers: { "Coder-Session-Token": fake.owner.token },
    });
    expect(plain.status).toBe(200);
  });

  it("closes abnormally after n messages with the given code and reason", async () => {
    fake.faults.add({
      path: logPath(),
      websocket: { afterMessages: 2, closeCode: 1011, closeReason: "internal error" },
    });
    const followed = await followRaw(followUrl(), fake.owner.token);
    expect(followed.frames.map((f) => (JSON.parse(f) as ProvisionerJobLog).id)).toEqual(
      logs.slice(0, 2).map((l) => l.id),
    );
    expect(followed).toMatchObject({ code: 1011, reason: "internal error" });
  });

  it("closes with the fault's code even when the stream ends before n messages", async () => {
    fake.faults.add({
      path: logPath(),
      websocket: { afterMessages: 1000, closeCode: 4500, closeReason: "gone" },
    });
    const followed = await followRaw(followUrl(), fake.owner.token);
    expect(followed.frames).toHaveLength(logs.length);
    expect(followed).toMatchObject({ code: 4500, reason: "gone" });
  });

  it("closes before the first message, with 1011 when only a reason is given", async () => {
    fake.faults.add({ path: logPath(), websocket: { closeReason: "session abc revoked" } });
    const followed = await followRaw(followUrl(), fake.owner.token);
    expect(followed.frames).toEqual([]);
    expect(followed).toMatchObject({ code: 1011, reason: "session abc revoked" });
  });

  it("sends a junk frame after n messages, and the stream goes on", async () => {
    fake.faults.add({ path: logPath(), websocket: { afterMessages: 1, junkFrame: true }, times: 1 });
    const notJson = await followRaw(followUrl(), fake.owner.token);
    expect(notJson.frames).toHaveLength(logs.length + 1);
    expect(() => JSON.parse(notJson.frames[1]!)).toThrow(SyntaxError);
    expect(notJson.frames[1]).toContain("not JSON");
    expect(notJson.code).toBe(1000);

    fake.faults.add({
      path: logPath(),
      websocket: { junkFrame: { id: 1, output: "no level" }, closeCode: 1011 },
      times: 1,
    });
    const invalid = await followRaw(followUrl(), fake.owner.token);
    expect(invalid.frames).toEqual(['{"id":1,"output":"no level"}\n']);
    expect(invalid.code).toBe(1011);

    fake.faults.add({ path: logPath(), websocket: { junkFrame: "raw text" }, times: 1 });
    expect((await followRaw(followUrl(), fake.owner.token)).frames[0]).toBe("raw text");
  });

  it("breaks agent log follows too", async () => {
    const agent = fake.inspect
      .workspace("admin/dev")!
      .latest_build.resources.flatMap((r) => r.agents ?? [])[0]!;
    const path = `/api/v2/workspaceagents/${agent.id}/logs`;
    fake.faults.add({ path, websocket: { afterMessages: 1, closeCode: 1011, closeReason: "agent gone" } });
    const url = `${server.url.replace("http", "ws")}${path}?follow`;
    const followed = await followRaw(url, fake.owner.token);
    expect(followed.frames).toHaveLength(1);
    expect(Array.isArray(JSON.parse(followed.frames[0]!))).toBe(true);
    expect(JSON.parse(followed.frames[0]!).length).toBeGreaterThan(0);
    expect(followed).toMatchObject({ code: 1011, reason: "agent gone" });
  });

  it("delays the handshake, and a `websocket` delay leaves plain HTTP alone", async () => {
    const fault = fake.faults.add({ path: logPath(), delayMs: 120, websocket: {}, times: 1 });
    const plain = await fetch(`${server.url}${logPath()}`, {
      headers: { "Coder-Session-Token": fake.owner.token },
    });
    expect(plain.status).toBe(200);
    expect(fault.hits).toBe(0);
    const followed = await followRaw(followUrl(), fake.owner.token);
    expect(fault.hits).toBe(1);
    expect(followed.openedAfterMs).toBeGreaterThanOrEqual(110);
    expect(followed.frames).toHaveLength(logs.length);
  });

  it("resets the handshake", async () => {
    fake.faults.add({ path: logPath(), reset: true, websocket: {}, times: 1 });
    const error = await followRaw(followUrl(), fake.owner.token).catch((e: NodeJS.ErrnoException) => e);
    expect(error).toBeInstanceOf(Error);
    expect(fake.requests.at(-1)).toMatchObject({ path: logPath(), status: 0 });
  });

  it("records the upgrade request's headers, credentials redacted", async () => {
    await followRaw(followUrl(build, "follow=true&after=3"), fake.owner.token);
    const upgrade = fake.requests.at(-1);
    expect(upgrade).toMatchObject({ path: logPath(), search: "?follow=true&after=3", status: 101 });
    expect(upgrade?.headers).toMatchObject({ "coder-session-token": "[REDACTED]", upgrade: "websocket" });
  });
});

describe("fake coder: WebSocket fault switches through msw", () => {
  let fake: FakeCoder;
  let msw: ReturnType<typeof setupServer>;
  beforeEach(() => {
    fake = createFakeCoder({ buildStepMs: 5 });
    msw = setupServer(...fake.handlers);
    msw.listen({ onUnhandledFrame: "error" });
  });
  afterEach(async () => {
    msw.close();
    await fake.close();
  });

  /** Follows with Node's global WebSocket, which msw intercepts. */
  function follow(path: string): Promise<FollowResult> {
    const Socket = WebSocket as unknown as new (
      url: string,
      init: { headers: Record<string, string> },
    ) => WebSocket;
    return new Promise((resolve) => {
      const result: FollowResult = { frames: [] };
      const socket = new Socket(`ws://coder.fake${path}?follow`, {
        headers: { "Coder-Session-Token": fake.owner.token },
      });
      socket.onmessage = (event) => result.frames.push(String(event.data));
      socket.onclose = (event) => resolve({ ...result, code: event.code, reason: event.reason });
    });
  }

  it("refuses by closing with 4000 + status and the message as reason", async () => {
    const build = fake.inspect.workspace("admin/dev")!.latest_build.id;
    const path = `/api/v2/workspacebuilds/${build}/logs`;
    fake.faults.add({ path, websocket: { refuseStatus: 403 } });
    const refused = await follow(path);
    expect(refused).toMatchObject({ frames: [], code: 4403, reason: "Forbidden." });
    expect(
      (await fetch(`http://coder.fake${path}`, { headers: { "Coder-Session-Token": fake.owner.token } }))
        .status,
    ).toBe(200);
  });

  it("closes after n messages, and sends junk frames", async () => {
    const version = fake.inspect.templates()[0]!.active_version_id;
    const path = `/api/v2/templateversions/${version}/logs`;
    fake.faults.add({
      path,
      websocket: { afterMessages: 1, junkFrame: true, closeCode: 1011, closeReason: "internal error" },
    });
    const followed = await follow(path);
    expect(followed.frames).toHaveLength(2);
    expect((JSON.parse(followed.frames[0]!) as ProvisionerJobLog).id).toBeGreaterThan(0);
    expect(followed.frames[1]).toContain("not JSON");
    expect(followed).toMatchObject({ code: 1011, reason: "internal error" });
  });
});
