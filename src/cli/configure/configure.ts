import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createTwoFilesPatch } from "diff";
import type { JSONPath } from "jsonc-parser";
import { resolveUserConfig } from "../../client/config.js";
import { VERSION } from "../../version.js";
import { withCoderPrompt } from "./claude-md.js";
import {
  type ClientId,
  type ClientTarget,
  clientTarget,
  type RemoteServer,
  type StdioServer,
  type TokenSource,
} from "./clients.js";
import { type Host, resolveDir } from "./host.js";
import { ConfigFileError, parseConfig, setValues, valueAt } from "./json-edit.js";

/** What `coder-toolsdk configure <client>` was asked to do. */
export interface ConfigureOptions {
  client: ClientId;
  /** Write the client's project file (under `directory`, default the working directory). */
  project?: boolean;
  /** The project directory (Claude Code: its local scope in ~/.claude.json when `project` is off). */
  directory?: string;
  /** Configure the remote HTTP server at this URL instead of the stdio command. */
  remote?: string;
  /** The session token to write (stdio: as CODER_SESSION_TOKEN; remote: as the header). */
  token?: string;
  /** Write a reference to $CODER_SESSION_TOKEN instead of the token (clients that expand it). */
  tokenFromEnv?: boolean;
  /** The server's name in the client (default `coder`, so tool names match Coder's: mcp__coder__…). */
  name?: string;
  /** Run this executable (`<command> serve`) instead of `npx -y coder-toolsdk@<version> serve`. */
  command?: string;
  /** Extra arguments for `serve` (e.g. `--toolsets`, `--read-only`). */
  serveArgs?: string[];
  /** Deployment URL, written as CODER_URL (stdio). */
  url?: string;
  /** Claude Code in a workspace: report task status under this app slug (adds CLAUDE.md and the allowed tool). */
  appStatusSlug?: string;
  /** Claude Code in a workspace: AgentAPI's URL. */
  agentApiUrl?: string;
  /** Claude Code: the config file (default `~/.claude.json`). */
  claudeConfigPath?: string;
  /** Claude Code: the CLAUDE.md to update (default `~/.claude/CLAUDE.md`). */
  claudeMdPath?: string;
  systemPrompt?: string;
  coderPrompt?: string;
}

/** One file `configure` would write. */
export interface FileChange {
  path: string;
  /** The file's text now; `undefined` when it does not exist. */
  before: string | undefined;
  after: string;
}

/** What `configure` would do: the files it writes and notes for the user. */
export interface ConfigurePlan {
  changes: FileChange[];
  notes: string[];
}

/** Bad options: the message names the flag and what would be valid. Exit code 2. */
export class ConfigureUsageError extends Error {
  override readonly name = "ConfigureUsageError";
}

/** The Claude Code tool name of `coder_report_task` under server `name` (Coder allows it up front). */
export const reportTaskToolName = (name: string) => `mcp__${name}__coder_report_task`;

function readText(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, "utf8") : undefined;
}

function stdioServer(options: ConfigureOptions, host: Host, projectFile: boolean): StdioServer {
  const serve = ["serve", ...(options.serveArgs ?? [])];
  let command: string;
  let args: string[];
  if (options.command) {
    command = options.command;
    args = serve;
  } else {
    const npx = ["-y", `coder-toolsdk@${VERSION}`, ...serve];
    // Windows clients start commands without a shell, and npx is a .cmd script there.
    [command, args] = host.platform === "win32" ? ["cmd", ["/c", "npx", ...npx]] : ["npx", npx];
  }
  const env: Record<string, string> = {};
  if (options.url) env.CODER_URL = options.url;
  if (options.token) {
    if (projectFile) {
      throw new ConfigureUsageError(
        "--token: a project file is usually committed, so it will not hold a session token; drop --project, or let the server read CODER_SESSION_TOKEN or the Coder CLI's login",
      );
    }
    env.CODER_SESSION_TOKEN = options.token;
  }
  if (options.appStatusSlug) {
    const { CODER_AGENT_URL, CODER_AGENT_TOKEN, CODER_AGENT_TOKEN_FILE } = host.env;
    if (CODER_AGENT_URL) env.CODER_AGENT_URL = CODER_AGENT_URL;
    if (CODER_AGENT_TOKEN_FILE) env.CODER_AGENT_TOKEN_FILE = CODER_AGENT_TOKEN_FILE;
    else if (CODER_AGENT_TOKEN) env.CODER_AGENT_TOKEN = CODER_AGENT_TOKEN;
    env.CODER_MCP_APP_STATUS_SLUG = options.appStatusSlug;
    if (options.agentApiUrl) env.CODER_MCP_AI_AGENTAPI_URL = options.agentApiUrl;
  }
  return { command, args, env };
}

