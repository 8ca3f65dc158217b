import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { createFakeCoder, type FakeCoder, type Template, type Workspace } from "../../src/testing/index.js";
import { apiClient, waitFor } from "./helpers.js";

describe("fake coder: seeding and inspection", () => {
  let fake: FakeCoder;
  afterEach(() => fake.close());

  it("starts with only the organization and both identities when seed is false", async () => {
    fake = createFakeCoder({ seed: false });
    const api = apiClient(fake.fetch, "", fake.owner.token);
    expect((await api<Template[]>("GET", "/api/v2/templates")).body).toEqual([]);
    expect((await api<{ count: number }>("GET", "/api/v2/workspaces")).body.count).toBe(0);
    expect(
      fake.inspect
        .users()
        .map((u) => u.username)
        .sort(),
    ).toEqual(["admin", "alice"]);
    expect(fake.organization).toMatchObject({ name: "coder", is_default: true });
  });

  it("seeds users, organizations, templates with apps, and workspaces in given states", async () => {
    fake = createFakeCoder({ seed: false, buildStepMs: 5 });
    fake.seed.organization({ name: "research", displayName: "Research" });
    const bob = fake.seed.user({ username: "bob", organizations: ["research"], roles: ["template-admin"] });
    expect(fake.seed.membership("bob", "coder", ["organization-admin"]).roles).toEqual([
      {
        name: "organization-admin",
        display_name: "Organization Admin",
        organization_id: fake.organization.id,
      },
    ]);
    const { template, version } = fake.seed.template({
      name: "notebooks",
      organization: "research",
      createdBy: "bob",
      apps: [
        {
          slug: "jupyter",
          displayName: "Jupyter",
          url: "http://localhost:8888",
          healthcheck: { url: "http://localhost:8888/api", interval: 5, threshold: 3 },
        },
      ],
      parameters: [
        { name: "gpus", type: "number", default_value: "0", validation_min: 0, validation_max: 4 },
      ],
      presets: [{ name: "Two GPUs", parameters: { gpus: "2" } }],
    });
    expect(template).toMatchObject({
      name: "notebooks",
      organization_name: "research",
      created_by_name: "bob",
    });
    expect(version.job.status).toBe("succeeded");
    const broken = fake.seed.templateVersion("notebooks", {
      name: "broken",
      failBuilds: "no capacity",
      apps: [],
    });
    expect(broken.template_id).toBe(template.id);

    const running = fake.seed.workspace({
      owner: "bob",
      template: "notebooks",
      name: "nb",
      parameters: { gpus: "1" },
    });
    const agent = running.latest_build.resources.flatMap((r) => r.agents ?? [])[0]!;
    expect(agent).toMatchObject({ status: "connected", lifecycle_state: "ready" });
    expect(agent.apps[0]).toMatchObject({ slug: "jupyter", health: "healthy" });
    const stopped = fake.seed.workspace({
      owner: "bob",
      template: "notebooks",
      name: "nb-off",
      state: "stopped",
    });
    expect(stopped.latest_build).toMatchObject({ status: "stopped", build_number: 2 });
    const failed = fake.seed.workspace({
      owner: "bob",
      template: "notebooks",
      name: "nb-bad",
      version: "broken",
      state: "failed",
    });
    expect(failed.latest_build.job).toMatchObject({ status: "failed", error: "no capacity" });

    const api = apiClient(fake.fetch, "", bob.token);
    const mine = await api<{ workspaces: Workspace[] }>("GET", "/api/v2/workspaces?q=owner:me");
    expect(mine.body.workspaces.map((w) => w.name).sort()).toEqual(["nb", "nb-bad", "nb-off"]);
    expect(fake.inspect.builds("bob/nb-off").map((b) => b.transition)).toEqual(["stop", "start"]);

    const starting = fake.seed.workspace({
      owner: "bob",
      template: "notebooks",
      name: "nb-live",
      state: "starting",
    });
    expect(starting.latest_build.status).toBe("pending");
    await fake.idle();
    expect(fake.inspect.workspace("bob/nb-live")!.latest_build.status).toBe("running");
    expect(() => fake.agentToken("bob/nb-off")).toThrow(/no agent/);
    expect(fake.agentToken("bob/nb", "main")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("seeds many workspaces at once, and lists them running first, then by owner and name", async () => {
    fake = createFakeCoder({ seed: false, buildStepMs: 5 });
    fake.seed.template({ name: "bulk", apps: [] });
    const stopped = fake.seed.workspaces(120, { owner: "alice", template: "bulk", state: "stopped" });
    const running = fake.seed.workspaces(3, { owner: "admin", template: "bulk", namePrefix: "live" });
    expect(stopped.map((w) => w.name).slice(0, 3)).toEqual(["ws-1", "ws-2", "ws-3"]);
    expect(stopped.at(-1)).toMatchObject({
      name: "ws-120",
      latest_build: { build_number: 2, status: "stopped" },
    });
    expect(running.map((w) => w.latest_build.status)).toEqual(["running", "running", "running"]);
    expect(() => fake.seed.workspaces(-1, { owner: "alice", template: "bulk" })).toThrow(
      "seed.workspaces count must be a whole number ≥ 0, got -1",
    );

    const api = apiClient(fake.fetch, "", fake.owner.token);
    const page = await api<{ workspaces: Workspace[]; count: number }>("GET", "/api/v2/workspaces?limit=5");
    expect(page.body.count).toBe(123);
    // coderd's order: running first, then owner username, then name (as text, so ws-10 < ws-2).
    expect(page.body.workspaces.map((w) => `${w.owner_name}/${w.name}`)).toEqual([
      "admin/live-1",
      "admin/live-2",
      "admin/live-3",
      "alice/ws-1",
      "alice/ws-10",
    ]);
  });

  it("closes open follow sockets with 1001 when the fake closes", async () => {
    fake = createFakeCoder({ buildStepMs: 1000 });
    const server = await fake.listen();
    const api = apiClient(fetch, server.url, fake.owner.token);
    const created = await api<Workspace>("POST", "/api/v2/users/me/workspaces", {
      name: "slow",
      template_id: fake.inspect.templates()[0]!.id,
    });
    const socket = new WebSocket(
      `${server.url.replace("http", "ws")}/api/v2/workspacebuilds/${created.body.latest_build.id}/logs?follow`,
      {
        headers: { "Coder-Session-Token": fake.owner.token },
      },
    );
    const closed = new Promise<number>((resolve) => socket.on("close", (code) => resolve(code)));
    await new Promise((resolve) => socket.on("open", resolve));
    await waitFor(() => fake.requests.some((r) => r.status === 101));
    await fake.close();
    expect(await closed).toBe(1001);
  });

  it("mirrors the tasks API under /api/experimental", async () => {
    fake = createFakeCoder({ agentApi: "tasks", buildStepMs: 5 });
    const task = fake.seed.task({ owner: "admin", prompt: "Experiment", name: "exp" });
    const api = apiClient(fake.fetch, "", fake.owner.token);
    const list = await api<{ tasks: { id: string }[]; count: number }>(
      "GET",
      "/api/experimental/tasks?q=owner:me",
    );
    expect(list.body.tasks.map((t) => t.id)).toEqual([task.id]);
    const byName = await api<{ id: string }>("GET", "/api/experimental/tasks/admin/exp");
    expect(byName.body.id).toBe(task.id);
    await fake.idle();
  });
});
