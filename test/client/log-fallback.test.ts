import { describe, expect, it } from "vitest";
import { WebSocket as WsClient } from "ws";
import {
  CoderApiError,
  CoderClient,
  CoderConfigError,
  CoderResponseError,
  CoderWebSocketError,
  type LogFollowFallback,
  type WorkspaceAgentLog,
} from "../../src/client/index.js";
import type { FakeCoder } from "../../src/testing/index.js";
import { rejection, until, useListeningFake, useMswFake } from "./reliability-harness.js";

// A proxy that does not pass WebSockets answers the upgrade with plain HTTP while plain GETs of
// the same endpoint work: log follows then poll the one-shot endpoint with `after=<last id>`.
// The fake's `websocket.refuseStatus` fault is that proxy, over a real socket and through msw.

const BUILD_LOGS = "/api/v2/workspacebuilds/*/logs";

/** Drains a follow; resolves with what arrived, rejects with what the stream threw. */
async function drain<T>(stream: AsyncIterable<T>, into: T[] = []): Promise<T[]> {
  for await (const item of stream) into.push(item);
  return into;
}

/** The finished build of `admin/dev` and its logs. */
function finishedBuild(fake: FakeCoder): { id: string; logs: { id: number }[] } {
  const id = fake.inspect.workspace("admin/dev")!.latest_build.id;
  return { id, logs: fake.inspect.buildLogs(id) };
}

/** The request log as `METHOD path?search status` lines, for the given paths only. */
function trace(fake: FakeCoder, ...paths: string[]): string[] {
  return fake.requests
    .filter((r) => paths.includes(r.path))
    .map((r) => `${r.method} ${r.path}${r.search} ${r.status}`);
}