function remoteServer(
  options: ConfigureOptions,
  target: ClientTarget,
  host: Host,
  projectFile: boolean,
): RemoteServer {
  const raw = options.remote ?? "";
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigureUsageError(
      `--remote: ${JSON.stringify(raw)} is not a URL; expected e.g. https://mcp.example.com/mcp`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigureUsageError(`--remote: ${JSON.stringify(raw)} must be an http or https URL`);
  }
  let token: TokenSource;
  if (target.promptsForToken && !options.token) {
    token = { kind: "input" };
  } else if (options.tokenFromEnv || projectFile) {
    if (!target.envReference) {
      const why = projectFile ? "a project file should not hold a token" : "--token-from-env was given";
      throw new ConfigureUsageError(
        `${target.title} cannot read the token from the environment in its config, and ${why}; configure it for your user instead (without --project or --token-from-env)`,
      );
    }
    token = { kind: "env", variable: "CODER_SESSION_TOKEN" };
  } else {
    let literal = options.token ?? host.env.CODER_SESSION_TOKEN?.trim();
    if (!literal) {
      try {
        literal = resolveUserConfig(host.env, host.platform).token;
      } catch {
        throw new ConfigureUsageError(
          "--remote needs a session token for the Coder-Session-Token header: pass --token, set CODER_SESSION_TOKEN, run `coder login`, or use --token-from-env",
        );
      }
    }
    token = { kind: "literal", token: literal };
  }
  return { url: url.href, token };
}

/**
 * Work out every file `configure` writes, reading what is there now, without writing anything.
 *
 * @throws {ConfigureUsageError} for options that do not fit the client.
 * @throws {ConfigFileError} for an existing file that is not a JSON object.
 */
