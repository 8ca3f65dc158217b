import { type Command, Option } from "commander";
import { startDemo } from "../../server/demo.js";
import type { CliIo } from "../io.js";
import { parsePort } from "../options.js";

/** `coder-toolsdk demo`: a fake Coder deployment and the HTTP MCP server, until Ctrl-C. */
export function addDemoCommand(program: Command, io: CliIo): void {
  program
    .command("demo")
    .summary("run the MCP server on a fake Coder deployment, to try it without Coder")
    .description(
      "Start an in-memory fake Coder deployment and the Streamable HTTP MCP server in front of it, both on 127.0.0.1, " +
        "and print the URL, a token and a client configuration to paste. Everything is gone when it stops (Ctrl-C).",
    )
    .addOption(
      new Option("--port <n>", "port of the MCP server (0: any free port)").default(0).argParser(parsePort),
    )
    .option("--verbose", "print the access log on stderr")
    .action(async (flags: { port: number; verbose?: boolean }) => {
      const demo = await startDemo({
        port: flags.port,
        ...(flags.verbose ? { log: (line: string) => io.stderr(`${line}\n`) } : {}),
      });
      // Printing the token is acceptable only because it is fake and dies with the process.
      io.stdout(
        [
          `Fake Coder deployment (in memory): ${demo.coderUrl}`,
          `MCP server (Streamable HTTP):      ${demo.mcpUrl}`,
          `Token for user "admin" (fake deployment only, not a real credential): ${demo.token}`,
          "",
          "Client configuration (Claude Code .mcp.json, Cursor mcp.json):",
          demo.clientConfig(),
          "",
          `Try: npx @modelcontextprotocol/inspector --cli ${demo.mcpUrl} --header "Coder-Session-Token: ${demo.token}" --method tools/list`,
          "Serving until Ctrl-C.",
          "",
        ].join("\n"),
      );
      const signal = io.signal;
      if (signal && !signal.aborted)
        await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
      await demo.stop();
      io.stdout("Stopped.\n");
    });
}
