import { describe, expect, it } from "vitest";
import { selectTools } from "../../../src/tools/framework/policy.js";
import { createWorkspaceBuild } from "../../../src/tools/workspaces/index.js";
import type { BuildView } from "../../../src/tools/workspaces/views.js";
import { useToolHarness } from "../../support/tool-harness.js";
import { failed, ok } from "../results.js";
import { buildParameters } from "./helpers.js";

describe("coder_create_workspace_build", () => {
  const h = useToolHarness();
  const ws = (ref: string) => h.fake.inspect.workspace(ref)!;
  const versions = () => {
    const [v2, v1] = [
      ws("admin/dev").latest_build.template_version_id,
      ws("alice/legacy").latest_build.template_version_id,
    ];
    return { v1, v2 };
  };
  const build = async (args: Record<string, unknown>) => {
    const result = ok(await h.call(createWorkspaceBuild, args));
    await h.fake.idle();
    return result;
  };

  it("stops a workspace (Go: CreateWorkspaceBuild stop)", async () => {
    const dev = ws("admin/dev");
    const stop = await build({ workspace_id: dev.id, transition: "stop" });
    expect(stop).toMatchObject({
      workspace_id: dev.id,
      workspace_name: "dev",
      workspace_owner_name: "admin",
      transition: "stop",
      build_number: 2,
      template_version_id: dev.latest_build.template_version_id,
      initiator_name: "admin",
    });
    expect(["pending", "running"]).toContain(stop.job_status);
    expect(ws("admin/dev").latest_build).toMatchObject({ id: stop.id, status: "stopped" });
  });

  it("starts on the previous version, not the template's active one", async () => {
    const { v1, v2 } = versions();
    expect(ws("alice/legacy").template_active_version_id).toBe(v2);
    const start = await build({ workspace_id: ws("alice/legacy").id, transition: "start" });
    expect(start.template_version_id).toBe(v1);
    expect(ws("alice/legacy").latest_build).toMatchObject({ status: "running", template_version_id: v1 });
    const sent = h.fake.requests.filter((r) => r.method === "POST" && r.path.endsWith("/builds"));
    expect(sent).toHaveLength(1);
  });

  it("builds a chosen version and rolls back", async () => {
    const { v1, v2 } = versions();
    const legacy = ws("alice/legacy").id;
    const up = await build({ workspace_id: legacy, transition: "start", template_version_id: v2 });
    expect(up.template_version_id).toBe(v2);
    expect(ws("alice/legacy").outdated).toBe(false);
    await build({ workspace_id: legacy, transition: "stop" });
    const back = await build({ workspace_id: legacy, transition: "start", template_version_id: v1 });
    expect(back).toMatchObject({ template_version_id: v1, template_version_name: "v1", build_number: 5 });
    expect(ws("alice/legacy").outdated).toBe(true);
  });

  it("records a preset and applies parameters; the preset beats conflicting ones", async () => {
    const dev = ws("admin/dev");
    const [small] = await h.owner.templates.presets(dev.latest_build.template_version_id);
    await build({ workspace_id: dev.id, transition: "stop" });
    const withPreset = await build({
      workspace_id: dev.id,
      transition: "start",
      template_version_preset_id: small!.ID,
      rich_parameters: { cpu: "6" },
    });
    expect(withPreset.template_version_preset_id).toBe(small!.ID);
    expect((await buildParameters(h, withPreset.id)).cpu).toBe("2");

    await build({ workspace_id: dev.id, transition: "stop" });
    const withParams = await build({
      workspace_id: dev.id,
      transition: "start",
      rich_parameters: { cpu: "6" },
    });
    expect(withParams.template_version_preset_id).toBeUndefined();
    expect((await buildParameters(h, withParams.id)).cpu).toBe("6");
  });

  it("rejects a preset on stop and parameters on delete", async () => {
    const id = ws("admin/dev").id;
    const preset = failed(
      await h.call(createWorkspaceBuild, {
        workspace_id: id,
        transition: "stop",
        template_version_preset_id: "3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b",
      }),
    );
    expect(preset.error.kind).toBe("input");
    expect(preset.text).toContain("template_version_preset_id is only valid for start transitions");
    expect(preset.text).not.toContain("rich_parameters");
    const params = failed(
      await h.call(createWorkspaceBuild, {
        workspace_id: id,
        transition: "delete",
        rich_parameters: { cpu: "2" },
      }),
    );
    expect(params.text).toContain("rich_parameters is only valid for start transitions");
    expect(h.fake.requests.filter((r) => r.method === "POST")).toEqual([]);
  });

  it("reports both violations at once", async () => {
    const failure = failed(
      await h.call(createWorkspaceBuild, {
        workspace_id: ws("admin/dev").id,
        transition: "stop",
        template_version_preset_id: "3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b",
        rich_parameters: { cpu: "2" },
      }),
    );
    expect(failure.text).toContain("template_version_preset_id is only valid for start transitions");
    expect(failure.text).toContain("rich_parameters is only valid for start transitions");
    expect(failure.error.kind === "input" && failure.error.issues.map((i) => i.path)).toEqual([
      "$.rich_parameters",
      "$.template_version_preset_id",
    ]);
  });

  it("accepts empty preset and parameters on stop, as Coder does", async () => {
    const stop = await build({
      workspace_id: ws("admin/dev").id,
      transition: "stop",
      template_version_preset_id: "",
      rich_parameters: {},
    });
    expect(stop.transition).toBe("stop");
  });

  it.each([
    [{ workspace_id: "not a workspace!" }, "workspace_id must be a valid UUID"],
    [{ workspace_id: "" }, "workspace_id must be a valid UUID"],
    [{ template_version_id: "v1" }, "template_version_id must be a valid UUID"],
    [{ template_version_preset_id: "small" }, "template_version_preset_id must be a valid UUID"],
  ])("rejects a bad UUID: %o", async (override, message) => {
    const failure = failed(
      await h.call(createWorkspaceBuild, {
        workspace_id: ws("admin/dev").id,
        transition: "start",
        ...override,
      }),
    );
    expect(failure.error.kind).toBe("input");
    expect(failure.text).toContain(message);
  });

  it("reports every bad id at once, before any request", async () => {
    const failure = failed(
      await h.call(createWorkspaceBuild, {
        workspace_id: "a/b/c",
        transition: "start",
        template_version_id: "v1",
        template_version_preset_id: "small",
      }),
    );
    expect(failure.error.kind === "input" && failure.error.issues.map((i) => i.path)).toEqual([
      "$.template_version_id",
      "$.template_version_preset_id",
      "$.workspace_id",
    ]);
    expect(h.fake.requests).toEqual([]);
  });

  it.each([
    ["dev", "admin/dev"],
    ["alice/legacy", "alice/legacy"],
    ["alice--legacy", "alice/legacy"],
    ["admin/dev.main", "admin/dev"],
  ])("takes a workspace name for workspace_id too: %s", async (name, ref) => {
    const stop = await build({ workspace_id: name, transition: "stop" });
    expect(stop.workspace_id).toBe(ws(ref).id);
    expect(ws(ref).latest_build).toMatchObject({ id: stop.id, transition: "stop" });
  });

  it("says how to find the name when no workspace has it", async () => {
    const failure = failed(await h.call(createWorkspaceBuild, { workspace_id: "ghost", transition: "stop" }));
    expect(failure.error.kind).toBe("tool");
    expect(failure.text).toContain('failed to find workspace "ghost"');
    expect(failure.text).toContain("coder_list_workspaces");
    expect(h.fake.requests.filter((r) => r.method === "POST")).toEqual([]);
  });

  it("works with the workspace pinned by name", async () => {
    const [pinned] = selectTools([createWorkspaceBuild], { pin: { workspace: "alice/legacy" } });
    expect(Object.keys(pinned!.input.shape)).not.toContain("workspace_id");
    const start = ok(await h.call(pinned!, { transition: "start" })) as BuildView;
    expect(start).toMatchObject({ workspace_id: ws("alice/legacy").id, transition: "start" });
    await h.fake.idle();
    expect(ws("alice/legacy").latest_build.status).toBe("running");
  });

  it("rejects an unknown transition with the enum", async () => {
    const failure = failed(
      await h.call(createWorkspaceBuild, { workspace_id: ws("admin/dev").id, transition: "restart" }),
    );
    expect(failure.error.kind).toBe("input");
    expect(failure.text).toContain("transition");
  });

  it("passes Coder's conflict through while a build is active", async () => {
    const id = ws("admin/dev").id;
    ok(await h.call(createWorkspaceBuild, { workspace_id: id, transition: "stop" }));
    const failure = failed(await h.call(createWorkspaceBuild, { workspace_id: id, transition: "start" }));
    expect(failure.error).toMatchObject({ kind: "api", status: 409 });
    expect(failure.text).toContain("A workspace build is already active.");
    await h.fake.idle();
  });

  it("deletes a workspace", async () => {
    const id = ws("alice/legacy").id;
    const del = await build({ workspace_id: id, transition: "delete" });
    expect(del.transition).toBe("delete");
    expect(h.fake.inspect.workspaces().some((w) => w.id === id)).toBe(false);
  });
});
