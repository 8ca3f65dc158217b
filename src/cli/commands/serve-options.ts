import { type Command, Option } from "commander";
import { parseHttpUrl, parsePort, parsePositiveInt, parseToolNames, parseToolsets } from "../options.js";
import { addMcpConfigOptions } from "./mcp-tools.js";

/** The flags of `coder-toolsdk serve`, after parsing. */
export interface ServeFlags {
  // Coder's `coder exp mcp server` flags and environment.
  url?: string;
  instructions?: string;
  allowedTools?: string[];
  appStatusSlug?: string;
  aiAgentapiUrl?: string;
  // Ours.
  toolsets?: string[];
  readOnly?: boolean;
  deny?: string[];
  owner?: string;
  organization?: string;
  workspace?: string;
  http?: boolean;
  host: string;
  port: number;
  allowedHosts?: string[];
  maxBodyBytes: number;
  workers: number;
  /** `--mcp-config <path>` (repeatable), or `false` for `--no-mcp-config`. */
  mcpConfig?: string[] | false;
}

/** Default port of `serve --http`. */
export const DEFAULT_HTTP_PORT = 8080;
/** Default request-body limit of `serve --http`: 1 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

const hostList = (value: string) =>
  value
    .split(",")
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== "");

/** Declare `serve`'s options on `command` (shared with the help text and the deploy-example test). */
export function addServeOptions(command: Command): Command {
  return addMcpConfigOptions(command)
    .addOption(
      new Option("--url <url>", "Coder deployment URL (else the Coder CLI's login)")
        .env("CODER_URL")
        .argParser(parseHttpUrl),
    )
    .addOption(
      new Option("--instructions <text>", "MCP server instructions for the model").env(
        "CODER_MCP_INSTRUCTIONS",
      ),
    )
    .addOption(
      new Option("--allowed-tools <names>", "comma-separated tools to offer; empty means all selected tools")
        .env("CODER_MCP_ALLOWED_TOOLS")
        .argParser(parseToolNames),
    )
    .addOption(
      new Option(
        "--app-status-slug <slug>",
        "coder_app slug to report task status under (needs the agent token)",
      ).env("CODER_MCP_APP_STATUS_SLUG"),
    )
    .addOption(
      new Option("--ai-agentapi-url <url>", "AgentAPI URL to follow for idle/working status")
        .env("CODER_MCP_AI_AGENTAPI_URL")
        .argParser(parseHttpUrl),
    )
    .addOption(
      new Option("--toolsets <ids>", "comma-separated toolsets (see below); default standard").argParser(
        parseToolsets,
      ),
    )
    .option("--read-only", "offer only tools that change nothing")
    .addOption(new Option("--deny <names>", "comma-separated tools never to offer").argParser(parseToolNames))
    .option("--owner <user>", "pin the owner: tools act for this user and the model cannot choose another")
    .option("--organization <org>", "pin the organization (name or id)")
    .option("--workspace <owner/name>", "pin the workspace the workspace tools act on")
    .option("--http", "serve Streamable HTTP at /mcp (plus GET /healthz) instead of stdio")
    .addOption(
      new Option("--host <host>", "HTTP: address to listen on")
        .env("CODER_TOOLSDK_HOST")
        .default("127.0.0.1"),
    )
    .addOption(
      new Option("--port <n>", "HTTP: port to listen on (0 for any free port)")
        .env("CODER_TOOLSDK_PORT")
        .default(DEFAULT_HTTP_PORT)
        .argParser(parsePort),
    )
    .addOption(
      new Option(
        "--allowed-hosts <hosts>",
        "HTTP: comma-separated Host names to accept (loopback binds accept only localhost names without it)",
      )
        .env("CODER_TOOLSDK_ALLOWED_HOSTS")
        .argParser(hostList),
    )
    .addOption(
      new Option("--max-body-bytes <n>", "HTTP: largest request body accepted")
        .default(DEFAULT_MAX_BODY_BYTES)
        .argParser(parsePositiveInt),
    )
    .addOption(
      new Option("--workers <n>", "HTTP: worker processes sharing the port (Node's cluster module)")
        .env("CODER_TOOLSDK_WORKERS")
        .default(1)
        .argParser(parsePositiveInt),
    );
}
