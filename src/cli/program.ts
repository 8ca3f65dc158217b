import { Command, CommanderError } from "commander";
import { VERSION } from "../version.js";
import { addConfigureCommand } from "./commands/configure.js";
import { addDemoCommand } from "./commands/demo.js";
import { addMcpToolsCommand } from "./commands/mcp-tools.js";
import { runServe } from "./commands/serve.js";
import { addServeOptions, type ServeFlags } from "./commands/serve-options.js";
import { CliError, type CliIo, EXIT } from "./io.js";
import { toolsetHelp } from "./options.js";

/**
 * The `coder-toolsdk` command tree. Commander is used rather than `util.parseArgs`: subcommands,
 * generated `--help`, environment-variable fallbacks (`CODER_MCP_*`, as Coder's CLI reads them)
 * and "allowed choices" errors come with it, and it is small and dependency-free.
 */
export function buildProgram(io: CliIo): Command {
  const program = new Command("coder-toolsdk")
    .description(
      "Coder tools for AI agents: an MCP server (stdio or HTTP), client configuration, and a demo.",
    )
    .version(VERSION, "-v, --version")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();

  const serve = addServeOptions(
    program
      .command("serve")
      .summary("run the Coder MCP server (stdio, or Streamable HTTP with --http)")
      .description(
        "Run the Coder MCP server. Over stdio (the default) it is a drop-in for `coder exp mcp server`: it reads CODER_URL and " +
          "CODER_SESSION_TOKEN (or the Coder CLI's login), and with CODER_AGENT_URL, CODER_AGENT_TOKEN (or CODER_AGENT_TOKEN_FILE) " +
          "and --app-status-slug it reports task status to the Coder dashboard. With --http it serves many users at /mcp, " +
          "each with the token of their own request. The session token is read from the environment only, never from a flag, " +
          "so it does not show in the process list.",
      ),
  );
  serve.addHelpText("after", `\n${toolsetHelp()}\n`);
  serve.action((flags: ServeFlags) => runServe(flags, io));

  addConfigureCommand(program, io);
  addDemoCommand(program, io);
  addMcpToolsCommand(program, io);
  return program;
}

/**
 * Run `coder-toolsdk` with `argv` (without node and the script) and return the exit code:
 * 0 on success, 1 when the command failed, 2 for a bad command line. Errors go to stderr.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end with exit code 0; every other commander error is a usage mistake
      // whose message commander already wrote to stderr.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof CliError) {
      io.stderr(`error: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failure;
  }
}
