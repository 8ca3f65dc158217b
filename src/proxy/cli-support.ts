import { existsSync } from "node:fs";
import path from "node:path";
import type { McpConfigError } from "./config.js";
import { McpProxy, type McpProxyOptions, type McpServerStatus } from "./manager.js";

/** Options of {@link discoverMcpConfigs}: what `serve --mcp-config` and `mcp-tools` were given. */
export interface DiscoverMcpConfigsOptions {
  /** The working directory. Default: `process.cwd()`. */
  cwd?: string;
  /** Paths given with `--mcp-config` (repeatable), relative to `cwd`. */
  paths?: readonly string[];
  /** `false` for `--no-mcp-config`. Default `true`. */
  enabled?: boolean;
}

/**
 * The config files to read: the given paths (all of them, even missing ones, which the loader
 * skips), or else `./.mcp.json` when it exists in `cwd`; none when disabled.
 */
export function discoverMcpConfigs(options: DiscoverMcpConfigsOptions = {}): string[] {
  if (options.enabled === false) return [];
  const cwd = options.cwd ?? process.cwd();
  if (options.paths && options.paths.length > 0) return options.paths.map((p) => path.resolve(cwd, p));
  const fallback = path.join(cwd, ".mcp.json");
  return existsSync(fallback) ? [fallback] : [];
}

/** What `mcp-tools --json` prints. */
export interface McpToolsReport {
  servers: McpServerStatus[];
  configErrors: McpConfigError[];
  tools: { name: string; server: string; tool: string; description: string; readOnly: boolean }[];
}

/** The proxy's state as data (`mcp-tools --json`). */
export function mcpToolsReport(proxy: McpProxy): McpToolsReport {
  return {
    servers: proxy.status(),
    configErrors: proxy.configErrors,
    tools: proxy.tools.map((tool) => {
      const origin = proxy.resolve(tool.name);
      return {
        name: tool.name,
        server: origin?.server ?? "",
        tool: origin?.tool ?? "",
        description: tool.description,
        readOnly: tool.annotations.readOnlyHint,
      };
    }),
  };
}

/**
 * The report as plain text (`mcp-tools`): one line per server (state, tool count or the reason it
 * failed), the config problems, then one line per tool.
 */
export function renderToolTable(report: McpToolsReport): string {
  const lines: string[] = [];
  const rows = report.servers.map((s) => [
    s.name,
    s.transport,
    s.state,
    String(s.tools.length),
    s.error ? firstLine(s.error) : "",
  ]);
  lines.push(...table(["SERVER", "TRANSPORT", "STATE", "TOOLS", "ERROR"], rows));
  if (report.servers.length === 0) lines.push("(no MCP servers configured)");
  for (const error of report.configErrors) {
    lines.push(`config ${error.path}${error.server ? ` (${error.server})` : ""}: ${error.message}`);
  }
  if (report.tools.length > 0) {
    lines.push("");
    lines.push(
      ...table(
        ["TOOL", "DESCRIPTION"],
        report.tools.map((t) => [t.name, firstLine(t.description).slice(0, 80)]),
      ),
    );
  }
  return `${lines.join("\n")}\n`;
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

function firstLine(text: string): string {
  return text.split("\n")[0] ?? "";
}

/** Options of {@link runMcpTools}: the `mcp-tools` command line. */
export interface RunMcpToolsOptions extends DiscoverMcpConfigsOptions {
  /** `--refresh`: after connecting, reconnect failed servers and list every server's tools again. */
  refresh?: boolean;
  /** `--json`: print {@link McpToolsReport} as JSON instead of the table. */
  json?: boolean;
  /** Timeouts and config reading, passed to the proxy. */
  proxy?: Omit<McpProxyOptions, "configPaths">;
}

/**
 * `coder-toolsdk mcp-tools [--refresh] [--json]`: connect to the configured servers, print the
 * table (or JSON) and close every server again. Resolves with the text to print and whether every
 * server connected (a CLI can exit non-zero otherwise).
 */
export async function runMcpTools(
  options: RunMcpToolsOptions = {},
): Promise<{ output: string; ok: boolean }> {
  const proxy = await McpProxy.start({ ...options.proxy, configPaths: discoverMcpConfigs(options) });
  try {
    if (options.refresh) await proxy.refresh();
    const report = mcpToolsReport(proxy);
    const ok = report.configErrors.length === 0 && report.servers.every((s) => s.state === "connected");
    return { output: options.json ? `${JSON.stringify(report, null, 2)}\n` : renderToolTable(report), ok };
  } finally {
    await proxy.close();
  }
}
