import { describe, expect, it } from "vitest";
import { CoderApiError, type ProvisionerJobLog } from "../../src/client/index.js";
import { collect, useFakeCoder } from "../support/fake-coder.js";

describe("workspaces: reading", () => {
  const ctx = useFakeCoder();

  it("list() filters with q and counts; get() and getByOwnerAndName() agree", async () => {
    const all = await ctx.owner.workspaces.list();
    expect(all.count).toBe(4);
    const mine = await ctx.member.workspaces.list({ q: "owner:me" });
    expect(mine.workspaces.map((w) => w.name).sort()).toEqual(["alice-dev", "legacy"]);
    expect(mine.count).toBe(2);
    const running = await ctx.owner.workspaces.list({ q: "owner:admin status:running" });
    expect(running.workspaces.map((w) => w.name)).toEqual(["dev"]);
    expect(running.workspaces[0]?.latest_build.status).toBe("running");
    const byTemplate = await ctx.owner.workspaces.list({ q: "template:kubernetes" });
    expect(byTemplate.workspaces.map((w) => `${w.owner_name}/${w.name}`)).toEqual(["admin/k8s-lab"]);

    const dev = await ctx.owner.workspaces.getByOwnerAndName("admin", "dev");
    expect(dev.template_name).toBe("docker");
    const same = await ctx.owner.workspaces.get(dev.id);
    expect(same.latest_build.id).toBe(dev.latest_build.id);
    const agents = same.latest_build.resources?.flatMap((r) => r.agents ?? []) ?? [];
    expect(agents.map((a) => a.name)).toEqual(["main"]);
    expect(agents[0]?.apps?.map((a) => a.slug)).toEqual(["code-server", "claude-code", "docs"]);
  });

  it("list() pages with limit/offset and iterate() walks every page of a filter", async () => {
    for (let i = 0; i < 5; i++) {
      ctx.fake.seed.workspace({ owner: "admin", template: "docker", name: `extra-${i}`, state: "stopped" });
    }
    const page = await ctx.owner.workspaces.list({ q: "owner:admin", limit: 3, offset: 3 });
    expect(page.count).toBe(7);
    expect(page.workspaces).toHaveLength(3);
    const names = (await collect(ctx.owner.workspaces.iterate({ q: "owner:admin", pageSize: 2 }))).map(
      (w) => w.name,
    );
    expect(names).toHaveLength(7);
    expect(new Set(names)).toEqual(new Set(["dev", "k8s-lab", ...[0, 1, 2, 3, 4].map((i) => `extra-${i}`)]));
    const pages = ctx.fake.requests.filter(
      (r) => r.path === "/api/v2/workspaces" && r.search.includes("limit=2"),
    );
    expect(pages).toHaveLength(4);
  });

  it("get() of a member's workspace by another member is a 404", async () => {
    const dev = await ctx.owner.workspaces.getByOwnerAndName("admin", "dev");
    const error = await ctx.member.workspaces.get(dev.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoderApiError);
    expect((error as CoderApiError).status).toBe(404);
  });

  it("builds() pages newest first; builds.get(), logs(), parameters() and resources() read one build", async () => {
    const lab = await ctx.owner.workspaces.getByOwnerAndName("admin", "k8s-lab");
    const builds = await ctx.owner.workspaces.builds(lab.id);
    expect(builds.map((b) => b.transition)).toEqual(["stop", "start"]);
    expect(
      (await ctx.owner.workspaces.builds(lab.id, { limit: 1, offset: 1 })).map((b) => b.build_number),
    ).toEqual([1]);
    const build = await ctx.owner.builds.get(lab.latest_build.id);
    expect(build.status).toBe("stopped");
    const logs = await ctx.owner.builds.logs(build.id);
    expect(logs.length).toBeGreaterThan(2);
    const after = await ctx.owner.builds.logs(build.id, { after: logs[1]?.id });
    expect(after.map((l) => l.id)).toEqual(logs.slice(2).map((l) => l.id));
    // `before` is still sent, but current coderd ignores it (it parses only `after`).
    await ctx.owner.builds.logs(build.id, { before: logs[2]?.id });
    expect(ctx.fake.requests.at(-1)?.search).toBe(`?before=${logs[2]?.id}`);
    const start = builds[1];
    expect(await ctx.owner.builds.parameters(start?.id ?? "")).toEqual([
      { name: "namespace", value: "coder-admin" },
      { name: "replicas", value: "1" },
      { name: "storage_class", value: "standard" },
      { name: "home_size", value: "10" },
    ]);
    const resources = await ctx.owner.builds.resources(start?.id ?? "");
    expect(resources.map((r) => r.type)).toContain("kubernetes_deployment");
  });
});

