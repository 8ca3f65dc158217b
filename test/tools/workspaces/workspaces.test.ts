import { describe, expect, it } from "vitest";
import { DESTRUCTIVE, MUTATION, READ_ONLY, toolInputJsonSchema } from "../../../src/tools/index.js";
import {
  createWorkspace,
  getWorkspace,
  listWorkspaces,
  workspacesToolset,
} from "../../../src/tools/workspaces/index.js";
import { useToolHarness } from "../../support/tool-harness.js";
import { failed, ok } from "../results.js";
import { buildParameters } from "./helpers.js";

describe("workspace tools: definitions", () => {
  it("have Coder's names and annotation classes, in the workspaces toolset", () => {
    expect(workspacesToolset.tools.map((t) => [t.name, t.annotations])).toEqual([
      ["coder_list_workspaces", READ_ONLY],
      ["coder_get_workspace", READ_ONLY],
      ["coder_create_workspace", MUTATION],
      ["coder_create_workspace_build", DESTRUCTIVE],
      ["coder_get_workspace_agent_logs", READ_ONLY],
      ["coder_get_workspace_build_logs", READ_ONLY],
      ["coder_workspace_readiness", READ_ONLY],
      ["coder_workspace_port_forward", MUTATION],
      ["coder_workspace_list_apps", MUTATION],
    ]);
    for (const tool of workspacesToolset.tools) expect(tool.toolset).toBe("workspaces");
  });

  it("take Coder's inputs with the same required sets", () => {
    const shape = (tool: (typeof workspacesToolset.tools)[number]) => {
      const schema = toolInputJsonSchema(tool);
      return {
        properties: Object.keys(schema.properties ?? {}).sort(),
        required: [...(schema.required ?? [])].sort(),
      };
    };
    expect(workspacesToolset.tools.map((t) => [t.name, shape(t)])).toEqual([
      ["coder_list_workspaces", { properties: ["owner"], required: [] }],
      ["coder_get_workspace", { properties: ["workspace_id"], required: ["workspace_id"] }],
      [
        "coder_create_workspace",
        {
          properties: [
            "name",
            "rich_parameters",
            "template_id",
            "template_version_id",
            "template_version_preset_id",
            "user",
          ],
          required: ["name", "rich_parameters"],
        },
      ],
      [
        "coder_create_workspace_build",
        {
          properties: [
            "rich_parameters",
            "template_version_id",
            "template_version_preset_id",
            "transition",
            "workspace_id",
          ],
          required: ["transition", "workspace_id"],
        },
      ],
      [
        "coder_get_workspace_agent_logs",
        { properties: ["workspace_agent_id"], required: ["workspace_agent_id"] },
      ],
      [
        "coder_get_workspace_build_logs",
        { properties: ["workspace_build_id"], required: ["workspace_build_id"] },
      ],
      ["coder_workspace_readiness", { properties: ["wait_ms", "workspace"], required: ["workspace"] }],
      [
        "coder_workspace_port_forward",
        { properties: ["port", "workspace"], required: ["port", "workspace"] },
      ],
      ["coder_workspace_list_apps", { properties: ["workspace"], required: ["workspace"] }],
    ]);
  });
});

