import { readFile } from "node:fs/promises";
import path from "node:path";

/** How the proxy reaches an MCP server. */
export type McpTransportKind = "stdio" | "http" | "sse";

/** Which file format a server entry came from. */
export type McpConfigFormat = "mcp.json" | "agent-plugins";

/** The `$schema` that marks an Agent Plugins `mcp.json` (spec 1.0.0). */
export const AGENT_PLUGINS_MCP_SCHEMA = "https://agent-plugins.org/schemas/1.0.0/mcp.schema.json";

/**
 * Environment variables a stdio server of an Agent Plugins file inherits from the process (plus
 * its own `env`); everything else in the environment stays out of a plugin's reach.
 */
export const DEFAULT_PLUGIN_ENV_ALLOW_LIST: readonly string[] = Object.freeze([
  "PATH",
  "HOME",
  "USER",
  "LOGNAME",
  "SHELL",
  "TERM",
  "LANG",
  "LC_ALL",
  "LC_CTYPE",
  "TMPDIR",
  "TEMP",
  "TMP",
  "TZ",
  "SYSTEMROOT",
  "APPDATA",
  "LOCALAPPDATA",
  "USERPROFILE",
]);

/** One MCP server to connect to, after parsing and `${VAR}` expansion. */
export interface McpServerConfig {
  /** The server's name: the prefix of its tools (`<name>__<tool>`). */
  name: string;
  /** stdio child process, Streamable HTTP, or the older HTTP+SSE transport. */
  transport: McpTransportKind;
  /** stdio: the program to run. */
  command?: string;
  /** stdio: its arguments. */
  args?: string[];
  /** stdio: variables added to (and overriding) the inherited environment. */
  env?: Record<string, string>;
  /** stdio: working directory (Agent Plugins `cwd`; `.mcp.json` runs in the process's own). */
  cwd?: string;
  /**
   * stdio: which variables of the process environment the child inherits. Left out: all of them
   * (`.mcp.json`); Agent Plugins servers get {@link DEFAULT_PLUGIN_ENV_ALLOW_LIST}.
   */
  inheritEnv?: readonly string[];
  /** http/sse: the server's URL. */
  url?: string;
  /** http/sse: headers sent with every request, only ever to the URL's own origin. */
  headers?: Record<string, string>;
  /** The file the entry came from. */
  source: string;
  /** The format of that file. */
  format: McpConfigFormat;
}

/** A problem with a config file or one of its entries; the rest of the file still loads. */
export interface McpConfigError {
  /** The config file. */
  path: string;
  /** The server entry, when the problem is one entry's. */
  server?: string;
  /** What is wrong and what would be valid. */
  message: string;
}

/** What {@link loadMcpConfigs} found. */
export interface LoadedMcpConfig {
  /** The servers, first definition of each name winning, sorted by name. */
  servers: McpServerConfig[];
  /** Files that could not be read or parsed, and entries that were skipped. */
  errors: McpConfigError[];
}

/** Options of {@link loadMcpConfigs} and {@link parseMcpConfig}. */
export interface McpConfigOptions {
  /** Where `${VAR}` values come from. Default: `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Agent Plugins: what `${PLUGIN_ROOT}` means. Default: the directory of the file. */
  pluginRoot?: string;
  /** Agent Plugins: what `${PLUGIN_DATA}` means. Default: `<pluginRoot>/.data`. */
  pluginData?: string;
  /** Agent Plugins: the variables a stdio server inherits. Default: {@link DEFAULT_PLUGIN_ENV_ALLOW_LIST}. */
  pluginEnvAllowList?: readonly string[];
}

/**
 * Read `.mcp.json` files (Claude Code's format) and Agent Plugins `mcp.json` files, in order. A
 * missing file is skipped silently; an unreadable or malformed one is reported and skipped; a bad
 * entry is reported on its own and the file's other servers still load. A name defined in two
 * files is taken from the first (the second is reported). Servers come back sorted by name.
 */
