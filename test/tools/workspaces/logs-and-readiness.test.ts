import { describe, expect, it } from "vitest";
import { CoderClient } from "../../../src/client/index.js";
import type { ToolProgress } from "../../../src/tools/index.js";
import {
  createWorkspaceBuild,
  getWorkspaceAgentLogs,
  getWorkspaceBuildLogs,
  workspaceReadiness,
} from "../../../src/tools/workspaces/index.js";
import { useToolHarness } from "../../support/tool-harness.js";
import { failed, ok } from "../results.js";
import { seedTwinTemplate, virtualClock } from "./helpers.js";

const UNKNOWN_ID = "3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";

describe("coder_get_workspace_agent_logs", () => {
  const h = useToolHarness();

  it("returns what the agent logged (Go: Logs, agent logs non-empty)", async () => {
    const agent = h.fake.inspect.workspace("admin/dev")!.latest_build.resources![0]!.agents![0]!;
    const result = ok(await h.call(getWorkspaceAgentLogs, { workspace_agent_id: agent.id }));
    expect(result.line_count).toBeGreaterThan(0);
    expect(result.logs.split("\n")).toHaveLength(result.line_count);
    expect(result.truncated).toBeUndefined();
  });

  it("keeps head and tail within the log budget", async () => {
    h.fake.seed.template({
      name: "chatty",
      resources: [
        {
          type: "docker_container",
          name: "box",
          agents: [
            {
              name: "main",
              startupLogs: Array.from({ length: 200 }, (_, i) => `step ${i} ${"x".repeat(40)}`),
            },
          ],
        },
      ],
    });
    const ws = h.fake.seed.workspace({ owner: "admin", template: "chatty", name: "chatty" });
    const agentId = ws.latest_build.resources!.flatMap((r) => r.agents ?? [])[0]!.id;
    const result = ok(
      await h.call(
        getWorkspaceAgentLogs,
        { workspace_agent_id: agentId },
        h.context({ limits: { logBudgetBytes: 1_000 } }),
      ),
    );
    expect(result.line_count).toBeGreaterThanOrEqual(200);
    expect(new TextEncoder().encode(result.logs).length).toBeLessThanOrEqual(1_000);
    expect(result.logs).toContain("step 0 ");
    expect(result.logs).toContain("step 199 ");
    expect(result.truncated?.omitted_lines).toBeGreaterThan(0);
  });

  it("checks the id, and explains an unknown one with where agent ids come from", async () => {
    const bad = failed(await h.call(getWorkspaceAgentLogs, { workspace_agent_id: "main" }));
    expect(bad.error.kind).toBe("input");
    expect(bad.text).toContain("workspace_agent_id must be a valid UUID");
    const missing = failed(await h.call(getWorkspaceAgentLogs, { workspace_agent_id: UNKNOWN_ID }));
    expect(missing.error.kind).toBe("tool");
    expect(missing.text).toContain(`workspace agent ${UNKNOWN_ID}: `);
    expect(missing.text).toContain(
      "hint: call coder_get_workspace with the workspace's owner/name and pass one of its agents[].id",
    );
  });
});