describe("coder_list_workspaces", () => {
  const h = useToolHarness();

  it("lists the member's workspaces with organization and build state (Go: ListWorkspaces)", async () => {
    const result = ok(await h.call(listWorkspaces, {}, h.context({ client: h.member })));
    expect(result.count).toBe(2);
    expect(result.workspaces.map((w) => [w.name, w.status, w.transition])).toEqual([
      ["alice-dev", "running", "start"],
      ["legacy", "stopped", "stop"],
    ]);
    const legacy = result.workspaces[1]!;
    const docker = h.fake.inspect.templates().find((t) => t.name === "docker")!;
    expect(legacy).toMatchObject({
      owner_name: "alice",
      organization_id: h.fake.organization.id,
      template_id: docker.id,
      template_name: "docker",
      template_display_name: "Docker Containers",
      template_active_version_id: docker.active_version_id,
      outdated: true,
      latest_build_id: h.fake.inspect.builds("alice/legacy")[0]!.id,
    });
    expect(result.workspaces[0]!.outdated).toBe(false);
    expect(result.note).toBeUndefined();
  });

  it("defaults to me, and lists another owner's workspaces on request", async () => {
    const mine = ok(await h.call(listWorkspaces, {}));
    expect(mine.workspaces.map((w) => w.name)).toEqual(["dev", "k8s-lab"]);
    const alices = ok(await h.call(listWorkspaces, { owner: "alice" }));
    expect(alices.workspaces.map((w) => `${w.owner_name}/${w.name}`)).toEqual([
      "alice/alice-dev",
      "alice/legacy",
    ]);
    expect(ok(await h.call(listWorkspaces, { owner: "me" })).count).toBe(2);
  });

  it('sends q=owner:"<owner>", quoted like Go\'s WorkspaceFilter', async () => {
    await h.call(listWorkspaces, { owner: "alice" });
    const request = h.fake.requests.find((r) => r.path === "/api/v2/workspaces");
    expect(new URLSearchParams(request?.search).get("q")).toBe('owner:"alice"');
  });

  it("an owner value cannot smuggle in more filter terms", async () => {
    // Read as one (non-existent) username, not as alice's running workspaces.
    const failure = failed(await h.call(listWorkspaces, { owner: "alice status:running" }));
    expect(failure.text).toMatch(/^no user "alice status:running": /);
  });

  it("stays within the result budget and says what it left out", async () => {
    for (let i = 0; i < 12; i++)
      h.fake.seed.workspace({ owner: "admin", template: "docker", name: `ws-${i}` });
    const result = ok(await h.call(listWorkspaces, {}, h.context({ limits: { maxResultBytes: 2_500 } })));
    expect(result.count).toBe(14);
    expect(result.workspaces.length).toBeGreaterThan(0);
    expect(result.workspaces.length).toBeLessThan(14);
    expect(result.note).toContain(`${14 - result.workspaces.length} more workspaces`);
    expect(JSON.stringify(result).length).toBeLessThanOrEqual(2_500);
  });
});

