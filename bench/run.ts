/**
 * `npm run bench`: measures cost ratios in one run and prints one table with targets. Not part of
 * `npm test`: timings belong here, never in assertions. Each topic module returns rows; add a
 * module to `TOPICS` to add rows. Exits 1 when a row misses its target.
 */

import { adapterRows } from "./adapters.js";
import { listScaleRows } from "./list-scale.js";
import { logMemoryRows } from "./log-memory.js";
import { outputSizeRows } from "./output-size.js";
import { serverRows } from "./servers.js";
import { type BenchRow, renderTable } from "./table.js";
import { toolOverheadRows } from "./tool-overhead.js";
import { workspaceTransportRows } from "./workspace-transport.js";

const TOPICS: { name: string; rows: () => Promise<BenchRow[]> }[] = [
  { name: "tool overhead", rows: toolOverheadRows },
  { name: "list scale", rows: listScaleRows },
  { name: "log memory", rows: logMemoryRows },
  { name: "output size", rows: outputSizeRows },
  { name: "adapters", rows: adapterRows },
  { name: "workspace transport", rows: workspaceTransportRows },
  { name: "servers", rows: serverRows },
];

const only = process.argv.slice(2);
const rows: BenchRow[] = [];
for (const topic of TOPICS) {
  if (only.length > 0 && !only.includes(topic.name.replace(/ /g, "-"))) continue;
  const start = performance.now();
  rows.push(...(await topic.rows()));
  process.stderr.write(`bench: ${topic.name} took ${((performance.now() - start) / 1000).toFixed(1)} s\n`);
}
console.log(renderTable(rows));
process.exitCode = rows.every((r) => r.pass) ? 0 : 1;
