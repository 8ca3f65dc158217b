import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type CoderMcpOptions, registerCoderTools } from "../../../src/adapters/mcp/index.js";
import {
  allTools,
  type CoderToolName,
  callTool,
  getTool,
  standardTools,
  type ToolCallEvent,
  toolInputJsonSchema,
} from "../../../src/tools/index.js";
import { useToolHarness } from "../../support/tool-harness.js";
import { type McpSdk, type McpTestClient, SDKS } from "./sdks.js";

// registerCoderTools on each SDK major's own McpServer, driven by that SDK's own Client over an
// in-memory transport, against the fake Coder deployment.

const schemasDir = join(import.meta.dirname, "../../tools/__schemas__");
const snapshot = (name: string) =>
  JSON.parse(readFileSync(join(schemasDir, `${name}.json`), "utf8")) as {
    inputSchema: Record<string, unknown>;
    outputSchema: Record<string, unknown>;
    annotations: Record<string, boolean>;
  };

// v1 renders schemas itself and always adds its dialect; the rest is ours, keyword for keyword.
const DRAFT_07 = "http://json-schema.org/draft-07/schema#";

describe.each(SDKS)("MCP SDK $label: registerCoderTools", (sdk: McpSdk) => {
  const h = useToolHarness();
  let client: McpTestClient | undefined;
  afterEach(async () => {
    await client?.close();
    client = undefined;
  });

  async function connect(options: Partial<CoderMcpOptions> = {}) {
    const server = sdk.newServer();
    const registered = registerCoderTools(server, {
      client: h.owner,
      limits: { jobWaitMs: 10_000 },
      ...options,
    });
    client = await sdk.connect(server);
    return { client, registered };
  }

  it("lists every standard tool with its snapshotted schemas, title and all four hints", async () => {
    const { client, registered } = await connect();
    const listed = await client.listTools();
    expect(listed.map((t) => t.name)).toEqual(standardTools.map((t) => t.name));
    expect(registered.tools).toEqual(standardTools.map((t) => t.name));
    for (const tool of listed) {
      const expected = snapshot(tool.name);
      const definition = getTool(tool.name as CoderToolName);
      if (sdk.label === "v2") {
        // Byte for byte, key order included.
        expect(JSON.stringify(tool.inputSchema)).toBe(JSON.stringify(expected.inputSchema));
        expect(JSON.stringify(tool.outputSchema)).toBe(JSON.stringify(expected.outputSchema));
      } else {
        expect(tool.inputSchema).toEqual({ ...expected.inputSchema, $schema: DRAFT_07 });
        expect(tool.outputSchema).toEqual({ ...expected.outputSchema, $schema: DRAFT_07 });
      }
      expect(tool.title).toBe(definition.title);
      expect(tool.description).toBe(definition.description);
      expect(tool.annotations).toEqual(expected.annotations);
    }
  });

  it("calls a tool: JSON text plus structuredContent", async () => {
    const { client } = await connect();
    const result = await client.callTool("coder_get_workspace", { workspace_id: "admin/dev" });
    expect(result.isError).toBeFalsy();
    const workspace = result.structuredContent as { name: string; owner_name: string };
    expect(workspace).toMatchObject({ name: "dev", owner_name: "admin" });
    expect(JSON.parse(result.content[0]?.text ?? "")).toEqual(workspace);
  });

  it("a result past the byte cap: capped text, and still the full structuredContent its schema requires", async () => {
    const { client } = await connect({ limits: { maxResultBytes: 300 } });
    // One workspace in detail is well over 300 bytes (list tools stop early to fit, so they don't cut).
    const result = await client.callTool("coder_get_workspace", { workspace_id: "admin/dev" });
    expect(result.isError).toBeFalsy();
    const text = result.content[0]?.text ?? "";
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(300);
    expect(text).toContain("[truncated:");
    const full = result.structuredContent as { name: string; owner_name: string; agents: unknown[] };
    expect(full).toMatchObject({ name: "dev", owner_name: "admin" });
    expect(full.agents.length).toBeGreaterThan(0);
  });

  it("bad arguments reach the model as our validation text, not the SDK's", async () => {
    const { client } = await connect();
    const args = { workspace_id: 5, limit: 3 };
    const result = await client.callTool("coder_get_workspace", args);
    const direct = await callTool(getTool("coder_get_workspace"), args, h.context());
    expect(result.isError).toBe(true);
    expect(result.content).toEqual([{ type: "text", text: direct.text }]);
    expect(result.content[0]?.text).toContain("$.workspace_id");
    expect(result.content[0]?.text).toContain("unexpected additional properties: limit");
    expect(result.content[0]?.text).not.toContain("MCP error");
  });

  it("a Coder API error is an isError result with Coder's status and message", async () => {
    h.fake.faults.add({ path: "/api/v2/users/admin/workspace/dev", status: 503, times: 5 });
    const { client } = await connect();
    const result = await client.callTool("coder_get_workspace", { workspace_id: "admin/dev" });
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toBeUndefined();
    expect(result.content[0]?.text).toMatch(/^Coder API error 503 \(GET /);
  });

  it("sends notifications/progress for build logs when the client asked for progress", async () => {
    const { client } = await connect();
    const build = await h.owner.workspaces.createBuild(h.fake.inspect.workspace("admin/k8s-lab")?.id ?? "", {
      transition: "start",
    });
    const updates: { progress: number; message?: string }[] = [];
    const result = await client.callTool(
      "coder_get_workspace_build_logs",
      { workspace_build_id: build.id },
      { onprogress: (p) => updates.push(p) },
    );
    expect(result.isError).toBeFalsy();
    const logs = result.structuredContent as { line_count: number; complete: boolean };
    expect(logs.complete).toBe(true);
    expect(updates.length).toBe(logs.line_count);
    expect(updates.map((u) => u.progress)).toEqual(updates.map((_, i) => i + 1));
    expect(updates.some((u) => u.message?.includes(":"))).toBe(true);
  });

  it("hides what readOnly removes and what a pin fixes", async () => {
    const { client } = await connect({ readOnly: true, pin: { workspace: "admin/dev" } });
    const listed = await client.listTools();
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
    expect(listed.map((t) => t.name)).not.toContain("coder_create_workspace_build");
    const getWorkspace = listed.find((t) => t.name === "coder_get_workspace");
    expect(getWorkspace?.inputSchema.properties).toEqual({});
    expect(toolInputJsonSchema(getTool("coder_get_workspace")).properties).toHaveProperty("workspace_id");
    const result = await client.callTool("coder_get_workspace", {});
    expect(result.structuredContent).toMatchObject({ name: "dev" });
    const override = await client.callTool("coder_get_workspace", { workspace_id: "alice/alice-dev" });
    expect(override.isError).toBe(true);
    expect(override.content[0]?.text).toContain("unexpected additional properties: workspace_id");
  });

  it("offers exactly the tools asked for, from any list", async () => {
    const { client } = await connect({ tools: allTools, toolsets: ["chatgpt"] });
    expect((await client.listTools()).map((t) => t.name)).toEqual(["search", "fetch"]);
  });

  it("builds a client per request when given a factory, and reports its failure as a tool error", async () => {
    const requests: (string | undefined)[] = [];
    let fail = false;
    const { client } = await connect({
      client: (request) => {
        requests.push(request.header("authorization"));
        if (fail) throw new Error("no token for this request");
        return h.owner;
      },
    });
    expect((await client.callTool("coder_get_authenticated_user", {})).isError).toBeFalsy();
    fail = true;
    const failed = await client.callTool("coder_get_authenticated_user", {});
    expect(failed.isError).toBe(true);
    expect(failed.content[0]?.text).toContain("no token for this request");
    // In memory there is no HTTP request, so no headers.
    expect(requests).toEqual([undefined, undefined]);
  });

  it("an unknown tool: v1 answers isError, v2 a JSON-RPC error (the SDKs decide, before our code)", async () => {
    const { client } = await connect();
    if (sdk.label === "v1") {
      const result = await client.callTool("coder_nope", {});
      expect(result.isError).toBe(true);
      expect(result.content[0]?.text).toContain("Tool coder_nope not found");
    } else {
      await expect(client.callTool("coder_nope", {})).rejects.toThrow("Tool coder_nope not found");
    }
  });
});

describe.each(SDKS)("MCP SDK $label: cancellation", (sdk: McpSdk) => {
  // Slow builds, so a log-following call is still waiting when the client cancels.
  const h = useToolHarness({ buildStepMs: 60_000 });

  it("a client cancellation aborts the tool's signal and the call ends as cancelled", async () => {
    const events: ToolCallEvent[] = [];
    let ended: (event: ToolCallEvent) => void = () => {};
    const end = new Promise<ToolCallEvent>((resolve) => {
      ended = resolve;
    });
    let started: () => void = () => {};
    const start = new Promise<void>((resolve) => {
      started = resolve;
    });
    const server = sdk.newServer();
    registerCoderTools(server, {
      client: h.owner,
      limits: { jobWaitMs: 60_000 },
      onToolCall: (event) => {
        events.push(event);
        if (event.phase === "start") started();
        else ended(event);
      },
    });
    const client = await sdk.connect(server);
    try {
      const workspaceId = h.fake.inspect.workspace("admin/k8s-lab")?.id ?? "";
      const build = await h.owner.workspaces.createBuild(workspaceId, { transition: "start" });
      const controller = new AbortController();
      const call = client.callTool(
        "coder_get_workspace_build_logs",
        { workspace_build_id: build.id },
        { signal: controller.signal },
      );
      await start;
      controller.abort("user pressed stop");
      await expect(call).rejects.toThrow();
      const last = await end;
      expect(last).toMatchObject({
        phase: "end",
        tool: "coder_get_workspace_build_logs",
        outcome: "cancelled",
      });
      expect(events.map((e) => e.phase)).toEqual(["start", "end"]);
    } finally {
      await client.close();
    }
  });
});