describe("coder_get_workspace", () => {
  const h = useToolHarness();

  it("finds a workspace by id and by name (Go: GetWorkspace)", async () => {
    const dev = h.fake.inspect.workspace("admin/dev")!;
    const byId = ok(await h.call(getWorkspace, { workspace_id: dev.id }));
    const byName = ok(await h.call(getWorkspace, { workspace_id: "dev" }));
    expect(byName).toEqual(byId);
    expect(byId).toMatchObject({
      id: dev.id,
      name: "dev",
      owner_name: "admin",
      owner_id: h.fake.owner.id,
      organization_id: h.fake.organization.id,
      template_name: "docker",
      template_active_version_id: dev.template_active_version_id,
      outdated: false,
      healthy: true,
      latest_build: {
        id: dev.latest_build.id,
        build_number: 1,
        transition: "start",
        status: "running",
        job_status: "succeeded",
        template_version_id: dev.latest_build.template_version_id,
        template_version_name: "v2",
      },
    });
    expect(byId.latest_build.job_error).toBeUndefined();
    expect(byId.agents).toHaveLength(1);
    const [agent] = byId.agents;
    expect(agent).toMatchObject({ name: "main", status: "connected", lifecycle_state: "ready" });
    expect(agent!.apps.map((a) => [a.slug, a.display_name, a.url])).toEqual([
      ["code-server", "code-server", "http://localhost:13337/?folder=/home/coder"],
      ["claude-code", "Claude Code", "http://localhost:3284"],
      ["docs", "Coder Docs", "https://coder.com/docs"],
    ]);
  });

  it("accepts owner/name, owner--name and a UUID-looking name", async () => {
    const aliceDev = h.fake.inspect.workspace("alice/alice-dev")!;
    expect(ok(await h.call(getWorkspace, { workspace_id: "alice/alice-dev" })).id).toBe(aliceDev.id);
    expect(ok(await h.call(getWorkspace, { workspace_id: "alice--alice-dev" })).id).toBe(aliceDev.id);
    const name = "0123456789abcdef0123456789abcdef";
    const seeded = h.fake.seed.workspace({ owner: "admin", template: "docker", name });
    expect(ok(await h.call(getWorkspace, { workspace_id: name })).id).toBe(seeded.id);
  });

  it("shows a stopped workspace without agents and an outdated one as outdated", async () => {
    const legacy = ok(
      await h.call(getWorkspace, { workspace_id: "legacy" }, h.context({ client: h.member })),
    );
    expect(legacy).toMatchObject({ outdated: true, latest_build: { transition: "stop", status: "stopped" } });
    expect(legacy.agents).toEqual([]);
  });

  it("reports the latest app status", async () => {
    const agent = h.agentFor("admin/dev");
    await agent.patchAppStatus({ app_slug: "claude-code", state: "working", message: "Reading the code" });
    const dev = ok(await h.call(getWorkspace, { workspace_id: "dev" }));
    expect(dev.latest_app_status).toMatchObject({ state: "working", message: "Reading the code" });
    const claude = dev.agents[0]!.apps.find((a) => a.slug === "claude-code");
    expect(claude?.latest_status).toMatchObject({ state: "working", message: "Reading the code" });
  });

  it("says how to find the workspace when it does not exist", async () => {
    const failure = failed(await h.call(getWorkspace, { workspace_id: "nope" }));
    expect(failure.error).toMatchObject({ kind: "tool" });
    expect(failure.text).toContain('failed to find workspace "nope"');
    expect(failure.text).toContain("coder_list_workspaces");
  });

  it("requires workspace_id", async () => {
    const failure = failed(await h.call(getWorkspace, {}));
    expect(failure.error.kind).toBe("input");
    expect(failure.text).toContain("workspace_id");
  });
});

