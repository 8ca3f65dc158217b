import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parse } from "jsonc-parser";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CLIENT_IDS, type ClientId } from "../../src/cli/configure/clients.js";
import {
  applyPlan,
  type ConfigureOptions,
  planConfigure,
  renderPlan,
} from "../../src/cli/configure/configure.js";
import type { Host } from "../../src/cli/configure/host.js";
import { VERSION } from "../../src/version.js";

type Os = "linux" | "darwin" | "win32";

// Where each client's user file lives, relative to the home directory, per OS (Windows with
// %APPDATA% at its default place under the home).
const USER_FILES: Record<ClientId, Record<Os, string>> = {
  "claude-desktop": {
    linux: ".config/Claude/claude_desktop_config.json",
    darwin: "Library/Application Support/Claude/claude_desktop_config.json",
    win32: "AppData/Roaming/Claude/claude_desktop_config.json",
  },
  "claude-code": { linux: ".claude.json", darwin: ".claude.json", win32: ".claude.json" },
  cursor: { linux: ".cursor/mcp.json", darwin: ".cursor/mcp.json", win32: ".cursor/mcp.json" },
  vscode: {
    linux: ".config/Code/User/mcp.json",
    darwin: "Library/Application Support/Code/User/mcp.json",
    win32: "AppData/Roaming/Code/User/mcp.json",
  },
  windsurf: {
    linux: ".codeium/windsurf/mcp_config.json",
    darwin: ".codeium/windsurf/mcp_config.json",
    win32: ".codeium/windsurf/mcp_config.json",
  },
  zed: {
    linux: ".config/zed/settings.json",
    darwin: ".config/zed/settings.json",
    win32: "AppData/Roaming/Zed/settings.json",
  },
};
const SERVERS_KEY: Record<ClientId, string> = {
  "claude-desktop": "mcpServers",
  "claude-code": "mcpServers",
  cursor: "mcpServers",
  vscode: "servers",
  windsurf: "mcpServers",
  zed: "context_servers",
};
const PROJECT_FILES: Partial<Record<ClientId, string>> = {
  "claude-code": ".mcp.json",
  cursor: ".cursor/mcp.json",
  vscode: ".vscode/mcp.json",
  zed: ".zed/settings.json",
};

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "configure-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function hostFor(os: Os, env: Record<string, string> = {}): Host {
  const home = join(root, "home");
  const cwd = join(root, "project");
  mkdirSync(home, { recursive: true });
  mkdirSync(cwd, { recursive: true });
  const base =
    os === "win32" ? { USERPROFILE: home, APPDATA: join(home, "AppData", "Roaming") } : { HOME: home };
  return {
    platform: os,
    env: { ...base, CODER_CONFIG_DIR: join(root, "no-coder-login"), ...env },
    home,
    cwd,
    now: () => new Date("2026-11-20T10:00:00.000Z"),
  };
}
const readJson = (path: string) =>
  parse(readFileSync(path, "utf8")) as Record<string, Record<string, unknown>>;
const run = (options: ConfigureOptions, host: Host) => applyPlan(planConfigure(options, host), host);

