import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// msw is an optional peer dependency: a project that drives the fake through `listen()` or `fetch`
// has no msw, and with `skipLibCheck: false` TypeScript checks our published .d.ts files, so they
// must not import msw. This builds the declarations with the package's own tsup config into a
// consumer project in a temp dir (outside this repo, so nothing resolves msw by walking up) and
// type-checks it with our TypeScript, once without msw and once with it.

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "../..");
const bin = (name: string) => join(root, "node_modules", ".bin", name);

let work: string;

/** A consumer project whose node_modules has the built package and the given packages from ours. */
function consumer(name: string, packages: string[], source: string): string {
  const dir = join(work, name);
  const modules = join(dir, "node_modules");
  mkdirSync(join(modules, "@types"), { recursive: true });
  // A copy, not a symlink: TypeScript resolves symlinks to their real path, which would be this repo.
  cpSync(join(work, "package"), join(modules, "coder-toolsdk"), { recursive: true });
  for (const pkg of packages) symlinkSync(join(root, "node_modules", pkg), join(modules, pkg), "dir");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name, private: true, type: "module" }));
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        skipLibCheck: false,
        noEmit: true,
        target: "es2022",
        module: "nodenext",
        moduleResolution: "nodenext",
        types: ["node"],
      },
      files: ["main.ts"],
    }),
  );
  writeFileSync(join(dir, "main.ts"), source);
  return dir;
}

/** Runs tsc on a consumer; resolves with its diagnostics ("" when clean). */
async function typecheck(dir: string): Promise<string> {
  try {
    await run(bin("tsc"), ["-p", dir], { cwd: dir });
    return "";
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    return `${stdout ?? ""}${stderr ?? ""}` || String(error);
  }
}

describe("published types", () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "coder-toolsdk-types-"));
    const pkg = join(work, "package");
    // Declarations only, ESM only: what `import … from "coder-toolsdk/testing"` type-checks against.
    await run(bin("tsup"), ["--dts-only", "--format", "esm", "--out-dir", join(pkg, "dist"), "--silent"], {
      cwd: root,
    });
    writeFileSync(join(pkg, "package.json"), readFileSync(join(root, "package.json")));
  }, 120_000);
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("the testing entry type-checks with skipLibCheck: false in a project without msw", async () => {
    const dir = consumer(
      "no-msw",
      ["zod", "ky", "@types/node"],
      [
        'import { CoderClient } from "coder-toolsdk";',
        'import { createFakeCoder, type FakeCoder } from "coder-toolsdk/testing";',
        "",
        "const fake: FakeCoder = createFakeCoder({ buildStepMs: 5 });",
        "const server = await fake.listen();",
        "const coder = new CoderClient({ url: server.url, token: fake.owner.token });",
        "const me: string = (await coder.users.me()).username;",
        "console.log(me, fake.inspect.workspaces().length);",
        "await fake.close();",
        "",
      ].join("\n"),
    );
    expect(await typecheck(dir)).toBe("");
  }, 60_000);

  it("fake.handlers still spread into msw's setupServer and server.use when msw is installed", async () => {
    const dir = consumer(
      "with-msw",
      ["zod", "ky", "msw", "@types/node"],
      [
        'import { http, HttpResponse } from "msw";',
        'import { setupServer } from "msw/node";',
        'import { createFakeCoder } from "coder-toolsdk/testing";',
        "",
        "const fake = createFakeCoder();",
        "const server = setupServer(...fake.handlers);",
        'server.use(http.get("http://example.test/", () => HttpResponse.json({})), ...fake.handlers);',
        "server.close();",
        "",
      ].join("\n"),
    );
    expect(await typecheck(dir)).toBe("");
  }, 60_000);
});
