import { createFakeCoder, type FakeCoder } from "../testing/index.js";
import { type RunningHttpServer, startHttpServer } from "./http/listen.js";

/** Options of {@link startDemo}. */
export interface DemoOptions {
  /** Port of the MCP server (0: any free port). */
  port?: number;
  /** Access log lines; dropped by default. */
  log?(line: string): void;
  /** Milliseconds per provisioner step of the fake deployment (default 30). */
  buildStepMs?: number;
}

/** A fake Coder deployment and the HTTP MCP server in front of it, both on 127.0.0.1. */
export interface RunningDemo {
  /** The fake deployment (in memory; its users and token die with the process). */
  readonly fake: FakeCoder;
  readonly coderUrl: string;
  readonly server: RunningHttpServer;
  /** `<server>/mcp`. */
  readonly mcpUrl: string;
  /** The seeded owner's token (fake deployment only). */
  readonly token: string;
  /** A client configuration (Claude Code `.mcp.json`, Cursor `mcp.json` shape) for the demo server. */
  clientConfig(): string;
  stop(): Promise<void>;
}

/** Start the demo: `coder-toolsdk demo`, `npm start`, and the scripted session of `npm run demo`. */
export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const fake = createFakeCoder({ buildStepMs: options.buildStepMs ?? 30 });
  const coderUrl = (await fake.listen()).url;
  const server = await startHttpServer({
    coderUrl,
    selection: {},
    host: "127.0.0.1",
    port: options.port ?? 0,
    maxBodyBytes: 1024 * 1024,
    log: options.log ?? (() => {}),
  });
  const mcpUrl = `${server.url}/mcp`;
  const token = fake.owner.token;
  return {
    fake,
    coderUrl,
    server,
    mcpUrl,
    token,
    clientConfig: () =>
      JSON.stringify(
        {
          mcpServers: {
            "coder-demo": { type: "http", url: mcpUrl, headers: { "Coder-Session-Token": token } },
          },
        },
        null,
        2,
      ),
    async stop() {
      await server.stop();
      await fake.close();
    },
  };
}