export function planConfigure(options: ConfigureOptions, host: Host): ConfigurePlan {
  const target = clientTarget(options.client);
  const name = options.name ?? "coder";
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(name) || name.includes("__")) {
    throw new ConfigureUsageError(
      `--name: ${JSON.stringify(name)} is not a valid server name; use letters, digits, - and _ (no "__"), e.g. coder`,
    );
  }
  if (options.project && !target.projectFile) {
    throw new ConfigureUsageError(
      `--project: ${target.title} has no project-level MCP file; clients with one: claude-code, cursor, vscode, zed`,
    );
  }
  if (options.appStatusSlug && options.client !== "claude-code") {
    throw new ConfigureUsageError(
      "--app-status-slug: only claude-code is set up for task reporting by configure",
    );
  }
  if (options.appStatusSlug && options.remote) {
    throw new ConfigureUsageError(
      "--app-status-slug: task reporting needs the local (stdio) server inside the workspace; drop --remote",
    );
  }
  const projectFile = options.project === true;
  const entry = options.remote
    ? target.remote(remoteServer(options, target, host, projectFile))
    : target.stdio(stdioServer(options, host, projectFile));
  const notes: string[] = [];
  const edits = new Map<string, [JSONPath, unknown][]>();
  const edit = (path: string, change: [JSONPath, unknown]) =>
    edits.set(path, [...(edits.get(path) ?? []), change]);

  const dir = resolveDir(host, options.directory);
  const isClaude = options.client === "claude-code";
  const claudeConfig = options.claudeConfigPath ?? target.userFile(host);
  let file: string;
  let serversPath: JSONPath;
  if (projectFile) {
    file = target.projectFile!(dir);
    serversPath = [target.serversKey];
  } else if (isClaude && (options.directory || options.appStatusSlug)) {
    // Claude Code's local scope: this project only, kept in ~/.claude.json (what Coder writes).
    file = claudeConfig;
    serversPath = ["projects", dir, target.serversKey];
  } else {
    file = isClaude ? claudeConfig : target.userFile(host);
    serversPath = [target.serversKey];
  }
  edit(file, [[...serversPath, name], entry.entry]);

  if (entry.inputs) {
    const current = valueAt(parseConfig(file, readText(file) ?? ""), ["inputs"]);
    const inputs = Array.isArray(current) ? [...current] : [];
    for (const input of entry.inputs) {
      const at = inputs.findIndex((item) => (item as { id?: unknown } | null)?.id === input.id);
      if (at === -1) inputs.push(input);
      else inputs[at] = input;
    }
    edit(file, [["inputs"], inputs]);
    notes.push(
      `${target.title} asks for the Coder session token the first time it connects, and keeps it in its secret storage.`,
    );
  }

  if (isClaude && options.appStatusSlug) {
    // As Coder's configure claude-code does: the project is trusted and coder_report_task needs no prompt.
    const project = ["projects", dir];
    const tool = reportTaskToolName(name);
    const existing = valueAt(parseConfig(claudeConfig, readText(claudeConfig) ?? ""), [
      ...project,
      "allowedTools",
    ]);
    const allowed = Array.isArray(existing) ? existing.filter((t): t is string => typeof t === "string") : [];
    edit(claudeConfig, [[...project, "allowedTools"], allowed.includes(tool) ? allowed : [...allowed, tool]]);
    edit(claudeConfig, [[...project, "hasTrustDialogAccepted"], true]);
    edit(claudeConfig, [[...project, "hasCompletedProjectOnboarding"], true]);
    edit(claudeConfig, [["hasCompletedOnboarding"], true]);
    if (!host.env.CODER_AGENT_URL || !(host.env.CODER_AGENT_TOKEN || host.env.CODER_AGENT_TOKEN_FILE)) {
      notes.push(
        "CODER_AGENT_URL and CODER_AGENT_TOKEN are not set here, so the entry leaves them to the environment Claude Code runs in.",
      );
    }
  }

  const changes: FileChange[] = [];
  for (const [path, list] of edits) {
    const before = readText(path);
    const after = setValues(path, before ?? "", list);
    if (after !== before) changes.push({ path, before, after });
  }
  if (isClaude && options.appStatusSlug) {
    const md = options.claudeMdPath ?? join(host.home, ".claude", "CLAUDE.md");
    const before = readText(md);
    const after = withCoderPrompt(before ?? "", {
      reportTasks: true,
      ...(options.coderPrompt ? { coderPrompt: options.coderPrompt } : {}),
      ...(options.systemPrompt ? { systemPrompt: options.systemPrompt } : {}),
    });
    if (after !== before) changes.push({ path: md, before, after });
  }
  if (options.remote && entry.entry.command === "npx") {
    notes.push("Claude Desktop reaches remote servers through mcp-remote, started with npx.");
  }
  return { changes, notes };
}

/** A unified diff of every change, for `--dry-run`. */
export function renderPlan(plan: ConfigurePlan): string {
  if (plan.changes.length === 0) return "Nothing to change: the configuration is already in place.\n";
  return plan.changes
    .map((change) =>
      createTwoFilesPatch(
        change.path,
        change.path,
        change.before ?? "",
        change.after,
        change.before === undefined ? "(new file)" : "(current)",
        "(after configure)",
      ),
    )
    .join("\n");
}

/** A written file and the backup of what it held before (none for a new file). */
export interface WrittenFile {
  path: string;
  backup?: string;
}

/**
 * Write the plan: each existing file is first copied to `<file>.<timestamp>.bak`; new files and
 * folders are created private to the user (0600 and 0700), since they may hold tokens.
 */
export function applyPlan(plan: ConfigurePlan, host: Host): WrittenFile[] {
  const stamp = host.now().toISOString().replace(/[:.]/g, "-");
  return plan.changes.map((change) => {
    mkdirSync(dirname(change.path), { recursive: true, mode: 0o700 });
    let backup: string | undefined;
    if (change.before !== undefined) {
      backup = `${change.path}.${stamp}.bak`;
      copyFileSync(change.path, backup);
    }
    writeFileSync(change.path, change.after, { mode: 0o600 });
    return backup ? { path: change.path, backup } : { path: change.path };
  });
}

export { ConfigFileError };
