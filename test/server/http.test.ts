import { request as httpRequest } from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningHttpServer, startHttpServer } from "../../src/server/http/listen.js";
import { createFakeCoder, type FakeCoder } from "../../src/testing/index.js";
import { toolsets } from "../../src/tools/index.js";
import { connectHttp, type Era, resultJson, servedStandardTools } from "../support/mcp-http.js";
import { waitFor } from "../testing/helpers.js";

const MAX_BODY = 16 * 1024;

describe("serve --http", () => {
  let fake: FakeCoder;
  let coderUrl: string;
  let server: RunningHttpServer;
  let mcpUrl: string;
  let logs: string[];

  const start = async (extra: { allowedHosts?: string[]; host?: string } = {}) => {
    server = await startHttpServer({
      coderUrl,
      selection: {},
      host: extra.host ?? "127.0.0.1",
      port: 0,
      maxBodyBytes: MAX_BODY,
      log: (line) => logs.push(line),
      ...(extra.allowedHosts ? { allowedHosts: extra.allowedHosts } : {}),
    });
    mcpUrl = `${server.url}/mcp`;
  };
  beforeEach(async () => {
    fake = createFakeCoder({ buildStepMs: 5 });
    coderUrl = (await fake.listen()).url;
    logs = [];
    await start();
  });
  afterEach(async () => {
    await server.stop();
    await fake.close();
  });
  const owner = () => ({ "Coder-Session-Token": fake.owner.token });

  describe.each<Era>(["auto", "legacy"])("MCP over Streamable HTTP (%s era)", (era) => {
    it("negotiates the protocol and lists the standard tools", async () => {
      const client = await connectHttp(mcpUrl, owner(), era);
      expect(client.getNegotiatedProtocolVersion()).toBe(era === "auto" ? "2026-07-28" : "2025-11-25");
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(await servedStandardTools(coderUrl, fake.owner.token));
      expect(tools.map((t) => t.name)).not.toContain("coder_create_task"); // no Tasks API on current Coder
      await client.close();
    });

    it("calls a tool as the caller, with a Bearer token as well as Coder-Session-Token", async () => {
      const client = await connectHttp(mcpUrl, { Authorization: `Bearer ${fake.member.token}` }, era);
      const me = resultJson(await client.callTool({ name: "coder_get_authenticated_user", arguments: {} }));
      expect(me).toMatchObject({ username: "alice" });
      await client.close();
    });
  });

  it("?toolset= picks a toolset, chatgpt gives search and fetch, an unknown one is a 400 naming the valid ones", async () => {
    const workspaces = await connectHttp(`${mcpUrl}?toolset=workspaces`, owner());
    const served = await servedStandardTools(coderUrl, fake.owner.token);
    const expected = toolsets
      .find((t) => t.id === "workspaces")!
      .tools.map((t) => t.name)
      .filter((name) => served.includes(name));
    expect((await workspaces.listTools()).tools.map((t) => t.name)).toEqual(expected);
    const chatgpt = await connectHttp(`${mcpUrl}?toolset=chatgpt`, owner());
    expect((await chatgpt.listTools()).tools.map((t) => t.name)).toEqual(["search", "fetch"]);
    await Promise.all([workspaces.close(), chatgpt.close()]);

    const response = await fetch(`${mcpUrl}?toolset=nope`, { method: "POST", headers: owner(), body: "{}" });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: "invalid_toolset",
      error_description: `unknown toolset "nope"; valid: standard, all, ${toolsets.map((t) => t.id).join(", ")}`,
    });
  });

  it("answers a missing token with 401 and points at RFC 9728 metadata naming the Coder deployment", async () => {
    const response = await fetch(mcpUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(response.status).toBe(401);
    const metadataUrl = `${server.url}/.well-known/oauth-protected-resource`;
    expect(response.headers.get("www-authenticate")).toBe(`Bearer resource_metadata="${metadataUrl}"`);
    const metadata = await (await fetch(metadataUrl)).json();
    expect(metadata).toEqual({
      resource: mcpUrl,
      authorization_servers: [coderUrl],
      bearer_methods_supported: ["header"],
      resource_name: "Coder (coder-toolsdk)",
    });
    expect(await (await fetch(`${metadataUrl}/mcp`)).json()).toEqual(metadata);
  });

  it("answers a token Coder rejects with 401 invalid_token, and never logs tokens", async () => {
    const response = await fetch(mcpUrl, {
      method: "POST",
      headers: { "Coder-Session-Token": "bogus-token-value-1234" },
      body: "{}",
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toContain('error="invalid_token"');
    const client = await connectHttp(mcpUrl, owner());
    await client.listTools();
    await client.close();
    const text = logs.join("\n");
    expect(text).not.toContain("bogus-token-value-1234");
    expect(text).not.toContain(fake.owner.token);
    const lines = logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.filter((l) => l.msg === "request" && l.status === 401)).toHaveLength(1);
    expect(lines.some((l) => l.msg === "request" && l.user === "admin" && l.status === 200)).toBe(true);
  });

  it("refuses bodies over the limit with 413, by Content-Length and when chunked", async () => {
    const big = JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "ping",
      params: { pad: "x".repeat(MAX_BODY) },
    });
    const declared = await fetch(mcpUrl, {
      method: "POST",
      headers: { ...owner(), "content-type": "application/json" },
      body: big,
    });
    expect(declared.status).toBe(413);
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        mcpUrl,
        {
          method: "POST",
          headers: {
            ...owner(),
            "content-type": "application/json",
            accept: "application/json, text/event-stream",
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      for (let i = 0; i < 4; i += 1) req.write(big.slice((i * big.length) / 4, ((i + 1) * big.length) / 4));
      req.end();
    });
    expect(chunked).toBe(413);
  });

  it("refuses other Host and Origin headers on a loopback bind (DNS rebinding), and serves /healthz", async () => {
    const forged = await new Promise<number>((resolve) => {
      const req = httpRequest(
        mcpUrl,
        { method: "POST", headers: { host: "evil.example.com", ...owner() } },
        (res) => resolve(res.statusCode ?? 0),
      );
      req.end("{}");
    });
    expect(forged).toBe(403);
    const origin = await fetch(mcpUrl, {
      method: "POST",
      headers: { ...owner(), origin: "http://evil.example.com" },
      body: "{}",
    });
    expect(origin.status).toBe(403);
    expect(await (await fetch(`${server.url}/healthz`)).json()).toMatchObject({ status: "ok" });
  });

  it("--allowed-hosts admits the named host only", async () => {
    await server.stop();
    await start({ allowedHosts: ["mcp.example.com"] });
    const status = (host: string) =>
      new Promise<number>((resolve) => {
        const req = httpRequest(
          `${server.url}/.well-known/oauth-protected-resource`,
          { headers: { host } },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.end();
      });
    expect(await status("mcp.example.com")).toBe(200);
    expect(await status("localhost")).toBe(403);
  });

  it("serves 200 concurrent calls from two users with no cross-talk", async () => {
    const [admin, alice] = await Promise.all([
      connectHttp(mcpUrl, owner()),
      connectHttp(mcpUrl, { "Coder-Session-Token": fake.member.token }),
    ]);
    const calls = Array.from({ length: 200 }, (_, i) => {
      const [client, user] = i % 2 === 0 ? [admin, "admin"] : [alice, "alice"];
      return client
        .callTool({ name: "coder_list_workspaces", arguments: {} })
        .then((result) => ({ user, result }));
    });
    const results = await Promise.all(calls);
    let crossTalk = 0;
    for (const { user, result } of results) {
      const { workspaces } = resultJson(result) as { workspaces: { owner_name: string }[] };
      expect(workspaces.length).toBeGreaterThan(0);
      crossTalk += workspaces.filter((w) => w.owner_name !== user).length;
    }
    expect(crossTalk).toBe(0);
    await Promise.all([admin.close(), alice.close()]);
  });
});

