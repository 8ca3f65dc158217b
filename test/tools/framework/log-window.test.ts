import { describe, expect, it } from "vitest";
import { headTail, LogWindow, utf8Length } from "../../../src/tools/framework/log-window.js";
import golden from "./log-window.golden.json" with { type: "json" };

const bytes = (s: string) => new TextEncoder().encode(s).length;

/** The inputs of the golden cases; their outputs were recorded from headTail before LogWindow. */
const INPUTS: Record<string, string[]> = {
  "200 steps, 1000 bytes": Array.from({ length: 200 }, (_, i) => `step ${i} ${"x".repeat(40)}`),
  "error at the end of a long last line": ["short", `${"x".repeat(500)}ERROR at the end`],
  "one huge multibyte line": [`${"é😀a".repeat(200)}END`],
  "5,000 mixed lines": Array.from(
    { length: 5000 },
    (_, i) => `${i % 7 === 0 ? "⚠ " : ""}line ${i}: ${"ü".repeat(i % 13)}done`,
  ),
  "a budget too small for the marker": ["alpha", "beta", "gamma"],
  "a log that fits exactly": ["abc", "def"],
  "a first line longer than the head": ["h".repeat(400), "b", "c", "d"],
};

describe("LogWindow", () => {
  it("gives exactly the output headTail gave before it streamed", () => {
    for (const [name, { budget, result }] of Object.entries(golden)) {
      const window = new LogWindow(budget);
      for (const line of INPUTS[name]!) window.push(line);
      expect(window.result(), name).toEqual(result);
      expect(headTail(INPUTS[name]!, budget), name).toEqual(result);
    }
  });

  it("keeps a 100,000-line log within the budget, with its first and last lines", () => {
    const budget = 4096;
    const window = new LogWindow(budget);
    let total = 0;
    for (let i = 0; i < 100_000; i++) {
      const line = `build step ${i}: ${"ok ".repeat(i % 10)}`;
      total += bytes(line) + 1;
      window.push(line);
    }
    total -= 1;
    const { text, truncated } = window.result();
    expect(window.lineCount).toBe(100_000);
    expect(bytes(text)).toBeLessThanOrEqual(budget);
    const lines = text.split("\n");
    expect(lines[0]).toBe("build step 0: ");
    expect(lines.at(-1)).toBe(`build step 99999: ${"ok ".repeat(9)}`);
    const marker = lines.find((l) => l.startsWith("… "))!;
    const shown = lines.filter((l) => l !== marker);
    expect(truncated).toEqual({
      omitted_lines: 100_000 - shown.length,
      omitted_bytes:
        total -
        bytes(shown.slice(0, lines.indexOf(marker)).join("\n")) -
        bytes(shown.slice(lines.indexOf(marker)).join("\n")),
    });
    expect(marker).toBe(`… ${truncated!.omitted_lines} lines (${truncated!.omitted_bytes} bytes) omitted …`);
  });

  it("gives the window so far at any point, and an empty log as empty text", () => {
    const window = new LogWindow(100);
    expect(window.result()).toEqual({ text: "" });
    window.push("first");
    expect(window.result()).toEqual({ text: "first" });
    for (let i = 0; i < 50; i++) window.push(`line ${i}`);
    expect(bytes(window.result().text)).toBeLessThanOrEqual(100);
    expect(window.result().text).toContain("line 49");
  });

  it("counts UTF-8 bytes as TextEncoder does, lone surrogates included", () => {
    for (const s of ["", "abc", "é", "€", "😀", "\ud800", "\udc00x", "a\ud83d\ude00b\ud83d"]) {
      expect(utf8Length(s), JSON.stringify(s)).toBe(bytes(s));
    }
  });
});
