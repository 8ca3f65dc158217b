import { describe, expect, it } from "vitest";
import {
  callTool,
  createWorkspaceBuild,
  describeToolCall,
  getWorkspace,
  isToolDeclinedError,
  pinTool,
  type ToolApprovalRequest,
  type ToolCallEvent,
  ToolDeclinedError,
} from "../../../src/tools/index.js";
import { useToolHarness } from "../../support/tool-harness.js";
import { failed, ok } from "../results.js";

// approve and onToolCall, through callTool's options, against the fake deployment: a declined
// build must leave the workspace untouched, an approved one must build.

describe("approve (destructive tools only)", () => {
  const h = useToolHarness();

  it("asks before a destructive call, with validated arguments and a one-line summary, then runs it", async () => {
    const asked: ToolApprovalRequest[] = [];
    const result = await callTool(
      createWorkspaceBuild,
      '{"workspace_id":"admin/dev","transition":"stop"}',
      h.context(),
      {
        approve: (request) => {
          asked.push(request);
          return true;
        },
      },
    );
    const build = ok(result);
    expect(build.transition).toBe("stop");
    expect(asked).toHaveLength(1);
    expect(asked[0]?.tool.name).toBe("coder_create_workspace_build");
    expect(asked[0]?.arguments).toEqual({ workspace_id: "admin/dev", transition: "stop" });
    expect(asked[0]?.summary).toBe(
      'Start, stop or delete a workspace (coder_create_workspace_build): workspace_id="admin/dev", transition="stop"',
    );
    expect(h.fake.inspect.builds("admin/dev")[0]?.transition).toBe("stop");
  });

  it("a refusal is a declined failure the model can report, and nothing is built", async () => {
    const before = h.fake.inspect.builds("admin/dev").length;
    const failure = failed(
      await callTool(createWorkspaceBuild, { workspace_id: "admin/dev", transition: "delete" }, h.context(), {
        approve: () => ({ approved: false, reason: "not on a Friday" }),
      }),
    );
    expect(failure.error.kind).toBe("declined");
    expect(failure.text).toBe(
      'The user declined Start, stop or delete a workspace (coder_create_workspace_build): workspace_id="admin/dev", transition="delete". ' +
        "It was not run; tell the user instead of retrying. Reason: not on a Friday",
    );
    expect(h.fake.inspect.builds("admin/dev")).toHaveLength(before);
    expect(h.fake.inspect.workspace("admin/dev")?.latest_build.transition).toBe("start");
  });

  it("a throwing approver declines too (fail closed), naming why", async () => {
    const before = h.fake.inspect.builds("admin/dev").length;
    const failure = failed(
      await callTool(createWorkspaceBuild, { workspace_id: "admin/dev", transition: "stop" }, h.context(), {
        approve: async () => {
          throw new Error("approval service unreachable");
        },
      }),
    );
    expect(failure.error).toEqual({
      kind: "declined",
      message:
        'Could not get the user\'s approval for Start, stop or delete a workspace (coder_create_workspace_build): workspace_id="admin/dev", transition="stop" (approval service unreachable). It was not run.',
    });
    expect(h.fake.inspect.builds("admin/dev")).toHaveLength(before);
  });

  it("is not asked for read-only tools, nor for arguments that fail validation", async () => {
    let asked = 0;
    const approve = () => {
      asked++;
      return false;
    };
    ok(await callTool(getWorkspace, { workspace_id: "admin/dev" }, h.context(), { approve }));
    const bad = failed(
      await callTool(createWorkspaceBuild, { workspace_id: "admin/dev", transition: "pause" }, h.context(), {
        approve,
      }),
    );
    expect(bad.error.kind).toBe("input");
    expect(asked).toBe(0);
  });

  it("sees pinned values as part of the call", async () => {
    const pinned = pinTool(createWorkspaceBuild, { workspace: "admin/dev" });
    let seen: ToolApprovalRequest | undefined;
    ok(
      await callTool(pinned, { transition: "stop" }, h.context(), {
        approve: (request) => {
          seen = request;
          return true;
        },
      }),
    );
    expect(seen?.arguments).toEqual({ transition: "stop", workspace_id: "admin/dev" });
    expect(seen?.summary).toContain('workspace_id="admin/dev"');
  });

  it("a cancelled call stops waiting for approval and ends as cancelled", async () => {
    const controller = new AbortController();
    const pending = callTool(
      createWorkspaceBuild,
      { workspace_id: "admin/dev", transition: "stop" },
      h.context({ signal: controller.signal }),
      { approve: () => new Promise<boolean>(() => {}) },
    );
    controller.abort();
    expect(failed(await pending).error.kind).toBe("cancelled");
  });
});