describe("log follows behind a proxy that refuses WebSockets (over a real socket)", () => {
  // Build steps long enough that a follow started right after a build was queued sees it run.
  const ctx = useListeningFake({ buildStepMs: 20 });
  const client = (options = {}) => ctx.client({ retry: false, ...options });

  it("falls back to polling and yields every log of a finished build, saying why (ws reports the status)", async () => {
    const build = finishedBuild(ctx.fake);
    const path = `/api/v2/workspacebuilds/${build.id}/logs`;
    ctx.fake.faults.add({ path, websocket: { refuseStatus: 502 }, html: true });
    const fallbacks: LogFollowFallback[] = [];
    const coder = client({ webSocket: WsClient as unknown as typeof WebSocket });
    const logs = await drain(coder.builds.followLogs(build.id, { onFallback: (f) => fallbacks.push(f) }));

    expect(logs.map((l) => l.id)).toEqual(build.logs.map((l) => l.id));
    expect(fallbacks).toEqual([
      {
        transport: "polling",
        status: 502,
        intervalMs: 1000,
        reason:
          "WebSocket upgrade failed with HTTP 502 (Unexpected server response: 502); the endpoint answers " +
          "plain HTTP, so a proxy may not pass WebSockets",
      },
    ]);
    // The refused upgrade, the GET that showed plain HTTP works (its logs were yielded first),
    // the job's state (terminal, so no wait), and one last read after the last log.
    const last = build.logs.at(-1)!.id;
    expect(trace(ctx.fake, path, `/api/v2/workspacebuilds/${build.id}`)).toEqual([
      `GET ${path}?follow=true 502`,
      `GET ${path} 200`,
      `GET /api/v2/workspacebuilds/${build.id} 200`,
      `GET ${path}?after=${last} 200`,
    ]);
  });

  it("falls back with Node's built-in WebSocket too, which does not tell the status", async () => {
    const build = finishedBuild(ctx.fake);
    ctx.fake.faults.add({ path: BUILD_LOGS, websocket: { refuseStatus: 403 } });
    const fallbacks: LogFollowFallback[] = [];
    const logs = await drain(client().builds.followLogs(build.id, { onFallback: (f) => fallbacks.push(f) }));
    expect(logs.map((l) => l.id)).toEqual(build.logs.map((l) => l.id));
    expect(fallbacks).toHaveLength(1);
    expect(fallbacks[0]!.status).toBeUndefined();
    expect(fallbacks[0]!.reason).toBe(
      "WebSocket upgrade failed; the endpoint answers plain HTTP, so a proxy may not pass WebSockets",
    );
  });

  it("polls a running build with after=<last id> until its job ends: every log once, in order", async () => {
    ctx.fake.faults.add({ path: BUILD_LOGS, websocket: { refuseStatus: 502 }, html: true });
    const coder = client();
    const dev = ctx.fake.inspect.workspace("admin/dev")!;
    const stop = await coder.workspaces.createBuild(dev.id, { transition: "stop" });
    const logs = await drain(coder.builds.followLogs(stop.id, { pollIntervalMs: 5 }));

    const written = ctx.fake.inspect.buildLogs(stop.id);
    expect(written.length).toBeGreaterThan(3);
    expect(logs.map((l) => l.id)).toEqual(written.map((l) => l.id));
    expect((await coder.builds.get(stop.id)).job.status).toBe("succeeded");
    // Each poll asks for what comes after the last log it had yielded.
    const path = `/api/v2/workspacebuilds/${stop.id}/logs`;
    const polls = ctx.fake.requests.filter((r) => r.path === path && r.search.startsWith("?after="));
    const yielded = new Set(logs.map((l) => l.id));
    for (const poll of polls) expect(yielded.has(Number(poll.search.slice("?after=".length)))).toBe(true);
  });

  it("resumes after `after` when it falls back", async () => {
    const build = finishedBuild(ctx.fake);
    ctx.fake.faults.add({ path: BUILD_LOGS, websocket: { refuseStatus: 502 }, html: true });
    const after = build.logs[1]!.id;
    const logs = await drain(client().builds.followLogs(build.id, { after }));
    expect(logs.map((l) => l.id)).toEqual(build.logs.slice(2).map((l) => l.id));
    const path = `/api/v2/workspacebuilds/${build.id}/logs`;
    expect(trace(ctx.fake, path)[1]).toBe(`GET ${path}?after=${after} 200`);
  });

  it("follows template-version import logs by polling too", async () => {
    const versionId = ctx.fake.inspect.templates()[0]!.active_version_id;
    const path = `/api/v2/templateversions/${versionId}/logs`;
    ctx.fake.faults.add({ path, websocket: { refuseStatus: 502 }, html: true });
    const coder = client();
    const expected = await coder.templates.versionLogs(versionId);
    let polled = false;
    const logs = await drain(
      coder.templates.followVersionLogs(versionId, { onFallback: () => (polled = true) }),
    );
    expect(polled).toBe(true);
    expect(logs.map((l) => l.id)).toEqual(expected.map((l) => l.id));
  });

  it("polls agent logs until the agent has finished starting", async () => {
    ctx.fake.faults.add({
      path: "/api/v2/workspaceagents/*/logs",
      websocket: { refuseStatus: 502 },
      html: true,
    });
    const coder = client();
    const ws = await coder.workspaces.create("me", {
      name: "polled",
      template_id: ctx.fake.inspect.templates().find((t) => t.name === "docker")!.id,
      rich_parameter_values: [],
    });
    let agentId: string | undefined;
    await until(() => {
      const latest = ctx.fake.inspect.workspace(ws.id)?.latest_build;
      agentId = latest?.resources.flatMap((r) => r.agents ?? [])[0]?.id;
      return agentId !== undefined;
    });
    const logs: WorkspaceAgentLog[] = await drain(coder.agents.followLogs(agentId!, { pollIntervalMs: 5 }));
    // The stream ended by itself once the agent was ready, with every startup log once.
    expect((await coder.agents.get(agentId!)).lifecycle_state).toBe("ready");
    expect(logs.map((l) => l.id)).toEqual((await coder.agents.logs(agentId!)).map((l) => l.id));
    expect(logs.map((l) => l.output)).toContain("code-server listening on :13337");
  });

  it("stops polling when the consumer breaks out, and rejects with the signal's reason on abort", async () => {
    ctx.fake.faults.add({ path: BUILD_LOGS, websocket: { refuseStatus: 502 }, html: true });
    const coder = client();
    const dev = ctx.fake.inspect.workspace("admin/dev")!;
    const stop = await coder.workspaces.createBuild(dev.id, { transition: "stop" });
    const path = `/api/v2/workspacebuilds/${stop.id}/logs`;
    for await (const log of coder.builds.followLogs(stop.id, { pollIntervalMs: 5 })) {
      expect(log.id).toBeGreaterThan(0);
      break;
    }
    const afterBreak = trace(ctx.fake, path).length;
    await ctx.fake.idle();
    expect(trace(ctx.fake, path)).toHaveLength(afterBreak);

    const start = await coder.workspaces.createBuild(dev.id, { transition: "start" });
    const controller = new AbortController();
    // A long interval: the abort lands while the follow waits for its next poll.
    const stream = coder.builds.followLogs(start.id, { signal: controller.signal, pollIntervalMs: 60_000 });
    const pending = drain(stream);
    await until(() => trace(ctx.fake, `/api/v2/workspacebuilds/${start.id}`).length > 0);
    const reason = new Error("stop following");
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it("ends with the error onFallback throws, without polling", async () => {
    const build = finishedBuild(ctx.fake);
    ctx.fake.faults.add({ path: BUILD_LOGS, websocket: { refuseStatus: 502 }, html: true });
    const insist = new Error("WebSockets required");
    const error = await rejection(
      drain(
        client().builds.followLogs(build.id, {
          onFallback: () => {
            throw insist;
          },
        }),
      ),
    );
    expect(error).toBe(insist);
    expect(ctx.fake.requests.some((r) => r.search.startsWith("?after="))).toBe(false);
  });

  it("blames a malformed body on the endpoint that sent it, not on a proxy", async () => {
    const build = finishedBuild(ctx.fake);
    const path = `/api/v2/workspacebuilds/${build.id}/logs`;
    // Without `websocket`, the fault answers the upgrade and the plain GET alike.
    ctx.fake.faults.add({ path, malformedJson: true });
    let fellBack = false;
    const error = await rejection(
      drain(client().builds.followLogs(build.id, { onFallback: () => (fellBack = true) })),
    );
    expect(error).toBeInstanceOf(CoderResponseError);
    const message = (error as Error).message;
    expect(message).toMatch(
      new RegExp(`^GET http://127\\.0\\.0\\.1:\\d+${path}: unexpected response: body is not valid JSON$`),
    );
    expect(message).not.toContain("WebSocket");
    expect(message).not.toContain("proxy");
    expect(fellBack).toBe(false);

    ctx.fake.faults.clear();
    ctx.fake.faults.add({ path, status: 200, body: { logs: "not a list" } });
    const shape = await rejection(drain(client().builds.followLogs(build.id)));
    expect(shape).toBeInstanceOf(CoderResponseError);
    expect((shape as Error).message).toContain(`${path}:`);
    expect((shape as Error).message).not.toContain("proxy");
  });

  it("does not fall back when the socket opened and closed before any log", async () => {
    const build = finishedBuild(ctx.fake);
    ctx.fake.faults.add({ path: BUILD_LOGS, websocket: { closeCode: 1011, closeReason: "internal error" } });
    let fellBack = false;
    const error = await rejection(
      drain(client().builds.followLogs(build.id, { onFallback: () => (fellBack = true) })),
    );
    expect(error).toBeInstanceOf(CoderWebSocketError);
    expect((error as Error).message).toContain("log stream closed before sending any log (close code 1011");
    expect(fellBack).toBe(false);
  });

  it("checks the poll interval options, naming them", async () => {
    expect(() => new CoderClient({ url: "http://coder.test", token: "t", logPollIntervalMs: -1 })).toThrow(
      new CoderConfigError(
        "logPollIntervalMs: expected a number of milliseconds between 1 and 2147483647, got -1",
      ),
    );
    const error = await rejection(
      drain(client().builds.followLogs(finishedBuild(ctx.fake).id, { pollIntervalMs: 0 })),
    );
    expect(error).toEqual(
      new CoderConfigError(
        "pollIntervalMs: expected a number of milliseconds between 1 and 2147483647, got 0",
      ),
    );
  });
});

describe("log follows behind a proxy that refuses WebSockets (through msw)", () => {
  const ctx = useMswFake();

  it("falls back to polling: msw refuses the socket before it opens", async () => {
    const build = finishedBuild(ctx.fake);
    ctx.fake.faults.add({ path: BUILD_LOGS, websocket: { refuseStatus: 502 }, html: true });
    const fallbacks: LogFollowFallback[] = [];
    const logs = await drain(
      ctx.client().builds.followLogs(build.id, { onFallback: (f) => fallbacks.push(f) }),
    );
    expect(logs.map((l) => l.id)).toEqual(build.logs.map((l) => l.id));
    expect(fallbacks.map((f) => f.transport)).toEqual(["polling"]);
    expect(fallbacks[0]!.reason).toContain("a proxy may not pass WebSockets");
  });

  it("still reports Coder's refusal and malformed bodies as such", async () => {
    const missing = await rejection(
      drain(ctx.client().builds.followLogs("00000000-0000-4000-8000-000000000000")),
    );
    expect(missing).toBeInstanceOf(CoderApiError);
    expect((missing as CoderApiError).status).toBe(404);

    const build = finishedBuild(ctx.fake);
    ctx.fake.faults.add({ path: `/api/v2/workspacebuilds/${build.id}/logs`, malformedJson: true });
    const malformed = await rejection(drain(ctx.client({ retry: false }).builds.followLogs(build.id)));
    expect(malformed).toBeInstanceOf(CoderResponseError);
    expect((malformed as Error).message).toContain("body is not valid JSON");
  });
});
