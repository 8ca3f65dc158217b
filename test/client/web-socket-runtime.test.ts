import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CoderClient, CoderConfigError } from "../../src/client/index.js";
import { rejection, useListeningFake } from "./reliability-harness.js";

// Node 20 has no global WebSocket. Log follows then load the `ws` package (a dependency) on first
// use; should that fail too, the error says which Node this is and what to pass.

const root = resolve(import.meta.dirname, "../..");

/** Removes `globalThis.WebSocket` for one test, as on Node 20, and puts it back afterwards. */
function withoutGlobalWebSocket(): void {
  const saved = Object.getOwnPropertyDescriptor(globalThis, "WebSocket");
  delete (globalThis as { WebSocket?: unknown }).WebSocket;
  afterEach(() => {
    if (saved) Object.defineProperty(globalThis, "WebSocket", saved);
  });
}

describe("log follows without a global WebSocket", () => {
  const ctx = useListeningFake();

  it("load the ws package and follow as usual", async () => {
    withoutGlobalWebSocket();
    expect((globalThis as { WebSocket?: unknown }).WebSocket).toBeUndefined();
    const build = ctx.fake.inspect.workspace("admin/dev")!.latest_build.id;
    const ids: number[] = [];
    for await (const log of ctx.client().builds.followLogs(build)) ids.push(log.id);
    expect(ids).toEqual(ctx.fake.inspect.buildLogs(build).map((l) => l.id));
    // A real WebSocket follow, not the polling fallback: the upgrade was accepted.
    expect(ctx.fake.requests.at(-1)).toMatchObject({ search: "?follow=true", status: 101 });
  });

  it("name the Node version and what to pass when ws cannot be loaded either", async () => {
    withoutGlobalWebSocket();
    vi.doMock("ws", () => {
      throw new Error("Cannot find package 'ws'");
    });
    try {
      const coder = new CoderClient({ url: "http://coder.test", token: "t0ken-for-tests" });
      const error = await rejection(coder.builds.followLogs("00000000-0000-4000-8000-000000000000").next());
      expect(error).toBeInstanceOf(CoderConfigError);
      const message = (error as Error).message;
      expect(message).toContain(`Node ${process.version} has no global WebSocket (Node ≥ 22 has one)`);
      expect(message).toContain("the `ws` package could not be loaded (");
      expect(message).toContain("pass `webSocket` to CoderClient");
    } finally {
      vi.doUnmock("ws");
    }
  });
});

/** A `node` on PATH (or a system one) that has no global WebSocket, i.e. Node < 22. */
function nodeWithoutWebSocket(): string | undefined {
  const candidates = new Set<string>();
  try {
    for (const line of execFileSync("which", ["-a", "node"], { encoding: "utf8" }).split("\n")) {
      if (line.trim() && !line.includes("node_modules")) candidates.add(line.trim());
    }
  } catch {
    // No `which`, or no node on PATH: try the usual places.
  }
  for (const path of ["/usr/bin/node", "/usr/local/bin/node", "/bin/node"]) candidates.add(path);
  for (const node of candidates) {
    try {
      if (execFileSync(node, ["-p", "typeof WebSocket"], { encoding: "utf8" }).trim() === "undefined")
        return node;
    } catch {
      // Not there, or not runnable.
    }
  }
  return undefined;
}

const oldNode = nodeWithoutWebSocket();

describe.skipIf(!oldNode)(
  `a follow on a Node without global WebSocket (${oldNode ?? "none found: skipped"})`,
  () => {
    let dir: string | undefined;
    afterEach(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("works end to end against the fake, in a separate process", async () => {
      dir = mkdtempSync(join(tmpdir(), "coder-toolsdk-node20-"));
      const script = join(dir, "follow.mts");
      writeFileSync(
        script,
        [
          `import { CoderClient } from ${JSON.stringify(join(root, "src/client/index.ts"))};`,
          `import { createFakeCoder } from ${JSON.stringify(join(root, "src/testing/index.ts"))};`,
          "const fake = createFakeCoder({ buildStepMs: 5 });",
          "const server = await fake.listen();",
          "const coder = new CoderClient({ url: server.url, token: fake.owner.token });",
          'const build = fake.inspect.workspace("admin/dev").latest_build.id;',
          "const ids = [];",
          "for await (const log of coder.builds.followLogs(build, { onFallback: () => ids.push(-1) })) ids.push(log.id);",
          "const expected = fake.inspect.buildLogs(build).map((l) => l.id);",
          "console.log(JSON.stringify({ version: process.version, global: typeof WebSocket, ids, expected }));",
          "await fake.close();",
        ].join("\n"),
      );
      // tsx runs the TypeScript sources; it resolves from the repository, where it is installed.
      const { stdout } = await promisify(execFile)(oldNode!, ["--import", "tsx", script], { cwd: root });
      const result = JSON.parse(stdout.trim().split("\n").at(-1)!) as {
        version: string;
        global: string;
        ids: number[];
        expected: number[];
      };
      expect(result.global).toBe("undefined");
      expect(result.ids.length).toBeGreaterThan(0);
      expect(result.ids).toEqual(result.expected);
    }, 60_000);
  },
);
