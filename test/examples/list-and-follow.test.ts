import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFakeCoder, type FakeCoder, type ListeningServer } from "../../src/testing/index.js";
import { type ExampleRun, runExample } from "./run-example.js";

// examples/list-and-follow.ts as a user runs it: a child process with CODER_URL and
// CODER_SESSION_TOKEN pointing at a fake deployment on a real socket.

describe("examples/list-and-follow.ts", () => {
  let fake: FakeCoder;
  let server: ListeningServer;
  let emptyConfigDir: string;

  beforeEach(async () => {
    fake = createFakeCoder({ buildStepMs: 20 });
    server = await fake.listen();
    // So a missing env var can never be filled in from a real `coder login` on this machine.
    emptyConfigDir = mkdtempSync(join(tmpdir(), "coder-toolsdk-example-"));
  });
  afterEach(async () => {
    await fake.close();
    rmSync(emptyConfigDir, { recursive: true, force: true });
  });

  const run = (args: string[], token: string | null = fake.owner.token): Promise<ExampleRun> => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      CODER_CONFIG_DIR: emptyConfigDir,
      CODER_URL: server.url,
    };
    delete env.CODER_SESSION_TOKEN;
    if (token !== null) env.CODER_SESSION_TOKEN = token;
    return runExample("list-and-follow.ts", args, env);
  };

  const lines = (text: string) => text.trimEnd().split("\n");

  function expectNoToken(result: ExampleRun, token = fake.owner.token): void {
    expect(result.stdout).not.toContain(token);
    expect(result.stderr).not.toContain(token);
  }

  it("lists the caller's workspaces, starts the first stopped one and prints its build logs", async () => {
    const result = await run([]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const out = lines(result.stdout);
    expect(out[0]).toBe(`Workspaces of admin on ${server.url}:`);
    expect(out.slice(1, 4)).toEqual([
      "  NAME     STATUS   TEMPLATE",
      "  dev      running  docker",
      "  k8s-lab  stopped  kubernetes",
    ]);
    // alice's workspaces are not the caller's.
    expect(result.stdout).not.toContain("alice-dev");

    const build = fake.inspect.builds("admin/k8s-lab")[0];
    expect(build?.transition).toBe("start");
    expect(result.stdout).toContain(`Starting k8s-lab (build #${build?.build_number})`);
    const stageHeaders = out.filter((l) => l.startsWith("["));
    expect(stageHeaders[0]).toBe("[Setting up]");
    expect(stageHeaders).toContain("[Starting workspace]");
    expect(stageHeaders.at(-1)).toBe("[Cleaning Up]");
    const withOutput = fake.inspect.buildLogs(build?.id ?? "").filter((log) => log.output);
    expect(withOutput.length).toBeGreaterThan(0);
    for (const log of withOutput) expect(out).toContain(`  ${log.output}`);
    expect(out.at(-1)).toBe(`Build #${build?.build_number} of k8s-lab (start): succeeded`);
    expect(fake.inspect.workspace("admin/k8s-lab")?.latest_build.status).toBe("running");
    expectNoToken(result);
  });

  it("restarts a running workspace named on the command line", async () => {
    const result = await run(["dev"]);
    expect(result.code).toBe(0);
    const out = lines(result.stdout);
    const stopAt = out.findIndex((l) => l.startsWith("Stopping dev (build #"));
    const stoppedAt = out.findIndex((l) => / of dev \(stop\): succeeded$/.test(l));
    const startAt = out.findIndex((l) => l.startsWith("Starting dev (build #"));
    expect(stopAt).toBeGreaterThan(0);
    expect(stoppedAt).toBeGreaterThan(stopAt);
    expect(startAt).toBeGreaterThan(stoppedAt);
    expect(out.at(-1)).toMatch(/^Build #\d+ of dev \(start\): succeeded$/);
    expect(
      fake.inspect
        .builds("admin/dev")
        .slice(0, 2)
        .map((b) => b.transition),
    ).toEqual(["start", "stop"]);
    expectNoToken(result);
  });

  it("exits 1 and says so when the build fails", async () => {
    fake.failNextBuild({ workspace: "admin/k8s-lab", error: "quota exceeded" });
    const result = await run(["k8s-lab"]);
    expect(result.code).toBe(1);
    expect(lines(result.stdout).at(-1)).toMatch(
      /^Build #\d+ of k8s-lab \(start\): failed \(.*quota exceeded.*\)$/,
    );
    expectNoToken(result);
  });

  it("exits 1 with a clear message for an unknown workspace", async () => {
    const result = await run(["nope"]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('error: you have no workspace named "nope"');
    expectNoToken(result);
  });

  it("exits 1 naming what is missing when there is no token", async () => {
    const result = await run([], null);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(
      "error: Coder client configuration is incomplete: missing a session token",
    );
    expect(result.stderr).toContain("CODER_SESSION_TOKEN");
    expect(result.stderr).toContain(join(emptyConfigDir, "session"));
  });

  it("exits 1 with Coder's message and the login hint for a bad token, without echoing it", async () => {
    const bad = "abcdefghij-0123456789abcdefghijkl";
    const result = await run([], bad);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "unexpected status code 401: You are signed out or your session has expired. Please sign in again to continue.: Try logging in using 'coder login'.",
    );
    expectNoToken(result, bad);
  });
});
