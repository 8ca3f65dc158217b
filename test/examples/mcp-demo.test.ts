import { describe, expect, it } from "vitest";
import { connectHttp, startCli } from "../support/mcp-http.js";
import { runExample } from "./run-example.js";

// `npm run demo` (examples/mcp-demo.ts) and `npm start` (`coder-toolsdk demo`).

describe("npm run demo: the scripted MCP session", () => {
  it("prints the transcript: whoami, templates, a workspace built with progress, a task status", async () => {
    const result = await runExample("mcp-demo.ts", [], { ...process.env }, 60_000);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(out).toMatch(/^connected: coder-toolsdk \S+, protocol 2026-07-28$/m);
    expect(out).toContain("← admin <admin@coder.com>, roles owner");
    expect(out).toContain("← template docker: ");
    expect(out).toMatch(/^← workspace admin\/demo, build #1 /m);
    expect(out).toMatch(/^ {2}progress 1: /m);
    expect(out).toMatch(/^← build succeeded after \d+ log lines$/m);
    expect(out).toMatch(/^← ready: /m);
    expect(out).toContain('← {"message":"Thanks for reporting!"}');
    expect(out.trimEnd().split("\n").at(-1)).toBe("  complete: Workspace demo is ready; opened the README");
  });
});

describe("npm start: coder-toolsdk demo", () => {
  it("prints the server URL, a token and a client config that work, and stops on SIGINT", async () => {
    const demo = startCli(["demo"], {});
    let stdout = "";
    demo.child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    while (!stdout.includes("Serving until Ctrl-C.")) {
      if (demo.child.exitCode !== null) throw new Error(`demo exited: ${demo.stderr()}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const config = JSON.parse(/Client configuration[^\n]*\n(\{[\s\S]*?\n\})\n/.exec(stdout)?.[1] ?? "{}");
    const entry = config.mcpServers["coder-demo"];
    expect(entry.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    expect(stdout).toContain(`MCP server (Streamable HTTP):      ${entry.url}`);
    const client = await connectHttp(entry.url, entry.headers);
    const { tools } = await client.listTools();
    expect(tools.length).toBeGreaterThan(10);
    await client.close();
    demo.child.kill("SIGINT");
    expect(await demo.exited).toBe(0);
  });
});
