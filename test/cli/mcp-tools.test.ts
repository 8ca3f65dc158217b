import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXIT } from "../../src/cli/io.js";
import { runCli } from "../../src/cli/program.js";

// `coder-toolsdk mcp-tools` against a real stdio server (the reference "everything" server) and a
// broken one, from the project's .mcp.json or --mcp-config files.

const everything = resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js");
let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "cli-mcp-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

async function cli(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    host: { platform: "linux", env: { HOME: root }, home: root, cwd: root, now: () => new Date() },
  });
  return { code, stdout, stderr };
}

describe("coder-toolsdk mcp-tools", () => {
  it("prints each server's state and the tools of ./.mcp.json, and exits 1 when one failed", async () => {
    const config = {
      mcpServers: {
        everything: { command: process.execPath, args: [everything, "stdio"] },
        broken: { command: join(root, "no-such-server") },
      },
    };
    writeFileSync(join(root, ".mcp.json"), JSON.stringify(config));
    const { code, stdout, stderr } = await cli("mcp-tools");
    expect(code).toBe(EXIT.failure);
    expect(stdout).toMatch(
      /^broken\s+stdio\s+failed\s+0\s+initialize failed: spawn .*no-such-server ENOENT$/m,
    );
    expect(stdout).toMatch(/^everything\s+stdio\s+connected\s+\d+$/m);
    expect(stdout).toMatch(/^everything__echo\s+\S/m);
    expect(stderr).toBe("error: some MCP servers failed or a config file has problems (see above)\n");
  });

  it("reads --mcp-config files, prints JSON, and exits 0 when every server connected", async () => {
    writeFileSync(
      join(root, "a.json"),
      JSON.stringify({ mcpServers: { e: { command: process.execPath, args: [everything, "stdio"] } } }),
    );
    writeFileSync(join(root, ".mcp.json"), "{ not read");
    const { code, stdout } = await cli(
      "mcp-tools",
      "--mcp-config",
      "a.json",
      "--mcp-config",
      "missing.json",
      "--json",
      "--refresh",
    );
    expect(code).toBe(EXIT.ok);
    const report = JSON.parse(stdout);
    expect(report.servers).toMatchObject([{ name: "e", state: "connected", transport: "stdio" }]);
    expect(report.configErrors).toEqual([]);
    expect(report.tools).toContainEqual(
      expect.objectContaining({ name: "e__echo", server: "e", tool: "echo" }),
    );
  });

  it("reads nothing with --no-mcp-config", async () => {
    writeFileSync(join(root, ".mcp.json"), "{ broken");
    expect(await cli("mcp-tools", "--no-mcp-config", "--json")).toMatchObject({
      code: EXIT.ok,
      stdout: `${JSON.stringify({ servers: [], configErrors: [], tools: [] }, null, 2)}\n`,
    });
  });
});
