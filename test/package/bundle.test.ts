import { execFile } from "node:child_process";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { build as esbuild } from "esbuild";
import { build as tsup } from "tsup";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFakeCoder, type FakeCoder } from "../../src/testing/index.js";
import tsupConfig from "../../tsup.config.js";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "../..");

// A user's script that only wants the client, bundled the way users bundle (esbuild, ESM, node)
// against the package as published: its exports, its sideEffects flag, our build's chunks.
describe("a bundle of a client-only script", () => {
  let dir: string;
  let fake: FakeCoder;
  let url: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "coder-toolsdk-bundle-"));
    const pkg = join(dir, "node_modules", "coder-toolsdk");
    mkdirSync(pkg, { recursive: true });
    const config = Array.isArray(tsupConfig) ? tsupConfig[0] : tsupConfig;
    // The real build config, minus what this test does not need (types, maps) to stay fast.
    await tsup({
      ...config,
      outDir: join(pkg, "dist"),
      dts: false,
      sourcemap: false,
      silent: true,
      format: ["esm"],
    });
    cpSync(join(root, "package.json"), join(pkg, "package.json"));
    // Dependencies resolve from the repository's node_modules, as they would from the user's.
    for (const entry of readdirSync(join(root, "node_modules"))) {
      if (entry === "coder-toolsdk" || entry.startsWith(".")) continue;
      symlinkSync(join(root, "node_modules", entry), join(dir, "node_modules", entry));
    }
    writeFileSync(
      join(dir, "app.mjs"),
      [
        'import { CoderClient } from "coder-toolsdk";',
        "const client = new CoderClient({ url: process.env.CODER_URL, token: process.env.CODER_SESSION_TOKEN });",
        "const info = await client.buildInfo();",
        "console.log(`connected to Coder ${info.version}`);",
      ].join("\n"),
    );
    fake = createFakeCoder();
    ({ url } = await fake.listen());
  }, 120_000);

  afterAll(async () => {
    await fake?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("runs, and contains none of the tools, their zod schemas' texts or tar-stream", async () => {
    const out = join(dir, "out.mjs");
    await esbuild({
      entryPoints: [join(dir, "app.mjs")],
      bundle: true,
      platform: "node",
      format: "esm",
      outfile: out,
      absWorkingDir: dir,
      logLevel: "silent",
    });
    const bundle = readFileSync(out, "utf8");
    expect(bundle).toContain("Coder-Session-Token");
    expect(bundle).not.toContain("coder_list_workspaces");
    expect(bundle).not.toContain("defineTool");
    expect(bundle).not.toContain("tar-stream");
    const { stdout } = await run(process.execPath, [out], {
      env: { ...process.env, CODER_URL: url, CODER_SESSION_TOKEN: fake.owner.token },
    });
    expect(stdout).toMatch(/^connected to Coder v\d/);
  }, 120_000);
});
