import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { expect, it } from "vitest";
import { renderToolsDoc } from "../../scripts/tools-doc.js";

it("docs/tools.md matches the registry (run `npm run docs:tools` after changing a tool)", () => {
  const committed = readFileSync(resolve(import.meta.dirname, "../../docs/tools.md"), "utf8");
  expect(committed).toBe(renderToolsDoc());
});
