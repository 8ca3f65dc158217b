import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import packageJson from "../../package.json" with { type: "json" };
import { exportedNames, renderApiReport } from "./api-report.js";
import { SUBPATHS } from "./subpaths.js";

const root = resolve(import.meta.dirname, "../..");

const load = (file: string) => import(file) as Promise<Record<string, unknown>>;

describe("public API report", () => {
  it("covers every subpath in package.json exports", () => {
    const published = Object.keys(packageJson.exports)
      .filter((key) => key !== "./package.json")
      .map((key) => (key === "." ? "coder-toolsdk" : `coder-toolsdk/${key.slice(2)}`));
    expect(published.sort()).toEqual(Object.keys(SUBPATHS).sort());
  });

  it("matches test/package/api-report.md", async () => {
    const files = Object.values(SUBPATHS).map((f) => join(root, f));
    const names = await exportedNames(files, load);
    const bySubpath = new Map(
      Object.entries(SUBPATHS).map(([subpath, file]) => [subpath, names.get(join(root, file)) ?? []]),
    );
    await expect(renderApiReport(bySubpath)).toMatchFileSnapshot(join(import.meta.dirname, "api-report.md"));
  }, 60_000);

  it("sees values and types, re-exports included, and nothing that is not exported", async () => {
    const entry = join(import.meta.dirname, "fixtures/api/entry.ts");
    const names = (await exportedNames([entry], load)).get(entry);
    expect(names).toEqual([
      { name: "HelperOptions", kind: "type" },
      { name: "Size", kind: "type" },
      { name: "Widget", kind: "value" },
      { name: "WidgetOptions", kind: "type" },
      { name: "answer", kind: "value" },
      { name: "helper", kind: "value" },
    ]);
    const report = renderApiReport(new Map([["fixture", names ?? []]]));
    expect(report).toContain("## `fixture`\n\n6 names: 3 values, 3 types.\n\n- type `HelperOptions`\n");
    // A new export changes the report, which is how a surface change shows up in review.
    expect(
      renderApiReport(new Map([["fixture", [...(names ?? []), { name: "extra", kind: "value" as const }]]])),
    ).not.toBe(report);
  }, 60_000);
});
