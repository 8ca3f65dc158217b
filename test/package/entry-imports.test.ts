import { readFileSync } from "node:fs";
import { dirname, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";
import packageJson from "../../package.json" with { type: "json" };
import { VERSION } from "../../src/index.js";

const root = resolve(import.meta.dirname, "../..");
const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^;]*?from\s+"([^"]+)"|import\("([^"]+)"\)/g;

/** What `entry` loads at run time through relative imports (type-only imports excluded). */
interface Reachable {
  /** Source files, relative to src/. */
  files: Set<string>;
  /** Bare (package) specifiers of static imports. */
  packages: Set<string>;
  /** Bare specifiers loaded only by a dynamic `import()`, on first use. */
  dynamic: Set<string>;
}

function reachableFrom(entry: string): Reachable {
  const reached: Reachable = { files: new Set(), packages: new Set(), dynamic: new Set() };
  const visit = (file: string) => {
    const name = relative(resolve(root, "src"), file).split(sep).join("/");
    if (reached.files.has(name)) return;
    reached.files.add(name);
    const source = readFileSync(file, "utf8");
    for (const match of source.matchAll(IMPORT)) {
      const statement = match[0];
      const specifier = match[1] ?? match[2];
      if (!specifier || /^\s*(?:import|export)\s+type\b/.test(statement.trim())) continue;
      if (specifier.startsWith(".")) visit(resolve(dirname(file), specifier.replace(/\.js$/, ".ts")));
      else if (match[2]) reached.dynamic.add(specifier);
      else reached.packages.add(specifier);
    }
  };
  visit(resolve(root, entry));
  return reached;
}

function packagesReachableFrom(entry: string): Set<string> {
  const { packages, dynamic } = reachableFrom(entry);
  return new Set([...packages, ...dynamic]);
}

const SDK = /^(@modelcontextprotocol\/|ai$|ai\/|@ai-sdk\/|openai|@anthropic-ai\/)/;

describe("package entry points", () => {
  it("the root entry never loads the MCP SDK, the AI SDK or msw", () => {
    const packages = [...packagesReachableFrom("src/index.ts")];
    expect(packages.length).toBeGreaterThan(0);
    const heavy = packages.filter((p) => /^(@modelcontextprotocol\/|ai$|@ai-sdk\/|msw)/.test(p));
    expect(heavy).toEqual([]);
    expect(packages).toContain("ky");
  });

  it("the root entry never loads an adapter", () => {
    const { files } = reachableFrom("src/index.ts");
    expect(files.has("tools/framework/call-tool.ts")).toBe(true);
    expect([...files].filter((f) => f.startsWith("adapters/"))).toEqual([]);
  });

  it("the AI SDK and router doors load no SDK at all: plain objects and our own types", () => {
    for (const entry of ["src/adapters/ai-sdk/index.ts", "src/adapters/router/index.ts"]) {
      const { packages, dynamic } = reachableFrom(entry);
      expect(
        [...packages, ...dynamic].filter((p) => SDK.test(p)),
        entry,
      ).toEqual([]);
    }
  });

  it("the MCP door loads no SDK up front; createCoderMcpServer loads SDK v2 on first call", () => {
    const { packages, dynamic } = reachableFrom("src/adapters/mcp/index.ts");
    expect([...packages].filter((p) => SDK.test(p))).toEqual([]);
    expect([...dynamic].filter((p) => SDK.test(p))).toEqual(["@modelcontextprotocol/server"]);
    const register = reachableFrom("src/adapters/mcp/register.ts");
    expect([...register.packages, ...register.dynamic].filter((p) => SDK.test(p))).toEqual([]);
  });

  it("the proxy door loads only the MCP SDK v1 client, and only on first connect", () => {
    const { packages, dynamic } = reachableFrom("src/proxy/index.ts");
    expect([...packages].filter((p) => SDK.test(p))).toEqual([]);
    expect([...dynamic].filter((p) => SDK.test(p)).sort()).toEqual([
      "@modelcontextprotocol/sdk/client/index.js",
      "@modelcontextprotocol/sdk/client/sse.js",
      "@modelcontextprotocol/sdk/client/stdio.js",
      "@modelcontextprotocol/sdk/client/streamableHttp.js",
    ]);
  });

  it("VERSION matches package.json", () => {
    expect(VERSION).toBe(packageJson.version);
  });
});
