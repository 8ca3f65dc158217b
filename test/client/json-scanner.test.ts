import { describe, expect, it } from "vitest";
import { JsonArrayScanner, type ScanEvent } from "../../src/client/json-scanner.js";

/** Scan `text` cut at the given positions; items come back parsed. */
function scan(
  text: string,
  cuts: number[],
  key?: string,
): { items: unknown[]; fields: Record<string, unknown> } {
  const scanner = new JsonArrayScanner(key);
  const events: ScanEvent[] = [];
  let from = 0;
  for (const at of [...cuts, text.length]) {
    events.push(...scanner.push(text.slice(from, at)));
    from = at;
  }
  scanner.finish();
  const fields: Record<string, unknown> = {};
  const items: unknown[] = [];
  for (const event of events) {
    if (event.kind === "item") items.push(JSON.parse(event.text));
    else fields[event.key] = event.value;
  }
  return { items, fields };
}

describe("JsonArrayScanner", () => {
  const array = [0, -12.5e3, 7, 'a\\"b', ["x", [1, { y: "]}" }]], {}, [], null, true, false, "\\"];
  const body = JSON.stringify(array, null, 1);

  it("finds every element wherever the text is cut (numbers, literals, escapes, nesting)", () => {
    for (let a = 0; a <= body.length; a++) {
      expect(scan(body, [a]).items).toEqual(array);
    }
    expect(
      scan(
        body,
        Array.from(body, (_, i) => i),
      ).items,
    ).toEqual(array);
  });

  it("reads the array under a key and hands back the other members", () => {
    const text = JSON.stringify({
      before: { n: [1, 2] },
      logs: [{ id: 1 }, { id: 2 }],
      snapshot: true,
      at: "x",
    });
    for (let a = 0; a <= text.length; a++) {
      expect(scan(text, [a], "logs")).toEqual({
        items: [{ id: 1 }, { id: 2 }],
        fields: { before: { n: [1, 2] }, snapshot: true, at: "x" },
      });
    }
  });

  it("says what is wrong with a body that is not the expected shape", () => {
    const error = (text: string, key?: string) => {
      try {
        scan(text, [], key);
        return "no error";
      } catch (e) {
        return (e as Error).message;
      }
    };
    expect(error("")).toBe("empty body where JSON was expected");
    expect(error("null")).toBe('expected a JSON array but found "n"');
    expect(error("[1 2]")).toBe('expected "," or "]" but found "2"');
    expect(error("[1")).toBe("body ended in the middle of the JSON");
    expect(error('{"tasks":[]}', "logs")).toBe("logs: expected an array, the body has no such member");
    expect(error('{"logs":null}', "logs")).toBe("logs: expected an array");
    expect(error('{"logs":[] "x":1}', "logs")).toBe('expected "," or "}" but found "\\""');
    expect(error('{"logs":[],"x":tru e}', "logs")).toBe("body is not valid JSON");
  });
});