describe.each<Era>(["auto", "legacy"])(
  "serve --http: progress and cancellation reach the tool (%s era)",
  (era) => {
    let fake: FakeCoder;
    let server: RunningHttpServer;
    beforeEach(async () => {
      // Slow builds, so a new workspace stays pending while readiness waits on it.
      fake = createFakeCoder({ buildStepMs: 2000 });
      const coderUrl = (await fake.listen()).url;
      server = await startHttpServer({
        coderUrl,
        selection: {},
        host: "127.0.0.1",
        port: 0,
        maxBodyBytes: MAX_BODY,
        log: () => {},
      });
    });
    afterEach(async () => {
      await server.stop();
      await fake.close();
    });

    it("sends notifications/progress while a tool waits, and a cancel stops it", async () => {
      const client = await connectHttp(`${server.url}/mcp`, { "Coder-Session-Token": fake.owner.token }, era);
      const template = fake.inspect.templates().find((t) => t.name === "docker")!;
      await client.callTool({
        name: "coder_create_workspace",
        arguments: { template_id: template.id, name: "slow", rich_parameters: {} },
      });
      const progress: string[] = [];
      const controller = new AbortController();
      const call = client.callTool(
        { name: "coder_workspace_readiness", arguments: { workspace: "admin/slow", wait_ms: 30_000 } },
        {
          signal: controller.signal,
          onprogress: (p) => {
            progress.push(p.message ?? "");
            controller.abort("enough");
          },
        },
      );
      await expect(call).rejects.toThrow();
      expect(progress[0]).toMatch(/^pending: /);
      // The server let go of the call while the build was still going: the cancel reached the tool.
      await waitFor(() => server.app.inFlight === 0);
      expect(fake.inspect.builds("admin/slow")[0]?.job.status).not.toBe("succeeded");
      await client.close();
    });
  },
);
