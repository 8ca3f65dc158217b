import { join } from "node:path";
import { type Host, userConfigDir, xdgConfigHome } from "./host.js";

/** The MCP clients `coder-toolsdk configure` knows. */
export const CLIENT_IDS = ["claude-desktop", "claude-code", "cursor", "vscode", "windsurf", "zed"] as const;

/** One of {@link CLIENT_IDS}. */
export type ClientId = (typeof CLIENT_IDS)[number];

/** A local server the client starts: `command args…` with `env`. */
export interface StdioServer {
  command: string;
  args: string[];
  env: Record<string, string>;
}

/** How the session token reaches a remote server's header. */
export type TokenSource =
  | { kind: "literal"; token: string }
  /** A reference the client expands from its environment when it connects. */
  | { kind: "env"; variable: string }
  /** VS Code asks the user once and keeps the answer in its secret storage. */
  | { kind: "input" };

/** A remote Streamable HTTP server with a `Coder-Session-Token` header. */
export interface RemoteServer {
  url: string;
  token: TokenSource;
}

/** What a client's config file gains: the server entry, and for VS Code a prompt for the token. */
export interface ClientEntry {
  entry: Record<string, unknown>;
  /** VS Code `inputs` to merge (by id). */
  inputs?: Record<string, unknown>[];
}

/** A client: where its MCP config lives and how it spells a server entry. */
export interface ClientTarget {
  id: ClientId;
  title: string;
  /** The user-level config file. */
  userFile(host: Host): string;
  /** The project-level config file under `dir`, for clients that read one. */
  projectFile?(dir: string): string;
  /** Where the map of servers sits in the file. */
  serversKey: string;
  /** The syntax the client expands to an environment variable in headers, if any. */
  envReference?(variable: string): string;
  /** Whether the client can prompt for the token itself (VS Code inputs). */
  promptsForToken?: boolean;
  stdio(server: StdioServer): ClientEntry;
  /** @throws {Error} when the client cannot take this token source. */
  remote(server: RemoteServer): ClientEntry;
}

/** The header Coder reads a session token from (coderd's `Coder-Session-Token`). */
export const SESSION_TOKEN_HEADER = "Coder-Session-Token";
/** The VS Code input id that holds the token. */
export const VSCODE_TOKEN_INPUT = "coder-session-token";

const withEnv = (base: Record<string, unknown>, env: Record<string, string>) =>
  Object.keys(env).length > 0 ? { ...base, env } : base;

function headerValue(target: ClientTarget, token: TokenSource): string {
  if (token.kind === "literal") return token.token;
  if (token.kind === "env" && target.envReference) return target.envReference(token.variable);
  if (token.kind === "input" && target.promptsForToken) return `\${input:${VSCODE_TOKEN_INPUT}}`;
  throw new Error(
    `${target.title} cannot take the session token as ${token.kind === "env" ? "an environment reference" : "a prompt"}`,
  );
}

const plainStdio = (server: StdioServer): ClientEntry => ({
  entry: withEnv({ command: server.command, args: server.args }, server.env),
});

