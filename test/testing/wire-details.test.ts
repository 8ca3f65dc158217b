import tar from "tar-stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Template as TemplateModel } from "../../src/models.js";
import {
  createFakeCoder,
  type FakeCoder,
  type Preset,
  type Template,
  type TemplateVersion,
  type User,
  type Workspace,
  type WorkspaceAgentLog,
} from "../../src/testing/index.js";
import { apiClient, waitFor } from "./helpers.js";

/** Fields the swagger copy gets wrong and coderd's Go source gets right, served as Go encodes them. */
describe("fake coder: wire details that follow coderd's Go source", () => {
  let fake: FakeCoder;
  let api: ReturnType<typeof apiClient>;
  beforeEach(() => {
    fake = createFakeCoder({ buildStepMs: 5 });
    api = apiClient(fake.fetch, "", fake.owner.token);
  });
  afterEach(() => fake.close());

  /** Uploads a one-file template and waits for its import; returns the version id. */
  const importVersion = async (mainTf: string): Promise<string> => {
    const pack = tar.pack();
    pack.entry({ name: "main.tf" }, mainTf);
    pack.finalize();
    const chunks: Buffer[] = [];
    for await (const chunk of pack) chunks.push(chunk as Buffer);
    const upload = await fake.fetch("/api/v2/files", {
      method: "POST",
      headers: { "Coder-Session-Token": fake.owner.token, "Content-Type": "application/x-tar" },
      body: new Uint8Array(Buffer.concat(chunks)),
    });
    const { hash } = (await upload.json()) as { hash: string };
    const version = await api<TemplateVersion>("POST", "/api/v2/organizations/coder/templateversions", {
      file_id: hash,
      storage_method: "file",
      provisioner: "terraform",
    });
    await waitFor(
      async () =>
        (await api<TemplateVersion>("GET", `/api/v2/templateversions/${version.body.id}`)).body.job.status ===
        "succeeded",
    );
    return version.body.id;
  };

  const templateNamed = async (name: string): Promise<Template> =>
    (await api<Template>("GET", `/api/v2/organizations/coder/templates/${name}`)).body;

  it("keys build_time_stats by Go field names P50/P95 (TransitionStats has no json tags)", async () => {
    const docker = await templateNamed("docker");
    for (const transition of ["start", "stop", "delete"] as const) {
      expect(docker.build_time_stats[transition]).toEqual({ P50: null, P95: null });
      expect(Object.keys(docker.build_time_stats[transition])).not.toContain("p50");
    }
  });

  it("is read by the client's Template model with P50/P95 and agents_allowed intact", async () => {
    const parsed = TemplateModel.parse({
      ...(await templateNamed("docker")),
      build_time_stats: { start: { P50: 1200, P95: 3400 }, stop: { P50: null, P95: null } },
    });
    expect(parsed.build_time_stats?.start).toEqual({ P50: 1200, P95: 3400 });
    expect(parsed.build_time_stats?.stop).toEqual({ P50: null, P95: null });
    expect(parsed.agents_allowed).toBe(true);
  });

  it("sends agents_allowed: true unless a template opts out on create or update", async () => {
    expect((await templateNamed("docker")).agents_allowed).toBe(true);
    expect((await templateNamed("kubernetes")).agents_allowed).toBe(false);

    const versionId = await importVersion('resource "coder_agent" "main" {}');
    const created = await api<Template>("POST", "/api/v2/organizations/coder/templates", {
      name: "no-agents",
      template_version_id: versionId,
      agents_allowed: false,
    });
    expect(created.status).toBe(201);
    expect(created.body.agents_allowed).toBe(false);

    const kube = await templateNamed("kubernetes");
    // Omitted in an update: left as it is.
    const renamed = await api<Template>("PATCH", `/api/v2/templates/${kube.id}`, { display_name: "K8s" });
    expect(renamed.body.agents_allowed).toBe(false);
    const allowed = await api<Template>("PATCH", `/api/v2/templates/${kube.id}`, { agents_allowed: true });
    expect(allowed.body.agents_allowed).toBe(true);
  });

  it("leaves RegionScore and a zero DERPPort out of the connection info (omitempty)", async () => {
    const dev = fake.inspect.workspace("admin/dev")!;
    const agentId = dev.latest_build.resources![0]!.agents![0]!.id;
    for (const path of [
      "/api/v2/workspaceagents/connection",
      `/api/v2/workspaceagents/${agentId}/connection`,
    ]) {
      const res = await fake.fetch(path, { headers: { "Coder-Session-Token": fake.owner.token } });
      const text = await res.text();
      expect(res.status).toBe(200);
      expect(text).not.toContain("RegionScore");
      expect(text).not.toContain("DERPPort");
      const info = JSON.parse(text) as {
        derp_map: { HomeParams: unknown; Regions: Record<string, { Nodes: Record<string, unknown>[] }> };
      };
      expect(info.derp_map.HomeParams).toEqual({});
      expect(info.derp_map.Regions["999"]!.Nodes[0]).toMatchObject({ STUNPort: -1, ForceHTTP: true });
    }
  });

  it("creates users through the API as dormant (InsertUser's fallback status)", async () => {
    const created = await api<User>("POST", "/api/v2/users", {
      username: "bob",
      email: "bob@coder.com",
      password: "SomeSecurePassword!",
      organization_ids: [fake.organization.id],
    });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe("dormant");
    expect((await api<User>("GET", "/api/v2/users/bob")).body.status).toBe("dormant");
  });

  describe("log `after` parameters", () => {
    const INTEGER = {
      message: 'Query param "after" must be an integer.',
      validations: [{ field: "after", detail: "Must be an integer" }],
    };
    const NON_NEGATIVE = {
      message: 'Query param "after" must be an integer greater than or equal to zero.',
      validations: [{ field: "after", detail: "Must be an integer greater than or equal to zero" }],
    };

    const paths = () => {
      const dev = fake.inspect.workspace("admin/dev")!;
      return {
        build: `/api/v2/workspacebuilds/${dev.latest_build.id}/logs`,
        version: `/api/v2/templateversions/${dev.latest_build.template_version_id}/logs`,
        agent: `/api/v2/workspaceagents/${dev.latest_build.resources![0]!.agents![0]!.id}/logs`,
      };
    };

    it("rejects a non-integer `after` of build and version logs without a detail (provisionerJobLogs)", async () => {
      const { build, version } = paths();
      for (const path of [build, version]) {
        for (const raw of ["abc", "1.5", "", "99999999999999999999"]) {
          const res = await api("GET", `${path}?after=${encodeURIComponent(raw)}`);
          if (raw === "") {
            expect(res.status).toBe(200);
            continue;
          }
          expect(res.status).toBe(400);
          expect(res.body).toEqual(INTEGER);
        }
      }
    });

    it("accepts a negative or signed `after` of build logs and ignores `before`", async () => {
      const { build } = paths();
      const all = (await api<{ id: number }[]>("GET", build)).body;
      expect(all.length).toBeGreaterThan(3);
      expect((await api<{ id: number }[]>("GET", `${build}?after=-5`)).body).toEqual(all);
      const tail = await api<{ id: number }[]>("GET", `${build}?after=%2B${all[1]!.id}&before=${all[2]!.id}`);
      expect(tail.body.map((l) => l.id)).toEqual(all.slice(2).map((l) => l.id));
      // `before` is not even parsed any more.
      expect((await api("GET", `${build}?before=abc`)).status).toBe(200);
    });

    it("rejects a negative or non-integer `after` of agent logs (workspaceAgentLogs)", async () => {
      const { agent } = paths();
      for (const raw of ["-1", "x"]) {
        const res = await api("GET", `${agent}?after=${raw}`);
        expect(res.status).toBe(400);
        expect(res.body).toEqual(NON_NEGATIVE);
      }
      const logs = (await api<WorkspaceAgentLog[]>("GET", `${agent}?after=0&before=1`)).body;
      expect(logs.length).toBeGreaterThan(1);
    });

    it("checks `after` before answering a follow that is not a WebSocket", async () => {
      const { build, agent } = paths();
      const bad = await api("GET", `${build}?follow&after=x`);
      expect(bad.status).toBe(400);
      expect(bad.body).toEqual(INTEGER);
      expect((await api("GET", `${agent}?follow&after=-1`)).body).toEqual(NON_NEGATIVE);
      expect(
        (await fake.fetch(`${build}?follow`, { headers: { "Coder-Session-Token": fake.owner.token } }))
          .status,
      ).toBe(426);
    });
  });

  describe("presets", () => {
    const presetsOf = async (versionId: string): Promise<Preset[]> =>
      (await api<Preset[]>("GET", `/api/v2/templateversions/${versionId}/presets`)).body;

    it("serves DesiredPrebuildInstances of seeded presets, null for those without prebuilds", async () => {
      const docker = await templateNamed("docker");
      expect(
        (await presetsOf(docker.active_version_id)).map((p) => [p.Name, p.DesiredPrebuildInstances]),
      ).toEqual([
        ["Small (Pittsburgh)", 2],
        ["Large GPU (Helsinki)", null],
      ]);
    });

    it("reads `prebuilds { instances = N }` of an uploaded coder_workspace_preset", async () => {
      const mainTf = `
data "coder_parameter" "size" {
  name    = "size"
  type    = "string"
  default = "s"
}

data "coder_workspace_preset" "warm" {
  name       = "Warm"
  parameters = { size = "m" }
  prebuilds {
    instances = 4
  }
}

data "coder_workspace_preset" "cold" {
  name       = "Cold"
  parameters = { size = "l" }
}

resource "coder_agent" "main" {
  os = "linux"
}
`;
      const versionId = await importVersion(mainTf);
      expect((await presetsOf(versionId)).map((p) => [p.Name, p.DesiredPrebuildInstances])).toEqual([
        ["Warm", 4],
        ["Cold", null],
      ]);
    });
  });

  describe("seeded agent states", () => {
    const agentOf = (ws: Workspace) => ws.latest_build.resources!.flatMap((r) => r.agents ?? [])[0]!;

    it("reports a startup-script failure as Coder would: connected, start_error, unhealthy", async () => {
      const ws = fake.seed.workspace({
        owner: "alice",
        template: "docker",
        name: "broken-script",
        agent: { lifecycleState: "start_error" },
      });
      expect(agentOf(ws)).toMatchObject({
        status: "connected",
        lifecycle_state: "start_error",
        health: { healthy: false, reason: "agent startup script exited with an error" },
        ready_at: expect.any(String),
      });
      expect(ws.health).toEqual({ healthy: false, failing_agents: [agentOf(ws).id] });
      expect(ws.latest_build.status).toBe("running");
    });

    it("reports an agent that never connected with no connection timestamps", async () => {
      const ws = fake.seed.workspace({
        owner: "alice",
        template: "docker",
        name: "lost",
        agent: { status: "timeout" },
      });
      const agent = agentOf(ws);
      expect(agent).toMatchObject({ status: "timeout", lifecycle_state: "created" });
      for (const key of [
        "first_connected_at",
        "last_connected_at",
        "started_at",
        "ready_at",
        "disconnected_at",
      ]) {
        expect(agent).not.toHaveProperty(key);
      }
      expect(agent.apps.find((a) => a.slug === "code-server")?.health).toBe("initializing");
    });

    it("reports a disconnected agent with its disconnect time and the named agent only", async () => {
      const ws = fake.seed.workspace({
        owner: "alice",
        template: "docker",
        name: "gone",
        agent: { name: "main", status: "disconnected" },
      });
      expect(agentOf(ws)).toMatchObject({
        status: "disconnected",
        lifecycle_state: "ready",
        disconnected_at: expect.any(String),
        health: { healthy: false, reason: "agent has lost connection" },
      });
      // The state is the fake's state, seen through the API too.
      const read = await api<Workspace>("GET", `/api/v2/workspaces/${ws.id}`);
      expect(agentOf(read.body).status).toBe("disconnected");
    });

    it("refuses agent states on workspaces that have no running agent, or an unknown agent name", () => {
      expect(() =>
        fake.seed.workspace({
          owner: "alice",
          template: "docker",
          name: "off",
          state: "stopped",
          agent: { status: "timeout" },
        }),
      ).toThrow(/only be seeded on running workspaces/);
      expect(() =>
        fake.seed.workspace({ owner: "alice", template: "docker", name: "who", agent: { name: "nope" } }),
      ).toThrow(/no agent "nope"/);
    });
  });
});