export async function loadMcpConfigs(
  paths: readonly string[],
  options: McpConfigOptions = {},
): Promise<LoadedMcpConfig> {
  const servers = new Map<string, McpServerConfig>();
  const errors: McpConfigError[] = [];
  for (const file of paths) {
    const absolute = path.resolve(file);
    let text: string;
    try {
      text = await readFile(absolute, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Following Coder's agent: a config that does not exist is simply not used.
      if (code === "ENOENT" || code === "ENOTDIR") continue;
      errors.push({ path: absolute, message: `cannot read the file: ${describe(error)}` });
      continue;
    }
    const parsed = parseMcpConfig(text, absolute, options);
    errors.push(...parsed.errors);
    for (const server of parsed.servers) {
      const first = servers.get(server.name);
      if (first) {
        errors.push({
          path: absolute,
          server: server.name,
          message: `server "${server.name}" is already defined in ${first.source}; the first definition is used`,
        });
        continue;
      }
      servers.set(server.name, server);
    }
  }
  return { servers: sortByName([...servers.values()]), errors };
}

/**
 * Parse one config file's text (`file` is its path, for messages and the plugin root). Never
 * throws: a malformed file gives no servers and one error; a bad entry gives one error.
 */
export function parseMcpConfig(text: string, file: string, options: McpConfigOptions = {}): LoadedMcpConfig {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return { servers: [], errors: [{ path: file, message: `not valid JSON: ${describe(error)}` }] };
  }
  if (!isRecord(document)) {
    return {
      servers: [],
      errors: [{ path: file, message: "must be a JSON object with an mcpServers object" }],
    };
  }
  const schema = document.$schema;
  const plugin = typeof schema === "string" && schema.startsWith("https://agent-plugins.org/schemas/");
  if (plugin && schema !== AGENT_PLUGINS_MCP_SCHEMA) {
    return {
      servers: [],
      errors: [
        {
          path: file,
          message: `unsupported $schema ${JSON.stringify(schema)}; supported: ${AGENT_PLUGINS_MCP_SCHEMA}`,
        },
      ],
    };
  }
  const entries = document.mcpServers;
  // Coder's agent treats a missing or empty mcpServers as no servers.
  if (entries === undefined || entries === null) return { servers: [], errors: [] };
  if (!isRecord(entries)) {
    return {
      servers: [],
      errors: [{ path: file, message: "mcpServers must be an object of server name to server entry" }],
    };
  }
  const servers: McpServerConfig[] = [];
  const errors: McpConfigError[] = [];
  for (const [name, entry] of Object.entries(entries)) {
    try {
      servers.push(
        plugin ? pluginEntry(name, entry, file, options) : mcpJsonEntry(name, entry, file, options),
      );
    } catch (error) {
      errors.push({ path: file, server: name, message: describe(error) });
    }
  }
  return { servers: sortByName(servers), errors };
}

/** Why an entry was rejected. */
class EntryError extends Error {}

// Coder's rule: the separator of proxied tool names may not appear in, start or end a server name.
function checkName(name: string, file: string): void {
  if (name.includes("__") || name.startsWith("_") || name.endsWith("_") || name === "") {
    throw new EntryError(
      `server name ${JSON.stringify(name)} in ${file} contains the reserved separator "__" or a leading or trailing underscore (or is empty)`,
    );
  }
}

function mcpJsonEntry(
  name: string,
  entry: unknown,
  file: string,
  options: McpConfigOptions,
): McpServerConfig {
  checkName(name, file);
  if (!isRecord(entry)) throw new EntryError(`server "${name}": entry must be an object`);
  const env = options.env ?? process.env;
  const command = optionalString(entry, "command", name);
  const url = optionalString(entry, "url", name);
  const type = optionalString(entry, "type", name);
  let transport: McpTransportKind;
  if (type) {
    // Claude Code also writes "streamable-http" for what Coder calls "http".
    if (type === "stdio") transport = "stdio";
    else if (type === "http" || type === "streamable-http") transport = "http";
    else if (type === "sse") transport = "sse";
    else
      throw new EntryError(
        `server "${name}": unsupported transport type ${JSON.stringify(type)}; valid: stdio, http, sse`,
      );
  } else if (command) transport = "stdio";
  else if (url) transport = "http";
  else throw new EntryError(`server "${name}" in ${file} has no command or url`);
  const expand = (value: string) => expandVariables(value, (key) => env[key]);
  return finish(name, entry, transport, file, "mcp.json", expand, undefined);
}

