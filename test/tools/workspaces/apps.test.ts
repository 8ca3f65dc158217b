import { describe, expect, it } from "vitest";
import {
  createWorkspaceBuild,
  workspaceListApps,
  workspacePortForward,
} from "../../../src/tools/workspaces/index.js";
import { useToolHarness } from "../../support/tool-harness.js";
import { failed, ok } from "../results.js";
import { seedTwinTemplate, virtualClock } from "./helpers.js";

describe("coder_workspace_port_forward", () => {
  const h = useToolHarness({ appHost: "*.test.coder.com:3000" });

  it("builds <port>--<agent>--<workspace>--<owner> on the app host (Go: WorkspacePortForward)", async () => {
    const result = ok(await h.call(workspacePortForward, { workspace: "dev", port: 1234 }));
    expect(result).toEqual({ url: "http://1234--main--dev--admin.test.coder.com:3000" });
    const forAlice = ok(
      await h.call(workspacePortForward, { workspace: "alice--alice-dev.main", port: 8080 }),
    );
    expect(forAlice.url).toBe("http://8080--main--alice-dev--alice.test.coder.com:3000");
  });

  it("uses the named agent", async () => {
    seedTwinTemplate(h);
    h.fake.seed.workspace({ owner: "admin", template: "twin", name: "pair" });
    const result = ok(await h.call(workspacePortForward, { workspace: "pair.dev2", port: 5000 }));
    expect(result.url).toBe("http://5000--dev2--pair--admin.test.coder.com:3000");
  });

  it("starts a stopped workspace first", async () => {
    const result = ok(await h.call(workspacePortForward, { workspace: "k8s-lab", port: 8888 }));
    expect(result.url).toBe("http://8888--main--k8s-lab--admin.test.coder.com:3000");
    const latest = h.fake.inspect.workspace("admin/k8s-lab")!.latest_build;
    expect(latest).toMatchObject({ transition: "start", status: "running", build_number: 3 });
  });

  it("says failed to find workspace", async () => {
    const failure = failed(await h.call(workspacePortForward, { workspace: "nope", port: 1 }));
    expect(failure.text).toContain("failed to find workspace");
    expect(failure.text).toContain("coder_list_workspaces");
  });

  it("requires an integer port", async () => {
    const failure = failed(await h.call(workspacePortForward, { workspace: "dev", port: 80.5 }));
    expect(failure.error.kind).toBe("input");
    expect(failure.text).toContain("port");
  });

  it.each([0, -1, 65536, 100_000])("rejects port %d before calling Coder", async (port) => {
    const failure = failed(await h.call(workspacePortForward, { workspace: "dev", port }));
    expect(failure.error.kind === "input" && failure.error.issues.map((i) => [i.path, i.code])).toEqual([
      ["$.port", port < 1 ? "minimum" : "maximum"],
    ]);
    expect(failure.text).toContain("$.port");
    expect(h.fake.requests).toEqual([]);
  });

  it("accepts the ends of the port range", async () => {
    expect(ok(await h.call(workspacePortForward, { workspace: "dev", port: 1 })).url).toBe(
      "http://1--main--dev--admin.test.coder.com:3000",
    );
    expect(ok(await h.call(workspacePortForward, { workspace: "dev", port: 65535 })).url).toBe(
      "http://65535--main--dev--admin.test.coder.com:3000",
    );
  });
});

describe("coder_workspace_list_apps with a wildcard app host", () => {
  const h = useToolHarness({ appHost: "*.apps.test.coder.com" });

  it("links subdomain apps on the app host and the others by path", async () => {
    // k8s-lab is stopped: listing its apps starts it first.
    const { apps } = ok(await h.call(workspaceListApps, { workspace: "k8s-lab" }));
    const server = new URL(h.fake.url).origin;
    expect(apps).toContainEqual({
      name: "Jupyter",
      url: "http://localhost:8888",
      browser_url: "http://jupyter--main--k8s-lab--admin.apps.test.coder.com/",
    });
    expect(apps).toContainEqual({
      name: "code-server",
      url: "http://localhost:13337/?folder=/home/coder",
      browser_url: `${server}/@admin/k8s-lab.main/apps/code-server/`,
    });
  });
});

describe("coder_workspace_port_forward without an app host", () => {
  const h = useToolHarness();

  it("says no app host is configured", async () => {
    const failure = failed(await h.call(workspacePortForward, { workspace: "dev", port: 1234 }));
    expect(failure.error.kind).toBe("tool");
    expect(failure.text).toContain("no app host for forwarding has been configured");
  });
});

