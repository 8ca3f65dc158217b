import { describe, expect, it } from "vitest";
import { DEFAULT_TOOL_LIMITS, systemClock } from "../../../src/tools/index.js";
import { testContext } from "./helpers.js";

describe("createToolContext", () => {
  it("fills defaults: limits, system clock, a signal that is not aborted", () => {
    const ctx = testContext();
    expect(ctx.limits).toEqual({ maxResultBytes: 65_536, logBudgetBytes: 16_384, jobWaitMs: 120_000 });
    expect(ctx.limits).not.toBe(DEFAULT_TOOL_LIMITS);
    expect(ctx.clock).toBe(systemClock);
    expect(ctx.signal.aborted).toBe(false);
    expect(ctx.agent).toBeUndefined();
  });

  it("merges partial limits and ignores explicit undefined", () => {
    const ctx = testContext({ limits: { maxResultBytes: 100, jobWaitMs: undefined } });
    expect(ctx.limits).toEqual({ maxResultBytes: 100, logBudgetBytes: 16_384, jobWaitMs: 120_000 });
  });
});

describe("systemClock.sleep", () => {
  it("resolves after the delay", async () => {
    const start = Date.now();
    await systemClock.sleep(15);
    expect(Date.now() - start).toBeGreaterThanOrEqual(10);
  });

  it("rejects with the abort reason", async () => {
    const controller = new AbortController();
    const sleeping = systemClock.sleep(10_000, controller.signal);
    controller.abort(new Error("stop"));
    await expect(sleeping).rejects.toThrow("stop");
    const already = AbortSignal.abort(new Error("early"));
    await expect(systemClock.sleep(10, already)).rejects.toThrow("early");
  });
});
