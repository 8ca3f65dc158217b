import { describe, expect, it } from "vitest";
import { applyEdit, EditMismatch, unifiedDiff } from "../../src/workspace/index.js";

const edit = (content: string, oldText: string, newText: string, replaceAll = false) =>
  applyEdit(content, { oldText, newText, replaceAll });

describe("applyEdit (the edit engine's matching)", () => {
  it("replaces an exact match, and every match with replaceAll, counting them", () => {
    expect(edit("a b a", "b", "c")).toEqual({ content: "a c a", count: 1 });
    expect(edit("a b a", "a", "$&", true)).toEqual({ content: "$& b $&", count: 2 });
  });

  it("ignores trailing whitespace line by line, keeping the block's final newline", () => {
    expect(edit("x = 1   \ny = 2\nz\n", "x = 1\ny = 2", "x = 3\ny = 4")).toEqual({
      content: "x = 3\ny = 4\nz\n",
      count: 1,
    });
  });

  it("ignores indentation and re-indents the replacement to the file's indentation", () => {
    const file = "class A {\n    run() {\n        go();\n    }\n}\n";
    const result = edit(file, "run() {\n    go();\n}", "run() {\n    stop();\n    go();\n}");
    expect(result.content).toBe("class A {\n    run() {\n        stop();\n        go();\n    }\n}\n");
  });

  it("keeps CRLF line endings of the lines it replaces", () => {
    expect(edit("one\r\ntwo  \r\nthree\r\n", "two\n", "2\nII\n").content).toBe("one\r\n2\r\nII\r\nthree\r\n");
  });

  it("counts non-overlapping fuzzy matches for uniqueness, as the Go agent does", () => {
    expect(() => edit("  a\n  a\n", "a\n", "b")).toThrow(
      "search string matches 2 occurrences (expected exactly 1)",
    );
    expect(edit("  a\n  a\n", "a\n", "b\n", true).content).toBe("  b\n  b\n");
  });

  it("says when nothing matches, and refuses an empty old text", () => {
    expect(() => edit("abc", "xyz", "q")).toThrow(EditMismatch);
    expect(() => edit("abc", "xyz", "q")).toThrow("search string not found in file");
    expect(() => edit("abc", "", "q")).toThrow("old_text is empty");
  });

  it("diffs with a/ and b/ labels, and gives no diff for no change", () => {
    expect(unifiedDiff("/f", "a\n", "b\n")).toBe("--- a//f\n+++ b//f\n@@ -1,1 +1,1 @@\n-a\n+b\n");
    expect(unifiedDiff("/f", "same", "same")).toBe("");
  });
});
