import { describe, expect, it } from "vitest";
import { WebSocket as WsClient } from "ws";
import {
  CoderApiError,
  CoderResponseError,
  CoderWebSocketError,
  type ProvisionerJobLog,
} from "../../src/client/index.js";
import { rejection, useListeningFake } from "./reliability-harness.js";

// The follow protocol over a real socket, including what a well-behaved deployment never does
// (abnormal closes, refused upgrades, junk frames): the fake's WebSocket fault switches do that.

/** Drains a follow; resolves with what arrived, rejects with what the stream threw. */
async function drain<T>(stream: AsyncIterable<T>, into: T[] = []): Promise<T[]> {
  for await (const item of stream) into.push(item);
  return into;
}

describe("log follow streams", () => {
  const ctx = useListeningFake();
  const client = (options = {}) => ctx.client({ retry: false, ...options });

  /** A finished build of `admin/dev` and its logs: a follow sends them all, then closes normally. */
  function finishedBuild(): { id: string; logs: ProvisionerJobLog[] } {
    const id = ctx.fake.inspect.workspace("admin/dev")!.latest_build.id;
    return { id, logs: ctx.fake.inspect.buildLogs(id) as ProvisionerJobLog[] };
  }

  /** The running agent of `admin/dev`: its follow stays open while the agent lives. */
  function runningAgent(): string {
    return ctx.fake.inspect.workspace("admin/dev")!.latest_build.resources.flatMap((r) => r.agents ?? [])[0]!
      .id;
  }

  it("sends follow, after and the token as header and cookie, and ends on a normal close", async () => {
    const build = finishedBuild();
    const after = build.logs[1]!.id;
    const logs = await drain(client().builds.followLogs(build.id, { after }));
    expect(logs.map((l) => l.id)).toEqual(build.logs.slice(2).map((l) => l.id));
    expect(logs.length).toBeGreaterThan(0);
    const upgrade = ctx.fake.requests.find((r) => r.status === 101);
    expect(upgrade).toMatchObject({
      method: "GET",
      path: `/api/v2/workspacebuilds/${build.id}/logs`,
      search: `?follow=true&after=${after}`,
      headers: { "coder-session-token": "[REDACTED]", cookie: "[REDACTED]" },
    });
    // The fake keeps no token; the bytes on the wire show the real values.
    const head = ctx.proxy.connections.find((c) => c.upgrade)?.head ?? "";
    expect(head).toMatch(new RegExp(`^coder-session-token: ${ctx.fake.owner.token}\\r$`, "im"));
    expect(head).toMatch(new RegExp(`^cookie: coder_session_token=${ctx.fake.owner.token}\\r$`, "im"));
  });

  it("flattens agent log arrays into single logs", async () => {
    const agentId = runningAgent();
    const expected = await client().agents.logs(agentId);
    expect(expected.length).toBeGreaterThan(1);
    const outputs: string[] = [];
    for await (const log of client().agents.followLogs(agentId)) {
      outputs.push(log.output);
      if (outputs.length === expected.length) break;
    }
    expect(outputs).toEqual(expected.map((l) => l.output));
  });

  it("yields what arrived, then throws CoderWebSocketError on an abnormal close", async () => {
    const versionId = ctx.fake.inspect.templates()[0]!.active_version_id;
    ctx.fake.faults.add({
      path: `/api/v2/templateversions/${versionId}/logs`,
      websocket: { afterMessages: 1, closeCode: 1011, closeReason: "internal error" },
    });
    const logs: ProvisionerJobLog[] = [];
    const error = await rejection(drain(client().templates.followVersionLogs(versionId), logs));
    expect(logs).toHaveLength(1);
    const firstId = logs[0]!.id;
    expect(error).toBeInstanceOf(CoderWebSocketError);
    const wsError = error as CoderWebSocketError;
    expect(wsError.closeCode).toBe(1011);
    expect(wsError.closeReason).toBe("internal error");
    expect(wsError.message).toContain(`resume with after=${firstId}`);
    expect(wsError.url).toMatch(
      new RegExp(`^ws://127\\.0\\.0\\.1:\\d+/api/v2/templateversions/${versionId}/logs\\?follow=true$`),
    );
  });

  it("reports a refused upgrade with Coder's status and message, without the token", async () => {
    const build = finishedBuild();
    // A plain status fault refuses the upgrade and the one-shot GET the client then asks.
    ctx.fake.faults.add({
      path: `/api/v2/workspacebuilds/${build.id}/logs`,
      status: 401,
      body: { message: "You are not authorized.", detail: "bad token" },
    });
    const error = await rejection(drain(client().builds.followLogs(build.id)));
    expect(error).toBeInstanceOf(CoderApiError);
    const apiError = error as CoderApiError;
    expect(apiError.status).toBe(401);
    expect(apiError.message).toBe("You are not authorized.");
    expect(apiError.method).toBe("GET");
    expect(apiError.url).toContain(`/api/v2/workspacebuilds/${build.id}/logs?follow=true`);
    expect(JSON.stringify(apiError.toJSON())).not.toContain(ctx.fake.owner.token);
    // Refused upgrades (Node's WebSocket may try twice), then the plain GET: all 401.
    expect(ctx.fake.requests.map((r) => r.status)).toEqual(ctx.fake.requests.map(() => 401));
    expect(ctx.fake.requests[0]?.search).toBe("?follow=true");
    expect(ctx.fake.requests.at(-1)?.search).toBe("");
  });

  it("closes the socket with 1000 when the consumer breaks out", async () => {
    for await (const log of client().agents.followLogs(runningAgent())) {
      expect(log.id).toBeGreaterThan(0);
      break;
    }
    const upgrade = ctx.proxy.connections.find((c) => c.upgrade);
    await upgrade?.closed;
    expect(upgrade?.clientCloseCode).toBe(1000);
  });

  it("rejects the pending next() with the signal's reason and closes the socket on abort", async () => {
    const agentId = runningAgent();
    const existing = await client().agents.logs(agentId);
    const controller = new AbortController();
    // Only the last log is left to send; then the stream waits for the agent.
    const stream = client().agents.followLogs(agentId, {
      after: existing.at(-2)!.id,
      signal: controller.signal,
    });
    const first = await stream.next();
    expect(first.value).toMatchObject({ id: existing.at(-1)!.id });
    const pending = stream.next();
    const reason = new Error("stop following");
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    const upgrade = ctx.proxy.connections.find((c) => c.upgrade);
    await upgrade?.closed;
    expect(upgrade?.clientCloseCode).toBe(1000);
  });

  it("throws CoderResponseError naming the field when a message is not a log", async () => {
    const build = finishedBuild();
    ctx.fake.faults.add({
      path: `/api/v2/workspacebuilds/${build.id}/logs`,
      websocket: { junkFrame: { id: 1, output: "no level" } },
    });
    const error = await rejection(drain(client().builds.followLogs(build.id)));
    expect(error).toBeInstanceOf(CoderResponseError);
    expect((error as CoderResponseError).fields).toContain("log_level");
  });

  it("throws CoderResponseError for a frame that is not JSON, after the logs before it", async () => {
    const build = finishedBuild();
    ctx.fake.faults.add({
      path: `/api/v2/workspacebuilds/${build.id}/logs`,
      websocket: { afterMessages: 2, junkFrame: true },
    });
    const logs: ProvisionerJobLog[] = [];
    const error = await rejection(drain(client().builds.followLogs(build.id), logs));
    expect(logs.map((l) => l.id)).toEqual(build.logs.slice(0, 2).map((l) => l.id));
    expect(error).toBeInstanceOf(CoderResponseError);
    expect((error as CoderResponseError).message).toContain("log message is not valid JSON");
  });

  it("works with an injected WebSocket class (the ws package)", async () => {
    const build = finishedBuild();
    const coder = client({ webSocket: WsClient as unknown as typeof WebSocket });
    const logs = await drain(coder.builds.followLogs(build.id));
    expect(logs.map((l) => l.id)).toEqual(build.logs.map((l) => l.id));
    expect(ctx.fake.requests.at(-1)).toMatchObject({
      status: 101,
      headers: { "coder-session-token": "[REDACTED]" },
    });

    const error = await rejection(drain(coder.builds.followLogs("00000000-0000-4000-8000-000000000000")));
    expect(error).toBeInstanceOf(CoderApiError);
    expect((error as CoderApiError).status).toBe(404);
  });
});
