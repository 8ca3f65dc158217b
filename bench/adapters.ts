/**
 * What the doors cost on top of a direct `callTool`, measured in one run as ratios (never as timed
 * test assertions). A topic of `npm run bench` (`npm run bench -- adapters`).
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
import { type BenchRow, row } from "./table.js";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const CALLS_PER_ROUND = Number(process.env.BENCH_CALLS ?? 100);

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
  /** The target for the router on a real tool; the rest are reported with loose bounds. */
  routerTarget: number;
  mcpTarget: number;
}
const cases: Case[] = [
  {
    label: "coder_get_workspace (fake Coder)",
    tool: getTool("coder_get_workspace"),
    args: { workspace_id: "admin/dev" },
    routerTarget: 1.05,
    // Reported, not a target of the issue: JSON-RPC framing and the SDK's own handling per call.
    mcpTarget: 3,
  },
  // The adapters' own overhead undiluted by I/O: reported against loose bounds.
  { label: "no-I/O echo tool", tool: echo, args: { text: "hello" }, routerTarget: 2, mcpTarget: 20 },
];

/**
 * Fastest round's CPU time per call of each runner: other load on a shared machine only ever adds
 * time, so the fastest round is the closest to the code's own cost (a median drifts with the
 * load). Rounds interleave the runners in rotating order, so warm-up,
 * garbage collection and the fake's growing state do not favour whichever runs first.
 */
async function perCall(runners: (() => Promise<unknown>)[]): Promise<number[]> {
  for (const run of runners) for (let i = 0; i < 20; i++) await run(); // warm-up
  const samples: number[][] = runners.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < runners.length; k++) {
      const index = (round + k) % runners.length;
      const run = runners[index] as () => Promise<unknown>;
      // CPU time of this process (the fake runs in it too, with no sockets): other processes'
      // load changes wall time far more than it changes our own CPU time.
      const start = process.cpuUsage();
      for (let i = 0; i < CALLS_PER_ROUND; i++) await run();
      const used = process.cpuUsage(start);
      samples[index]?.push((used.user + used.system) / 1000 / CALLS_PER_ROUND);
    }
  }
  return samples.map((list) => {
    list.sort((a, b) => a - b);
    return list[0] ?? Number.NaN;
  });
}

/** Router and MCP `tools/call` against a direct `callTool`, for a Coder tool and a no-I/O tool. */
export async function adapterRows(): Promise<BenchRow[]> {
  const fake = createFakeCoder();
  const client = new CoderClient({ url: fake.url, token: fake.owner.token, fetch: fake.fetch, retry: false });
  const rows: BenchRow[] = [];
  try {
    for (const { label, tool, args, routerTarget, mcpTarget } of cases) {
      const tools = [tool];
      const router = createToolRouter({ client, tools });
      const server = new McpServer({ name: "bench", version: "1.0.0" });
      registerCoderTools(server, { client, tools });
      const mcp = new Client({ name: "bench", version: "1.0.0" });
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      await Promise.all([server.connect(serverSide), mcp.connect(clientSide)]);
      const direct = async () => {
        const result = await callTool(tool, args, createToolContext({ client }));
        if (!result.ok) throw new Error(result.text);
      };
      // Each door is compared with callTool in its own interleaved run: with the MCP runner in the
      // same rotation, the garbage and pending work it leaves behind were billed to whichever runner
      // came next, which made the router look 10–20% slower than it is (about 1% measured alone).
      const [routerBase = Number.NaN, routed = Number.NaN] = await perCall([
        direct,
        async () => {
          const result = await router.call(tool.name, args);
          if (!result.ok) throw new Error(result.text);
        },
      ]);
      const [mcpBase = Number.NaN, overMcp = Number.NaN] = await perCall([
        direct,
        async () => {
          const result = await mcp.callTool({ name: tool.name, arguments: args });
          if (result.isError) throw new Error(JSON.stringify(result.content));
        },
      ]);
      await mcp.close();
      const note = `fastest of ${ROUNDS} rounds × ${CALLS_PER_ROUND} calls; callTool ${(routerBase * 1000).toFixed(1)} µs CPU per call`;
      rows.push(row(`${label}: router.call vs callTool`, routed / routerBase, routerTarget, "×", note));
      rows.push(row(`${label}: MCP v2 tools/call in memory vs callTool`, overMcp / mcpBase, mcpTarget, "×"));
    }
  } finally {
    await fake.close();
  }
  return rows;
}
