import { CoderClient, type WebSocketConstructor } from "../src/client/index.js";
import { callTool, createToolContext, DEFAULT_TOOL_LIMITS, getTool } from "../src/tools/index.js";
import { deployment, expectOk } from "./fixtures.js";
import { gcFunction, liveHeap, median } from "./measure.js";
import { type BenchRow, row } from "./table.js";

/**
 * Live heap the log tools hold while reading a 100,000-line log, against the log budget.
 *
 * Method: the log is generated while it is read, by a WebSocket (build logs) or a response body
 * (agent logs) that delivers it 100 lines per macrotask, like network reads. Every 10,000 lines,
 * between two reads, the source runs a full GC and samples the live heap (code spaces left out);
 * a run's figure is the median sample minus the heap before the call, and the row is the median
 * of 3 runs after 2 warm-up runs. So the figure is what the library keeps while it reads, not
 * garbage, not the fake's state (which exists before), and not the few KiB by which consecutive
 * samples of the same state differ (V8's metadata, which a single peak would pick up).
 */

const LINES = 100_000;
const BATCH = 100;
const SAMPLE_EVERY = 10_000;

function logLine(i: number): string {
  return `#${i} Step ${i % 40}/40 : RUN apt-get install -y package-${i} (downloading ${i * 7} kB of archives)`;
}

function provisionerLog(i: number): string {
  return JSON.stringify({
    id: i + 1,
    created_at: "2025-01-01T00:00:00.000Z",
    log_source: "provisioner",
    log_level: "info",
    stage: "Starting workspace",
    output: logLine(i),
  });
}

function agentLog(i: number): string {
  return JSON.stringify({
    id: i + 1,
    created_at: "2025-01-01T00:00:00.000Z",
    output: logLine(i),
    level: "info",
    source_id: "0e2b3f1a-0000-4000-8000-000000000001",
  });
}

const nextTask = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A WebSocket that streams `lines` provisioner logs, sampling the heap as it goes. */
function logSocket(lines: number, sample: () => Promise<void>): WebSocketConstructor {
  class LogSocket {
    binaryType = "blob";
    readyState = 0;
    readonly #listeners = new Map<string, ((event: unknown) => void)[]>();
    constructor() {
      void this.#run();
    }
    addEventListener(type: string, listener: (event: unknown) => void): void {
      this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener]);
    }
    removeEventListener(): void {}
    close(code = 1000): void {
      if (this.readyState > 1) return;
      this.readyState = 3;
      this.#emit("close", { code, reason: "" });
    }
    #emit(type: string, event: unknown): void {
      for (const listener of this.#listeners.get(type) ?? []) listener(event);
    }
    async #run(): Promise<void> {
      await nextTask();
      this.readyState = 1;
      this.#emit("open", {});
      for (let i = 0; i < lines && this.readyState === 1; i++) {
        if (i % BATCH === 0) await nextTask();
        if (i % SAMPLE_EVERY === 0) await sample();
        this.#emit("message", { data: provisionerLog(i) });
      }
      await nextTask();
      await sample();
      this.close(1000);
    }
  }
  return LogSocket as unknown as WebSocketConstructor;
}

/** A response body with a JSON array of `lines` agent logs, made as it is read. */
function agentLogBody(lines: number, sample: () => Promise<void>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let i = 0;
  return new ReadableStream({
    async pull(controller) {
      if (i % SAMPLE_EVERY === 0) await sample();
      const parts: string[] = [];
      for (const end = Math.min(lines, i + BATCH); i < end; i++) parts.push(agentLog(i));
      const open = i <= BATCH ? "[" : ",";
      controller.enqueue(encoder.encode(open + parts.join(",") + (i >= lines ? "]" : "")));
      if (i >= lines) controller.close();
    },
  });
}

type Reader = "build" | "agent";

/** Live-heap growth (bytes) while one tool call reads a `lines`-line log (median of samples). */
async function peakGrowth(reader: Reader, lines: number, gc: () => void): Promise<number> {
  const { fake, ctx: base } = deployment();
  const dev = fake.inspect.workspace("admin/dev")!;
  const agentId = dev.latest_build.resources!.flatMap((r) => r.agents ?? [])[0]!.id;
  const samples: number[] = [];
  const sample = async () => {
    // Let finalizers run first: undici releases a request's signals from a FinalizationRegistry.
    gc();
    await nextTask();
    samples.push(liveHeap(gc));
  };
  const client = new CoderClient({
    url: fake.url,
    token: fake.owner.token,
    retry: false,
    webSocket: logSocket(lines, sample),
    fetch: async (input, init) => {
      const request = new Request(input, init);
      if (new URL(request.url).pathname === `/api/v2/workspaceagents/${agentId}/logs`) {
        return new Response(agentLogBody(lines, sample), { headers: { "content-type": "application/json" } });
      }
      return fake.fetch(request);
    },
  });
  const ctx = createToolContext({ client, limits: base.limits });
  const before = liveHeap(gc);
  if (reader === "build") {
    const tool = getTool("coder_get_workspace_build_logs");
    const result = expectOk(
      await callTool(tool, { workspace_build_id: dev.latest_build.id }, ctx),
      tool.name,
    );
    if (result.value.line_count !== lines) throw new Error(`bench: read ${result.value.line_count} lines`);
  } else {
    const tool = getTool("coder_get_workspace_agent_logs");
    const result = expectOk(await callTool(tool, { workspace_agent_id: agentId }, ctx), tool.name);
    if (result.value.line_count !== lines) throw new Error(`bench: read ${result.value.line_count} lines`);
  }
  await fake.close();
  // The first sample is taken before any line arrived; the rest are the steady state.
  return median(samples.slice(1)) - before;
}

export async function logMemoryRows(): Promise<BenchRow[]> {
  const gc = gcFunction();
  const budget = DEFAULT_TOOL_LIMITS.logBudgetBytes;
  const target = (4 * budget) / 1024;
  if (!gc) {
    const note = "Not measured: run with node --expose-gc (npm run bench does).";
    return [
      row("coder_get_workspace_build_logs: heap growth, 100k lines", Number.NaN, target, "KiB", note),
    ].map((r) => ({ ...r, pass: false }));
  }
  let textBytes = 0;
  for (let i = 0; i < LINES; i++) textBytes += logLine(i).length + 1;
  const size = `${(textBytes / 1024 / 1024).toFixed(1)} MiB of log text`;
  const rows: BenchRow[] = [];
  const cases = [
    ["build", "coder_get_workspace_build_logs", "followed over a WebSocket"],
    ["agent", "coder_get_workspace_agent_logs", "one-shot GET, body read as it arrives"],
  ] as const;
  for (const [reader, name, how] of cases) {
    // Two runs first, so JIT compilation and V8's shape metadata are not counted as growth.
    for (let i = 0; i < 2; i++) await peakGrowth(reader, LINES, gc);
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) runs.push(await peakGrowth(reader, LINES, gc));
    rows.push(
      row(
        `${name}: heap growth, 100k lines`,
        Math.max(0, median(runs)) / 1024,
        target,
        "KiB",
        `Log ${how} (${size}); budget ${budget / 1024} KiB, target 4× budget. Live heap after GC (code spaces left out), sampled every ${SAMPLE_EVERY.toLocaleString("en")} lines, minus the heap before the call; medians over samples and 3 runs.`,
      ),
    );
  }
  return rows;
}
