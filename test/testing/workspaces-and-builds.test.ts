import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createFakeCoder,
  type FakeCoder,
  type ProvisionerJobLog,
  type Template,
  type Workspace,
  type WorkspaceAgent,
  type WorkspaceBuild,
} from "../../src/testing/index.js";
import { apiClient, type ErrorBody, ISO_TIMESTAMP, waitFor } from "./helpers.js";

describe("fake coder: workspaces and builds", () => {
  let fake: FakeCoder;
  let api: ReturnType<typeof apiClient>;
  let docker: Template;
  beforeEach(() => {
    fake = createFakeCoder({ buildStepMs: 5 });
    api = apiClient(fake.fetch, "", fake.owner.token);
    docker = fake.inspect.templates().find((t) => t.name === "docker")!;
  });
  afterEach(() => fake.close());

  it("creates a workspace (201) whose build goes pending → starting → running with a ready agent", async () => {
    const res = await api<Workspace>("POST", "/api/v2/users/me/workspaces", {
      name: "fresh",
      template_id: docker.id,
      rich_parameter_values: [{ name: "cpu", value: "3" }],
    });
    expect(res.status).toBe(201);
    expect(res.body.latest_build).toMatchObject({
      status: "pending",
      transition: "start",
      build_number: 1,
      resources: [],
    });
    expect(res.body.latest_build.job.status).toBe("pending");
    expect(res.body.latest_build.template_version_id).toBe(docker.active_version_id);

    const seen = new Set<string>();
    const final = await waitFor(async () => {
      const ws = (await api<Workspace>("GET", `/api/v2/workspaces/${res.body.id}`)).body;
      seen.add(ws.latest_build.status);
      const agent = ws.latest_build.resources.flatMap((r) => r.agents ?? [])[0];
      return agent?.lifecycle_state === "ready" ? ws : undefined;
    });
    expect(seen.has("starting")).toBe(true);
    expect(final.latest_build.status).toBe("running");
    expect(final.latest_build.job).toMatchObject({ status: "succeeded", type: "workspace_build" });
    expect(final.latest_build.job.completed_at).toMatch(ISO_TIMESTAMP);
    expect(Date.parse(final.latest_build.job.completed_at ?? "")).toBeGreaterThanOrEqual(
      Date.parse(final.latest_build.job.created_at),
    );
    const agent = final.latest_build.resources.flatMap((r) => r.agents ?? [])[0]!;
    expect(agent).toMatchObject({
      name: "main",
      status: "connected",
      lifecycle_state: "ready",
      health: { healthy: true },
    });
    expect(agent.apps.map((a) => [a.slug, a.health])).toEqual([
      ["code-server", "healthy"],
      ["claude-code", "healthy"],
      ["docs", "disabled"],
    ]);
    const params = await api<{ name: string; value: string }[]>(
      "GET",
      `/api/v2/workspacebuilds/${final.latest_build.id}/parameters`,
    );
    expect(params.body).toContainEqual({ name: "cpu", value: "3" });
    expect(params.body).toContainEqual({ name: "region", value: "us-pittsburgh" });

    const logs = await api<ProvisionerJobLog[]>(
      "GET",
      `/api/v2/workspacebuilds/${final.latest_build.id}/logs`,
    );
    const stages = [...new Set(logs.body.map((l) => l.stage))];
    expect(stages).toEqual(["Setting up", "Planning infrastructure", "Starting workspace", "Cleaning Up"]);
    const ids = logs.body.map((l) => l.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    // Current coderd reads only `after`; a `before` is ignored (coderd/provisionerjobs.go).
    const after = await api<ProvisionerJobLog[]>(
      "GET",
      `/api/v2/workspacebuilds/${final.latest_build.id}/logs?after=${ids[2]}&before=${ids[5]}`,
    );
    expect(after.body.map((l) => l.id)).toEqual(ids.slice(3));
  });

  it("requires exactly one of template_id and template_version_id, and a valid name", async () => {
    const both = await api("POST", "/api/v2/users/me/workspaces", {
      name: "x",
      template_id: docker.id,
      template_version_id: docker.active_version_id,
    });
    expect(both.status).toBe(400);
    expect(both.body.message).toBe("Validation failed.");
    expect(both.body.validations!.map((v) => v.field)).toEqual(["template_id", "template_version_id"]);
    const none = await api("POST", "/api/v2/users/me/workspaces", { name: "" });
    expect(none.body.validations).toEqual([
      {
        field: "template_id",
        detail:
          'Validation failed for tag "required_without" with value: "00000000-0000-0000-0000-000000000000"',
      },
      {
        field: "template_version_id",
        detail:
          'Validation failed for tag "required_without" with value: "00000000-0000-0000-0000-000000000000"',
      },
      { field: "name", detail: 'Validation failed for tag "workspace_name" with value: ""' },
    ]);
    const taken = await api("POST", "/api/v2/users/me/workspaces", { name: "dev", template_id: docker.id });
    expect(taken.status).toBe(409);
    expect(taken.body).toEqual({
      message: 'Workspace "dev" already exists.',
      validations: [{ field: "name", detail: "This value is already in use and should be unique." }],
    });
  });

  it("validates rich parameters like wsbuilder, and lets preset values win", async () => {
    const bad = await api("POST", "/api/v2/users/me/workspaces", {
      name: "bad-region",
      template_id: docker.id,
      rich_parameter_values: [{ name: "region", value: "mars" }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      message: 'Unable to validate parameter "region"',
      detail: `can't validate build parameter "Region": parameter value must match one of options: [us-pittsburgh eu-helsinki ap-sydney]`,
    });
    const k8s = fake.inspect.templates().find((t) => t.name === "kubernetes")!;
    const missing = await api("POST", "/api/v2/users/me/workspaces", { name: "k8s", template_id: k8s.id });
    expect(missing.body.detail).toBe('Parameter "namespace" is required but not provided');

    const presets = await api<
      { ID: string; Name: string; Parameters: { Name: string; Value: string }[]; Default: boolean }[]
    >("GET", `/api/v2/templateversions/${docker.active_version_id}/presets`);
    const large = presets.body.find((p) => p.Name === "Large GPU (Helsinki)")!;
    expect(large.Parameters).toContainEqual({ Name: "cpu", Value: "8" });
    const created = await api<Workspace>("POST", "/api/v2/users/me/workspaces", {
      name: "gpu",
      template_version_id: docker.active_version_id,
      template_version_preset_id: large.ID,
      rich_parameter_values: [{ name: "cpu", value: "2" }],
    });
    expect(created.status).toBe(201);
    expect(created.body.latest_build.template_version_preset_id).toBe(large.ID);
    const params = await api<{ name: string; value: string }[]>(
      "GET",
      `/api/v2/workspacebuilds/${created.body.latest_build.id}/parameters`,
    );
    expect(params.body).toContainEqual({ name: "cpu", value: "8" });
    expect(params.body).toContainEqual({ name: "enable_gpu", value: "true" });
    await fake.idle();
  });

  it("stops and deletes through builds, keeping the previous version and refusing immutable changes", async () => {
    const dev = fake.inspect.workspace("admin/dev")!;
    const oldAgent = dev.latest_build.resources.flatMap((r) => r.agents ?? [])[0]!;
    const immutable = await api("POST", `/api/v2/workspaces/${dev.id}/builds`, {
      transition: "start",
      rich_parameter_values: [{ name: "region", value: "eu-helsinki" }],
    });
    expect(immutable.body.detail).toBe(
      `Parameter "region" is not mutable, so it can't be updated after creating a workspace.`,
    );

    const stop = await api<WorkspaceBuild>("POST", `/api/v2/workspaces/${dev.id}/builds`, {
      transition: "stop",
    });
    expect(stop.status).toBe(201);
    expect(stop.body).toMatchObject({
      transition: "stop",
      build_number: 2,
      template_version_id: dev.latest_build.template_version_id,
    });
    const conflict = await api("POST", `/api/v2/workspaces/${dev.id}/builds`, { transition: "start" });
    expect(conflict.status).toBe(409);
    expect(conflict.body.message).toBe("A workspace build is already active.");
    await waitFor(
      async () =>
        (await api<Workspace>("GET", `/api/v2/workspaces/${dev.id}`)).body.latest_build.status === "stopped",
    );
    const agent = await api<WorkspaceAgent>("GET", `/api/v2/workspaceagents/${oldAgent.id}`);
    expect(agent.body).toMatchObject({ status: "disconnected", lifecycle_state: "off" });
    const stopped = (await api<Workspace>("GET", `/api/v2/workspaces/${dev.id}`)).body;
    expect(stopped.latest_build.resources.map((r) => r.type)).toEqual(["docker_volume"]);

    const del = await api<WorkspaceBuild>("POST", `/api/v2/workspaces/${dev.id}/builds`, {
      transition: "delete",
    });
    expect(del.status).toBe(201);
    await waitFor(async () => (await api("GET", `/api/v2/workspaces/${dev.id}`)).status === 410);
    const deleted = await api<Workspace>("GET", `/api/v2/workspaces/${dev.id}?include_deleted=true`);
    expect(deleted.body.latest_build.status).toBe("deleted");
    const builds = await api<WorkspaceBuild[]>("GET", `/api/v2/workspaces/${dev.id}/builds`);
    expect(builds.body.map((b) => b.build_number)).toEqual([3, 2, 1]);
    expect((await api("GET", "/api/v2/users/admin/workspace/dev")).status).toBe(404);
  });

  it("lists every workspace with the build just created as its latest, and re-sorts as builds end", async () => {
    fake.seed.workspaces(40, { owner: "alice", template: "docker", state: "stopped", namePrefix: "many" });
    const list = async () =>
      (await api<{ workspaces: Workspace[]; count: number }>("GET", "/api/v2/workspaces")).body.workspaces;
    const target = fake.inspect.workspace("alice/many-7")!;
    const before = (await list()).findIndex((w) => w.id === target.id);

    const start = await api<WorkspaceBuild>("POST", `/api/v2/workspaces/${target.id}/builds`, {
      transition: "start",
    });
    expect(start.status).toBe(201);
    // At once, before the provisioner has moved: the list shows the new build, not the stop before it.
    const listed = (await list()).find((w) => w.id === target.id)!;
    expect(listed.latest_build).toMatchObject({ id: start.body.id, build_number: 3, transition: "start" });
    expect(["pending", "starting"]).toContain(listed.latest_build.status);

    await waitFor(async () => {
      const ws = (await list()).find((w) => w.id === target.id)!;
      return ws.latest_build.status === "running";
    });
    const after = await list();
    // Running workspaces come first: the started one moved ahead of the stopped ones.
    const runningNames = after.filter((w) => w.latest_build.status === "running").map((w) => w.name);
    expect(runningNames).toContain("many-7");
    expect(after.findIndex((w) => w.id === target.id)).toBeLessThan(before);
    expect(after.slice(0, runningNames.length).every((w) => w.latest_build.status === "running")).toBe(true);
    const builds = await api<WorkspaceBuild[]>("GET", `/api/v2/workspaces/${target.id}/builds`);
    expect(builds.body.map((b) => b.build_number)).toEqual([3, 2, 1]);
  });

  it("rejects a bad transition with a validation error and supports cancel and failures", async () => {
    const dev = fake.inspect.workspace("admin/dev")!;
    const bad = await api("POST", `/api/v2/workspaces/${dev.id}/builds`, { transition: "restart" });
    expect(bad.status).toBe(400);
    expect(bad.body.validations).toEqual([
      { field: "transition", detail: 'Validation failed for tag "oneof" with value: "restart"' },
    ]);

    const stop = await api<WorkspaceBuild>("POST", `/api/v2/workspaces/${dev.id}/builds`, {
      transition: "stop",
    });
    const cancel = await api("PATCH", `/api/v2/workspacebuilds/${stop.body.id}/cancel`);
    expect(cancel.status).toBe(200);
    expect(cancel.body.message).toBe("Job has been marked as canceled...");
    const canceled = (await api<WorkspaceBuild>("GET", `/api/v2/workspacebuilds/${stop.body.id}`)).body;
    expect(canceled.status).toBe("canceled");
    expect((await api("PATCH", `/api/v2/workspacebuilds/${stop.body.id}/cancel`)).body.message).toBe(
      "Job has already completed!",
    );

    fake.failNextBuild({ workspace: "admin/dev", error: "quota exceeded" });
    const start = await api<WorkspaceBuild>("POST", `/api/v2/workspaces/${dev.id}/builds`, {
      transition: "start",
    });
    const failed = await waitFor(async () => {
      const b = (await api<WorkspaceBuild>("GET", `/api/v2/workspacebuilds/${start.body.id}`)).body;
      return b.status === "failed" ? b : undefined;
    });
    expect(failed.job).toMatchObject({ status: "failed", error: "quota exceeded" });
    const logs = fake.inspect.buildLogs(start.body.id);
    expect(logs.at(-1)).toMatchObject({ log_level: "error", output: "Error: quota exceeded" });
  });

  it("updates autostart and ttl with 204 and validates them", async () => {
    const dev = fake.inspect.workspace("admin/dev")!;
    expect(
      (
        await api("PUT", `/api/v2/workspaces/${dev.id}/autostart`, {
          schedule: "CRON_TZ=Europe/Berlin 30 9 * * 1-5",
        })
      ).status,
    ).toBe(204);
    expect((await api("PUT", `/api/v2/workspaces/${dev.id}/ttl`, { ttl_ms: 3_600_000 })).status).toBe(204);
    const ws = (await api<Workspace>("GET", `/api/v2/workspaces/${dev.id}`)).body;
    expect(ws.autostart_schedule).toBe("CRON_TZ=Europe/Berlin 30 9 * * 1-5");
    expect(ws.ttl_ms).toBe(3_600_000);
    const badTtl = await api<ErrorBody>("PUT", `/api/v2/workspaces/${dev.id}/ttl`, { ttl_ms: 1000 });
    expect(badTtl.body.validations).toEqual([
      { field: "ttl_ms", detail: "time until shutdown must be at least one minute" },
    ]);
    const badCron = await api<ErrorBody>("PUT", `/api/v2/workspaces/${dev.id}/autostart`, {
      schedule: "30 9 1 * *",
    });
    expect(badCron.status).toBe(400);
    expect(badCron.body.validations![0]!.field).toBe("schedule");
    expect((await api("PUT", `/api/v2/workspaces/${dev.id}/ttl`, { ttl_ms: null })).status).toBe(204);
    expect((await api<Workspace>("GET", `/api/v2/workspaces/${dev.id}`)).body.ttl_ms).toBeUndefined();
  });

  it("serves agents: logs, listening ports, connection info and the app host", async () => {
    const ws = fake.inspect.workspace("alice/alice-dev")!;
    const agent = ws.latest_build.resources.flatMap((r) => r.agents ?? [])[0]!;
    const logs = await api<{ id: number; output: string; source_id: string }[]>(
      "GET",
      `/api/v2/workspaceagents/${agent.id}/logs`,
    );
    expect(logs.body.map((l) => l.output)).toEqual([
      "Installing code-server...",
      "code-server listening on :13337",
    ]);
    expect(logs.body[0]!.source_id).toBe(agent.log_sources[0]!.id);
    const ports = await api<{ ports: { port: number }[] }>(
      "GET",
      `/api/v2/workspaceagents/${agent.id}/listening-ports`,
    );
    expect(ports.body.ports.map((p) => p.port)).toEqual([13337]);
    const conn = await api<{ derp_map: unknown; disable_direct_connections: boolean }>(
      "GET",
      `/api/v2/workspaceagents/${agent.id}/connection`,
    );
    expect(conn.body.disable_direct_connections).toBe(false);
    expect((await api<{ host: string }>("GET", "/api/v2/applications/host")).body).toEqual({ host: "" });
    const stopped = fake.inspect.workspace("alice/legacy")!;
    expect(stopped.outdated).toBe(true);
    expect(stopped.latest_build.resources.flatMap((r) => r.agents ?? [])).toEqual([]);
  });
});