describe("workspaces: lifecycle", () => {
  const ctx = useFakeCoder();

  it("create() → the first build progresses → followLogs() streams every stage until the socket closes", async () => {
    const docker = await ctx.member.templates.getByName("coder", "docker");
    const ws = await ctx.member.workspaces.create("me", {
      name: "fresh",
      template_id: docker.id,
      rich_parameter_values: [{ name: "region", value: "eu-helsinki" }],
    });
    expect(ws.owner_name).toBe("alice");
    expect(["pending", "starting"]).toContain(ws.latest_build.status);

    const logs: ProvisionerJobLog[] = await collect(ctx.member.builds.followLogs(ws.latest_build.id));
    const stages = [...new Set(logs.map((l) => l.stage))];
    expect(stages[0]).toBe("Setting up");
    expect(stages.indexOf("Planning infrastructure")).toBeLessThan(stages.indexOf("Starting workspace"));
    expect(stages.at(-1)).toBe("Cleaning Up");
    expect(logs.map((l) => l.id)).toEqual(ctx.fake.inspect.buildLogs(ws.latest_build.id).map((l) => l.id));

    const build = await ctx.member.builds.get(ws.latest_build.id);
    expect(build.job.status).toBe("succeeded");
    expect(build.status).toBe("running");

    // Resuming after a known id replays only what came later.
    const middle = logs[Math.floor(logs.length / 2)]?.id ?? 0;
    const resumed = await collect(ctx.member.builds.followLogs(ws.latest_build.id, { after: middle }));
    expect(resumed.map((l) => l.id)).toEqual(logs.filter((l) => l.id > middle).map((l) => l.id));
  });

  it("createBuild() stops the workspace and a failed build reports its error", async () => {
    const dev = await ctx.owner.workspaces.getByOwnerAndName("admin", "dev");
    const stop = await ctx.owner.workspaces.createBuild(dev.id, { transition: "stop" });
    expect(stop.transition).toBe("stop");
    expect(stop.build_number).toBe(dev.latest_build.build_number + 1);
    await collect(ctx.owner.builds.followLogs(stop.id));
    expect((await ctx.owner.workspaces.get(dev.id)).latest_build.status).toBe("stopped");

    ctx.fake.failNextBuild({ workspace: "admin/dev", error: "quota exceeded" });
    const start = await ctx.owner.workspaces.createBuild(dev.id, { transition: "start" });
    const logs = await collect(ctx.owner.builds.followLogs(start.id));
    expect(logs.some((l) => l.log_level === "error")).toBe(true);
    const failed = await ctx.owner.builds.get(start.id);
    expect(failed.status).toBe("failed");
    expect(failed.job.error).toContain("quota exceeded");
  });

  it("cancel() stops a running build; cancelling a finished one is a 400", async () => {
    const dev = await ctx.owner.workspaces.getByOwnerAndName("admin", "dev");
    const restart = await ctx.owner.workspaces.createBuild(dev.id, { transition: "stop" });
    await ctx.owner.builds.cancel(restart.id);
    await ctx.fake.idle();
    const canceled = await ctx.owner.builds.get(restart.id);
    expect(canceled.job.status).toBe("canceled");
    const again = await ctx.owner.builds.cancel(restart.id).catch((e: unknown) => e);
    expect((again as CoderApiError).status).toBe(400);
  });

  it("updateAutostart() and updateTtl() set and clear schedules; bad input maps to validations", async () => {
    const dev = await ctx.owner.workspaces.getByOwnerAndName("admin", "dev");
    await ctx.owner.workspaces.updateAutostart(dev.id, "CRON_TZ=Europe/Berlin 30 8 * * 1-5");
    await ctx.owner.workspaces.updateTtl(dev.id, 2 * 3_600_000);
    let current = await ctx.owner.workspaces.get(dev.id);
    expect(current.autostart_schedule).toBe("CRON_TZ=Europe/Berlin 30 8 * * 1-5");
    expect(current.ttl_ms).toBe(7_200_000);

    await ctx.owner.workspaces.updateAutostart(dev.id, null);
    await ctx.owner.workspaces.updateTtl(dev.id, null);
    current = await ctx.owner.workspaces.get(dev.id);
    expect(current.autostart_schedule ?? null).toBeNull();
    expect(current.ttl_ms ?? null).toBeNull();

    const bad = await ctx.owner.workspaces.updateAutostart(dev.id, "every day").catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(CoderApiError);
    expect((bad as CoderApiError).status).toBe(400);
    expect((bad as CoderApiError).validations.map((v) => v.field)).toEqual(["schedule"]);
  });

  it("a deleted workspace is gone (410) unless include_deleted is set", async () => {
    const legacy = await ctx.member.workspaces.getByOwnerAndName("me", "legacy");
    const del = await ctx.member.workspaces.createBuild(legacy.id, { transition: "delete" });
    await collect(ctx.member.builds.followLogs(del.id));
    // coderd answers 410 Gone (not 404) for a deleted workspace asked for by id.
    const gone = await ctx.member.workspaces.get(legacy.id).catch((e: unknown) => e);
    expect((gone as CoderApiError).status).toBe(410);
    const deleted = await ctx.member.workspaces.get(legacy.id, { include_deleted: true });
    expect(deleted.latest_build.status).toBe("deleted");
  });
});
