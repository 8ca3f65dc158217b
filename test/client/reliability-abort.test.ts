import { describe, expect, it } from "vitest";
import type { CoderClient, ProvisionerJobLog } from "../../src/client/index.js";
import { attempts, rejection, sleep, until, useListeningFake, useMswFake } from "./reliability-harness.js";

// Cancelling: a request in flight, a retry that is waiting, a log stream mid-way. The promise
// rejects with the signal's reason, nothing is retried afterwards, and sockets are closed.

describe("abort: requests", () => {
  const ctx = useMswFake();

  it("a signal aborted mid-request rejects with its reason before the server answers, and never retries", async () => {
    ctx.fake.faults.add({ path: "/api/v2/users/me", delayMs: 300, times: 1 });
    const controller = new AbortController();
    const reason = new Error("user pressed Ctrl-C");
    const pending = ctx.client().users.me({ signal: controller.signal });
    await sleep(20);
    controller.abort(reason);
    expect(await rejection(pending)).toBe(reason);
    // The fake logs a request when it answers; it has not answered yet.
    expect(attempts(ctx.fake, "GET", "/api/v2/users/me")).toHaveLength(0);
    // Once the delayed answer is out, no retry follows (a retry would be answered at once).
    await until(() => attempts(ctx.fake, "GET", "/api/v2/users/me").length > 0);
    await sleep(50);
    expect(attempts(ctx.fake, "GET", "/api/v2/users/me")).toHaveLength(1);
  });

  it("abort() without a reason rejects with an AbortError", async () => {
    ctx.fake.faults.add({ path: "/api/v2/buildinfo", delayMs: 300, times: 1 });
    const controller = new AbortController();
    const pending = ctx.client().buildInfo({ signal: controller.signal });
    await sleep(20);
    controller.abort();
    const error = await rejection(pending);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe("AbortError");
  });

  it("an already aborted signal sends nothing", async () => {
    const reason = new Error("too late");
    const error = await rejection(ctx.client().users.me({ signal: AbortSignal.abort(reason) }));
    expect(error).toBe(reason);
    await sleep(20);
    expect(attempts(ctx.fake, "GET", "/api/v2/users/me")).toHaveLength(0);
  });

  it("aborting while a retry waits cancels the retry", async () => {
    // No Retry-After: the client backs off 300 ms before its second attempt.
    ctx.fake.faults.add({ path: "/api/v2/users/me", status: 503, times: 1 });
    const controller = new AbortController();
    const reason = new Error("stop");
    const pending = ctx.client({ retry: { limit: 2 } }).users.me({ signal: controller.signal });
    await until(() => attempts(ctx.fake, "GET", "/api/v2/users/me").length === 1);
    controller.abort(reason);
    expect(await rejection(pending)).toBe(reason);
    await sleep(400);
    expect(attempts(ctx.fake, "GET", "/api/v2/users/me").map((r) => r.status)).toEqual([503]);
  });

  it("a POST aborted mid-request is not retried either", async () => {
    const coder = ctx.client();
    const dev = await coder.workspaces.getByOwnerAndName("admin", "dev");
    const path = `/api/v2/workspaces/${dev.id}/builds`;
    ctx.fake.faults.add({ method: "POST", path, delayMs: 200, status: 503, times: 1 });
    const controller = new AbortController();
    const pending = coder.workspaces.createBuild(
      dev.id,
      { transition: "stop" },
      { signal: controller.signal },
    );
    await sleep(20);
    controller.abort();
    expect((await rejection(pending)) as DOMException).toMatchObject({ name: "AbortError" });
    await until(() => attempts(ctx.fake, "POST", path).length > 0);
    await sleep(50);
    expect(attempts(ctx.fake, "POST", path).map((r) => r.status)).toEqual([503]);
  });
});

/** Start a fresh workspace and return its first build's id, still pending. */
async function startBuild(coder: CoderClient, name: string): Promise<string> {
  const docker = await coder.templates.getByName("coder", "docker");
  const ws = await coder.workspaces.create("me", { name, template_id: docker.id });
  return ws.latest_build.id;
}

describe("abort: log streams over a real socket", () => {
  // Slow builds, so a socket that closes early was closed by the client, not by the build ending.
  const ctx = useListeningFake({ buildStepMs: 250 });

  /** Whether the build's job is still going. */
  const stillBuilding = async (coder: CoderClient, buildId: string) =>
    ["pending", "running"].includes((await coder.builds.get(buildId)).job.status);

  const followSocket = () => {
    const sockets = ctx.proxy.connections.filter((c) => c.upgrade);
    expect(sockets).toHaveLength(1);
    return sockets[0]!;
  };

  it("aborting after the first log rejects the iterator with the reason and closes the socket", async () => {
    const coder = ctx.client();
    const buildId = await startBuild(coder, "abort-mid-stream");
    const controller = new AbortController();
    const reason = new Error("enough logs");
    const seen: ProvisionerJobLog[] = [];
    const error = await rejection(
      (async () => {
        for await (const log of coder.builds.followLogs(buildId, { signal: controller.signal })) {
          seen.push(log);
          controller.abort(reason);
        }
      })(),
    );
    expect(error).toBe(reason);
    expect(seen).toHaveLength(1);
    // Seen from the server's side of the connection, while the build still runs.
    const socket = followSocket();
    await socket.closed;
    expect(await stillBuilding(coder, buildId)).toBe(true);
  });

  it("aborting while waiting for the next log rejects the pending next() and closes the socket", async () => {
    const coder = ctx.client();
    const buildId = await startBuild(coder, "abort-waiting");
    const controller = new AbortController();
    const stream = coder.builds.followLogs(buildId, { signal: controller.signal });
    expect((await stream.next()).done).toBe(false);
    // Drain what has already arrived, then abort while next() waits for the server.
    const pending = stream.next();
    controller.abort();
    const error = await rejection(
      (async () => {
        await pending;
        for (;;) if ((await stream.next()).done) return;
      })(),
    );
    expect((error as DOMException).name).toBe("AbortError");
    await followSocket().closed;
    expect(await stillBuilding(coder, buildId)).toBe(true);
  });

  it("breaking out of for await closes the socket", async () => {
    const coder = ctx.client();
    const buildId = await startBuild(coder, "break-out");
    let count = 0;
    for await (const _ of coder.builds.followLogs(buildId)) {
      count += 1;
      if (count === 2) break;
    }
    expect(count).toBe(2);
    const socket = followSocket();
    await socket.closed;
    expect(await stillBuilding(coder, buildId)).toBe(true);
  });
});
