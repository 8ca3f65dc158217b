/**
 * Workspace transport: exec overhead of PtyTransport (through the fake deployment on loopback)
 * against running the same command locally, requests per exec, and 10 MB write/read throughput
 * through the terminal. Targets: one exec opens one WebSocket and makes no other request; write
 * and read each at least 5 MB/s. A topic of `npm run bench` (`npm run bench -- workspace-transport`).
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { CoderClient } from "../src/client/index.js";
import { createFakeCoder } from "../src/testing/index.js";
import { PtyTransport } from "../src/workspace/index.js";
import { type BenchRow, row, rowAtLeast } from "./table.js";

const run = promisify(execFile);
const EXECS = 20;
const SIZE = 10 * 1024 * 1024;

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** Exec overhead, requests per exec and bulk throughput of the terminal transport. */
export async function workspaceTransportRows(): Promise<BenchRow[]> {
  const fake = createFakeCoder();
  try {
    const server = await fake.listen();
    const client = new CoderClient({ url: server.url, token: fake.owner.token, retry: false });
    const agent = fake.inspect
      .workspace("admin/dev")
      ?.latest_build.resources.flatMap((r) => r.agents ?? [])[0];
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
    const sockets = requests.filter((r) => r.path.endsWith("/pty") && r.status === 101).length;

    const data = new Uint8Array(randomBytes(SIZE));
    const writeMs = await time(() => transport.write(`${home}/bench.bin`, data));
    let back: Uint8Array = new Uint8Array();
    const readMs = await time(async () => {
      back = (await transport.read(`${home}/bench.bin`)).bytes;
    });
    if (Buffer.compare(Buffer.from(back), Buffer.from(data)) !== 0) {
      throw new Error("10 MB round trip was not byte-exact");
    }
    await transport.close();
    const mbps = (ms: number) => SIZE / 1024 / 1024 / (ms / 1000);
    return [
      row(
        "PtyTransport exec `echo hi` vs local sh",
        pty / local,
        // Reported, not a target of the issue: a terminal session per exec costs tens of ms.
        50,
        "×",
        `mean of ${EXECS}: ${(pty / EXECS).toFixed(1)} ms through the terminal, ${(local / EXECS).toFixed(1)} ms local`,
      ),
      row("PtyTransport requests per exec (all WebSocket upgrades)", requests.length / EXECS, 1, ""),
      rowAtLeast("PtyTransport WebSocket upgrades per exec", sockets / EXECS, 1, ""),
      rowAtLeast("PtyTransport write 10 MB", mbps(writeMs), 5, "MB/s"),
      rowAtLeast("PtyTransport read 10 MB", mbps(readMs), 5, "MB/s"),
    ];
  } finally {
    await fake.close();
  }
}
