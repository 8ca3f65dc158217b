import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ToolProgress } from "../../../src/tools/index.js";
import { workspaceBash } from "../../../src/tools/workspace-agent/index.js";
import { LocalTransport } from "../../../src/workspace/index.js";
import { useToolHarness } from "../../support/tool-harness.js";
import { failed, ok } from "../results.js";
import { seedTwinTemplate } from "../workspaces/helpers.js";

describe("coder_workspace_bash", () => {
  const h = useToolHarness();

  it("returns trimmed output and the exit code (Go: WorkspaceSSHExec)", async () => {
    expect(ok(await h.call(workspaceBash, { workspace: "dev", command: "echo '  hello world  '" }))).toEqual({
      output: "hello world",
      exit_code: 0,
    });
    expect(ok(await h.call(workspaceBash, { workspace: "dev", command: "exit 42" }))).toEqual({
      output: "",
      exit_code: 42,
    });
  });

  it.each(["admin/dev", "admin--dev", "dev.main", "main.dev.admin"])(
    "accepts the workspace as %s",
    async (workspace) => {
      const result = ok(await h.call(workspaceBash, { workspace, command: "echo $CODER; pwd" }));
      expect(result.output).toBe(`true\n${h.fake.workspaceDir("admin/dev")}`);
    },
  );

  it("kills a command at its timeout and reports 124", async () => {
    const result = ok(
      await h.call(workspaceBash, { workspace: "dev", command: "echo begun; sleep 30", timeout_ms: 500 }),
    );
    expect(result).toEqual({ output: "begun\nCommand canceled due to timeout", exit_code: 124 });
  });

  it("leaves a background command running and says where its output goes", async () => {
    const result = ok(
      await h.call(workspaceBash, {
        workspace: "dev",
        command: "echo serving; exec sleep 30",
        background: true,
        timeout_ms: 700,
      }),
    );
    expect(result.exit_code).toBe(124);
    const job = result.background;
    if (!job) throw new Error("no background job");
    expect(result.output).toBe(
      `serving\nCommand continues running in background (pid ${job.pid}, output in ${job.log_path})`,
    );
    const check = ok(
      await h.call(workspaceBash, { workspace: "dev", command: `kill -0 ${job.pid} && cat ${job.log_path}` }),
    );
    expect(check).toEqual({ output: "serving", exit_code: 0 });
    ok(await h.call(workspaceBash, { workspace: "dev", command: `kill -9 -${job.pid}; rm ${job.log_path}` }));
  });

  it("keeps the head and tail of output too long for the result", async () => {
    const ctx = h.context({ limits: { maxResultBytes: 4096 } });
    const result = ok(await h.call(workspaceBash, { workspace: "dev", command: "seq 1 100000" }, ctx));
    expect(result.truncated).toBe(true);
    expect(result.output_bytes).toBe(588_895);
    expect(result.output.startsWith("1\n2\n3\n")).toBe(true);
    expect(result.output.endsWith("99999\n100000")).toBe(true);
    expect(Buffer.byteLength(result.output)).toBeLessThanOrEqual(4096);
  });

  it("starts a stopped workspace, waits for its agent, and reports progress", async () => {
    const updates: ToolProgress[] = [];
    const ctx = h.context({ progress: (p) => updates.push(p) });
    const result = ok(await h.call(workspaceBash, { workspace: "k8s-lab", command: "echo up" }, ctx));
    expect(result).toEqual({ output: "up", exit_code: 0 });
    expect(h.fake.inspect.workspace("admin/k8s-lab")?.latest_build).toMatchObject({
      transition: "start",
      status: "running",
    });
    expect(updates.map((u) => u.message).join("\n")).toMatch(/starting workspace k8s-lab/);
  });

  it("refuses a workspace whose start failed, with Coder's messages", async () => {
    h.fake.failNextBuild({ workspace: "admin/k8s-lab" });
    const first = failed(await h.call(workspaceBash, { workspace: "k8s-lab", command: "true" }));
    expect(first.text).toContain("failed to wait for build completion: the start build failed");
    // As in Go: the latest build is now a (failed) start, so there is nothing to autostart.
    const second = failed(await h.call(workspaceBash, { workspace: "k8s-lab", command: "true" }));
    expect(second.text).toContain('workspace "k8s-lab" has no agents');
  });

  it("asks which agent when the workspace has several, and finds a missing workspace", async () => {
    seedTwinTemplate(h);
    h.fake.seed.workspace({ owner: "admin", template: "twin", name: "pair" });
    const many = failed(await h.call(workspaceBash, { workspace: "pair", command: "true" }));
    expect(many.text).toContain(
      "multiple agents found, please specify the agent name, available agents: [dev dev2]",
    );
    expect(ok(await h.call(workspaceBash, { workspace: "pair.dev2", command: "echo two" })).output).toBe(
      "two",
    );
    expect(failed(await h.call(workspaceBash, { workspace: "nope", command: "true" })).text).toContain(
      "failed to find workspace",
    );
  });

  it("rejects an empty command before doing anything", async () => {
    const failure = failed(await h.call(workspaceBash, { workspace: "dev", command: "  " }));
    expect(failure.text).toContain("command cannot be empty");
    expect(h.fake.requests).toEqual([]);
  });

  it("uses the context's transport when the host gives one", async () => {
    const dir = await mkdtemp(join(tmpdir(), "bash-tool-"));
    try {
      const ctx = h.context({ transport: new LocalTransport({ cwd: dir }) });
      expect(ok(await h.call(workspaceBash, { workspace: "dev", command: "pwd" }, ctx)).output).toBe(dir);
      expect(h.fake.requests.some((r) => r.path.endsWith("/pty"))).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