describe("configure: every client at its place on Linux, macOS and Windows", () => {
  for (const client of CLIENT_IDS) {
    for (const os of ["linux", "darwin", "win32"] as const) {
      it(`${client} on ${os} writes ${USER_FILES[client][os]}`, () => {
        const host = hostFor(os);
        const written = run({ client }, host);
        const file = join(host.home, USER_FILES[client][os]);
        expect(written).toEqual([{ path: file }]);
        const entry = readJson(file)[SERVERS_KEY[client]]?.coder as Record<string, unknown>;
        const npx = ["-y", `coder-toolsdk@${VERSION}`, "serve"];
        const command =
          os === "win32" ? { command: "cmd", args: ["/c", "npx", ...npx] } : { command: "npx", args: npx };
        expect(entry).toMatchObject(command);
        if (client === "vscode" || client === "claude-code") expect(entry.type).toBe("stdio");
        // New files may hold tokens: private to the user.
        if (process.platform !== "win32") expect(statSync(file).mode & 0o777).toBe(0o600);
      });
    }
  }

  it("follows XDG_CONFIG_HOME on Linux", () => {
    const host = hostFor("linux", { XDG_CONFIG_HOME: join(root, "xdg") });
    expect(run({ client: "vscode" }, host)[0]?.path).toBe(join(root, "xdg", "Code", "User", "mcp.json"));
    expect(run({ client: "zed" }, host)[0]?.path).toBe(join(root, "xdg", "zed", "settings.json"));
  });

  it("finds %APPDATA% under the home when it is not set on Windows", () => {
    const host = hostFor("win32");
    delete host.env.APPDATA;
    expect(run({ client: "claude-desktop" }, host)[0]?.path).toBe(
      join(host.home, "AppData", "Roaming", "Claude", "claude_desktop_config.json"),
    );
  });

  for (const [client, file] of Object.entries(PROJECT_FILES)) {
    it(`${client} --project writes ${file} in the project`, () => {
      const host = hostFor("linux");
      run({ client: client as ClientId, project: true }, host);
      expect(readJson(join(host.cwd, file))[SERVERS_KEY[client as ClientId]]).toHaveProperty("coder");
    });
  }

  it.each(["claude-desktop", "windsurf"] as const)(
    "%s --project is refused, naming the clients that have one",
    (client) => {
      expect(() => planConfigure({ client, project: true }, hostFor("linux"))).toThrow(
        "has no project-level MCP file; clients with one: claude-code, cursor, vscode, zed",
      );
    },
  );
});

describe("configure: merging", () => {
  it("keeps other servers, other settings and comments, and backs the old file up", () => {
    const host = hostFor("linux");
    const file = join(host.home, ".config", "zed", "settings.json");
    mkdirSync(dirname(file), { recursive: true });
    const before = `// Zed settings
{
    "theme": "One Dark",
    "context_servers": {
        // my own server
        "github": { "command": "gh-mcp", "args": [] }
    }
}
`;
    writeFileSync(file, before);
    const written = run({ client: "zed" }, host);
    const after = readFileSync(file, "utf8");
    expect(after).toContain("// Zed settings");
    expect(after).toContain("// my own server");
    expect(after).toContain('    "theme": "One Dark"'); // four-space indent kept
    const settings = readJson(file);
    expect(Object.keys(settings.context_servers ?? {})).toEqual(["github", "coder"]);
    expect(written[0]?.backup).toBe(`${file}.2026-11-20T10-00-00-000Z.bak`);
    expect(readFileSync(written[0]!.backup!, "utf8")).toBe(before);
  });

  it("replaces its own entry on a second run and writes nothing when nothing changes", () => {
    const host = hostFor("linux");
    const file = join(host.home, ".cursor", "mcp.json");
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(
      file,
      JSON.stringify({ mcpServers: { other: { url: "https://x" }, coder: { command: "old" } } }),
    );
    run({ client: "cursor", command: "/usr/local/bin/coder-toolsdk", serveArgs: ["--read-only"] }, host);
    expect(readJson(file).mcpServers).toEqual({
      other: { url: "https://x" },
      coder: { command: "/usr/local/bin/coder-toolsdk", args: ["serve", "--read-only"] },
    });
    const again = planConfigure(
      { client: "cursor", command: "/usr/local/bin/coder-toolsdk", serveArgs: ["--read-only"] },
      host,
    );
    expect(again.changes).toEqual([]);
    expect(renderPlan(again)).toBe("Nothing to change: the configuration is already in place.\n");
  });

  it("refuses a file that is not valid JSON and leaves it alone", () => {
    const host = hostFor("linux");
    const file = join(host.home, ".codeium", "windsurf", "mcp_config.json");
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, '{ "mcpServers": { "a": 1 ');
    expect(() => planConfigure({ client: "windsurf" }, host)).toThrow(
      `${file} is not valid JSON (CloseBraceExpected at line 1, column 26); fix it or move it away, nothing was changed`,
    );
    expect(readFileSync(file, "utf8")).toBe('{ "mcpServers": { "a": 1 ');
  });

  it("refuses a servers key that is not an object", () => {
    const host = hostFor("linux");
    const file = join(host.home, ".cursor", "mcp.json");
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, '{"mcpServers": []}');
    expect(() => planConfigure({ client: "cursor" }, host)).toThrow(
      '"mcpServers" should be an object but is an array',
    );
  });

  it("--dry-run's diff shows the change and nothing is written", () => {
    const host = hostFor("linux");
    const plan = planConfigure({ client: "cursor", url: "https://coder.example.com" }, host);
    const diff = renderPlan(plan);
    expect(diff).toContain(`+++ ${join(host.home, ".cursor", "mcp.json")}\t(after configure)`);
    expect(diff).toMatch(/^\+ +"CODER_URL": "https:\/\/coder\.example\.com"$/m);
    expect(existsSync(join(host.home, ".cursor"))).toBe(false);
  });
});