describe("coder_get_workspace_build_logs", () => {
  const h = useToolHarness();

  it("returns a finished build's logs (Go: Logs, build logs)", async () => {
    const build = h.fake.inspect.workspace("admin/dev")!.latest_build;
    const result = ok(await h.call(getWorkspaceBuildLogs, { workspace_build_id: build.id }));
    expect(result).toMatchObject({ transition: "start", status: "running", job_status: "succeeded" });
    expect(result).not.toHaveProperty("error");
    expect(result.complete).toBe(true);
    expect(result.line_count).toBe(h.fake.inspect.buildLogs(build.id).length);
    expect(result.line_count).toBeGreaterThan(0);
    expect(result.note).toBeUndefined();
  });

  it("follows a running build to its end", async () => {
    const dev = h.fake.inspect.workspace("admin/dev")!;
    const stop = ok(await h.call(createWorkspaceBuild, { workspace_id: dev.id, transition: "stop" }));
    const progress: string[] = [];
    const result = ok(
      await h.call(
        getWorkspaceBuildLogs,
        { workspace_build_id: stop.id },
        h.context({ progress: (p) => progress.push(p.message ?? "") }),
      ),
    );
    expect(result.complete).toBe(true);
    // The outcome is read after the logs, so it is the build's final state.
    expect(result).toMatchObject({ transition: "stop", status: "stopped", job_status: "succeeded" });
    expect(result.line_count).toBe(h.fake.inspect.buildLogs(stop.id).length);
    expect(progress).toHaveLength(result.line_count);
    expect(h.fake.inspect.workspace("admin/dev")!.latest_build.status).toBe("stopped");
  });

  it("says that a build failed and why", async () => {
    const dev = h.fake.inspect.workspace("admin/dev")!;
    h.fake.failNextBuild({ workspace: "admin/dev", error: "docker: no space left on device" });
    const stop = ok(await h.call(createWorkspaceBuild, { workspace_id: dev.id, transition: "stop" }));
    const result = ok(await h.call(getWorkspaceBuildLogs, { workspace_build_id: stop.id }));
    expect(result).toMatchObject({
      transition: "stop",
      status: "failed",
      job_status: "failed",
      error: "docker: no space left on device",
      complete: true,
    });
  });

  it("checks the id, and explains an unknown one with the tools that list builds", async () => {
    const bad = failed(await h.call(getWorkspaceBuildLogs, { workspace_build_id: "latest" }));
    expect(bad.text).toContain("workspace_build_id must be a valid UUID");
    const missing = failed(await h.call(getWorkspaceBuildLogs, { workspace_build_id: UNKNOWN_ID }));
    expect(missing.error.kind).toBe("tool");
    expect(missing.text).toContain(`workspace build ${UNKNOWN_ID}: `);
    expect(missing.text).toContain(
      "hint: call coder_get_workspace (latest_build.id) or coder_list_workspaces (latest_build_id) for a build id",
    );
  });
});

describe("coder_get_workspace_build_logs on a slow build", () => {
  const h = useToolHarness({ buildStepMs: 400 });

  it("returns the logs so far with a note when the wait budget runs out", async () => {
    const dev = h.fake.inspect.workspace("admin/dev")!;
    const stop = ok(await h.call(createWorkspaceBuild, { workspace_id: dev.id, transition: "stop" }));
    const result = ok(
      await h.call(
        getWorkspaceBuildLogs,
        { workspace_build_id: stop.id },
        h.context({ limits: { jobWaitMs: 150 } }),
      ),
    );
    expect(result.complete).toBe(false);
    expect(result.note).toContain("coder_get_workspace_build_logs");
    expect(["pending", "running"]).toContain(result.job_status);
    expect(result).not.toHaveProperty("error");
  });
});

