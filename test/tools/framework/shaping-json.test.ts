import { describe, expect, it } from "vitest";
import { compact, fitJsonPrefix } from "../../../src/tools/framework/shaping.js";

// The framework's byte caps and log windows are tested in framework/shaping.test.ts; these are the
// helpers the tool families share for list results and optional output fields.

describe("fitJsonPrefix", () => {
  const items = [{ n: 1 }, { n: 22 }, { n: 333 }]; // 7, 8 and 9 bytes of JSON

  it("keeps the whole list when it fits, counting one separator byte per item", () => {
    expect(fitJsonPrefix(items, 8 + 9 + 10)).toEqual(items);
  });

  it("cuts at the last item that fits and never skips one to fit a later, smaller one", () => {
    expect(fitJsonPrefix(items, 8 + 9 + 9)).toEqual([{ n: 1 }, { n: 22 }]);
    expect(fitJsonPrefix([{ n: 333 }, { n: 1 }], 9)).toEqual([]);
  });

  it("counts UTF-8 bytes, not characters", () => {
    // "é" is 2 bytes: {"s":"é"} is 10 bytes.
    expect(fitJsonPrefix([{ s: "é" }], 10)).toEqual([]);
    expect(fitJsonPrefix([{ s: "é" }], 11)).toEqual([{ s: "é" }]);
  });

  it("returns an empty list for a budget of zero or less, and a copy otherwise", () => {
    expect(fitJsonPrefix(items, 0)).toEqual([]);
    expect(fitJsonPrefix(items, -5)).toEqual([]);
    expect(fitJsonPrefix(items, 1_000)).not.toBe(items);
  });
});

describe("compact", () => {
  it("leaves out undefined fields and keeps every other value, falsy ones included", () => {
    const value = { a: undefined, b: "", c: 0, d: false, e: null, f: [] as string[], g: "x" };
    const out = compact(value);
    expect(out).toEqual({ b: "", c: 0, d: false, e: null, f: [], g: "x" });
    expect(Object.keys(out)).toEqual(["b", "c", "d", "e", "f", "g"]);
    expect(JSON.stringify(out)).not.toContain('"a"');
  });

  it("returns a new object and leaves its argument alone", () => {
    const value = { a: undefined as string | undefined, b: 1 };
    const out = compact(value);
    expect(out).not.toBe(value);
    expect("a" in value).toBe(true);
  });
});