describe("onToolCall", () => {
  const h = useToolHarness();

  it("hears start and end with the call id, redacted arguments, duration and outcome", async () => {
    const events: ToolCallEvent[] = [];
    const token = h.fake.owner.token;
    const result = await callTool(
      getWorkspace,
      JSON.stringify({ workspace_id: `admin/dev ${token}` }),
      h.context(),
      { onToolCall: (event) => events.push(event), callId: "call-1" },
    );
    expect(result.ok).toBe(false);
    expect(events.map((e) => e.phase)).toEqual(["start", "end"]);
    const [start, end] = events;
    expect(start).toMatchObject({ tool: "coder_get_workspace", callId: "call-1" });
    expect(JSON.stringify(start?.arguments)).not.toContain(token);
    expect(start?.arguments).toEqual({ workspace_id: "admin/dev [REDACTED]" });
    expect(end).toMatchObject({ phase: "end", callId: "call-1", outcome: "tool", truncated: false });
    expect(end?.phase === "end" && end.durationMs >= 0).toBe(true);
    expect(end?.startedAt).toBe(start?.startedAt);
  });

  it("reports ok, declined and input outcomes, and a random id when none is given", async () => {
    const events: ToolCallEvent[] = [];
    const onToolCall = (event: ToolCallEvent) => events.push(event);
    await callTool(getWorkspace, { workspace_id: "admin/dev" }, h.context(), { onToolCall });
    await callTool(createWorkspaceBuild, { workspace_id: "admin/dev", transition: "stop" }, h.context(), {
      onToolCall,
      approve: () => false,
    });
    await callTool(getWorkspace, "{", h.context(), { onToolCall });
    const ends = events.filter((e) => e.phase === "end");
    expect(ends.map((e) => e.phase === "end" && e.outcome)).toEqual(["ok", "declined", "input"]);
    expect(new Set(ends.map((e) => e.callId)).size).toBe(3);
    expect(ends[0]?.callId).toMatch(/^[0-9a-f-]{36}$/);
    // Undecodable arguments are reported as they arrived.
    expect(events.at(-1)?.arguments).toBe("{");
  });

  it("a throwing observer does not change the outcome", async () => {
    const result = await callTool(getWorkspace, { workspace_id: "admin/dev" }, h.context(), {
      onToolCall: () => {
        throw new Error("logger down");
      },
    });
    expect(ok(result).name).toBe("dev");
  });
});

describe("describeToolCall and the declined error", () => {
  it("shortens long values and keeps the line bounded", () => {
    const line = describeToolCall(createWorkspaceBuild, {
      workspace_id: "x".repeat(500),
      transition: "start",
    });
    expect(line.length).toBeLessThanOrEqual(240);
    expect(line).toContain('workspace_id="xxxxxxxx');
    expect(line).toContain("…");
  });

  it("ToolDeclinedError is recognised across copies by its brand", () => {
    expect(isToolDeclinedError(new ToolDeclinedError("no"))).toBe(true);
    expect(isToolDeclinedError(new Error("no"))).toBe(false);
  });
});
