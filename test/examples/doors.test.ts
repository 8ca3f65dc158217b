import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFakeCoder, type FakeCoder, type ListeningServer } from "../../src/testing/index.js";
import { REPO_ROOT, runExample } from "./run-example.js";

// The three door examples as a user runs them: child processes pointed at a fake deployment on a
// real socket through CODER_URL and CODER_SESSION_TOKEN.

describe("door examples", () => {
  let fake: FakeCoder;
  let server: ListeningServer;
  let configDir: string;
  let env: Record<string, string>;

  beforeEach(async () => {
    fake = createFakeCoder({ buildStepMs: 5 });
    server = await fake.listen();
    configDir = mkdtempSync(join(tmpdir(), "coder-toolsdk-doors-"));
    env = {
      ...(process.env as Record<string, string>),
      CODER_URL: server.url,
      CODER_SESSION_TOKEN: fake.owner.token,
      CODER_CONFIG_DIR: configDir,
    };
  });
  afterEach(async () => {
    await fake.close();
    rmSync(configDir, { recursive: true, force: true });
  });

  it("examples/ai-sdk-agent.ts: the agent calls coder_list_workspaces and answers from it", async () => {
    const run = await runExample("ai-sdk-agent.ts", [], env, 30_000);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split("\n")).toEqual(["[coder_list_workspaces: ok]", "Running: dev."]);
  });

  it("examples/openai-loop.ts: the loop runs both calls concurrently and answers from their results", async () => {
    const run = await runExample("openai-loop.ts", [], env, 30_000);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const out = run.stdout.trimEnd().split("\n");
    expect(out[0]).toMatch(/^\[call_1\] \{"templates":\[/);
    expect(out[1]).toMatch(/^\[call_2\] \{"id":"/);
    expect(out.at(-1)).toBe("Templates: docker, kubernetes. Your workspace dev is running.");
    expect(run.stdout).not.toContain(fake.owner.token);
  });

  it("examples/mcp-server.ts: an MCP client over stdio sees the user's own tool and the Coder tools", async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ["--import", "tsx", "examples/mcp-server.ts"],
      cwd: REPO_ROOT,
      env,
      stderr: "pipe",
    });
    let stderr = "";
    transport.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    const client = new Client({ name: "doors-test", version: "1.0.0" });
    await client.connect(transport);
    try {
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names[0]).toBe("platform_oncall");
      expect(names).toContain("coder_list_workspaces");
      expect(names).not.toContain("coder_create_workspace");
      const result = await client.callTool({ name: "coder_list_workspaces", arguments: { owner: "me" } });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ count: 2 });
      const own = await client.callTool({ name: "platform_oncall", arguments: {} });
      expect(own.content).toEqual([{ type: "text", text: "alice" }]);
      expect(stderr).toMatch(/platform-tools: serving platform_oncall and \d+ Coder tools on stdio/);
    } finally {
      await client.close();
    }
  }, 30_000);
});
