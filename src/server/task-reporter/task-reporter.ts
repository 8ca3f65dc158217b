import type { AgentClient } from "../../client/agent-client.js";
import { CoderConfigError } from "../../client/errors.js";
import type { Clock, TaskReport, TaskReporter } from "../../tools/index.js";
import { agentApiEventsUrl, type Backoff, watchAgentApi } from "./agentapi-watcher.js";
import {
  type AcceptedReport,
  DEFAULT_QUEUE_CAPACITY,
  ReportQueue,
  type StatusReport,
} from "./report-queue.js";

/** Options of {@link startTaskReporter}. */
export interface TaskReporterOptions {
  /** Client authenticated with the workspace agent's token. */
  agent: AgentClient;
  /** Slug of the `coder_app` the status shows under (`CODER_MCP_APP_STATUS_SLUG`). */
  appSlug: string;
  /**
   * AgentAPI's base URL (`CODER_MCP_AI_AGENTAPI_URL`). When set, its events drive `idle` and
   * `working`, and the agent's own reports are sent as `working`.
   */
  agentApiUrl?: string;
  /** Receives one line per problem (a failed send, a lost AgentAPI stream). Tokens are redacted. */
  onWarning?(message: string): void;
  /** How many reports may wait before the oldest is dropped. Default 512, as in Coder's CLI. */
  capacity?: number;
  /** Reconnect delays for the AgentAPI stream. */
  backoff?: Partial<Backoff>;
  /** Source of sleeps (tests pass a fast one). */
  clock?: Pick<Clock, "sleep">;
  /** The fetch used for AgentAPI (default the global one). */
  fetch?: typeof fetch;
}

/** A running status pipeline: a queue, a sender, and (with AgentAPI) a watcher. */
export interface RunningTaskReporter {
  /** The {@link TaskReporter} to hand to the tools (`coder_report_task`). */
  readonly report: TaskReporter;
  /** Whether an AgentAPI watcher runs. */
  readonly watching: boolean;
  /** Resolves once every queued report has been sent (or failed). */
  flush(): Promise<void>;
  /** Stop watching, send what is queued, and stop. Idempotent. */
  close(): Promise<void>;
}

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Start the task-status pipeline of `coder-toolsdk serve`, modelled on `coder exp mcp server`:
 * reports from the agent (and, with an AgentAPI URL, from AgentAPI's event stream) go through a
 * {@link ReportQueue} and are sent one at a time with `PATCH /api/v2/workspaceagents/me/app-status`.
 *
 * The agent's report resolves once it was sent, or dropped as a repeat of the last one, and rejects
 * with Coder's error when sending it failed, so the model hears about a wrong slug. A report pushed
 * out of a full queue resolves unsent. Watcher reports are best effort: failures become warnings.
 * Nothing here throws into the server: the watcher and the sender catch everything.
 *
 * @throws {CoderConfigError} when `appSlug` is empty.
 * @throws {RangeError} when `agentApiUrl` is not an http(s) URL.
 */
export function startTaskReporter(options: TaskReporterOptions): RunningTaskReporter {
  const { agent } = options;
  const slug = options.appSlug.trim();
  if (!slug) {
    throw new CoderConfigError(
      "task reporter: the app slug is empty; set CODER_MCP_APP_STATUS_SLUG (or --app-status-slug) to the slug of a coder_app on this agent",
    );
  }
  const warn = (message: string) => options.onWarning?.(agent.redact(message));
  const queue = new ReportQueue(options.capacity ?? DEFAULT_QUEUE_CAPACITY);
  const waiters = new Map<AcceptedReport, Waiter>();
  const stop = new AbortController();
  let sending: Promise<void> | undefined;
  let closed = false;

  const drain = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const waiter = waiters.get(next);
      waiters.delete(next);
      try {
        await agent.patchAppStatus({
          app_slug: slug,
          state: next.state,
          message: next.summary,
          uri: next.link,
        });
        waiter?.resolve();
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        warn(`task reporter: failed to report ${next.state} "${next.summary}": ${reason}`);
        waiter?.reject(error);
      }
    }
  };
  const kick = () => {
    sending ??= drain().finally(() => {
      sending = undefined;
      // A report pushed while the last send was in flight starts a new round.
      if (queue.size > 0) kick();
    });
  };

  const enqueue = (report: StatusReport, waiter?: Waiter): void => {
    const outcome = queue.push(report);
    if (!outcome.accepted) {
      waiter?.resolve();
      return;
    }
    if (outcome.evicted) {
      warn(`task reporter: queue full, dropped the unsent ${outcome.evicted.state} report`);
      waiters.get(outcome.evicted)?.resolve();
      waiters.delete(outcome.evicted);
    }
    if (waiter) waiters.set(outcome.report, waiter);
    kick();
  };

  const watching = options.agentApiUrl !== undefined && options.agentApiUrl.trim() !== "";
  let watcher: Promise<void> | undefined;
  if (watching) {
    agentApiEventsUrl(options.agentApiUrl!.trim()); // a bad URL fails here, not later in the background
    watcher = watchAgentApi({
      url: options.agentApiUrl!.trim(),
      signal: stop.signal,
      onSignal: (signal) => enqueue({ ...signal, summary: "", link: "", selfReported: false }),
      onWarning: warn,
      ...(options.backoff ? { backoff: options.backoff } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    }).catch((error: unknown) => warn(`task reporter: AgentAPI watcher stopped: ${String(error)}`));
  }

  const report: TaskReporter = (task: TaskReport, callOptions = {}) => {
    if (closed) return Promise.reject(new Error("task reporter: the server is shutting down"));
    // Agents misjudge when they are done; with AgentAPI watching, Coder sends "working" and lets the
    // screen's stable status say idle. We do the same.
    const state = watching ? "working" : task.state;
    const delivered = new Promise<void>((resolve, reject) => {
      enqueue({ state, summary: task.summary, link: task.link, selfReported: true }, { resolve, reject });
    });
    const { signal } = callOptions;
    if (!signal) return delivered;
    // The caller may stop waiting; the report stays queued and is still sent.
    return Promise.race([
      delivered,
      new Promise<void>((_, reject) => {
        if (signal.aborted) reject(signal.reason);
        signal.addEventListener("abort", () => reject(signal.reason), { once: true });
      }),
    ]);
  };

  const flush = async () => {
    while (sending) await sending;
  };

  return {
    report,
    watching,
    flush,
    async close() {
      if (closed) return flush();
      closed = true;
      stop.abort();
      await watcher;
      await flush();
    },
  };
}
