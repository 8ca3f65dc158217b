import { type ChildProcess, spawn } from "node:child_process";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { CoderClient, detectCapabilities } from "../../src/client/index.js";
import { selectTools, standardTools } from "../../src/tools/index.js";
import { REPO_ROOT } from "../examples/run-example.js";

/** The protocol era a test client asks for: `auto` negotiates 2026-07-28, `legacy` speaks 2025. */
export type Era = "auto" | "legacy";

/** An MCP client connected over Streamable HTTP with the given headers. */
export async function connectHttp(
  url: string,
  headers: Record<string, string>,
  era: Era = "auto",
): Promise<Client> {
  const client = new Client(
    { name: "coder-toolsdk-test", version: "1.0.0" },
    { versionNegotiation: { mode: era } },
  );
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  return client;
}

/** The JSON a tool returned as text. */
export function resultJson(result: unknown): unknown {
  const content = (result as { content?: { type: string; text?: string }[] }).content ?? [];
  return JSON.parse(content.find((c) => c.type === "text")?.text ?? "null");
}

/** A `coder-toolsdk` process started from source with the pinned Node and tsx. */
export interface CliProcess {
  child: ChildProcess;
  stderr(): string;
  /** Resolves with the `/mcp` URL from the "listening" log line. */
  listening: Promise<string>;
  exited: Promise<number | null>;
}

/** Start `coder-toolsdk <args>` from source (tsx), with `env` added to this process's. */
export function startCli(args: string[], env: Record<string, string>): CliProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/bin.ts", ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  let resolveUrl: (url: string) => void;
  const listening = new Promise<string>((resolve) => {
    resolveUrl = resolve;
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    const match = /"msg":"listening","url":"([^"]+)"/.exec(stderr);
    if (match?.[1]) resolveUrl(match[1]);
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, stderr: () => stderr, listening, exited };
}

/**
 * The standard tools a server offers on `coderUrl`: the ones the deployment can serve (on the
 * default fake, current Coder, the task tools are left out).
 */
export async function servedStandardTools(coderUrl: string, token: string): Promise<string[]> {
  const capabilities = await detectCapabilities(new CoderClient({ url: coderUrl, token }));
  return selectTools(standardTools, { capabilities }).map((tool) => tool.name);
}
