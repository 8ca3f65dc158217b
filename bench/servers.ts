/**
 * The ready-made servers: what they cost and how they scale, as ratios from one run. A topic of
 * `npm run bench` (`npm run bench -- servers`).
 *
 * - stdio `tools/call` throughput: a no-op tool served the way `coder-toolsdk serve` serves it,
 *   against the MCP SDK's bare `McpServer` with the same no-op tool (target: ≥ 0.8×).
 * - `serve --http` requests per second at 50 concurrent clients calling a read-only tool, with 1
 *   worker and with 2 (Node's cluster module). The fake deployment runs in its own process so the
 *   server is what is measured; on a two-core machine the load generator competes for the cores.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { type BenchRow, rowAtLeast } from "./table.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CALLS = Number(process.env.BENCH_CALLS ?? 2000);
const HTTP_SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 5);
const CONCURRENCY = 50;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const tsx = (script: string, args: string[]) =>
  [process.execPath, ["--import", "tsx", script, ...args]] as const;

/** Start a process and resolve with the first match of `pattern` in its stderr or stdout. */
function startAndWait(
  command: string,
  args: readonly string[],
  env: Record<string, string>,
  pattern: RegExp,
) {
  const child = spawn(command, [...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const found = new Promise<RegExpExecArray>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = pattern.exec(out);
      if (match) resolve(match);
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
  return { child, found };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

/** Calls per second of `name` over stdio against a spawned server, sequential calls, after warm-up. */
async function stdioRate(
  command: string,
  args: readonly string[],
  env: Record<string, string>,
  name: string,
  toolArgs: Record<string, unknown>,
) {
  const transport = new StdioClientTransport({
    command,
    args: [...args],
    env: { PATH: process.env.PATH ?? "", ...env },
    cwd: ROOT,
    stderr: "ignore",
  });
  const client = new Client({ name: "bench", version: "1.0.0" });
  await client.connect(transport);
  const call = async () => {
    const result = await client.callTool({ name, arguments: toolArgs });
    if (result.isError) throw new Error(JSON.stringify(result.content));
  };
  for (let i = 0; i < 100; i++) await call();
  const start = performance.now();
  for (let i = 0; i < CALLS; i++) await call();
  const rate = CALLS / ((performance.now() - start) / 1000);
  await client.close();
  return rate;
}

/** stdio call overhead against the bare SDK, and HTTP throughput with one and two workers. */
export async function serverRows(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  // The fake deployment, in its own process.
  const fake = startAndWait(
    process.execPath,
    [
      "--import",
      "tsx",
      "-e",
      'const { createFakeCoder } = await import("./src/testing/index.ts"); const f = createFakeCoder(); const s = await f.listen(); console.log(`FAKE ${s.url} ${f.owner.token}`);',
    ],
    {},
    /FAKE (\S+) (\S+)/,
  );
  const [, coderUrl = "", token = ""] = await fake.found;

  try {
    const [bareCmd, bareArgs] = tsx("bench/servers-stdio-child.ts", ["bare"]);
    const [oursCmd, oursArgs] = tsx("bench/servers-stdio-child.ts", ["ours"]);
    // Interleaved rounds, best of each: on a shared machine the least disturbed run is the truest.
    const bare: number[] = [];
    const ours: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      bare.push(await stdioRate(bareCmd, bareArgs, {}, "noop", { text: "hi" }));
      ours.push(await stdioRate(oursCmd, oursArgs, {}, "noop", { text: "hi" }));
    }
    const bareBest = Math.max(...bare);
    const oursBest = Math.max(...ours);
    rows.push(
      rowAtLeast(
        "stdio tools/call of a no-op tool: our server stack vs the bare SDK McpServer",
        oursBest / bareBest,
        0.8,
        "×",
        `calls per second, best of ${ROUNDS} runs of ${CALLS}: ours ${oursBest.toFixed(0)}, bare ${bareBest.toFixed(0)}`,
      ),
    );

    // HTTP: 50 clients, each POSTing tools/call (2025-era stateless requests) back to back.
    const body = JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "tools/call",
      params: { name: "coder_get_authenticated_user", arguments: {} },
    });
    const headers = {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-protocol-version": "2025-11-25",
      "coder-session-token": token,
    };
    const httpRate = async (workers: number) => {
      const server = startAndWait(
        process.execPath,
        ["--import", "tsx", "src/cli/bin.ts", "serve", "--http", "--port", "0", "--workers", String(workers)],
        { CODER_URL: coderUrl },
        /"msg":"listening","url":"([^"]+)"/,
      );
      const [, url = ""] = await server.found;
      const one = async () => {
        const response = await fetch(url, { method: "POST", headers, body });
        const text = await response.text();
        if (response.status !== 200 || !text.includes("username"))
          throw new Error(`${response.status}: ${text.slice(0, 200)}`);
      };
      for (let i = 0; i < 50; i++) await one(); // warm-up (and the token check's cache)
      let done = 0;
      const deadline = performance.now() + HTTP_SECONDS * 1000;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (performance.now() < deadline) {
            await one();
            done += 1;
          }
        }),
      );
      await stop(server.child);
      return done / HTTP_SECONDS;
    };
    const one = await httpRate(1);
    const two = await httpRate(2);
    rows.push(
      rowAtLeast(
        `serve --http, ${CONCURRENCY} concurrent clients (coder_get_authenticated_user): 1 worker`,
        one,
        20,
        "req/s",
        `the fake Coder runs in its own process; ${HTTP_SECONDS} s per configuration`,
      ),
      rowAtLeast(
        `serve --http, ${CONCURRENCY} concurrent clients: 2 workers vs 1`,
        two / one,
        1,
        "×",
        `2 workers ${two.toFixed(0)} req/s; on two cores the load generator and the fake compete for them`,
      ),
    );
  } finally {
    await stop(fake.child);
  }

  return rows;
}
