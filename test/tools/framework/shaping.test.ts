import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/client/redact.js";
import { headTail } from "../../../src/tools/framework/log-window.js";
import { capBytes, project, projectAll, utf8ByteLength } from "../../../src/tools/framework/shaping.js";

const bytes = (s: string) => new TextEncoder().encode(s).length;

describe("capBytes", () => {
  it("returns short text untouched", () => {
    expect(capBytes("hello", 5)).toEqual({ text: "hello" });
  });

  it("never cuts inside a multibyte character", () => {
    // "€" is 3 bytes, "😀" is 4.
    expect(capBytes("€€€", 7)).toEqual({ text: "€€", truncated: { omitted_lines: 0, omitted_bytes: 3 } });
    expect(capBytes("a😀b", 4)).toEqual({ text: "a", truncated: { omitted_lines: 0, omitted_bytes: 5 } });
    expect(capBytes("a😀b", 5)).toEqual({ text: "a😀", truncated: { omitted_lines: 0, omitted_bytes: 1 } });
    expect(capBytes("😀", 0)).toEqual({ text: "", truncated: { omitted_lines: 0, omitted_bytes: 4 } });
  });

  it("counts UTF-8 bytes", () => {
    expect(utf8ByteLength("a€😀")).toBe(8);
  });
});

describe("headTail", () => {
  const lines = Array.from({ length: 100 }, (_, i) => `line ${String(i).padStart(3, "0")}`); // 8 bytes each

  it("returns text within budget untouched", () => {
    expect(headTail("a\nb", 3)).toEqual({ text: "a\nb" });
    expect(headTail(["a", "b"], 100)).toEqual({ text: "a\nb" });
  });

  it("keeps whole head and tail lines within the budget and says what it left out", () => {
    const result = headTail(lines, 200);
    expect(bytes(result.text)).toBeLessThanOrEqual(200);
    const shown = result.text.split("\n");
    const marker = shown.find((l) => l.includes("omitted"));
    expect(shown[0]).toBe("line 000");
    expect(shown.at(-1)).toBe("line 099");
    const kept = shown.filter((l) => l !== marker);
    const headCount = kept.filter((l, i) => l === lines[i]).length;
    const tailCount = kept.length - headCount;
    expect(tailCount).toBeGreaterThan(headCount); // the tail matters more for logs
    expect(result.truncated).toEqual({
      omitted_lines: 100 - kept.length,
      omitted_bytes:
        bytes(lines.join("\n")) -
        bytes(kept.slice(0, headCount).join("\n")) -
        bytes(kept.slice(headCount).join("\n")),
    });
    expect(marker).toBe(
      `… ${result.truncated?.omitted_lines} lines (${result.truncated?.omitted_bytes} bytes) omitted …`,
    );
  });

  it("keeps both ends of one huge line without splitting characters", () => {
    const line = `START${"€".repeat(1000)}END`;
    const result = headTail(line, 120);
    expect(bytes(result.text)).toBeLessThanOrEqual(120);
    expect(result.text.startsWith("START")).toBe(true);
    expect(result.text.endsWith("END")).toBe(true);
    expect(result.text).not.toContain("\uFFFD");
    expect(result.truncated?.omitted_lines).toBe(0);
  });

  it("cuts an over-long last line from its start so the end survives", () => {
    const result = headTail(["short", `${"x".repeat(500)}ERROR at the end`], 100);
    expect(bytes(result.text)).toBeLessThanOrEqual(100);
    expect(result.text.startsWith("short\n")).toBe(true);
    expect(result.text.endsWith("ERROR at the end")).toBe(true);
  });

  it("degrades to a plain cut when the budget is smaller than the marker", () => {
    const result = headTail(lines, 10);
    expect(bytes(result.text)).toBeLessThanOrEqual(10);
    expect(result.text).toBe("line 000\nl");
  });
});

describe("project", () => {
  const ws = { id: "1", name: "dev", owner: "alice", big: { nested: true }, gone: undefined };

  it("keeps only the listed keys, in order, skipping undefined", () => {
    expect(project(ws, ["name", "id", "gone"])).toEqual({ name: "dev", id: "1" });
    expect(Object.keys(project(ws, ["name", "id"]))).toEqual(["name", "id"]);
  });

  it("projects lists", () => {
    expect(projectAll([ws, { ...ws, id: "2" }], ["id"])).toEqual([{ id: "1" }, { id: "2" }]);
  });
});

describe("redactSecrets", () => {
  it("redacts session-token-shaped strings only", () => {
    const token = "AbCdEfGhIj-0123456789abcdefghijKL";
    expect(redactSecrets(`token=${token}; next`)).toBe("token=[REDACTED]; next");
    expect(redactSecrets("5f0c9a43-1111-4222-8333-944455556666")).toBe(
      "5f0c9a43-1111-4222-8333-944455556666",
    );
    expect(redactSecrets(`x${token}`)).toBe(`x${token}`);
  });
});
