/**
 * What the doors cost on top of a direct `callTool`, measured in one run as ratios (never as timed
 * test assertions). Run with `npx tsx bench/adapters.ts`.
 *
 * - router `call` vs `callTool` (target: at most 1.05× on a real tool call);
 * - MCP `tools/call` through SDK v2's own Client over an in-memory transport vs `callTool`
 *   (reported: that path adds JSON-RPC framing and the SDK's own schema handling);
 * - both again with a tool that does no I/O, which shows the adapters' own overhead undiluted.
 *
 * The Coder side is the fake deployment's in-process `fetch` (no sockets), so the numbers measure
 * our code and the SDK, not a network.
 */
import { Client } from "@modelcontextprotocol/client";
import { InMemoryTransport, McpServer } from "@modelcontextprotocol/server";
import { z } from "zod";
import { registerCoderTools } from "../src/adapters/mcp/index.js";
import { createToolRouter } from "../src/adapters/router/index.js";
import {
  type AnyToolDefinition,
  CoderClient,
  callTool,
  createToolContext,
  defineTool,
  getTool,
  READ_ONLY,
} from "../src/index.js";
import { createFakeCoder } from "../src/testing/index.js";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const CALLS_PER_ROUND = Number(process.env.BENCH_CALLS ?? 200);

const fake = createFakeCoder();
const client = new CoderClient({ url: fake.url, token: fake.owner.token, fetch: fake.fetch, retry: false });

const echo = defineTool({
  name: "bench_echo",
  title: "Echo",
  description: "Returns its argument.",
  toolset: "workspaces",
  annotations: READ_ONLY,
  input: z.object({ text: z.string() }),
  output: z.object({ text: z.string() }),
  handler: ({ text }) => ({ text }),
});

interface Case {
  label: string;
  tool: AnyToolDefinition;
  args: Record<string, unknown>;
}
const cases: Case[] = [
  {
    label: "coder_get_workspace (fake Coder)",
    tool: getTool("coder_get_workspace"),
    args: { workspace_id: "admin/dev" },
  },
  { label: "no-I/O echo tool", tool: echo, args: { text: "hello" } },
];

/**
 * Median time per call of each runner. Rounds interleave the runners in rotating order, so warm-up,
 * garbage collection and the fake's growing state do not favour whichever runs first.
 */
async function perCall(runners: (() => Promise<unknown>)[]): Promise<number[]> {
  for (const run of runners) for (let i = 0; i < 20; i++) await run(); // warm-up
  const samples: number[][] = runners.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < runners.length; k++) {
      const index = (round + k) % runners.length;
      const run = runners[index] as () => Promise<unknown>;
      const start = performance.now();
      for (let i = 0; i < CALLS_PER_ROUND; i++) await run();
      samples[index]?.push((performance.now() - start) / CALLS_PER_ROUND);
    }
  }
  return samples.map((list) => {
    list.sort((a, b) => a - b);
    return list[Math.floor(list.length / 2)] ?? Number.NaN;
  });
}

const rows: string[][] = [];
for (const { label, tool, args } of cases) {
  const tools = [tool];
  const router = createToolRouter({ client, tools });
  const server = new McpServer({ name: "bench", version: "1.0.0" });
  registerCoderTools(server, { client, tools });
  const mcp = new Client({ name: "bench", version: "1.0.0" });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(serverSide), mcp.connect(clientSide)]);

  const [direct = Number.NaN, routed = Number.NaN, overMcp = Number.NaN] = await perCall([
    async () => {
      const result = await callTool(tool, args, createToolContext({ client }));
      if (!result.ok) throw new Error(result.text);
    },
    async () => {
      const result = await router.call(tool.name, args);
      if (!result.ok) throw new Error(result.text);
    },
    async () => {
      const result = await mcp.callTool({ name: tool.name, arguments: args });
      if (result.isError) throw new Error(JSON.stringify(result.content));
    },
  ]);
  await mcp.close();

  const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;
  rows.push([label, "callTool (baseline)", us(direct), "1.00×"]);
  rows.push([label, "router.call", us(routed), `${(routed / direct).toFixed(2)}×`]);
  rows.push([label, "MCP v2 tools/call, in memory", us(overMcp), `${(overMcp / direct).toFixed(2)}×`]);
}
await fake.close();

const header = ["tool", "path", "per call (median)", "vs callTool"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ");
console.log(
  `${ROUNDS} rounds × ${CALLS_PER_ROUND} calls each; target: router.call ≤ 1.05× on the Coder tool`,
);
console.log(line(header));
console.log(line(widths.map((w) => "-".repeat(w))));
for (const row of rows) console.log(line(row));