describe("configure --remote: the HTTP form with a Coder-Session-Token header", () => {
  const remote = "https://mcp.example.com/mcp";
  const token = "abcdefghij-0123456789abcdefghijkl";

  it.each([
    ["claude-code", { type: "http", url: remote, headers: { "Coder-Session-Token": token } }],
    ["cursor", { url: remote, headers: { "Coder-Session-Token": token } }],
    ["windsurf", { serverUrl: remote, headers: { "Coder-Session-Token": token } }],
    ["zed", { url: remote, headers: { "Coder-Session-Token": token } }],
  ] as const)("%s", (client, expected) => {
    const host = hostFor("darwin");
    const [written] = run({ client, remote, token }, host);
    expect(readJson(written!.path)[SERVERS_KEY[client]]?.coder).toEqual(expected);
  });

  it("vscode prompts for the token instead of storing it", () => {
    const host = hostFor("linux", { CODER_SESSION_TOKEN: token });
    const plan = planConfigure({ client: "vscode", remote }, host);
    applyPlan(plan, host);
    const config = readJson(join(host.home, ".config", "Code", "User", "mcp.json"));
    expect(config.servers?.coder).toEqual({
      type: "http",
      url: remote,
      headers: { "Coder-Session-Token": "${input:coder-session-token}" },
    });
    expect(config.inputs).toEqual([
      expect.objectContaining({ type: "promptString", id: "coder-session-token", password: true }),
    ]);
    expect(JSON.stringify(config)).not.toContain(token);
    expect(plan.notes.join(" ")).toContain("asks for the Coder session token");
  });

  it("claude-desktop bridges through mcp-remote with the token in its env block", () => {
    const host = hostFor("win32");
    const [written] = run({ client: "claude-desktop", remote: "http://127.0.0.1:8080/mcp", token }, host);
    expect(readJson(written!.path).mcpServers?.coder).toEqual({
      command: "npx",
      args: [
        "-y",
        "mcp-remote",
        "http://127.0.0.1:8080/mcp",
        "--header",
        "Coder-Session-Token:${CODER_SESSION_TOKEN}",
        "--allow-http",
      ],
      env: { CODER_SESSION_TOKEN: token },
    });
  });

  it("without --token or CODER_SESSION_TOKEN, takes the token from the Coder CLI's login", () => {
    const host = hostFor("linux");
    mkdirSync(join(root, "no-coder-login"), { recursive: true });
    writeFileSync(join(root, "no-coder-login", "url"), "https://coder.example.com\n");
    writeFileSync(join(root, "no-coder-login", "session"), `${token}\n`);
    const [written] = run({ client: "cursor", remote }, host);
    expect(readJson(written!.path).mcpServers?.coder).toMatchObject({
      headers: { "Coder-Session-Token": token },
    });
  });

  it("says where a token can come from when there is none", () => {
    expect(() => planConfigure({ client: "cursor", remote }, hostFor("linux"))).toThrow(
      "--remote needs a session token for the Coder-Session-Token header: pass --token, set CODER_SESSION_TOKEN, run `coder login`, or use --token-from-env",
    );
  });

  it("project files reference $CODER_SESSION_TOKEN instead of holding it; Zed cannot, so it is refused", () => {
    const host = hostFor("linux", { CODER_SESSION_TOKEN: token });
    run({ client: "claude-code", remote, project: true }, host);
    expect(readJson(join(host.cwd, ".mcp.json")).mcpServers?.coder).toMatchObject({
      headers: { "Coder-Session-Token": "${CODER_SESSION_TOKEN}" },
    });
    run({ client: "cursor", remote, tokenFromEnv: true }, host);
    expect(readJson(join(host.home, ".cursor", "mcp.json")).mcpServers?.coder).toMatchObject({
      headers: { "Coder-Session-Token": "${env:CODER_SESSION_TOKEN}" },
    });
    expect(() => planConfigure({ client: "zed", remote, project: true }, host)).toThrow(
      "Zed cannot read the token from the environment in its config",
    );
  });

  it("rejects a URL that is not http(s), naming the flag", () => {
    expect(() =>
      planConfigure({ client: "cursor", remote: "mcp.example.com", token }, hostFor("linux")),
    ).toThrow('--remote: "mcp.example.com" is not a URL; expected e.g. https://mcp.example.com/mcp');
  });

  it("keeps a --token out of stdio project files", () => {
    expect(() => planConfigure({ client: "cursor", project: true, token }, hostFor("linux"))).toThrow(
      "--token: a project file is usually committed",
    );
  });
});

