import type { AppStatusState } from "../../client/agent-client.js";

/** One status report on its way to `PATCH /api/v2/workspaceagents/me/app-status`. */
export interface StatusReport {
  /** Where the task stands. An empty state (a bug upstream) is dropped. */
  state: AppStatusState | "";
  /** One line on what is happening; empty means "keep the previous summary". */
  summary: string;
  /** Link to the result; empty with an empty summary means "keep the previous link". */
  link: string;
  /** AgentAPI's id of the user message that caused this report, when it came from one. */
  messageId?: number;
  /** True when the agent itself reported (the `coder_report_task` tool), false for the watcher. */
  selfReported: boolean;
}

/** A report the queue accepted: its state is set and its summary and link carried forward. */
export interface AcceptedReport extends StatusReport {
  state: AppStatusState;
}

/** Why {@link ReportQueue.push} did not queue a report. */
export type DropReason = "empty-state" | "old-message" | "watcher-working" | "duplicate";

/** What {@link ReportQueue.push} did with a report. */
export type PushOutcome =
  | { accepted: true; report: AcceptedReport; evicted?: AcceptedReport }
  | { accepted: false; reason: DropReason };

/** How many reports wait at most before the oldest is dropped (Coder's CLI uses 512). */
export const DEFAULT_QUEUE_CAPACITY = 512;

/**
 * A bounded FIFO of status reports that filters and completes each report as it is pushed, with
 * the rules of Coder's `coder exp mcp server` (its queue predicate in `cli/exp_mcp.go`):
 *
 * 1. A report without a state is dropped.
 * 2. A report for a user message whose id is not newer than the last one seen is dropped (AgentAPI
 *    replays the whole conversation each time the watcher reconnects).
 * 3. A `working` report from the watcher that is not about a user message is dropped once anything
 *    has been reported: screen activity cannot tell the agent working from the user typing, so only
 *    the first one is believed.
 * 4. A report without a message id inherits the last one, so rule 2 keeps working across reports.
 * 5. A report without a summary takes the last summary, and the last link too when it has none.
 * 6. A report equal to the last accepted one (state, summary and link) is dropped.
 * 7. Otherwise it is queued; when the queue is full the oldest waiting report makes room.
 */
export class ReportQueue {
  readonly #capacity: number;
  readonly #items: AcceptedReport[] = [];
  #last: AcceptedReport | undefined;

  constructor(capacity: number = DEFAULT_QUEUE_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`ReportQueue: capacity must be a positive integer, got ${capacity}`);
    }
    this.#capacity = capacity;
  }

  /** Reports waiting to be sent. */
  get size(): number {
    return this.#items.length;
  }

  /** The last report accepted (sent or still waiting), after carrying values forward. */
  get last(): AcceptedReport | undefined {
    return this.#last;
  }

  /** Apply the rules to `report` and queue it if it survives. */
  push(report: StatusReport): PushOutcome {
    const last = this.#last;
    const { state } = report;
    if (state === "") return { accepted: false, reason: "empty-state" }; // rule 1
    if (
      report.messageId !== undefined &&
      last?.messageId !== undefined &&
      last.messageId >= report.messageId
    ) {
      return { accepted: false, reason: "old-message" }; // rule 2
    }
    if (report.messageId === undefined && state === "working" && !report.selfReported && last) {
      return { accepted: false, reason: "watcher-working" }; // rule 3
    }
    const next: AcceptedReport = { ...report, state };
    if (next.messageId === undefined && last?.messageId !== undefined) next.messageId = last.messageId; // rule 4
    if (next.summary === "" && last) {
      next.summary = last.summary; // rule 5
      if (next.link === "") next.link = last.link;
    }
    if (last && last.state === next.state && last.summary === next.summary && last.link === next.link) {
      return { accepted: false, reason: "duplicate" }; // rule 6
    }
    this.#last = next;
    const evicted = this.#items.length >= this.#capacity ? this.#items.shift() : undefined; // rule 7
    this.#items.push(next);
    return evicted ? { accepted: true, report: next, evicted } : { accepted: true, report: next };
  }

  /** Take the oldest waiting report. */
  shift(): AcceptedReport | undefined {
    return this.#items.shift();
  }

  /** Drop every waiting report (the last accepted one is remembered). */
  clear(): AcceptedReport[] {
    return this.#items.splice(0);
  }
}