describe("coder_workspace_list_apps", () => {
  const h = useToolHarness();

  it("lists one agent's apps by display name, with Go's url and the browser link (Go: WorkspaceListApps)", async () => {
    const result = ok(await h.call(workspaceListApps, { workspace: "dev" }));
    const server = new URL(h.fake.url).origin;
    expect(result).toEqual({
      apps: [
        {
          name: "code-server",
          url: "http://localhost:13337/?folder=/home/coder",
          browser_url: `${server}/@admin/dev.main/apps/code-server/`,
        },
        {
          name: "Claude Code",
          url: "http://localhost:3284",
          browser_url: `${server}/@admin/dev.main/apps/claude-code/`,
        },
        // External apps open their own URL.
        { name: "Coder Docs", url: "https://coder.com/docs", browser_url: "https://coder.com/docs" },
      ],
    });
  });

  it("links command apps to the web terminal and leaves subdomain apps without a host unlinked", async () => {
    h.fake.seed.template({
      name: "tools",
      resources: [
        {
          type: "docker_container",
          name: "box",
          agents: [
            {
              name: "main",
              apps: [
                { slug: "htop", displayName: "htop", command: "htop -d 10" },
                { slug: "preview", url: "http://localhost:5173", subdomain: true },
              ],
            },
          ],
        },
      ],
    });
    h.fake.seed.workspace({ owner: "alice", template: "tools", name: "box" });
    const server = new URL(h.fake.url).origin;
    expect(ok(await h.call(workspaceListApps, { workspace: "alice/box" })).apps).toEqual([
      {
        name: "htop",
        url: "",
        browser_url: `${server}/@alice/box.main/terminal?command=htop%20-d%2010`,
      },
      // This deployment has no wildcard app host, so Coder cannot serve a subdomain app.
      { name: "preview", url: "http://localhost:5173" },
    ]);
  });

  it("needs the agent on a multi-agent workspace, and takes .dev and .dev2", async () => {
    seedTwinTemplate(h);
    h.fake.seed.workspace({ owner: "admin", template: "twin", name: "pair" });
    const failure = failed(await h.call(workspaceListApps, { workspace: "pair" }));
    expect(failure.error.kind).toBe("tool");
    // The workspace was found: only lookup failures say "failed to find workspace".
    expect(failure.error.message).toBe(
      "multiple agents found, please specify the agent name, available agents: [dev dev2]",
    );
    expect(failure.text).toContain("admin/pair.<agent>");
    const server = new URL(h.fake.url).origin;
    expect(ok(await h.call(workspaceListApps, { workspace: "pair.dev" })).apps).toEqual([
      { name: "Web", url: "http://localhost:3000", browser_url: `${server}/@admin/pair.dev/apps/web/` },
    ]);
    // No display name: the slug stands in.
    expect(ok(await h.call(workspaceListApps, { workspace: "admin/pair.dev2" })).apps).toEqual([
      { name: "api", url: "http://localhost:4000", browser_url: `${server}/@admin/pair.dev2/apps/api/` },
    ]);
    const unknown = failed(await h.call(workspaceListApps, { workspace: "pair.dev3" }));
    expect(unknown.text).toContain('agent not found by name "dev3", available agents: [dev dev2]');
  });

  it("says failed to find workspace for a missing one", async () => {
    const failure = failed(await h.call(workspaceListApps, { workspace: "alice/missing" }));
    expect(failure.error.message).toMatch(/^failed to find workspace "alice\/missing": /);
  });

  it("says a workspace without agents has none, without claiming it was not found", async () => {
    h.fake.seed.template({ name: "bare", resources: [{ type: "null_resource", name: "nothing" }] });
    h.fake.seed.workspace({ owner: "admin", template: "bare", name: "empty" });
    for (const failure of [
      failed(await h.call(workspaceListApps, { workspace: "empty" })),
      failed(await h.call(workspacePortForward, { workspace: "empty", port: 8080 })),
    ]) {
      expect(failure.error.kind).toBe("tool");
      expect(failure.error.message).toBe('workspace "empty" has no agents');
      expect(failure.text).toContain("coder_create_workspace_build");
    }
  });

  it("starts a stopped workspace and lists its apps", async () => {
    const result = ok(await h.call(workspaceListApps, { workspace: "alice/legacy" }));
    expect(result.apps.map((a) => a.name)).toEqual(["code-server", "Claude Code", "Coder Docs"]);
    expect(h.fake.inspect.workspace("alice/legacy")!.latest_build.status).toBe("running");
  });

  it("will not autostart a workspace whose last stop failed", async () => {
    const dev = h.fake.inspect.workspace("admin/dev")!;
    h.fake.failNextBuild({ workspace: "admin/dev", error: "docker: stop timed out" });
    ok(await h.call(createWorkspaceBuild, { workspace_id: dev.id, transition: "stop" }));
    await h.fake.idle();
    const failure = failed(await h.call(workspaceListApps, { workspace: "dev" }));
    expect(failure.error.message).toBe('workspace "dev" is in failed state');
    expect(failure.text).toContain("coder_get_workspace_build_logs");
  });

  it("will not autostart a workspace that is still stopping", async () => {
    const dev = h.fake.inspect.workspace("admin/dev")!;
    ok(await h.call(createWorkspaceBuild, { workspace_id: dev.id, transition: "stop" }));
    const failure = failed(await h.call(workspaceListApps, { workspace: "dev" }));
    expect(failure.text).toMatch(
      /workspace must be started; was unable to autostart as the last build job is "(pending|stopping)", expected "stopped"/,
    );
    await h.fake.idle();
  });
});

describe("coder_workspace_list_apps on a slow deployment", () => {
  const h = useToolHarness({ buildStepMs: 2_000 });

  it("gives up waiting for the start build within the job budget", async () => {
    const clock = virtualClock();
    const failure = failed(
      await h.call(
        workspaceListApps,
        { workspace: "k8s-lab" },
        h.context({ clock, limits: { jobWaitMs: 3_000 } }),
      ),
    );
    expect(failure.text).toContain('workspace "k8s-lab" is still starting after 3 s');
    expect(failure.text).toContain("coder_workspace_readiness");
  });
});
