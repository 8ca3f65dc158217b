import { type Command, Option } from "commander";
import { runMcpTools } from "../../proxy/index.js";
import { CliError, type CliIo, EXIT } from "../io.js";

/** The flags of `coder-toolsdk mcp-tools`, after parsing. */
export interface McpToolsFlags {
  /** `--mcp-config <path>` (repeatable), or `false` for `--no-mcp-config`. */
  mcpConfig?: string[] | false;
  refresh?: boolean;
  json?: boolean;
}

const collect = (value: string, previous: string[] | false | undefined): string[] =>
  Array.isArray(previous) ? [...previous, value] : [value];

/** Declare `--mcp-config` (repeatable) and `--no-mcp-config` on `command`; `serve` can share them. */
export function addMcpConfigOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        "--mcp-config <path>",
        "an .mcp.json (or Agent Plugins mcp.json) to read; repeatable, the first definition of a name wins (default: ./.mcp.json when present)",
      ).argParser(collect),
    )
    .option("--no-mcp-config", "read no .mcp.json, not even ./.mcp.json");
}

/**
 * `coder-toolsdk mcp-tools [--refresh] [--json]`: connect to the servers of the workspace's
 * `.mcp.json`, print each one's state (connected, or failed with the reason, and its tool count)
 * and the proxied tools, then end every server again. Exits 1 when a server failed or a config has
 * a problem, after printing the report.
 */
export function addMcpToolsCommand(program: Command, io: CliIo): void {
  addMcpConfigOptions(
    program
      .command("mcp-tools")
      .summary("list the tools of the MCP servers in .mcp.json, and each server's state")
      .description(
        "Read ./.mcp.json (or the --mcp-config files), connect to every MCP server it declares (stdio, Streamable HTTP, SSE), " +
          "and print each server's state and the tools it adds, named <server>__<tool> as `serve` offers them.",
      ),
  )
    .option("--refresh", "after connecting, retry failed servers and list every server's tools again")
    .option("--json", "print the report as JSON")
    .action(async (flags: McpToolsFlags) => {
      const { output, ok } = await runMcpTools({
        cwd: io.host.cwd,
        ...(Array.isArray(flags.mcpConfig) ? { paths: flags.mcpConfig } : {}),
        enabled: flags.mcpConfig !== false,
        ...(flags.refresh ? { refresh: true } : {}),
        ...(flags.json ? { json: true } : {}),
        proxy: { config: { env: io.host.env } },
      });
      io.stdout(output);
      if (!ok)
        throw new CliError("some MCP servers failed or a config file has problems (see above)", EXIT.failure);
    });
}
