import { describe, expect, it } from "vitest";
import { CoderApiError } from "../../src/client/index.js";
import { collect, useFakeCoder } from "../support/fake-coder.js";

describe("agents", () => {
  const ctx = useFakeCoder();

  it("get(), logs(), listeningPorts() and connectionInfo() of a running workspace's agent", async () => {
    const dev = await ctx.owner.workspaces.getByOwnerAndName("admin", "dev");
    const agentId = dev.latest_build.resources?.flatMap((r) => r.agents ?? [])[0]?.id ?? "";
    const agent = await ctx.owner.agents.get(agentId);
    expect(agent.status).toBe("connected");
    expect(agent.lifecycle_state).toBe("ready");
    const logs = await ctx.owner.agents.logs(agentId);
    expect(logs.length).toBeGreaterThan(0);
    expect(agent.log_sources?.map((s) => s.id)).toContain(logs[0]?.source_id);
    const ports = await ctx.owner.agents.listeningPorts(agentId);
    expect(ports.ports.map((p) => p.port)).toContain(13337);
    const info = await ctx.owner.agents.connectionInfo(agentId);
    expect(typeof info.derp_force_websockets).toBe("boolean");
  });

  it("followLogs() yields single logs from array messages and ends when the agent disconnects", async () => {
    const docker = await ctx.owner.templates.getByName("coder", "docker");
    const ws = await ctx.owner.workspaces.create("me", { name: "agent-follow", template_id: docker.id });
    await collect(ctx.owner.builds.followLogs(ws.latest_build.id));
    await ctx.fake.idle();
    const agentId = (await ctx.owner.workspaces.get(ws.id)).latest_build.resources?.flatMap(
      (r) => r.agents ?? [],
    )[0]?.id;
    expect(agentId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const expected = await ctx.owner.agents.logs(agentId ?? "");
    expect(expected.length).toBeGreaterThan(0);

    const seen: number[] = [];
    for await (const log of ctx.owner.agents.followLogs(agentId ?? "")) {
      seen.push(log.id);
      if (seen.length === expected.length) break;
    }
    expect(seen).toEqual(expected.map((l) => l.id));

    // The agent writes more logs, then a stop build disconnects it and the stream closes normally.
    const following = collect(ctx.owner.agents.followLogs(agentId ?? "", { after: expected.at(-1)?.id }));
    const sourceId = (await ctx.owner.agents.get(agentId ?? "")).log_sources?.[0]?.id;
    const patched = await ctx.fake.fetch("/api/v2/workspaceagents/me/logs", {
      method: "PATCH",
      headers: {
        "Coder-Session-Token": ctx.fake.agentToken("admin/agent-follow"),
        "Content-Type": "application/json",
      },
      body: JSON.stringify({
        log_source_id: sourceId,
        logs: [
          { created_at: new Date().toISOString(), output: "shutdown script: saving state", level: "info" },
          { created_at: new Date().toISOString(), output: "shutdown script: done", level: "info" },
        ],
      }),
    });
    expect(patched.status).toBe(200);
    const stop = await ctx.owner.workspaces.createBuild(ws.id, { transition: "stop" });
    await collect(ctx.owner.builds.followLogs(stop.id));
    const tail = await following;
    expect(tail.map((l) => l.output)).toEqual(["shutdown script: saving state", "shutdown script: done"]);
    expect(tail.every((l) => l.id > (expected.at(-1)?.id ?? 0))).toBe(true);
  });

  it("followLogs() of an unknown agent throws the 404 as a CoderApiError", async () => {
    const error = await collect(ctx.owner.agents.followLogs("00000000-0000-4000-8000-000000000000")).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CoderApiError);
    expect((error as CoderApiError).status).toBe(404);
    expect((error as CoderApiError).url).toMatch(
      /^ws:\/\/coder\.fake\/api\/v2\/workspaceagents\/.*follow=true/,
    );
  });
});
