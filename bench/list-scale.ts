import { createToolContext, getTool } from "../src/tools/index.js";
import {
  callTool,
  clientFor,
  deployment,
  expectOk,
  type RecordedBodies,
  recordingFetch,
  replayFetch,
  seedWorkspaces,
} from "./fixtures.js";
import { timeRatio } from "./measure.js";
import { type BenchRow, row } from "./table.js";

/**
 * How coder_list_workspaces' own cost grows with the deployment: 5,000 vs 100 workspaces of one
 * owner. Method: seed the fake with its seed helpers, call the tool once against it while
 * recording every response body, then time the tool against a fetch that replays those bodies.
 * Only the library is timed (HTTP layer, JSON parsing, validation, projection, output); the
 * fake's time to list thousands of workspaces is its own matter, not the library's.
 */
export async function listScaleRows(): Promise<BenchRow[]> {
  const large = await capture(5_000);
  const small = await capture(100);
  const ratio = await timeRatio(large.call, small.call, { warmup: 20, samples: 9, iterations: 20 });
  return [
    row(
      "coder_list_workspaces: library cost, 5,000 vs 100 workspaces",
      ratio.ratio,
      2,
      "×",
      `Tool timed against replayed response bodies (library only). It reads ${large.rows} rows in ${large.requests} request(s) at 5,000 workspaces and ${small.rows} in ${small.requests} at 100; fastest ${ratio.aMs.toFixed(2)} ms vs ${ratio.bMs.toFixed(2)} ms per call.`,
    ),
  ];
}

/** Seed an owner with `total` workspaces, record the tool's responses, return a replaying call. */
async function capture(total: number) {
  const { fake } = deployment();
  const owner = "bench-owner";
  fake.seed.user({ username: owner });
  seedWorkspaces(fake, owner, total);
  const bodies: RecordedBodies = new Map();
  const recorded = createToolContext({ client: clientFor(fake, recordingFetch(fake, bodies)) });
  const tool = getTool("coder_list_workspaces");
  const args = { owner };
  const first = expectOk(await callTool(tool, args, recorded), "coder_list_workspaces");
  if (first.value.count !== total)
    throw new Error(`bench: expected ${total} workspaces, got ${first.value.count}`);
  await fake.close();
  const rows = [...bodies.values()].reduce(
    (n, body) => n + (JSON.parse(body) as { workspaces: unknown[] }).workspaces.length,
    0,
  );
  const replay = createToolContext({ client: clientFor(fake, replayFetch(bodies)) });
  return { call: () => callTool(tool, args, replay), rows, requests: bodies.size };
}
