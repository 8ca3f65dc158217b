import { afterEach, describe, expect, it } from "vitest";
import { CoderClient } from "../../../src/client/index.js";
import { createFakeCoder, type FakeCoder } from "../../../src/testing/index.js";
import { headTail } from "../../../src/tools/framework/log-window.js";
import { callTool, createToolContext, DEFAULT_TOOL_LIMITS } from "../../../src/tools/index.js";
import { getTaskLogs } from "../../../src/tools/tasks/index.js";
import { boundTaskLogs } from "../../../src/tools/tasks/views.js";
import { getTemplateVersionLogs } from "../../../src/tools/templates/index.js";
import { getWorkspaceAgentLogs, getWorkspaceBuildLogs } from "../../../src/tools/workspaces/index.js";
import { useToolHarness } from "../../support/tool-harness.js";
import { call, ok } from "../results.js";

/**
 * The log tools read logs as they arrive and keep only the head and tail they can show. Their
 * output is the same as the window over the whole log read at once (what they returned before
 * they streamed), for short logs and for 100,000-line ones.
 */

const bytes = (s: string) => new TextEncoder().encode(s).length;
const manyLines = (n: number, what: string) =>
  Array.from({ length: n }, (_, i) => `${what} ${i}: ${i % 3 === 0 ? "downloading é layer" : "ok"}`);

function agentIdOf(ws: { latest_build: { resources?: { agents?: { id: string }[] }[] } }): string {
  return ws.latest_build.resources!.flatMap((r) => r.agents ?? [])[0]!.id;
}

describe("coder_get_workspace_agent_logs on long logs", () => {
  const h = useToolHarness();

  function seedAgentLogging(lines: string[]): string {
    h.fake.seed.template({
      name: "chatty",
      resources: [{ type: "docker_container", name: "box", agents: [{ name: "main", startupLogs: lines }] }],
    });
    return agentIdOf(h.fake.seed.workspace({ owner: "admin", template: "chatty", name: "chatty" }));
  }

  it("returns the same window as one read of the whole log, short or cut", async () => {
    const agentId = seedAgentLogging(manyLines(60, "step"));
    const whole = (await h.owner.agents.logs(agentId, { after: 0 })).map((l) => l.output);
    for (const logBudgetBytes of [100_000, 1_000, 200]) {
      const result = ok(
        await call(
          h,
          getWorkspaceAgentLogs,
          { workspace_agent_id: agentId },
          h.context({ limits: { logBudgetBytes } }),
        ),
      );
      const expected = headTail(whole, logBudgetBytes);
      expect(result).toEqual({
        logs: expected.text,
        line_count: whole.length,
        ...(expected.truncated ? { truncated: expected.truncated } : {}),
      });
    }
  });

  it("keeps a 100,000-line log within the budget", async () => {
    const lines = manyLines(100_000, "line");
    const agentId = seedAgentLogging(lines);
    const result = ok(await call(h, getWorkspaceAgentLogs, { workspace_agent_id: agentId }));
    expect(result.line_count).toBeGreaterThanOrEqual(100_000);
    expect(bytes(result.logs)).toBeLessThanOrEqual(DEFAULT_TOOL_LIMITS.logBudgetBytes);
    expect(result.logs.split("\n").at(-1)).toBe(lines.at(-1));
    expect(result.truncated!.omitted_lines).toBeGreaterThan(99_000);
  });
});

describe("coder_get_workspace_build_logs on a 100,000-line build, over a real socket", () => {
  let fake: FakeCoder | undefined;
  afterEach(async () => {
    await fake?.close();
  });

  it("follows the whole build and returns a bounded head and tail, the same as the whole log's", async () => {
    fake = createFakeCoder({ buildStepMs: 5 });
    const output = manyLines(100_000, "layer");
    fake.seed.template({ name: "heavy", buildOutput: output });
    const ws = fake.seed.workspace({ owner: "admin", template: "heavy", name: "heavy" });
    const server = await fake.listen();
    const client = new CoderClient({ url: server.url, token: fake.owner.token, retry: false });
    const result = await callTool(
      getWorkspaceBuildLogs,
      { workspace_build_id: ws.latest_build.id },
      createToolContext({ client, limits: { jobWaitMs: 60_000 } }),
    );
    if (!result.ok) throw new Error(result.text);
    const whole = fake.inspect.buildLogs(ws.latest_build.id).map((l) => l.output);
    expect(whole.length).toBeGreaterThan(100_000);
    const expected = headTail(whole, DEFAULT_TOOL_LIMITS.logBudgetBytes);
    expect(result.value).toMatchObject({
      complete: true,
      job_status: "succeeded",
      line_count: whole.length,
      logs: expected.text,
      truncated: expected.truncated,
    });
    expect(bytes(result.value.logs)).toBeLessThanOrEqual(DEFAULT_TOOL_LIMITS.logBudgetBytes);
  }, 60_000);
});

describe("the other log tools give the same output as before", () => {
  const h = useToolHarness({
    agentApi: "tasks",
    taskReply: (input) => `ack: ${input} ${"and more ".repeat(20)}`,
  });

  it("coder_get_template_version_logs: the window over the whole import log", async () => {
    const version = h.fake.inspect.workspace("admin/dev")!.latest_build.template_version_id;
    for (const logBudgetBytes of [100_000, 120]) {
      const result = ok(
        await call(
          h,
          getTemplateVersionLogs,
          { template_version_id: version },
          h.context({ limits: { logBudgetBytes } }),
        ),
      );
      const whole = (await h.owner.templates.versionLogs(version)).map((l) => l.output);
      const expected = headTail(whole, logBudgetBytes);
      expect(result.logs).toBe(expected.text);
      expect(result.line_count).toBe(whole.length);
      expect(result.truncated).toEqual(expected.truncated);
    }
  });

  it("coder_get_task_logs: the newest messages that fit, as from the whole conversation", async () => {
    const task = h.fake.seed.task({ owner: "admin", prompt: "Start" });
    await h.fake.idle();
    for (let i = 0; i < 6; i++) await h.owner.tasks.send("me", task.id, `message ${i}`);
    const whole = await h.owner.tasks.logs("me", task.id);
    expect(whole.logs.length).toBeGreaterThan(6);
    for (const logBudgetBytes of [100_000, 900, 50]) {
      const result = ok(
        await call(h, getTaskLogs, { task_id: task.id }, h.context({ limits: { logBudgetBytes } })),
      );
      const expected = boundTaskLogs(whole.logs, logBudgetBytes);
      expect(result.logs).toEqual(expected.logs);
      expect(result.count).toBe(whole.logs.length);
      expect(result.omitted).toBe(expected.omitted);
    }
  });
});
