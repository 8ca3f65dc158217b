import { getHeapSpaceStatistics } from "node:v8";

/**
 * Timing and heap helpers. Timings come from several samples taken after a warm-up, the two
 * sides of a ratio sampled alternately, so drift (JIT, GC) hits both sides alike. Time is
 * this process's CPU time (user + system), not wall time: the calls measured never wait for I/O
 * (everything is in process), and CPU time does not count the moments another process on a busy
 * machine has the core.
 */

/** The median of `values` (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** CPU milliseconds per call of `fn`, averaged over `iterations` sequential calls. */
export async function timePerCall(fn: () => Promise<unknown>, iterations: number): Promise<number> {
  const start = process.cpuUsage();
  for (let i = 0; i < iterations; i++) await fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / iterations;
}

/** How to sample a ratio. */
export interface RatioOptions {
  /** Calls of each side before measuring. */
  warmup: number;
  /** Samples of each side; the fastest is used. */
  samples: number;
  /** Calls per sample. */
  iterations: number;
  /** Run before every sample, e.g. to drop the fake's request log so the heap stays small. */
  beforeSample?: () => void;
}

/**
 * How much slower `a` is than `b`: the fastest sample of `a` divided by the fastest of `b`, the
 * samples taken alternately. The fastest, because on a shared machine other processes (and the
 * collection of garbage another sample left) only ever add time to a sample; the minimum is the
 * estimate of the work itself that moves least from run to run.
 */
export async function timeRatio(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  options: RatioOptions,
): Promise<{ ratio: number; aMs: number; bMs: number }> {
  await timePerCall(a, options.warmup);
  await timePerCall(b, options.warmup);
  const as: number[] = [];
  const bs: number[] = [];
  for (let s = 0; s < options.samples; s++) {
    await settle(options.beforeSample);
    as.push(await timePerCall(a, options.iterations));
    await settle(options.beforeSample);
    bs.push(await timePerCall(b, options.iterations));
  }
  const aMs = Math.min(...as);
  const bMs = Math.min(...bs);
  return { ratio: aMs / bMs, aMs, bMs };
}

/**
 * Start a sample from a clean heap: collect, and let finalizers run (undici frees a request's
 * signals from a FinalizationRegistry, so a run of requests leaves garbage that only a later task
 * releases). Without this, whichever side runs after more garbage pays for collecting it.
 */
async function settle(beforeSample?: () => void): Promise<void> {
  beforeSample?.();
  const gc = gcFunction();
  if (!gc) return;
  gc();
  await new Promise<void>((resolve) => setImmediate(resolve));
  gc();
}

/** `global.gc` when node runs with `--expose-gc`. */
export function gcFunction(): (() => void) | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  return typeof gc === "function" ? gc : undefined;
}

/**
 * Bytes of live heap after a full collection, counting the spaces that hold JavaScript data and
 * leaving out those V8 keeps for code: machine code (`code_*`) and, on newer V8, bytecode and
 * deoptimization data (`trusted_*`). Optimizing a hot loop adds tens of KiB there, which says
 * nothing about what the library keeps and would swamp a budget of a few KiB.
 */
export function liveHeap(gc: () => void): number {
  gc();
  gc();
  let used = 0;
  for (const space of getHeapSpaceStatistics()) {
    if (!/(^|_)(code|trusted)_/.test(space.space_name)) used += space.space_used_size;
  }
  return used;
}
