import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFakeCoder, type FakeCoder } from "../../src/testing/index.js";
import { type CliProcess, connectHttp, type Era, resultJson, startCli } from "../support/mcp-http.js";

// `serve --http` as real processes: a graceful SIGTERM, and two processes behind a round-robin
// proxy serving whole sessions (no state lives in a process, so no sticky sessions are needed).

let fake: FakeCoder;
let coderUrl: string;
const processes: CliProcess[] = [];
beforeEach(async () => {
  fake = createFakeCoder({ buildStepMs: 150 });
  coderUrl = (await fake.listen()).url;
});
afterEach(async () => {
  for (const p of processes.splice(0)) {
    if (p.child.exitCode === null) p.child.kill("SIGTERM");
    await p.exited;
  }
  await fake.close();
});

const serve = () => {
  const p = startCli(["serve", "--http", "--port", "0"], { CODER_URL: coderUrl });
  processes.push(p);
  return p;
};
const dockerTemplate = () => fake.inspect.templates().find((t) => t.name === "docker")!;

describe("serve --http: SIGTERM", () => {
  it("finishes the call in flight, then exits 0", async () => {
    const server = serve();
    const url = await server.listening;
    const client = await connectHttp(url, { "Coder-Session-Token": fake.owner.token });
    await client.callTool({
      name: "coder_create_workspace",
      arguments: { template_id: dockerTemplate().id, name: "drain", rich_parameters: {} },
    });
    let signalled = false;
    const result = await client.callTool(
      { name: "coder_workspace_readiness", arguments: { workspace: "admin/drain", wait_ms: 30_000 } },
      {
        onprogress: () => {
          if (signalled) return;
          signalled = true;
          server.child.kill("SIGTERM");
        },
      },
    );
    expect(signalled).toBe(true);
    expect(result.isError).toBeFalsy();
    expect(resultJson(result)).toMatchObject({ state: "ready" });
    expect(await server.exited).toBe(0);
    const lines = server
      .stderr()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.find((l) => l.msg === "draining")).toMatchObject({ in_flight: 1 });
    expect(lines.at(-1)).toMatchObject({ msg: "stopped" });
    expect(lines.find((l) => l.msg === "tool" && l.tool === "coder_workspace_readiness")).toMatchObject({
      outcome: "ok",
    });
  });
});

describe("serve --http --workers 2", () => {
  it("shares one port between two worker processes and stops them all on SIGTERM", async () => {
    const cluster = startCli(["serve", "--http", "--port", "0", "--workers", "2"], { CODER_URL: coderUrl });
    processes.push(cluster);
    const url = await cluster.listening;
    const clients = await Promise.all(
      Array.from({ length: 6 }, () =>
        connectHttp(url, { "Coder-Session-Token": fake.owner.token }, "legacy"),
      ),
    );
    await Promise.all(
      clients.map((c) => c.callTool({ name: "coder_get_authenticated_user", arguments: {} })),
    );
    const pids = new Set(
      cluster
        .stderr()
        .split("\n")
        .filter((l) => l.includes('"msg":"request"'))
        .map((l) => (JSON.parse(l) as { pid: number }).pid),
    );
    expect(pids.size).toBe(2);
    await Promise.all(clients.map((c) => c.close()));
    cluster.child.kill("SIGTERM");
    expect(await cluster.exited).toBe(0);
    expect(cluster.stderr().match(/"msg":"stopped"/g)).toHaveLength(2);
  });
});

/** A proxy on loopback that sends each request to the next backend in turn. */
async function roundRobin(backends: string[]): Promise<{ url: string; server: Server }> {
  let next = 0;
  const server = createServer((req, res) => {
    const target = new URL(req.url ?? "/", backends[next++ % backends.length]);
    const upstream = httpRequest(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.destroy());
    res.on("close", () => upstream.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe.each<Era>(["auto", "legacy"])(
  "serve --http: two processes behind a round-robin proxy (%s era)",
  (era) => {
    it("serves whole sessions of two users across both", async () => {
      const [a, b] = [serve(), serve()];
      const backends = await Promise.all([a.listening, b.listening]);
      const proxy = await roundRobin(backends.map((u) => u.replace(/\/mcp$/, "")));
      try {
        const session = async (token: string, user: string, workspace: string) => {
          const client = await connectHttp(`${proxy.url}/mcp`, { "Coder-Session-Token": token }, era);
          const me = resultJson(
            await client.callTool({ name: "coder_get_authenticated_user", arguments: {} }),
          );
          expect(me).toMatchObject({ username: user });
          const { templates } = resultJson(
            await client.callTool({ name: "coder_list_templates", arguments: {} }),
          ) as {
            templates: { name: string }[];
          };
          expect(templates.map((t) => t.name)).toContain("docker");
          const created = resultJson(
            await client.callTool({
              name: "coder_create_workspace",
              arguments: { template_id: dockerTemplate().id, name: workspace, rich_parameters: {} },
            }),
          ) as { latest_build: { id: string } };
          const progress: number[] = [];
          const logs = resultJson(
            await client.callTool(
              {
                name: "coder_get_workspace_build_logs",
                arguments: { workspace_build_id: created.latest_build.id },
              },
              { onprogress: (p) => progress.push(p.progress) },
            ),
          ) as { complete: boolean; job_status: string };
          expect(logs).toMatchObject({ complete: true, job_status: "succeeded" });
          expect(progress.length).toBeGreaterThan(0);
          const { workspaces } = resultJson(
            await client.callTool({ name: "coder_list_workspaces", arguments: {} }),
          ) as {
            workspaces: { owner_name: string; name: string }[];
          };
          expect(workspaces.every((w) => w.owner_name === user)).toBe(true);
          expect(workspaces.map((w) => w.name)).toContain(workspace);
          await client.close();
        };
        await Promise.all([
          session(fake.owner.token, "admin", "rr-a"),
          session(fake.member.token, "alice", "rr-b"),
        ]);
        const served = (p: CliProcess) =>
          p
            .stderr()
            .split("\n")
            .filter((l) => l.includes('"msg":"request"') && l.includes('"status":200')).length;
        expect(served(a)).toBeGreaterThan(2);
        expect(served(b)).toBeGreaterThan(2);
      } finally {
        proxy.server.closeAllConnections();
        await new Promise((resolve) => proxy.server.close(resolve));
      }
    });
  },
);