function pluginEntry(name: string, entry: unknown, file: string, options: McpConfigOptions): McpServerConfig {
  checkName(name, file);
  if (!isRecord(entry)) throw new EntryError(`server "${name}": entry must be an object`);
  const type = optionalString(entry, "type", name);
  const transports: Record<string, McpTransportKind> = {
    stdio: "stdio",
    "streamable-http": "http",
    sse: "sse",
  };
  const transport = type ? transports[type] : undefined;
  if (!transport) {
    throw new EntryError(
      `server "${name}": type ${type ? JSON.stringify(type) : "is missing"}${type ? " is not supported" : ""}; valid: stdio, streamable-http, sse`,
    );
  }
  const root = options.pluginRoot ?? path.dirname(file);
  const data = options.pluginData ?? path.join(root, ".data");
  const allow = options.pluginEnvAllowList ?? DEFAULT_PLUGIN_ENV_ALLOW_LIST;
  const env = options.env ?? process.env;
  // Only the plugin placeholders and allow-listed variables expand: a plugin file must not be able
  // to read arbitrary secrets out of the environment into a URL or header.
  const lookup = (key: string) =>
    key === "PLUGIN_ROOT" ? root : key === "PLUGIN_DATA" ? data : allow.includes(key) ? env[key] : undefined;
  const config = finish(
    name,
    entry,
    transport,
    file,
    "agent-plugins",
    (v) => expandVariables(v, lookup),
    allow,
  );
  if (config.url) checkPluginUrl(name, config.url);
  if (config.cwd && !path.isAbsolute(config.cwd)) config.cwd = path.resolve(root, config.cwd);
  return config;
}

function finish(
  name: string,
  entry: Record<string, unknown>,
  transport: McpTransportKind,
  file: string,
  format: McpConfigFormat,
  expand: (value: string) => string,
  inheritEnv: readonly string[] | undefined,
): McpServerConfig {
  const config: McpServerConfig = { name, transport, source: file, format };
  if (transport === "stdio") {
    const command = optionalString(entry, "command", name);
    if (!command) throw new EntryError(`server "${name}": a stdio server needs a command`);
    config.command = expand(command);
    const args = entry.args;
    if (args !== undefined) {
      if (!Array.isArray(args) || !args.every((a) => typeof a === "string")) {
        throw new EntryError(`server "${name}": args must be an array of strings`);
      }
      config.args = args.map(expand);
    }
    const env = stringMap(entry, "env", name);
    if (env) config.env = mapValues(env, expand);
    const cwd = optionalString(entry, "cwd", name);
    if (cwd) config.cwd = expand(cwd);
    if (inheritEnv) config.inheritEnv = inheritEnv;
  } else {
    const url = optionalString(entry, "url", name);
    if (!url) throw new EntryError(`server "${name}": a ${transport} server needs a url`);
    config.url = expand(url);
    let parsed: URL;
    try {
      parsed = new URL(config.url);
    } catch {
      throw new EntryError(`server "${name}": url ${JSON.stringify(config.url)} is not a valid URL`);
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
      throw new EntryError(`server "${name}": url must be http:// or https://, got ${parsed.protocol}`);
    }
    const headers = stringMap(entry, "headers", name);
    if (headers) config.headers = mapValues(headers, expand);
  }
  return config;
}

// Agent Plugins: remote servers only over TLS, except on this machine.
function checkPluginUrl(name: string, url: string): void {
  const parsed = new URL(url);
  if (parsed.protocol === "https:") return;
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  const loopback = host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
  if (!loopback) {
    throw new EntryError(
      `server "${name}": Agent Plugins servers need an https:// url (http:// only for loopback), got ${url}`,
    );
  }
}

/**
 * Replace `${NAME}` with `lookup(NAME)`, or with nothing when it is unset (as a shell would, and as
 * Go's os.ExpandEnv does in Coder's agent).
 */
export function expandVariables(value: string, lookup: (name: string) => string | undefined): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, key: string) => lookup(key) ?? "");
}

function optionalString(entry: Record<string, unknown>, field: string, name: string): string | undefined {
  const value = entry[field];
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string") throw new EntryError(`server "${name}": ${field} must be a string`);
  return value;
}

function stringMap(
  entry: Record<string, unknown>,
  field: string,
  name: string,
): Record<string, string> | undefined {
  const value = entry[field];
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value) || !Object.values(value).every((v) => typeof v === "string")) {
    throw new EntryError(`server "${name}": ${field} must be an object of string values`);
  }
  return value as Record<string, string>;
}

function mapValues(map: Record<string, string>, fn: (value: string) => string): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, fn(v)]));
}

function sortByName(servers: McpServerConfig[]): McpServerConfig[] {
  return servers.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
