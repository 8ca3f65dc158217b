import { Argument, type Command, Option } from "commander";
import { CLIENT_IDS, type ClientId } from "../configure/clients.js";
import {
  applyPlan,
  ConfigFileError,
  type ConfigureOptions,
  ConfigureUsageError,
  planConfigure,
  renderPlan,
} from "../configure/configure.js";
import { CliError, type CliIo, EXIT } from "../io.js";
import { parseHttpUrl, parseToolsets, toolsetHelp } from "../options.js";

interface ConfigureFlags {
  project?: boolean;
  remote?: string;
  token?: string;
  tokenFromEnv?: boolean;
  name?: string;
  command?: string;
  url?: string;
  toolsets?: string[];
  readOnly?: boolean;
  appStatusSlug?: string;
  aiAgentapiUrl?: string;
  claudeConfigPath?: string;
  claudeMdPath?: string;
  claudeSystemPrompt?: string;
  claudeCoderPrompt?: string;
  dryRun?: boolean;
}

/** `coder-toolsdk configure <client> [directory]`. */
export function addConfigureCommand(program: Command, io: CliIo): void {
  program
    .command("configure")
    .summary("add the Coder MCP server to a client's MCP configuration")
    .description(
      "Add the Coder MCP server to an MCP client's configuration file, at the place the client reads it on this OS. " +
        "Other servers and settings in the file are kept, the old file is saved as <file>.<time>.bak, and --dry-run only prints the change.",
    )
    .addArgument(new Argument("<client>", "the client to configure").choices(CLIENT_IDS))
    .addArgument(
      new Argument(
        "[directory]",
        "project directory: the --project file goes there; for claude-code without --project, the project's entry in ~/.claude.json",
      ),
    )
    .option(
      "--project",
      "write the client's project file instead of the user file (claude-code, cursor, vscode, zed)",
    )
    .addOption(
      new Option(
        "--remote <url>",
        "configure a remote HTTP server (coder-toolsdk serve --http) instead of the local command",
      ).argParser(parseHttpUrl),
    )
    .option(
      "--token <token>",
      "session token: the Coder-Session-Token header with --remote, CODER_SESSION_TOKEN otherwise",
    )
    .option(
      "--token-from-env",
      "with --remote, write a reference to $CODER_SESSION_TOKEN instead of the token",
    )
    .option("--name <name>", "the server's name in the client", "coder")
    .option(
      "--command <path>",
      "start this executable with `serve` instead of npx -y coder-toolsdk@<version> serve",
    )
    .addOption(
      new Option("--url <url>", "Coder deployment URL, written as CODER_URL for the local server").argParser(
        parseHttpUrl,
      ),
    )
    .addOption(new Option("--toolsets <ids>", "pass --toolsets to the local server").argParser(parseToolsets))
    .option("--read-only", "pass --read-only to the local server")
    .addOption(
      new Option(
        "--app-status-slug <slug>",
        "claude-code in a workspace: report task status under this coder_app",
      ).env("CODER_MCP_APP_STATUS_SLUG"),
    )
    .addOption(
      new Option("--ai-agentapi-url <url>", "claude-code in a workspace: AgentAPI's URL")
        .env("CODER_MCP_AI_AGENTAPI_URL")
        .argParser(parseHttpUrl),
    )
    .addOption(
      new Option("--claude-config-path <path>", "claude-code: the config file (default ~/.claude.json)").env(
        "CODER_MCP_CLAUDE_CONFIG_PATH",
      ),
    )
    .addOption(
      new Option(
        "--claude-md-path <path>",
        "claude-code: the CLAUDE.md to update (default ~/.claude/CLAUDE.md)",
      ).env("CODER_MCP_CLAUDE_MD_PATH"),
    )
    .addOption(
      new Option("--claude-system-prompt <text>", "claude-code: the system prompt in CLAUDE.md").env(
        "CODER_MCP_CLAUDE_SYSTEM_PROMPT",
      ),
    )
    .addOption(
      new Option(
        "--claude-coder-prompt <text>",
        "claude-code: extra text for the coder prompt in CLAUDE.md",
      ).env("CODER_MCP_CLAUDE_CODER_PROMPT"),
    )
    .option("--dry-run", "print the change as a diff and write nothing")
    .addHelpText(
      "after",
      `\nClients: ${CLIENT_IDS.join(", ")}.\n\n${toolsetHelp()}\n\nExamples:\n  coder-toolsdk configure claude-desktop\n  coder-toolsdk configure cursor --project --dry-run\n  coder-toolsdk configure vscode --remote https://mcp.example.com/mcp\n`,
    )
    .action(function (this: Command, client: ClientId, directory: string | undefined, flags: ConfigureFlags) {
      // The slug's environment variable is set in every Coder workspace that reports tasks; it
      // only means something to claude-code, so it does not make other clients fail.
      const slugFromEnv = this.getOptionValueSource("appStatusSlug") === "env";
      const workspaceFlags = client === "claude-code" || !slugFromEnv;
      const serveArgs = [
        ...(flags.toolsets ? ["--toolsets", flags.toolsets.join(",")] : []),
        ...(flags.readOnly ? ["--read-only"] : []),
      ];
      const options: ConfigureOptions = {
        client,
        ...(directory ? { directory } : {}),
        ...(flags.project ? { project: true } : {}),
        ...(flags.remote ? { remote: flags.remote } : {}),
        ...(flags.token ? { token: flags.token } : {}),
        ...(flags.tokenFromEnv ? { tokenFromEnv: true } : {}),
        ...(flags.name ? { name: flags.name } : {}),
        ...(flags.command ? { command: flags.command } : {}),
        ...(flags.url ? { url: flags.url } : {}),
        ...(serveArgs.length > 0 ? { serveArgs } : {}),
        ...(workspaceFlags && flags.appStatusSlug ? { appStatusSlug: flags.appStatusSlug } : {}),
        ...(workspaceFlags && flags.aiAgentapiUrl ? { agentApiUrl: flags.aiAgentapiUrl } : {}),
        ...(flags.claudeConfigPath ? { claudeConfigPath: flags.claudeConfigPath } : {}),
        ...(flags.claudeMdPath ? { claudeMdPath: flags.claudeMdPath } : {}),
        ...(flags.claudeSystemPrompt ? { systemPrompt: flags.claudeSystemPrompt } : {}),
        ...(flags.claudeCoderPrompt ? { coderPrompt: flags.claudeCoderPrompt } : {}),
      };
      let plan: ReturnType<typeof planConfigure>;
      try {
        plan = planConfigure(options, io.host);
      } catch (error) {
        if (error instanceof ConfigureUsageError) throw new CliError(error.message, EXIT.usage);
        if (error instanceof ConfigFileError) throw new CliError(error.message, EXIT.failure);
        throw error;
      }
      if (flags.dryRun) {
        io.stdout(renderPlan(plan));
      } else if (plan.changes.length === 0) {
        io.stdout("Nothing to change: the configuration is already in place.\n");
      } else {
        for (const written of applyPlan(plan, io.host)) {
          io.stdout(
            `wrote ${written.path}${written.backup ? ` (previous version saved as ${written.backup})` : ""}\n`,
          );
        }
      }
      for (const note of plan.notes) io.stderr(`note: ${note}\n`);
    });
}
