import { describe, expect, it } from "vitest";
import { CoderConfigError } from "../../../src/client/errors.js";
import { MUTATION, type TaskReport } from "../../../src/tools/index.js";
import {
  createAppStatusReporter,
  reportTask,
  taskStatusToolset,
} from "../../../src/tools/task-status/index.js";
import { getTaskStatus } from "../../../src/tools/tasks/index.js";
import { useToolHarness } from "../../support/tool-harness.js";
import { call, failed, ok } from "../results.js";

/** A reporter that records what it was given. */
function recorder() {
  const reports: TaskReport[] = [];
  return { reports, reporter: async (report: TaskReport) => void reports.push(report) };
}

describe("coder_report_task: definition", () => {
  it("is a mutation in the task_status toolset with Coder's inputs", () => {
    expect(taskStatusToolset.tools.map((t) => t.name)).toEqual(["coder_report_task"]);
    expect(reportTask.toolset).toBe("task_status");
    expect(reportTask.annotations).toEqual(MUTATION);
    expect(Object.keys(reportTask.input.shape)).toEqual(["summary", "link", "state"]);
  });
});

describe("coder_report_task with an injected reporter (TestReportTaskWithReporter)", () => {
  const h = useToolHarness();

  it("hands the arguments to the reporter and thanks the caller", async () => {
    const { reports, reporter } = recorder();
    const args = {
      summary: "Fixed the login test",
      link: "https://github.com/acme/app/pull/42",
      state: "complete",
    };
    expect(ok(await call(h, reportTask, args, h.context({ reporter })))).toEqual({
      message: "Thanks for reporting!",
    });
    expect(reports).toEqual([args]);
  });

  it.each(["working", "complete", "idle", "failure"])("accepts state %s and an empty link", async (state) => {
    const { reports, reporter } = recorder();
    ok(await call(h, reportTask, { summary: "s", link: "", state }, h.context({ reporter })));
    expect(reports[0]?.state).toBe(state);
  });

  it("limits the summary to 160 bytes, as Go's len() does", async () => {
    const { reports, reporter } = recorder();
    const ctx = h.context({ reporter });
    ok(await call(h, reportTask, { summary: "a".repeat(160), link: "", state: "working" }, ctx));
    ok(await call(h, reportTask, { summary: "é".repeat(80), link: "", state: "working" }, ctx));
    for (const summary of ["a".repeat(161), "é".repeat(81)]) {
      const failure = failed(await call(h, reportTask, { summary, link: "", state: "working" }, ctx));
      expect(failure.error.kind).toBe("input");
      if (failure.error.kind === "input") expect(failure.error.issues[0]?.path).toBe("$.summary");
      expect(failure.text).toContain("summary must be less than 160 characters");
    }
    expect(reports).toHaveLength(2);
  });

  it.each([
    [{ link: "", state: "working" }, "summary"],
    [{ summary: "s", state: "working" }, "link"],
    [{ summary: "s", link: "" }, "state"],
    [{ summary: "s", link: "", state: "done" }, "state"],
    [{ summary: "s", link: "", state: "working", extra: 1 }, "extra"],
  ])("rejects %j", async (args, field) => {
    const { reports, reporter } = recorder();
    const failure = failed(await call(h, reportTask, args, h.context({ reporter })));
    expect(failure.error.kind).toBe("input");
    expect(failure.text).toContain(field);
    expect(reports).toEqual([]);
  });

  it("checks the summary before the reporter's presence, like Coder", async () => {
    const failure = failed(await call(h, reportTask, { summary: "a".repeat(161), link: "", state: "idle" }));
    expect(failure.text).toContain("summary must be less than 160 characters");
  });

  it("says how to enable reporting when no reporter is configured (TestReportTaskNilPointerDeref)", async () => {
    const failure = failed(await call(h, reportTask, { summary: "s", link: "", state: "working" }));
    expect(failure.error.kind).toBe("tool");
    expect(failure.text).toContain(
      "task reporting not available: set CODER_AGENT_TOKEN and CODER_MCP_APP_STATUS_SLUG",
    );
    expect(failure.error.kind === "tool" && failure.error.hint).toBeTruthy();
  });

  it("surfaces a reporter's failure", async () => {
    const reporter = async () => {
      throw new Error("queue full");
    };
    const failure = failed(
      await call(h, reportTask, { summary: "s", link: "", state: "working" }, h.context({ reporter })),
    );
    expect(failure.text).toContain("queue full");
  });
});

describe("createAppStatusReporter against the fake's agent API", () => {
  const h = useToolHarness({ agentApi: "tasks" });

  it("publishes the report as the app's status, readable from the workspace", async () => {
    const reporter = createAppStatusReporter({ agent: h.agentFor("admin/dev"), appSlug: "claude-code" });
    const args = {
      summary: "Refactoring the auth module",
      link: "https://example.com/pr/7",
      state: "working",
    };
    expect(ok(await call(h, reportTask, args, h.context({ reporter })))).toEqual({
      message: "Thanks for reporting!",
    });

    const ws = await h.owner.workspaces.getByOwnerAndName("admin", "dev");
    expect(ws.latest_app_status).toMatchObject({
      state: "working",
      message: "Refactoring the auth module",
      uri: "https://example.com/pr/7",
    });
    const app = (ws.latest_build.resources ?? [])
      .flatMap((r) => r.agents ?? [])
      .flatMap((a) => a.apps ?? [])
      .find((a) => a.slug === "claude-code");
    expect(app?.statuses?.map((s) => s.message)).toEqual(["Refactoring the auth module"]);
    expect(ws.latest_app_status?.app_id).toBe(app?.id);
    expect(h.fake.inspect.appStatuses("admin/dev")).toHaveLength(1);
  });

  it("shows in the task's current_state when the workspace runs a task", async () => {
    const task = h.fake.seed.task({ owner: "alice", prompt: "Fix the flaky test", name: "flaky" });
    await h.fake.idle();
    const reporter = createAppStatusReporter({
      agent: h.agentFor(`alice/${task.workspace_name}`),
      appSlug: "claude-code",
    });
    ok(
      await call(
        h,
        reportTask,
        { summary: "Flaky test fixed", link: "https://example.com/pr/9", state: "complete" },
        h.context({ reporter }),
      ),
    );
    const status = ok(await call(h, getTaskStatus, { task_id: "alice/flaky" }));
    expect(status.status).toBe("active");
    expect(status.state).toMatchObject({
      state: "complete",
      message: "Flaky test fixed",
      uri: "https://example.com/pr/9",
    });
  });

  it("surfaces Coder's 400 for an unknown app slug", async () => {
    const reporter = createAppStatusReporter({ agent: h.agentFor("admin/dev"), appSlug: "no-such-app" });
    const failure = failed(
      await call(h, reportTask, { summary: "s", link: "", state: "working" }, h.context({ reporter })),
    );
    expect(failure.error).toMatchObject({
      kind: "api",
      status: 400,
      message: "Failed to get workspace app.",
    });
    expect(failure.text).toContain("Failed to get workspace app.");
    expect(h.fake.inspect.appStatuses("admin/dev")).toEqual([]);
  });

  it("refuses an empty app slug when it is created", () => {
    expect(() => createAppStatusReporter({ agent: h.agentFor("admin/dev"), appSlug: " " })).toThrow(
      CoderConfigError,
    );
  });
});
