/**
 * Workspace transport benchmark: exec overhead of PtyTransport (through the fake deployment on
 * loopback) against running the same command locally, and 10 MB write/read throughput through
 * the terminal. Targets: write and read each at least 5 MB/s; one exec opens one WebSocket and
 * makes no other request. Run: `npx tsx bench/workspace-transport.ts`.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { CoderClient } from "../src/client/index.js";
import { createFakeCoder } from "../src/testing/index.js";
import { PtyTransport } from "../src/workspace/index.js";

const run = promisify(execFile);
const EXECS = 20;
const SIZE = 10 * 1024 * 1024;
const TARGET_MB_S = 5;

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

const fake = createFakeCoder();
try {
  const server = await fake.listen();
  const client = new CoderClient({ url: server.url, token: fake.owner.token, retry: false });
  const agent = fake.inspect.workspace("admin/dev")?.latest_build.resources.flatMap((r) => r.agents ?? [])[0];
  if (!agent) throw new Error("the fake has no admin/dev agent");
  const transport = new PtyTransport(client, agent.id);
  const home = fake.workspaceDir("admin/dev");

  await transport.exec("true"); // warm up
  const before = fake.requests.length;
  let pty = 0;
  for (let i = 0; i < EXECS; i++) pty += await time(() => transport.exec("echo hi"));
  const requests = fake.requests.slice(before);
  let local = 0;
  for (let i = 0; i < EXECS; i++) local += await time(() => run("/bin/sh", ["-c", "echo hi"]));
  const perExec = requests.length / EXECS;
  const sockets = requests.filter((r) => r.path.endsWith("/pty") && r.status === 101).length / EXECS;

  const data = new Uint8Array(randomBytes(SIZE));
  const writeMs = await time(() => transport.write(`${home}/bench.bin`, data));
  let back: Uint8Array = new Uint8Array();
  const readMs = await time(async () => {
    back = (await transport.read(`${home}/bench.bin`)).bytes;
  });
  if (Buffer.compare(Buffer.from(back), Buffer.from(data)) !== 0)
    throw new Error("10 MB round trip was not byte-exact");
  const mbps = (ms: number) => SIZE / 1024 / 1024 / (ms / 1000);
  await transport.close();

  const rows: [string, string, string][] = [
    ["exec `echo hi`, PtyTransport (mean)", `${(pty / EXECS).toFixed(1)} ms`, ""],
    ["exec `echo hi`, local sh (mean)", `${(local / EXECS).toFixed(1)} ms`, ""],
    ["exec overhead ratio (pty / local)", `${(pty / local).toFixed(1)}×`, ""],
    ["requests per exec", perExec.toFixed(2), perExec === 1 && sockets === 1 ? "ok (one WebSocket)" : "FAIL"],
    ["write 10 MB", `${mbps(writeMs).toFixed(1)} MB/s`, mbps(writeMs) >= TARGET_MB_S ? "ok" : "FAIL"],
    ["read 10 MB", `${mbps(readMs).toFixed(1)} MB/s`, mbps(readMs) >= TARGET_MB_S ? "ok" : "FAIL"],
  ];
  console.log("workspace transport (fake deployment, loopback)");
  for (const [what, value, verdict] of rows)
    console.log(`  ${what.padEnd(40)} ${value.padStart(12)}  ${verdict}`);
  if (rows.some((r) => r[2] === "FAIL")) process.exitCode = 1;
} finally {
  await fake.close();
}