describe("coder_create_workspace", () => {
  const h = useToolHarness();
  const docker = () => h.fake.inspect.templates().find((t) => t.name === "docker")!;

  it("creates from a template id with rich parameters (Go: CreateWorkspace by template ID / rich params)", async () => {
    const created = ok(
      await h.call(createWorkspace, {
        template_id: docker().id,
        name: "fresh",
        rich_parameters: { cpu: "3", region: "eu-helsinki" },
      }),
    );
    expect(created).toMatchObject({
      name: "fresh",
      owner_name: "admin",
      template_id: docker().id,
      latest_build: { transition: "start", build_number: 1, template_version_id: docker().active_version_id },
    });
    expect(["pending", "starting"]).toContain(created.latest_build.status);
    await h.fake.idle();
    const params = await buildParameters(h, created.latest_build.id);
    expect(params).toMatchObject({ cpu: "3", region: "eu-helsinki" });
    expect(h.fake.inspect.workspace("admin/fresh")?.latest_build.status).toBe("running");
  });

  it("creates from a template version without a preset, for another user", async () => {
    const v1 = h.fake.inspect.builds("alice/legacy")[0]!.template_version_id;
    const created = ok(
      await h.call(createWorkspace, {
        user: "alice",
        template_version_id: v1,
        name: "pinned",
        rich_parameters: {},
      }),
    );
    expect(created).toMatchObject({ owner_name: "alice", latest_build: { template_version_id: v1 } });
    expect(created.latest_build.template_version_preset_id).toBeUndefined();
  });

  it("records the preset on the build, and the preset beats conflicting parameters", async () => {
    const [small] = await h.owner.templates.presets(docker().active_version_id);
    const created = ok(
      await h.call(createWorkspace, {
        template_id: docker().id,
        template_version_preset_id: small!.ID,
        name: "preset-ws",
        rich_parameters: { cpu: "7" },
      }),
    );
    expect(created.latest_build.template_version_preset_id).toBe(small!.ID);
    await h.fake.idle();
    expect((await buildParameters(h, created.latest_build.id)).cpu).toBe("2");
  });

  it("rejects both or neither of template_id and template_version_id", async () => {
    const both = failed(
      await h.call(createWorkspace, {
        template_id: docker().id,
        template_version_id: docker().active_version_id,
        name: "x",
        rich_parameters: {},
      }),
    );
    expect(both.error.kind).toBe("input");
    expect(both.text).toContain("exactly one of template_id or template_version_id must be provided");
    const neither = failed(await h.call(createWorkspace, { name: "x", rich_parameters: {} }));
    expect(neither.text).toContain("exactly one of template_id or template_version_id must be provided");
    expect(h.fake.requests.filter((r) => r.method === "POST")).toEqual([]);
  });

  it.each([
    [{ template_id: "bad" }, "template_id must be a valid UUID"],
    [{ template_version_id: "bad" }, "template_version_id must be a valid UUID"],
  ])("rejects a bad UUID: %o", async (ids, message) => {
    const failure = failed(await h.call(createWorkspace, { ...ids, name: "x", rich_parameters: {} }));
    expect(failure.error.kind).toBe("input");
    expect(failure.text).toContain(message);
  });

  it("reports every bad UUID at once, and the missing template with them", async () => {
    const ids = failed(
      await h.call(createWorkspace, {
        template_version_id: "v1",
        template_version_preset_id: "small",
        name: "x",
        rich_parameters: {},
      }),
    );
    expect(ids.error.kind === "input" && ids.error.issues.map((i) => i.path)).toEqual([
      "$.template_version_id",
      "$.template_version_preset_id",
    ]);
    const all = failed(
      await h.call(createWorkspace, {
        template_id: "bad",
        template_version_id: "v1",
        template_version_preset_id: "small",
        name: "x",
        rich_parameters: {},
      }),
    );
    expect(all.error.kind === "input" && all.error.issues.map((i) => i.path)).toEqual([
      "$",
      "$.template_id",
      "$.template_version_id",
      "$.template_version_preset_id",
    ]);
    expect(all.text).toContain("exactly one of template_id or template_version_id must be provided");
    expect(h.fake.requests).toEqual([]);
  });

  it("rejects a bad preset UUID", async () => {
    const failure = failed(
      await h.call(createWorkspace, {
        template_id: docker().id,
        template_version_preset_id: "small",
        name: "x",
        rich_parameters: {},
      }),
    );
    expect(failure.text).toContain("template_version_preset_id must be a valid UUID");
  });

  it("requires rich_parameters, as Coder's schema does", async () => {
    const failure = failed(await h.call(createWorkspace, { template_id: docker().id, name: "x" }));
    expect(failure.error.kind).toBe("input");
    expect(failure.text).toContain("rich_parameters");
  });

  it("passes Coder's errors through (name already taken)", async () => {
    const failure = failed(
      await h.call(createWorkspace, { template_id: docker().id, name: "dev", rich_parameters: {} }),
    );
    expect(failure.error).toMatchObject({ kind: "api", status: 409 });
    expect(failure.text).toContain('Workspace "dev" already exists.');
  });
});

describe("coder_list_workspaces for an owner who does not exist", () => {
  const h = useToolHarness();

  it("says there is no such user instead of an empty success", async () => {
    const failure = failed(await h.call(listWorkspaces, { owner: "nobody-here" }));
    expect(failure.error.kind).toBe("tool");
    expect(failure.text).toMatch(/^no user "nobody-here": .+\nhint: owner takes a username or user UUID/);
  });

  it("still returns an empty list for a real user without workspaces", async () => {
    h.fake.seed.user({ username: "newbie" });
    const result = ok(await h.call(listWorkspaces, { owner: "newbie" }));
    expect(result).toEqual({ workspaces: [], count: 0 });
  });
});
