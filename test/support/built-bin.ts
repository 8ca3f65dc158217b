import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { build as tsup } from "tsup";
import tsupConfig from "../../tsup.config.js";
import { REPO_ROOT } from "../examples/run-example.js";

const run = promisify(execFile);

/** Where the test build of the bin goes: inside node_modules so dependencies resolve as installed. */
const OUT = join(REPO_ROOT, "node_modules", ".cache", "coder-toolsdk-bin-test");

/**
 * Build the `coder-toolsdk` bin with the real build config (its entry only, ESM, no types) and
 * return the path of `cli.js`. `npm test` runs before `npm run build`, so the test builds its own.
 */
export async function buildBin(): Promise<string> {
  const config = Array.isArray(tsupConfig) ? tsupConfig[0] : tsupConfig;
  mkdirSync(OUT, { recursive: true });
  // The package scope of the built files: ESM, like the published package.
  writeFileSync(join(OUT, "package.json"), JSON.stringify({ type: "module" }));
  await tsup({
    ...config,
    entry: { cli: "src/cli/bin.ts" },
    outDir: join(OUT, "dist"),
    format: ["esm"],
    dts: false,
    sourcemap: false,
    silent: true,
    clean: true,
  });
  return join(OUT, "dist", "cli.js");
}

/** What one `inspector --cli` run printed. */
export interface InspectorRun {
  code: number;
  stdout: string;
  stderr: string;
}

const INSPECTOR = join(
  REPO_ROOT,
  "node_modules",
  "@modelcontextprotocol",
  "inspector",
  "clients",
  "launcher",
  "build",
  "index.js",
);

/** Run the MCP Inspector's CLI (`inspector --cli …`) with the pinned Node. */
export async function inspector(args: string[], catalog: string): Promise<InspectorRun> {
  try {
    const { stdout, stderr } = await run(process.execPath, [INSPECTOR, "--cli", ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, MCP_CATALOG_PATH: catalog },
      timeout: 60_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof failed.code === "number" ? failed.code : 1,
      stdout: failed.stdout ?? "",
      stderr: failed.stderr ?? "",
    };
  }
}
