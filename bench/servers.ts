/**
 * What the ready-made servers cost and how they scale, as ratios from one run (never as timed test
 * assertions). Run with `npx tsx bench/servers.ts`.
 *
 * - stdio `tools/call` throughput: a no-op tool served the way `coder-toolsdk serve` serves it,
 *   against the MCP SDK's bare `McpServer` with the same no-op tool (target: ≥ 0.8×); and, for
 *   scale, the real bin calling `coder_get_authenticated_user` on a fake deployment on loopback.
 * - `serve --http` requests per second at 50 concurrent clients calling a read-only tool, with 1
 *   worker and with 2 (Node's cluster module). The fake deployment runs in its own process so the
 *   server is what is measured; on a two-core machine the load generator competes for the cores.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CALLS = Number(process.env.BENCH_CALLS ?? 2000);
const HTTP_SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 5);
const CONCURRENCY = 50;
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

const rows: string[][] = [];
const fmt = (n: number) => n.toFixed(0);
try {
  const [bareCmd, bareArgs] = tsx("bench/servers-stdio-child.ts", ["bare"]);
  const [oursCmd, oursArgs] = tsx("bench/servers-stdio-child.ts", ["ours"]);
  // Interleave, best of three each, so warm-up and machine noise favour neither.
  const bare: number[] = [];
  const ours: number[] = [];
  for (let i = 0; i < 3; i++) {
    bare.push(await stdioRate(bareCmd, bareArgs, {}, "noop", { text: "hi" }));
    ours.push(await stdioRate(oursCmd, oursArgs, {}, "noop", { text: "hi" }));
  }
  const bareBest = Math.max(...bare);
  const oursBest = Math.max(...ours);
  rows.push(["stdio tools/call, no-op tool", "bare SDK McpServer", `${fmt(bareBest)} calls/s`, "1.00×"]);
  rows.push([
    "stdio tools/call, no-op tool",
    "coder-toolsdk server stack",
    `${fmt(oursBest)} calls/s`,
    `${(oursBest / bareBest).toFixed(2)}× (target ≥ 0.80×)`,
  ]);
  const [binCmd, binArgs] = tsx("src/cli/bin.ts", ["serve"]);
  const real = await stdioRate(
    binCmd,
    binArgs,
    { CODER_URL: coderUrl, CODER_SESSION_TOKEN: token },
    "coder_get_authenticated_user",
    {},
  );
  rows.push([
    "stdio tools/call, coder_get_authenticated_user",
    "coder-toolsdk serve (fake Coder on loopback)",
    `${fmt(real)} calls/s`,
    `${(real / bareBest).toFixed(2)}×`,
  ]);

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
  rows.push([
    `HTTP tools/call, ${CONCURRENCY} concurrent clients`,
    "serve --http, 1 worker",
    `${fmt(one)} req/s`,
    "1.00×",
  ]);
  rows.push([
    `HTTP tools/call, ${CONCURRENCY} concurrent clients`,
    "serve --http --workers 2",
    `${fmt(two)} req/s`,
    `${(two / one).toFixed(2)}×`,
  ]);
} finally {
  await stop(fake.child);
}

const header = ["measure", "server", "throughput", "ratio"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ");
console.log(
  `${CALLS} sequential stdio calls per run (best of 3); HTTP for ${HTTP_SECONDS} s per configuration`,
);
console.log(line(header));
console.log(line(widths.map((w) => "-".repeat(w))));
for (const row of rows) console.log(line(row));
