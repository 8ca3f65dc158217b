import cluster from "node:cluster";
import { resolveUserConfig } from "../../client/config.js";
import { discoverMcpConfigs, McpProxy, mcpToolsReport, renderToolTable } from "../../proxy/index.js";
import { runClusterPrimary, runHttpServer } from "../../server/http/listen.js";
import type { ServerSelection } from "../../server/selection.js";
import { runStdioServer, StdioStartError } from "../../server/stdio.js";
import { CliError, type CliIo, EXIT } from "../io.js";
import type { ServeFlags } from "./serve-options.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function selectionFrom(flags: ServeFlags): ServerSelection {
  const pin = {
    ...(flags.owner ? { owner: flags.owner } : {}),
    ...(flags.workspace ? { workspace: flags.workspace } : {}),
    ...(flags.organization && UUID.test(flags.organization) ? { organization_id: flags.organization } : {}),
  };
  return {
    ...(flags.toolsets ? { toolsets: flags.toolsets } : {}),
    ...(flags.allowedTools?.length ? { allowedTools: flags.allowedTools } : {}),
    ...(flags.deny ? { deny: flags.deny } : {}),
    ...(flags.readOnly ? { readOnly: true } : {}),
    ...(Object.keys(pin).length ? { pin } : {}),
  };
}

/** `coder-toolsdk serve`: stdio by default, Streamable HTTP with `--http`. */
export async function runServe(flags: ServeFlags, io: CliIo): Promise<void> {
  const signal = io.signal ?? new AbortController().signal;
  const log = (line: string) => io.stderr(`${line}\n`);
  if (flags.http) {
    let coderUrl = flags.url;
    if (!coderUrl) {
      try {
        coderUrl = resolveUserConfig(io.host.env, io.host.platform).url;
      } catch {
        throw new CliError(
          "serve --http: which Coder deployment? set CODER_URL or --url (tokens come with each request)",
          EXIT.usage,
        );
      }
    }
    if (flags.organization && !UUID.test(flags.organization)) {
      throw new CliError(
        "--organization: over HTTP give the organization's UUID (names need a token to look up)",
        EXIT.usage,
      );
    }
    if (flags.workers > 1 && cluster.isPrimary) {
      await runClusterPrimary(flags.workers, log, signal);
      return;
    }
    // Over HTTP every caller with a token Coder accepts reaches these servers, so only the files
    // named with --mcp-config are read: a ./.mcp.json that happens to be there is not served.
    const mcpConfigPaths = Array.isArray(flags.mcpConfig)
      ? discoverMcpConfigs({ cwd: io.host.cwd, paths: flags.mcpConfig, enabled: true })
      : [];
    const proxy =
      mcpConfigPaths.length > 0
        ? await McpProxy.start({ configPaths: mcpConfigPaths, config: { env: io.host.env } })
        : undefined;
    if (proxy) {
      for (const line of renderToolTable(mcpToolsReport(proxy)).trimEnd().split("\n"))
        log(`MCP servers: ${line}`);
      proxy.watch();
    }
    try {
      await runHttpServer(
        {
          ...(proxy ? { proxy } : {}),
          coderUrl: coderUrl.replace(/\/+$/, ""),
          selection: selectionFrom(flags),
          ...(flags.instructions ? { instructions: flags.instructions } : {}),
          ...(flags.allowedHosts?.length ? { allowedHosts: flags.allowedHosts } : {}),
          maxBodyBytes: flags.maxBodyBytes,
          host: flags.host,
          port: flags.port,
          log,
        },
        signal,
      );
    } finally {
      await proxy?.close();
    }
    return;
  }

  if (!io.streams) throw new CliError("serve: stdio is not available here", EXIT.failure);
  try {
    await runStdioServer({
      env: io.host.env,
      platform: io.host.platform,
      ...(flags.url ? { url: flags.url } : {}),
      ...(flags.instructions ? { instructions: flags.instructions } : {}),
      selection: selectionFrom(flags),
      ...(flags.organization && !UUID.test(flags.organization) ? { organization: flags.organization } : {}),
      ...(flags.appStatusSlug ? { appStatusSlug: flags.appStatusSlug } : {}),
      ...(flags.aiAgentapiUrl ? { agentApiUrl: flags.aiAgentapiUrl } : {}),
      mcpConfigPaths: discoverMcpConfigs({
        cwd: io.host.cwd,
        ...(Array.isArray(flags.mcpConfig) ? { paths: flags.mcpConfig } : {}),
        enabled: flags.mcpConfig !== false,
      }),
      log,
      stdin: io.streams.stdin,
      stdout: io.streams.stdout,
      signal,
    });
  } catch (error) {
    if (error instanceof StdioStartError) throw new CliError(error.message, EXIT.failure);
    throw error;
  }
}
