import type { LogFollowFallback } from "../../client/log-stream.js";
import type { ProvisionerJobLog } from "../../client/models/index.js";
import type { ToolContext } from "../framework/context.js";
import { LogWindow } from "../framework/log-window.js";

/** What a log-collecting tool returns: bounded log text plus whether the job had finished. */
export interface CollectedJobLogs {
  /** Log lines (`output` of each log), head and tail kept within the log budget. */
  logs: string;
  /** Total number of log lines received. */
  line_count: number;
  /** True when the server closed the stream because the job ended. */
  complete: boolean;
  /** Present when lines were left out of `logs` to stay within the budget. */
  truncated?: { omitted_lines: number; omitted_bytes: number };
  /**
   * Present when the wait ended before the job (says what to do next), or when the logs had to be
   * polled because the WebSocket was refused (a proxy that does not pass WebSockets).
   */
  note?: string;
}

/**
 * Follow a provisioner job's logs until the job ends, the tool's wait budget
 * (`ctx.limits.jobWaitMs`) runs out, or the caller cancels. Progress goes to `ctx.progress` as
 * lines arrive. On a timeout, what arrived so far is returned with a note instead of an error, so
 * the model can decide whether to call again.
 *
 * @param follow opens the stream (e.g. `client.builds.followLogs`), honouring the given signal and
 *   passing `onFallback` on, so a follow that had to poll is reported in the note.
 * @param retryHint what to tell the model to call to see more, e.g. `coder_get_workspace_build_logs`.
 */
export async function collectJobLogs(
  follow: (
    signal: AbortSignal,
    onFallback: (fallback: LogFollowFallback) => void,
  ) => AsyncIterable<ProvisionerJobLog>,
  ctx: ToolContext,
  retryHint: string,
): Promise<CollectedJobLogs> {
  const waitMs = ctx.limits.jobWaitMs;
  // Real time on purpose (AbortSignal.timeout, not ctx.clock): the budget bounds how long we sit
  // on a log socket waiting for frames. That wait is wall-clock I/O, a virtual clock would never
  // fire while no frame arrives, and `Clock` cannot abort a pending read.
  const timeout = AbortSignal.timeout(Math.max(1, waitMs));
  const signal = AbortSignal.any([ctx.signal, timeout]);
  // Only the head and tail that can be shown are kept, so a huge log costs no more than a short one.
  const window = new LogWindow(ctx.limits.logBudgetBytes);
  let complete = false;
  let polled: LogFollowFallback | undefined;
  try {
    for await (const log of follow(signal, (fallback) => {
      polled = fallback;
    })) {
      window.push(log.output);
      ctx.progress?.({
        progress: window.lineCount,
        message: log.stage ? `${log.stage}: ${log.output}` : log.output,
      });
    }
    complete = true;
  } catch (error) {
    // The caller's cancellation propagates; our own wait budget does not.
    if (ctx.signal.aborted || !timeout.aborted) throw error;
  }
  const bounded = window.result();
  const notes = [
    ...(complete
      ? []
      : [
          `The job was still running after ${formatSeconds(waitMs)}; these are the logs so far. Call ${retryHint} again to wait for more.`,
        ]),
    ...(polled
      ? [
          `The logs were polled over plain HTTP because the log WebSocket was refused (${polled.reason}); a proxy between here and Coder may not pass WebSockets.`,
        ]
      : []),
  ];
  return {
    logs: bounded.text,
    line_count: window.lineCount,
    complete,
    ...(bounded.truncated ? { truncated: bounded.truncated } : {}),
    ...(notes.length > 0 ? { note: notes.join(" ") } : {}),
  };
}

// Small budgets (tests, tight limits) would otherwise read as "0 s".
function formatSeconds(ms: number): string {
  return ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${Number((ms / 1000).toFixed(1))} s`;
}
