import { z } from "zod";
import type { HttpCore } from "./http.js";
import { sleep } from "./sleep.js";

/** What polling a logs endpoint needs: the one-shot endpoint, its log schema, and when to stop. */
export interface LogPollSpec<T extends { id: number }> {
  /** API path of the one-shot logs endpoint (the follow endpoint without `follow`). */
  path: string;
  /** Schema of one log; the endpoint answers a JSON array of them. */
  schema: z.ZodType<T>;
  /**
   * Whether no more logs will be written (the job reached a terminal status, the agent finished
   * starting). Read before each fetch, so a fetch after "finished" holds the last logs.
   */
  finished(signal: AbortSignal | undefined): Promise<boolean>;
}

/** Where a polled follow starts. */
export interface LogPollStart<T> {
  /** Logs already fetched (after `after`), yielded first. */
  first: readonly T[];
  /** The log id the follow resumes after; everything up to it is skipped. */
  after: number | undefined;
  /** Wait between polls while the job runs, in ms. */
  intervalMs: number;
  signal: AbortSignal | undefined;
}

/**
 * Follow a logs endpoint by polling `GET <path>?after=<last id>` until `finished` says no more
 * will come: the WebSocket-free path for deployments behind proxies that refuse upgrades. Yields
 * each log once, in id order, as the WebSocket follow would. An abort rejects with the signal's
 * reason; breaking out of the loop stops polling (nothing runs while the consumer holds a log).
 */
export async function* pollLogs<T extends { id: number }>(
  http: HttpCore,
  spec: LogPollSpec<T>,
  start: LogPollStart<T>,
): AsyncGenerator<T, void, undefined> {
  const { signal, intervalMs } = start;
  const listSchema = z.array(spec.schema);
  let lastId = start.after;
  let batch = start.first;
  let finished = false;
  for (;;) {
    for (const log of batch) {
      // `after` is exclusive on coderd; the id check also drops anything a poll repeats.
      if (lastId !== undefined && log.id <= lastId) continue;
      lastId = log.id;
      yield log;
    }
    if (finished) return;
    signal?.throwIfAborted();
    // State first, logs second: logs written before the job ended are in the fetch that follows.
    finished = await spec.finished(signal);
    if (!finished) await sleep(intervalMs, signal);
    batch = await http.json("GET", spec.path, listSchema, { query: { after: lastId }, signal });
  }
}