// Paths and formats below follow each client's documentation (checked November 2026):
// Claude Desktop `claude_desktop_config.json` (macOS, Windows; Linux builds use the XDG folder, as
// Coder's `configure claude-desktop` does through Go's os.UserConfigDir); Claude Code
// `~/.claude.json` and a project's `.mcp.json`; Cursor `~/.cursor/mcp.json` and `.cursor/mcp.json`;
// VS Code's profile `mcp.json` and `.vscode/mcp.json` (`servers`, `inputs`); Windsurf
// `~/.codeium/windsurf/mcp_config.json` (`serverUrl` for remote servers); Zed's `settings.json`
// (`context_servers`, JSON with comments) and a project's `.zed/settings.json`.
const targets: Record<ClientId, ClientTarget> = {
  "claude-desktop": {
    id: "claude-desktop",
    title: "Claude Desktop",
    userFile: (host) => join(userConfigDir(host), "Claude", "claude_desktop_config.json"),
    serversKey: "mcpServers",
    stdio: plainStdio,
    remote(server) {
      // Its config file takes only local servers, so the bridge mcp-remote carries the header; it
      // expands ${VAR} in its arguments from the env block.
      if (server.token.kind !== "literal") {
        throw new Error(
          "Claude Desktop starts servers without your shell environment; give the token itself",
        );
      }
      const args = [
        "-y",
        "mcp-remote",
        server.url,
        "--header",
        `${SESSION_TOKEN_HEADER}:\${CODER_SESSION_TOKEN}`,
      ];
      if (server.url.startsWith("http://")) args.push("--allow-http");
      return { entry: { command: "npx", args, env: { CODER_SESSION_TOKEN: server.token.token } } };
    },
  },
  "claude-code": {
    id: "claude-code",
    title: "Claude Code",
    userFile: (host) => join(host.home, ".claude.json"),
    projectFile: (dir) => join(dir, ".mcp.json"),
    serversKey: "mcpServers",
    envReference: (variable) => `\${${variable}}`,
    stdio: (server) => ({
      entry: withEnv({ type: "stdio", command: server.command, args: server.args }, server.env),
    }),
    remote(server) {
      return {
        entry: {
          type: "http",
          url: server.url,
          headers: { [SESSION_TOKEN_HEADER]: headerValue(this, server.token) },
        },
      };
    },
  },
  cursor: {
    id: "cursor",
    title: "Cursor",
    userFile: (host) => join(host.home, ".cursor", "mcp.json"),
    projectFile: (dir) => join(dir, ".cursor", "mcp.json"),
    serversKey: "mcpServers",
    envReference: (variable) => `\${env:${variable}}`,
    stdio: plainStdio,
    remote(server) {
      return {
        entry: { url: server.url, headers: { [SESSION_TOKEN_HEADER]: headerValue(this, server.token) } },
      };
    },
  },
  vscode: {
    id: "vscode",
    title: "VS Code",
    userFile: (host) => join(userConfigDir(host), "Code", "User", "mcp.json"),
    projectFile: (dir) => join(dir, ".vscode", "mcp.json"),
    serversKey: "servers",
    promptsForToken: true,
    stdio: (server) => ({
      entry: withEnv({ type: "stdio", command: server.command, args: server.args }, server.env),
    }),
    remote(server) {
      const entry = {
        type: "http",
        url: server.url,
        headers: { [SESSION_TOKEN_HEADER]: headerValue(this, server.token) },
      };
      if (server.token.kind !== "input") return { entry };
      const input = {
        type: "promptString",
        id: VSCODE_TOKEN_INPUT,
        description: "Coder session token (coder tokens create, or the CLI's login)",
        password: true,
      };
      return { entry, inputs: [input] };
    },
  },
  windsurf: {
    id: "windsurf",
    title: "Windsurf",
    userFile: (host) => join(host.home, ".codeium", "windsurf", "mcp_config.json"),
    serversKey: "mcpServers",
    envReference: (variable) => `\${env:${variable}}`,
    stdio: plainStdio,
    remote(server) {
      return {
        entry: {
          serverUrl: server.url,
          headers: { [SESSION_TOKEN_HEADER]: headerValue(this, server.token) },
        },
      };
    },
  },
  zed: {
    id: "zed",
    title: "Zed",
    // Zed keeps ~/.config/zed on macOS too (whatever XDG says); on Windows it uses %APPDATA%\Zed.
    userFile: (host) => {
      if (host.platform === "win32") return join(userConfigDir(host), "Zed", "settings.json");
      if (host.platform === "darwin") return join(host.home, ".config", "zed", "settings.json");
      return join(xdgConfigHome(host), "zed", "settings.json");
    },
    projectFile: (dir) => join(dir, ".zed", "settings.json"),
    serversKey: "context_servers",
    stdio: plainStdio,
    remote(server) {
      return {
        entry: { url: server.url, headers: { [SESSION_TOKEN_HEADER]: headerValue(this, server.token) } },
      };
    },
  },
};

/** The client called `id`. */
export function clientTarget(id: ClientId): ClientTarget {
  return targets[id];
}

/** Whether `id` is one of {@link CLIENT_IDS}. */
export function isClientId(id: string): id is ClientId {
  return (CLIENT_IDS as readonly string[]).includes(id);
}
