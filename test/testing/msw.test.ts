import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createFakeCoder,
  type FakeCoder,
  type ProvisionerJobLog,
  type User,
  type Workspace,
} from "../../src/testing/index.js";

describe("fake coder: msw handlers", () => {
  let fake: FakeCoder;
  let server: ReturnType<typeof setupServer>;
  beforeAll(() => {
    fake = createFakeCoder({ buildStepMs: 10 });
    server = setupServer(...fake.handlers);
    server.listen({ onUnhandledFrame: "error" });
  });
  afterAll(async () => {
    server.close();
    await fake.close();
  });

  it("serves the REST API to the global fetch", async () => {
    const res = await fetch("http://coder.fake/api/v2/users/me", {
      headers: { "Coder-Session-Token": fake.member.token },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as User).username).toBe("alice");
    const denied = await fetch("http://coder.fake/api/v2/users/me");
    expect(denied.status).toBe(401);
  });

  it("turns a reset fault into a network error", async () => {
    fake.faults.add({ path: "/api/v2/buildinfo", reset: true, times: 1 });
    await expect(fetch("http://coder.fake/api/v2/buildinfo")).rejects.toThrow(TypeError);
    expect((await fetch("http://coder.fake/api/v2/buildinfo")).status).toBe(200);
  });

  it("follows build logs over Node's global WebSocket, reading the token from `headers`", async () => {
    const created = await fetch("http://coder.fake/api/v2/users/me/workspaces", {
      method: "POST",
      headers: { "Coder-Session-Token": fake.owner.token, "Content-Type": "application/json" },
      body: JSON.stringify({ name: "msw-follow", template_id: fake.inspect.templates()[0]!.id }),
    });
    const ws = (await created.json()) as Workspace;
    const messages: ProvisionerJobLog[] = [];
    const close = await new Promise<{ code: number; reason: string }>((resolve, reject) => {
      // Node's WebSocket accepts a non-standard `{ headers }` init; msw hands it to the handler.
      const Socket = WebSocket as unknown as new (
        url: string,
        init: { headers: Record<string, string> },
      ) => WebSocket;
      const socket = new Socket(`ws://coder.fake/api/v2/workspacebuilds/${ws.latest_build.id}/logs?follow`, {
        headers: { "Coder-Session-Token": fake.owner.token },
      });
      socket.onmessage = (event) => messages.push(JSON.parse(String(event.data)) as ProvisionerJobLog);
      socket.onerror = () => reject(new Error("socket error"));
      socket.onclose = (event) => resolve({ code: event.code, reason: event.reason });
    });
    expect(close).toEqual({ code: 1000, reason: "done" });
    expect(messages.map((m) => m.stage)).toContain("Starting workspace");
    expect(messages.map((m) => m.id)).toEqual(fake.inspect.buildLogs(ws.latest_build.id).map((l) => l.id));
  });

  it("closes an unauthenticated WebSocket with 4401", async () => {
    const build = fake.inspect.workspace("admin/dev")!.latest_build.id;
    const close = await new Promise<{ code: number; reason: string }>((resolve) => {
      const socket = new WebSocket(`ws://coder.fake/api/v2/workspacebuilds/${build}/logs?follow`);
      socket.onclose = (event) => resolve({ code: event.code, reason: event.reason });
    });
    expect(close.code).toBe(4401);
    expect(close.reason).toContain("signed out");
  });
});

describe("fake coder: many fakes through msw in one process", () => {
  it("leaves no listeners behind: no MaxListenersExceededWarning after a dozen fakes and follows", async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => {
      if (warning.name === "MaxListenersExceededWarning") warnings.push(warning.message);
    };
    process.on("warning", onWarning);
    try {
      for (let i = 0; i < 12; i++) {
        const fake = createFakeCoder({ buildStepMs: 5 });
        const server = setupServer(...fake.handlers);
        server.listen({ onUnhandledFrame: "error" });
        try {
          // A finished build: every log is sent the moment the socket is accepted.
          const build = fake.inspect.workspace("admin/dev")!.latest_build.id;
          const Socket = WebSocket as unknown as new (
            url: string,
            init: { headers: Record<string, string> },
          ) => WebSocket;
          const count = await new Promise<number>((resolve, reject) => {
            let n = 0;
            const socket = new Socket(`ws://coder.fake/api/v2/workspacebuilds/${build}/logs?follow`, {
              headers: { "Coder-Session-Token": fake.owner.token },
            });
            socket.onmessage = () => {
              n += 1;
            };
            socket.onerror = () => reject(new Error("socket error"));
            socket.onclose = () => resolve(n);
          });
          expect(count).toBe(fake.inspect.buildLogs(build).length);
          expect(count).toBeGreaterThan(10);
        } finally {
          server.close();
          await fake.close();
        }
      }
      // Node emits warnings on a later tick.
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(warnings).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });
});
