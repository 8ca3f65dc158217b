import { describe, expect, it } from "vitest";
import { CoderToolCallError, coderTools, isCoderToolCallError } from "../../../src/adapters/ai-sdk/index.js";
import {
  callTool,
  getTool,
  selectTools,
  standardTools,
  type ToolCallEvent,
  toolInputJsonSchema,
} from "../../../src/tools/index.js";
import { useToolHarness } from "../../support/tool-harness.js";
import { AI_VERSIONS, type AiVersion } from "./versions.js";

// coderTools with generateText and each version's mock model, against the fake deployment.

describe.each(AI_VERSIONS)("$label: coderTools", (ai: AiVersion) => {
  const h = useToolHarness();

  it("gives the model our exact JSON Schema for every selected tool", async () => {
    const tools = coderTools({ client: h.owner, toolsets: ["workspaces"] });
    const run = await ai.run(tools, []);
    const expected = selectTools(standardTools, { toolsets: ["workspaces"] });
    expect(run.toolsSent.map((t) => t.name)).toEqual(expected.map((t) => t.name));
    for (const sent of run.toolsSent) {
      const tool = expected.find((t) => t.name === sent.name)!;
      expect(sent).toMatchObject({ type: "function", description: tool.description });
      expect(sent.inputSchema).toEqual(toolInputJsonSchema(tool));
    }
  });

  it("runs the model's calls: a result as data, a failure as a tool error carrying our text", async () => {
    const run = await ai.run(coderTools({ client: h.owner }), [
      { id: "call-ok", name: "coder_get_workspace", input: '{"workspace_id":"admin/dev"}' },
      { id: "call-bad", name: "coder_get_workspace", input: '{"workspace_id":5,"limit":1}' },
    ]);
    const direct = await callTool(getTool("coder_get_workspace"), { workspace_id: 5, limit: 1 }, h.context());

    const result = run.content.find((c) => c.type === "tool-result" && c.toolCallId === "call-ok");
    expect(result?.output).toMatchObject({ name: "dev", owner_name: "admin" });
    const error = run.content.find((c) => c.type === "tool-error" && c.toolCallId === "call-bad");
    const thrown = error?.error;
    expect(isCoderToolCallError(thrown)).toBe(true);
    expect((thrown as CoderToolCallError).message).toBe(direct.text);
    expect((thrown as CoderToolCallError).reason.kind).toBe("input");
    expect(run.content.some((c) => c.type === "tool-result" && c.toolCallId === "call-bad")).toBe(false);

    // What the model reads in the next step: the value as JSON, and our text as error text.
    const sent = run.toolMessage ?? [];
    expect(sent.find((p) => p.toolCallId === "call-ok")?.output).toMatchObject({
      type: "json",
      value: { name: "dev" },
    });
    expect(sent.find((p) => p.toolCallId === "call-bad")?.output).toEqual({
      type: "error-text",
      value: direct.text,
    });
    expect(run.text).toBe("done");
  });

  it("a Coder API error and a declined destructive call reach the model as our text", async () => {
    h.fake.faults.add({ path: "/api/v2/users/admin/workspace/dev", status: 503, times: 5 });
    const tools = coderTools({ client: h.owner, approve: () => false });
    const run = await ai.run(tools, [
      { id: "api", name: "coder_get_workspace", input: '{"workspace_id":"admin/dev"}' },
      {
        id: "stop",
        name: "coder_create_workspace_build",
        input: '{"workspace_id":"admin/k8s-lab","transition":"delete"}',
      },
    ]);
    const sent = run.toolMessage ?? [];
    const api = sent.find((p) => p.toolCallId === "api")?.output;
    expect(api?.type).toBe("error-text");
    expect(String(api?.value)).toMatch(/^Coder API error 503 \(GET /);
    const declined = sent.find((p) => p.toolCallId === "stop")?.output;
    expect(String(declined?.value)).toMatch(/^The user declined Start, stop or delete a workspace/);
    expect(h.fake.inspect.workspace("admin/k8s-lab")?.latest_build.transition).toBe("stop");
  });

  it("large results reach the model capped, with the truncation note", async () => {
    const tools = coderTools({ client: h.owner, limits: { maxResultBytes: 300 } });
    // One workspace in detail is well over 300 bytes (list tools stop early to fit, so they don't cut).
    const run = await ai.run(tools, [
      { id: "big", name: "coder_get_workspace", input: '{"workspace_id":"admin/dev"}' },
    ]);
    const output = run.content.find((c) => c.type === "tool-result")?.output;
    expect(typeof output).toBe("string");
    expect(Buffer.byteLength(String(output))).toBeLessThanOrEqual(300);
    expect(String(output)).toContain("[truncated:");
  });
});

describe.each(AI_VERSIONS)("$label: cancellation", (ai: AiVersion) => {
  // Slow builds, so a log-following call is still waiting when the caller aborts.
  const h = useToolHarness({ buildStepMs: 60_000 });

  it("aborting generateText's signal cancels the running tool call", async () => {
    const workspaceId = h.fake.inspect.workspace("admin/k8s-lab")?.id ?? "";
    const build = await h.owner.workspaces.createBuild(workspaceId, { transition: "start" });
    const controller = new AbortController();
    const events: ToolCallEvent[] = [];
    let ended: () => void = () => {};
    const end = new Promise<void>((resolve) => {
      ended = resolve;
    });
    const tools = coderTools({
      client: h.owner,
      limits: { jobWaitMs: 60_000 },
      onToolCall: (event) => {
        events.push(event);
        if (event.phase === "start") controller.abort();
        else ended();
      },
    });
    const running = ai.run(
      tools,
      [
        {
          id: "logs",
          name: "coder_get_workspace_build_logs",
          input: JSON.stringify({ workspace_build_id: build.id }),
        },
      ],
      controller.signal,
    );
    // ai 5, 6 and 7 all give up on the run with an AbortError; the tool call itself ended as cancelled.
    await expect(running).rejects.toMatchObject({ name: "AbortError" });
    await end;
    expect(events.map((e) => e.phase === "end" && e.outcome)).toEqual([false, "cancelled"]);
    expect(events[0]?.callId).toBe("logs");
  });
});

describe("coderTools options", () => {
  const h = useToolHarness();

  it("rejects an unknown tool name in allow, listing the valid ones", () => {
    expect(() => coderTools({ client: h.owner, allow: ["coder_nope"] })).toThrow(
      /unknown tool name\(s\) in allow: coder_nope; valid tool names: /,
    );
  });

  it("builds a client per call when given a factory, with the tool call id", async () => {
    const ids: string[] = [];
    const tools = coderTools({
      client: ({ toolCallId }) => {
        ids.push(toolCallId);
        return h.owner;
      },
    });
    const tool = tools.coder_get_authenticated_user!;
    const value = await tool.execute({}, { toolCallId: "t-1" });
    expect(value).toMatchObject({ username: "admin" });
    expect(ids).toEqual(["t-1"]);
    await expect(tool.execute({ extra: 1 }, { toolCallId: "t-2" })).rejects.toBeInstanceOf(
      CoderToolCallError,
    );
  });
});