describe("configure claude-code inside a workspace (task reporting, as Coder's command)", () => {
  const agentEnv = { CODER_AGENT_URL: "https://coder.example.com", CODER_AGENT_TOKEN: "agent-token-123" };

  it("writes the local-scope server with the agent env, allows coder_report_task once, and adds the CLAUDE.md block", () => {
    const host = hostFor("linux", agentEnv);
    const projectDir = join(root, "repo");
    const claudeJson = join(host.home, ".claude.json");
    writeFileSync(
      claudeJson,
      JSON.stringify({
        numStartups: 3,
        projects: { [projectDir]: { allowedTools: ["Bash(ls:*)"], history: [] } },
      }),
    );
    const claudeMd = join(host.home, ".claude", "CLAUDE.md");
    mkdirSync(dirname(claudeMd), { recursive: true });
    writeFileSync(
      claudeMd,
      "<coder-prompt>\nold\n</coder-prompt>\n<system-prompt>\nold\n</system-prompt>\n# My notes\n",
    );
    const options = {
      client: "claude-code",
      directory: projectDir,
      appStatusSlug: "claude-code",
      agentApiUrl: "http://localhost:3284",
    } as const;
    const written = run(options, host);
    expect(written.map((w) => w.path)).toEqual([claudeJson, claudeMd]);
    expect(readdirSync(host.home).filter((f) => f.endsWith(".bak"))).toHaveLength(1);

    const config = readJson(claudeJson);
    expect(config.numStartups).toBe(3);
    expect(config.hasCompletedOnboarding).toBe(true);
    const project = config.projects?.[projectDir] as Record<string, unknown>;
    expect(project.allowedTools).toEqual(["Bash(ls:*)", "mcp__coder__coder_report_task"]);
    expect(project.hasTrustDialogAccepted).toBe(true);
    expect((project.mcpServers as Record<string, { env: unknown }>).coder?.env).toEqual({
      CODER_AGENT_URL: "https://coder.example.com",
      CODER_AGENT_TOKEN: "agent-token-123",
      CODER_MCP_APP_STATUS_SLUG: "claude-code",
      CODER_MCP_AI_AGENTAPI_URL: "http://localhost:3284",
    });

    const md = readFileSync(claudeMd, "utf8");
    expect(md.match(/<coder-prompt>/g)).toHaveLength(1);
    expect(md).toMatch(
      /^<coder-prompt>\n.*coder_report_task.*\n<\/coder-prompt>\n<system-prompt>\n.+\n<\/system-prompt>\n# My notes\n$/,
    );

    // Running it again changes nothing: the allowed tool is not added twice (Coder's bug).
    expect(planConfigure(options, host).changes).toEqual([]);
  });

  it("refuses task reporting for other clients and over --remote", () => {
    const host = hostFor("linux");
    expect(() => planConfigure({ client: "cursor", appStatusSlug: "x" }, host)).toThrow(
      "--app-status-slug: only claude-code",
    );
    expect(() =>
      planConfigure({ client: "claude-code", appStatusSlug: "x", remote: "https://x/mcp", token: "t" }, host),
    ).toThrow("drop --remote");
  });
});
