import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import packageJson from "../../package.json" with { type: "json" };
import { createFakeCoder, type FakeCoder } from "../../src/testing/index.js";
import { finished, REPO_ROOT } from "../examples/run-example.js";
import { SUBPATHS } from "./subpaths.js";

/**
 * Every TypeScript block in README.md is type-checked and run, as written, against the fake
 * deployment on loopback: a user who copies one gets code that compiles and works. A block fenced
 * as ```ts no-run is only type-checked (a server that never exits, say).
 */
const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
const blocks = [...readme.matchAll(/^```(ts|typescript)([^\n]*)\n([\s\S]*?)^```$/gm)].map((m, i) => ({
  index: i,
  run: !/\bno-run\b/.test(m[2] ?? ""),
  code: m[3] ?? "",
  line: readme.slice(0, m.index).split("\n").length + 1,
}));
const dir = join(REPO_ROOT, "test/package/.readme-blocks");

/** The block with the package's specifiers pointed at the sources (`coder-toolsdk/testing` → src/testing). */
function localize(code: string): string {
  return code.replace(/from "(coder-toolsdk(?:\/[a-z-]+)?)"/g, (_whole, specifier: string) => {
    const source = SUBPATHS[specifier];
    if (!source) throw new Error(`README imports ${specifier}, which is not a subpath in package.json`);
    return `from "${relative(dir, join(REPO_ROOT, source)).replace(/\.ts$/, ".js")}"`;
  });
}

describe("README.md TypeScript blocks", () => {
  let fake: FakeCoder;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const block of blocks) writeFileSync(join(dir, `block-${block.index}.ts`), localize(block.code));
    fake = createFakeCoder({ buildStepMs: 5 });
    const { url } = await fake.listen();
    env = {
      ...process.env,
      CODER_URL: url,
      CODER_SESSION_TOKEN: fake.owner.token,
      CODER_AGENT_URL: url,
      CODER_AGENT_TOKEN: fake.agentToken("admin/dev"),
      // The user's own login must not leak into the run.
      CODER_CONFIG_DIR: join(dir, "no-config"),
    };
  });

  afterAll(async () => {
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("has blocks to check", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4);
  });

  it("links only to absolute URLs, which work on the npm page too (relative ones break there)", () => {
    const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? "");
    expect(links.length).toBeGreaterThan(0);
    expect(links.filter((link) => !/^(https?:\/\/|#)/.test(link))).toEqual([]);
    // Links into this repository follow package.json's repository.
    const repository = packageJson.homepage.replace(/#readme$/, "");
    for (const link of links.filter((l) => l.includes("coder-toolsdk/coder-toolsdk"))) {
      expect(link.startsWith(`${repository}/blob/main/`), link).toBe(true);
    }
    expect(packageJson.repository.url).toBe(`git+${repository}.git`);
    expect(packageJson.bugs.url).toBe(`${repository}/issues`);
  });

  it("every block type-checks", () => {
    const program = ts.createProgram({
      rootNames: blocks.map((b) => join(dir, `block-${b.index}.ts`)),
      options: {
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        target: ts.ScriptTarget.ES2023,
        lib: ["lib.es2023.d.ts", "lib.es2024.string.d.ts", "lib.dom.d.ts"],
        strict: true,
        noUncheckedIndexedAccess: true,
        skipLibCheck: true,
        noEmit: true,
        types: ["node"],
      },
    });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file?.fileName.startsWith(dir))
      .map((d) => {
        const block = blocks.find((b) => d.file?.fileName.endsWith(`block-${b.index}.ts`));
        const { line } = d.file?.getLineAndCharacterOfPosition(d.start ?? 0) ?? { line: 0 };
        return `README.md:${(block?.line ?? 0) + line}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
      });
    expect(problems).toEqual([]);
  }, 60_000);

  it.each(blocks.filter((b) => b.run).map((b) => [b.line, b] as const))(
    "the block at README.md:%i runs and exits 0",
    async (_, block) => {
      const child = spawn(process.execPath, ["--import", "tsx", resolve(dir, `block-${block.index}.ts`)], {
        cwd: REPO_ROOT,
        env,
        stdio: ["ignore", "pipe", "pipe"],
      });
      const run = await finished(child, 30_000);
      expect(run.stderr).not.toMatch(/Error|unsettled/);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout.trim().length, "the block printed nothing").toBeGreaterThan(0);
    },
    40_000,
  );
});
