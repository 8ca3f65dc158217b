import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CLIENT_IDS } from "../../src/cli/configure/clients.js";
import { EXIT } from "../../src/cli/io.js";
import { runCli } from "../../src/cli/program.js";
import { toolsets } from "../../src/tools/index.js";
import { VERSION } from "../../src/version.js";

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "cli-"));
  mkdirSync(join(root, "home"));
  mkdirSync(join(root, "project"));
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
    host: {
      platform: "linux",
      env: { HOME: join(root, "home"), CODER_CONFIG_DIR: join(root, "none") },
      home: join(root, "home"),
      cwd: join(root, "project"),
      now: () => new Date("2026-11-20T10:00:00Z"),
    },
  });
  return { code, stdout, stderr };
}

describe("coder-toolsdk: help, version and exit codes", () => {
  it("prints its version", async () => {
    expect(await cli("--version")).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: "" });
  });

  it("lists the commands in --help", async () => {
    const { code, stdout } = await cli("--help");
    expect(code).toBe(EXIT.ok);
    expect(stdout).toMatch(/serve \[options\]/);
    expect(stdout).toMatch(/configure \[options\] <client> \[directory\]/);
  });

  it.each(["serve", "configure"])("%s --help lists every toolset from the catalogue", async (command) => {
    const { code, stdout } = await cli(command, "--help");
    expect(code).toBe(EXIT.ok);
    for (const toolset of toolsets) expect(stdout).toContain(`${toolset.title}`);
    for (const toolset of toolsets) expect(stdout).toMatch(new RegExp(`^ {2}${toolset.id} +`, "m"));
  });

  it("serve --help shows Coder's flags with their environment variables", async () => {
    // Help text wraps at the terminal width; compare with whitespace folded.
    const stdout = (await cli("serve", "--help")).stdout.replace(/\s+/g, " ");
    for (const env of [
      "CODER_URL",
      "CODER_MCP_INSTRUCTIONS",
      "CODER_MCP_ALLOWED_TOOLS",
      "CODER_MCP_APP_STATUS_SLUG",
      "CODER_MCP_AI_AGENTAPI_URL",
    ]) {
      expect(stdout).toContain(`env: ${env}`);
    }
  });

  it("names the bad flag value and the valid ones on stderr, exit 2", async () => {
    const { code, stdout, stderr } = await cli("serve", "--toolsets", "workspaces,nope");
    expect(code).toBe(EXIT.usage);
    expect(stdout).toBe("");
    expect(stderr).toContain(
      `error: option '--toolsets <ids>' argument 'workspaces,nope' is invalid. unknown toolset "nope"; valid: standard, all, ${toolsets.map((t) => t.id).join(", ")}.`,
    );
  });

  it.each([
    [
      ["serve", "--port", "70000"],
      "option '--port <n>' argument '70000' is invalid. expected a port number from 0 to 65535.",
    ],
    [
      ["serve", "--workers", "0"],
      "option '--workers <n>' argument '0' is invalid. expected a whole number of at least 1.",
    ],
    [
      ["serve", "--deny", "coder_nope"],
      "option '--deny <names>' argument 'coder_nope' is invalid. unknown tool \"coder_nope\"; valid: coder_get_authenticated_user",
    ],
    [["serve", "--nope"], "error: unknown option '--nope'"],
    [
      ["configure", "emacs"],
      "Allowed choices are claude-desktop, claude-code, cursor, vscode, windsurf, zed.",
    ],
    [["configure"], "error: missing required argument 'client'"],
    [["frobnicate"], "error: unknown command 'frobnicate'"],
  ])("%j → exit 2: %s", async (argv, message) => {
    const { code, stderr } = await cli(...argv);
    expect(code).toBe(EXIT.usage);
    expect(stderr).toContain(message);
  });
});

describe("coder-toolsdk configure", () => {
  it("writes the client's file and says where", async () => {
    const { code, stdout } = await cli("configure", "cursor", "--toolsets", "workspaces", "--read-only");
    const file = join(root, "home", ".cursor", "mcp.json");
    expect(code).toBe(0);
    expect(stdout).toBe(`wrote ${file}\n`);
    expect(JSON.parse(readFileSync(file, "utf8")).mcpServers.coder.args).toEqual([
      "-y",
      `coder-toolsdk@${VERSION}`,
      "serve",
      "--toolsets",
      "workspaces",
      "--read-only",
    ]);
  });

  it("--dry-run prints the diff and writes nothing", async () => {
    const { code, stdout } = await cli("configure", "vscode", "--project", "--dry-run");
    expect(code).toBe(0);
    expect(stdout).toContain("(new file)");
    expect(stdout).toContain('+  "servers": {');
    expect(existsSync(join(root, "project", ".vscode"))).toBe(false);
  });

  it("a usage mistake exits 2 naming the flag", async () => {
    const { code, stderr } = await cli("configure", "windsurf", "--project");
    expect(code).toBe(EXIT.usage);
    expect(stderr).toBe(
      "error: --project: Windsurf has no project-level MCP file; clients with one: claude-code, cursor, vscode, zed\n",
    );
  });

  it("knows all six clients", () => {
    expect(CLIENT_IDS).toEqual(["claude-desktop", "claude-code", "cursor", "vscode", "windsurf", "zed"]);
  });
});