describe("coder_workspace_readiness", () => {
  const h = useToolHarness();

  it("reports a running workspace with a ready agent as ready", async () => {
    const dev = h.fake.inspect.workspace("admin/dev")!;
    const agent = dev.latest_build.resources![0]!.agents![0]!;
    const result = ok(await h.call(workspaceReadiness, { workspace: "dev" }));
    expect(result).toEqual({
      workspace_id: dev.id,
      build_id: dev.latest_build.id,
      build_status: "running",
      build_transition: "start",
      agent_id: agent.id,
      agent_name: "main",
      connection_status: "connected",
      lifecycle_state: "ready",
      state: "ready",
      reason: expect.any(String),
      ready: true,
      wait_expired: false,
    });
  });

  it("reports a stopped workspace and never starts it", async () => {
    const result = ok(await h.call(workspaceReadiness, { workspace: "admin/k8s-lab", wait_ms: 3_000 }));
    expect(result).toMatchObject({ state: "stopped", ready: false, wait_expired: false });
    expect(result.reason).toContain("coder_create_workspace_build");
    expect(result.agent_id).toBeUndefined();
    expect(h.fake.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("reports a failed build with its error", async () => {
    h.fake.seed.workspace({ owner: "admin", template: "docker", name: "broken", state: "failed" });
    const result = ok(await h.call(workspaceReadiness, { workspace: "broken" }));
    expect(result).toMatchObject({ state: "build_failed", build_status: "failed", ready: false });
    expect(result.build_error).toBeTruthy();
    expect(result.reason).toContain("coder_get_workspace_build_logs");
  });

  it("takes one snapshot of a starting workspace by default", async () => {
    h.fake.seed.workspace({ owner: "admin", template: "docker", name: "booting", state: "starting" });
    const result = ok(await h.call(workspaceReadiness, { workspace: "booting" }));
    expect(result).toMatchObject({ state: "pending", ready: false, wait_expired: false });
  });

  it("waits for a starting workspace to become ready, polling every second", async () => {
    h.fake.seed.workspace({ owner: "admin", template: "docker", name: "booting", state: "starting" });
    const clock = virtualClock();
    const result = ok(
      await h.call(
        workspaceReadiness,
        { workspace: "admin--booting", wait_ms: 30_000 },
        h.context({ clock }),
      ),
    );
    expect(result).toMatchObject({ state: "ready", ready: true, wait_expired: false, agent_name: "main" });
    expect(clock.slept.length).toBeGreaterThan(0);
    expect(new Set(clock.slept)).toEqual(new Set([1_000]));
  });

  it.each([
    {
      agent: { lifecycleState: "start_error" },
      state: "start_error",
      connection: "connected",
      lifecycle: "start_error",
      hint: "coder_get_workspace_agent_logs",
    },
    {
      agent: { lifecycleState: "start_timeout" },
      state: "start_timeout",
      connection: "connected",
      lifecycle: "start_timeout",
      hint: "coder_get_workspace_agent_logs",
    },
    {
      agent: { status: "timeout" },
      state: "connection_timeout",
      connection: "timeout",
      lifecycle: "created",
      hint: "build logs",
    },
  ] as const)(
    "reports $state when the agent reports $agent",
    async ({ agent, state, connection, lifecycle, hint }) => {
      h.fake.seed.workspace({ owner: "admin", template: "docker", name: "sick", agent });
      const clock = virtualClock();
      // These states need action: even with a wait budget the tool answers at once.
      const result = ok(
        await h.call(workspaceReadiness, { workspace: "sick", wait_ms: 10_000 }, h.context({ clock })),
      );
      expect(result).toMatchObject({
        build_status: "running",
        connection_status: connection,
        lifecycle_state: lifecycle,
        state,
        ready: false,
        wait_expired: false,
      });
      expect(result.reason).toContain(hint);
      expect(clock.slept).toEqual([]);
    },
  );

  it("takes one snapshot of a disconnected agent with wait_ms 0", async () => {
    h.fake.seed.workspace({
      owner: "admin",
      template: "docker",
      name: "flaky",
      agent: { status: "disconnected" },
    });
    const clock = virtualClock();
    const result = ok(
      await h.call(workspaceReadiness, { workspace: "flaky", wait_ms: 0 }, h.context({ clock })),
    );
    expect(result).toMatchObject({
      connection_status: "disconnected",
      lifecycle_state: "ready",
      state: "disconnected",
      ready: false,
      wait_expired: false,
    });
    expect(result.reason).toContain("wait_ms");
    expect(clock.slept).toEqual([]);
  });

  it("keeps polling a disconnected agent until the wait runs out", async () => {
    h.fake.seed.workspace({
      owner: "admin",
      template: "docker",
      name: "flaky",
      agent: { status: "disconnected" },
    });
    const clock = virtualClock();
    const updates: ToolProgress[] = [];
    const result = ok(
      await h.call(
        workspaceReadiness,
        { workspace: "flaky", wait_ms: 2_000 },
        h.context({ clock, progress: (update) => updates.push(update) }),
      ),
    );
    expect(result).toMatchObject({ state: "disconnected", wait_expired: true });
    expect(clock.slept).toEqual([1_000, 1_000]);
    // One progress step per pending observation it waited after.
    expect(updates.map((u) => u.progress)).toEqual([1, 2]);
    expect(updates[0]?.message).toMatch(/^disconnected: The agent lost its connection/);
  });

  it("picks the named agent and needs one when there are several", async () => {
    seedTwinTemplate(h);
    h.fake.seed.workspace({ owner: "admin", template: "twin", name: "pair" });
    const failure = failed(await h.call(workspaceReadiness, { workspace: "pair" }));
    expect(failure.text).toContain(
      "multiple agents found, please specify the agent name, available agents: [dev dev2]",
    );
    const dev2 = ok(await h.call(workspaceReadiness, { workspace: "admin/pair.dev2" }));
    expect(dev2).toMatchObject({ agent_name: "dev2", state: "ready" });
  });

  it("validates its inputs like Coder", async () => {
    const empty = failed(await h.call(workspaceReadiness, { workspace: "   " }));
    expect(empty.text).toContain("workspace name cannot be empty");
    const tooLong = failed(await h.call(workspaceReadiness, { workspace: "dev", wait_ms: 30_001 }));
    expect(tooLong.error.kind).toBe("input");
    expect(tooLong.text).toContain("wait_ms");
    const negative = failed(await h.call(workspaceReadiness, { workspace: "dev", wait_ms: -1 }));
    expect(negative.error.kind).toBe("input");
    const missing = failed(await h.call(workspaceReadiness, { workspace: "nope" }));
    expect(missing.text).toContain('failed to find workspace "nope"');
  });
});

describe("coder_workspace_readiness on a slow build", () => {
  const h = useToolHarness({ buildStepMs: 2_000 });

  it("returns the last pending snapshot with wait_expired when the wait runs out", async () => {
    h.fake.seed.workspace({ owner: "admin", template: "docker", name: "slow", state: "starting" });
    const clock = virtualClock();
    const result = ok(
      await h.call(workspaceReadiness, { workspace: "slow", wait_ms: 2_500 }, h.context({ clock })),
    );
    expect(result).toMatchObject({ state: "pending", ready: false, wait_expired: true });
    expect(clock.slept).toEqual([1_000, 1_000, 500]);
  });
});

describe("log tools behind a proxy that refuses WebSockets", () => {
  const h = useToolHarness({ buildStepMs: 5 });

  it("still return the build's logs, polled, and say so", async () => {
    const workspace = h.fake.inspect.workspace("admin/dev");
    const buildId = workspace?.latest_build.id ?? "";
    h.fake.faults.add({ path: "/api/v2/workspacebuilds/*/logs", websocket: { refuseStatus: 502 } });
    const client = new CoderClient({
      url: h.fake.url,
      token: h.fake.owner.token,
      retry: false,
      logPollIntervalMs: 10,
    });
    const result = ok(
      await h.call(getWorkspaceBuildLogs, { workspace_build_id: buildId }, h.context({ client })),
    );
    expect(result.complete).toBe(true);
    expect(result.line_count).toBe(h.fake.inspect.buildLogs(buildId).length);
    expect(result.logs.length).toBeGreaterThan(0);
    expect(result.note).toMatch(
      /^The logs were polled over plain HTTP because the log WebSocket was refused \(.+\); a proxy/,
    );
  });

  it("say nothing about polling when the WebSocket works", async () => {
    const buildId = h.fake.inspect.workspace("admin/dev")?.latest_build.id ?? "";
    const result = ok(await h.call(getWorkspaceBuildLogs, { workspace_build_id: buildId }));
    expect(result.complete).toBe(true);
    expect(result.note).toBeUndefined();
  });
});
