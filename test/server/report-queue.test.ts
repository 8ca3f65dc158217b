import { describe, expect, it } from "vitest";
import { ReportQueue, type StatusReport } from "../../src/server/task-reporter/index.js";

const agent = (state: StatusReport["state"], summary = "", link = ""): StatusReport => ({
  state,
  summary,
  link,
  selfReported: true,
});
const watcher = (state: StatusReport["state"], messageId?: number): StatusReport => ({
  state,
  summary: "",
  link: "",
  selfReported: false,
  ...(messageId !== undefined ? { messageId } : {}),
});

function drain(queue: ReportQueue) {
  const out = [];
  for (let next = queue.shift(); next; next = queue.shift()) out.push(next);
  return out.map(({ state, summary, link }) => ({ state, summary, link }));
}

describe("ReportQueue: Coder's queue rules", () => {
  it("drops a report without a state (rule 1)", () => {
    const queue = new ReportQueue();
    expect(queue.push(agent("", "x"))).toEqual({ accepted: false, reason: "empty-state" });
    expect(queue.size).toBe(0);
  });

  it("drops user messages that are not newer than the last one (rule 2)", () => {
    const queue = new ReportQueue();
    expect(queue.push(watcher("working", 3)).accepted).toBe(true);
    queue.push(agent("idle", "waiting"));
    expect(queue.push(watcher("working", 3))).toEqual({ accepted: false, reason: "old-message" });
    expect(queue.push(watcher("working", 2))).toEqual({ accepted: false, reason: "old-message" });
    expect(queue.push(watcher("working", 4)).accepted).toBe(true);
    expect(queue.last?.messageId).toBe(4);
  });

  it("believes the watcher's working only before anything was reported (rule 3)", () => {
    const queue = new ReportQueue();
    expect(queue.push(watcher("working")).accepted).toBe(true);
    queue.push(watcher("idle"));
    expect(queue.push(watcher("working"))).toEqual({ accepted: false, reason: "watcher-working" });
    // The agent's own working and a user message still go through.
    expect(queue.push(agent("working", "on it")).accepted).toBe(true);
    expect(drain(queue).map((r) => r.state)).toEqual(["working", "idle", "working"]);
  });

  it("carries the last message id forward (rule 4)", () => {
    const queue = new ReportQueue();
    queue.push(watcher("working", 7));
    const outcome = queue.push(agent("complete", "done"));
    expect(outcome.accepted && outcome.report.messageId).toBe(7);
    expect(queue.push(watcher("working", 7)).accepted).toBe(false);
  });

  it("keeps the last summary and link when a report has none (rule 5)", () => {
    const queue = new ReportQueue();
    queue.push(agent("working", "Fixing the login test", "https://example.com/pr/1"));
    queue.push(watcher("idle"));
    // A new link without a summary keeps the summary and its own link.
    queue.push(agent("complete", "", "https://example.com/pr/2"));
    expect(drain(queue)).toEqual([
      { state: "working", summary: "Fixing the login test", link: "https://example.com/pr/1" },
      { state: "idle", summary: "Fixing the login test", link: "https://example.com/pr/1" },
      { state: "complete", summary: "Fixing the login test", link: "https://example.com/pr/2" },
    ]);
  });

  it("drops an exact repeat of the last report (rule 6)", () => {
    const queue = new ReportQueue();
    queue.push(agent("working", "a", "l"));
    expect(queue.push(agent("working", "a", "l"))).toEqual({ accepted: false, reason: "duplicate" });
    // Carrying forward makes an empty report a repeat too.
    expect(queue.push(agent("working"))).toEqual({ accepted: false, reason: "duplicate" });
    expect(queue.push(agent("working", "b", "l")).accepted).toBe(true);
    expect(queue.size).toBe(2);
  });

  it("is bounded: a full queue drops its oldest report (rule 7)", () => {
    const queue = new ReportQueue(2);
    queue.push(agent("working", "one"));
    queue.push(agent("working", "two"));
    const outcome = queue.push(agent("working", "three"));
    expect(outcome.accepted && outcome.evicted?.summary).toBe("one");
    expect(drain(queue).map((r) => r.summary)).toEqual(["two", "three"]);
  });

  it("rejects a capacity that is not a positive integer", () => {
    expect(() => new ReportQueue(0)).toThrow("capacity must be a positive integer, got 0");
  });
});
