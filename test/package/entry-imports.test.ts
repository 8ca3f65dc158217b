import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import packageJson from "../../package.json" with { type: "json" };
import { VERSION } from "../../src/index.js";

const root = resolve(import.meta.dirname, "../..");
const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^;]*?from\s+"([^"]+)"|import\("([^"]+)"\)/g;

/** Every bare (package) specifier reachable from `entry` through relative imports, type-only ones excluded. */
function packagesReachableFrom(entry: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, "utf8");
    for (const match of source.matchAll(IMPORT)) {
      const statement = match[0];
      const specifier = match[1] ?? match[2];
      if (!specifier || /^\s*(?:import|export)\s+type\b/.test(statement.trim())) continue;
      if (specifier.startsWith(".")) visit(resolve(dirname(file), specifier.replace(/\.js$/, ".ts")));
      else packages.add(specifier);
    }
  };
  visit(resolve(root, entry));
  return packages;
}

describe("package entry points", () => {
  it("the root entry never loads the MCP SDK, the AI SDK or msw", () => {
    const packages = [...packagesReachableFrom("src/index.ts")];
    expect(packages.length).toBeGreaterThan(0);
    const heavy = packages.filter((p) => /^(@modelcontextprotocol\/|ai$|@ai-sdk\/|msw)/.test(p));
    expect(heavy).toEqual([]);
    expect(packages).toContain("ky");
  });

  it("VERSION matches package.json", () => {
    expect(VERSION).toBe(packageJson.version);
  });
});
