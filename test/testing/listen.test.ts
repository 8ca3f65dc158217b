import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import {
  createFakeCoder,
  type FakeCoder,
  type ListeningServer,
  type ProvisionerJobLog,
  type Workspace,
  type WorkspaceAgentLog,
  type WorkspaceBuild,
} from "../../src/testing/index.js";
import { apiClient, waitFor } from "./helpers.js";

interface Followed<T> {
  messages: T[];
  code: number;
  reason: string;
}

function follow<T>(url: string, token: string, onMessage?: (m: T) => void): Promise<Followed<T>> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers: { "Coder-Session-Token": token } });
    const messages: T[] = [];
    socket.on("message", (data) => {
      const parsed = JSON.parse(data.toString()) as T;
      messages.push(parsed);
      onMessage?.(parsed);
    });
    socket.on("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    socket.on("error", reject);
    socket.on("close", (code, reason) => resolve({ messages, code, reason: reason.toString() }));
  });
}

describe("fake coder: listen() over real HTTP and WebSocket", () => {
  let fake: FakeCoder;
  let server: ListeningServer;
  let api: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    fake = createFakeCoder({ buildStepMs: 20 });
    server = await fake.listen();
    api = apiClient(fetch, server.url, fake.owner.token);
  });
  afterAll(() => fake.close());

  it("serves HTTP on 127.0.0.1 with Coder's JSON", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const info = await api<{ dashboard_url: string }>("GET", "/api/v2/buildinfo");
    expect(info.body.dashboard_url).toBe(server.url);
    const list = await api<{ count: number }>("GET", "/api/v2/workspaces");
    expect(list.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(list.body.count).toBe(4);
  });

  it("streams build logs live, one object per message, and closes normally when the job ends", async () => {
    const created = await api<Workspace>("POST", "/api/v2/users/me/workspaces", {
      name: "live",
      template_id: fake.inspect.templates()[0]!.id,
    });
    const buildId = created.body.latest_build.id;
    const url = `${server.url.replace("http", "ws")}/api/v2/workspacebuilds/${buildId}/logs?follow`;
    const statusesWhileStreaming: string[] = [];
    const followed = await follow<ProvisionerJobLog>(url, fake.owner.token, () => {
      statusesWhileStreaming.push(fake.inspect.workspace("admin/live")!.latest_build.status);
    });
    expect(followed.code).toBe(1000);
    expect(followed.reason).toBe("done");
    expect(followed.messages.map((m) => m.id)).toEqual(fake.inspect.buildLogs(buildId).map((l) => l.id));
    expect(followed.messages[0]).toMatchObject({
      log_source: "provisioner_daemon",
      stage: "Setting up",
      output: "",
    });
    // Logs arrived while the build was still going, not all at the end.
    expect(statusesWhileStreaming).toContain("starting");
    const build = await api<WorkspaceBuild>("GET", `/api/v2/workspacebuilds/${buildId}`);
    expect(build.body.status).toBe("running");
  });

  it("gives a mid-job follower the logs after `after` first, then the live ones", async () => {
    const dev = fake.inspect.workspace("admin/dev")!;
    const stop = await api<WorkspaceBuild>("POST", `/api/v2/workspaces/${dev.id}/builds`, {
      transition: "stop",
    });
    await waitFor(() => fake.inspect.buildLogs(stop.body.id).length >= 4);
    const before = fake.inspect.buildLogs(stop.body.id);
    const after = before[1]!.id;
    const url = `${server.url.replace("http", "ws")}/api/v2/workspacebuilds/${stop.body.id}/logs?follow=true&after=${after}`;
    const followed = await follow<ProvisionerJobLog>(url, fake.owner.token);
    const all = fake.inspect.buildLogs(stop.body.id);
    expect(followed.messages.map((m) => m.id)).toEqual(all.filter((l) => l.id > after).map((l) => l.id));
    expect(followed.messages.length).toBeGreaterThan(before.length - 2);
    expect(followed.messages.map((m) => m.stage)).toContain("Stopping workspace");
  });

  it("follows agent logs as JSON arrays until the agent disconnects", async () => {
    const created = await api<Workspace>("POST", "/api/v2/users/me/workspaces", {
      name: "agentlogs",
      template_id: fake.inspect.templates()[0]!.id,
    });
    const agent = await waitFor(
      () =>
        fake.inspect.workspace("admin/agentlogs")?.latest_build.resources.flatMap((r) => r.agents ?? [])[0],
    );
    const url = `${server.url.replace("http", "ws")}/api/v2/workspaceagents/${agent.id}/logs?follow`;
    const following = follow<WorkspaceAgentLog[]>(url, fake.owner.token);
    await waitFor(
      () =>
        fake.inspect.workspace("admin/agentlogs")!.latest_build.resources.flatMap((r) => r.agents ?? [])[0]!
          .lifecycle_state === "ready",
    );
    await api("POST", `/api/v2/workspaces/${created.body.id}/builds`, { transition: "stop" });
    const followed = await following;
    expect(followed.code).toBe(1000);
    expect(followed.messages.every((m) => Array.isArray(m))).toBe(true);
    expect(followed.messages.flat().map((l) => l.output)).toEqual([
      "Installing code-server...",
      "code-server listening on :13337",
    ]);
  });

  it("answers a plain GET with follow like coderd, and rejects unauthenticated upgrades with 401", async () => {
    const build = fake.inspect.workspace("alice/alice-dev")!.latest_build.id;
    const res = await fetch(`${server.url}/api/v2/workspacebuilds/${build}/logs?follow`, {
      headers: { "Coder-Session-Token": fake.owner.token },
    });
    expect(res.status).toBe(426);
    const text = await res.text();
    expect(text).toContain("WebSocket protocol violation");
    expect(text).toContain('"message": "Failed to accept websocket."');
    await expect(
      follow(`${server.url.replace("http", "ws")}/api/v2/workspacebuilds/${build}/logs?follow`, ""),
    ).rejects.toThrow("HTTP 401");
    // A finished job: existing logs, then an immediate normal close.
    const done = await follow<ProvisionerJobLog>(
      `${server.url.replace("http", "ws")}/api/v2/workspacebuilds/${build}/logs?follow`,
      fake.owner.token,
    );
    expect(done.code).toBe(1000);
    expect(done.messages.length).toBe(fake.inspect.buildLogs(build).length);
  });
});
