// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${VAR}` is the config syntax under test.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  AGENT_PLUGINS_MCP_SCHEMA,
  DEFAULT_PLUGIN_ENV_ALLOW_LIST,
  discoverMcpConfigs,
  loadMcpConfigs,
  ProxyToolNames,
  parseMcpConfig,
  runMcpTools,
} from "../../src/proxy/index.js";

const env = { HOME: "/home/coder", GITHUB_TOKEN: "ghp-secret", PATH: "/usr/bin" };

describe("parseMcpConfig (.mcp.json)", () => {
  it("infers transports, expands ${VAR} and sorts servers by name", () => {
    const text = JSON.stringify({
      mcpServers: {
        zeta: {
          command: "npx",
          args: ["-y", "srv", "${HOME}/data"],
          env: { TOKEN: "${GITHUB_TOKEN}", EMPTY: "${UNSET}" },
        },
        alpha: { url: "https://mcp.example.com/mcp", headers: { Authorization: "Bearer ${GITHUB_TOKEN}" } },
        events: { type: "sse", url: "http://localhost:3000/sse" },
        claude: { type: "streamable-http", url: "http://127.0.0.1:1/mcp" },
      },
    });
    const { servers, errors } = parseMcpConfig(text, "/p/.mcp.json", { env });
    expect(errors).toEqual([]);
    expect(servers).toEqual([
      {
        name: "alpha",
        transport: "http",
        url: "https://mcp.example.com/mcp",
        headers: { Authorization: "Bearer ghp-secret" },
        source: "/p/.mcp.json",
        format: "mcp.json",
      },
      {
        name: "claude",
        transport: "http",
        url: "http://127.0.0.1:1/mcp",
        source: "/p/.mcp.json",
        format: "mcp.json",
      },
      {
        name: "events",
        transport: "sse",
        url: "http://localhost:3000/sse",
        source: "/p/.mcp.json",
        format: "mcp.json",
      },
      {
        name: "zeta",
        transport: "stdio",
        command: "npx",
        args: ["-y", "srv", "/home/coder/data"],
        env: { TOKEN: "ghp-secret", EMPTY: "" },
        source: "/p/.mcp.json",
        format: "mcp.json",
      },
    ]);
  });

  it("reports a bad entry on its own and keeps the file's other servers", () => {
    const text = JSON.stringify({
      mcpServers: {
        good: { command: "srv" },
        bad__name: { command: "srv" },
        _lead: { command: "srv" },
        trail_: { command: "srv" },
        nothing: {},
        weird: { type: "websocket", url: "ws://x" },
        badargs: { command: "srv", args: "not-a-list" },
        badurl: { url: "not a url" },
        ftp: { url: "ftp://example.com" },
      },
    });
    const { servers, errors } = parseMcpConfig(text, "/p/.mcp.json", { env });
    expect(servers.map((s) => s.name)).toEqual(["good"]);
    expect(Object.fromEntries(errors.map((e) => [e.server, e.message]))).toEqual({
      bad__name:
        'server name "bad__name" in /p/.mcp.json contains the reserved separator "__" or a leading or trailing underscore (or is empty)',
      _lead:
        'server name "_lead" in /p/.mcp.json contains the reserved separator "__" or a leading or trailing underscore (or is empty)',
      trail_:
        'server name "trail_" in /p/.mcp.json contains the reserved separator "__" or a leading or trailing underscore (or is empty)',
      nothing: 'server "nothing" in /p/.mcp.json has no command or url',
      weird: 'server "weird": unsupported transport type "websocket"; valid: stdio, http, sse',
      badargs: 'server "badargs": args must be an array of strings',
      badurl: 'server "badurl": url "not a url" is not a valid URL',
      ftp: 'server "ftp": url must be http:// or https://, got ftp:',
    });
  });

  it("reports a malformed file and gives no servers; an empty one gives none without error", () => {
    expect(parseMcpConfig("{ nope", "/p/x.json").errors[0]?.message).toMatch(/^not valid JSON: /);
    expect(parseMcpConfig("[]", "/p/x.json").errors[0]?.message).toBe(
      "must be a JSON object with an mcpServers object",
    );
    expect(parseMcpConfig('{"mcpServers": 3}', "/p/x.json").errors[0]?.message).toBe(
      "mcpServers must be an object of server name to server entry",
    );
    expect(parseMcpConfig("{}", "/p/x.json")).toEqual({ servers: [], errors: [] });
  });
});

describe("parseMcpConfig (Agent Plugins mcp.json)", () => {
  it("needs a type, expands only plugin placeholders and allow-listed variables, and limits the environment", () => {
    const text = JSON.stringify({
      $schema: AGENT_PLUGINS_MCP_SCHEMA,
      mcpServers: {
        local: {
          type: "stdio",
          command: "${PLUGIN_ROOT}/bin/server",
          args: ["--data", "${PLUGIN_DATA}", "--home", "${HOME}", "--token", "${GITHUB_TOKEN}"],
          cwd: "work",
        },
        remote: { type: "streamable-http", url: "https://plugins.example.com/mcp" },
        loop: { type: "sse", url: "http://127.0.0.1:8080/sse" },
        plain: { type: "streamable-http", url: "http://plugins.example.com/mcp" },
        untyped: { command: "srv" },
      },
    });
    const { servers, errors } = parseMcpConfig(text, "/plugins/acme/mcp.json", { env });
    expect(servers.map((s) => [s.name, s.transport])).toEqual([
      ["local", "stdio"],
      ["loop", "sse"],
      ["remote", "http"],
    ]);
    const local = servers[0];
    expect(local).toMatchObject({
      command: "/plugins/acme/bin/server",
      args: ["--data", "/plugins/acme/.data", "--home", "/home/coder", "--token", ""],
      cwd: "/plugins/acme/work",
      format: "agent-plugins",
      inheritEnv: DEFAULT_PLUGIN_ENV_ALLOW_LIST,
    });
    expect(Object.fromEntries(errors.map((e) => [e.server, e.message]))).toEqual({
      plain:
        'server "plain": Agent Plugins servers need an https:// url (http:// only for loopback), got http://plugins.example.com/mcp',
      untyped: 'server "untyped": type is missing; valid: stdio, streamable-http, sse',
    });
  });

  it("refuses an Agent Plugins schema version it does not know", () => {
    const text = JSON.stringify({
      $schema: "https://agent-plugins.org/schemas/2.0.0/mcp.schema.json",
      mcpServers: {},
    });
    expect(parseMcpConfig(text, "/p/mcp.json").errors[0]?.message).toBe(
      `unsupported $schema "https://agent-plugins.org/schemas/2.0.0/mcp.schema.json"; supported: ${AGENT_PLUGINS_MCP_SCHEMA}`,
    );
  });
});

describe("loadMcpConfigs and discoverMcpConfigs", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "proxy-config-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("skips a missing file silently, reports a malformed one, and lets the first definition of a name win", async () => {
    const first = path.join(dir, "first.json");
    const second = path.join(dir, "second.json");
    const broken = path.join(dir, "broken.json");
    await writeFile(
      first,
      JSON.stringify({ mcpServers: { shared: { command: "one" }, b: { command: "b" } } }),
    );
    await writeFile(
      second,
      JSON.stringify({ mcpServers: { shared: { command: "two" }, a: { url: "http://h/mcp" } } }),
    );
    await writeFile(broken, "{");
    const loaded = await loadMcpConfigs([path.join(dir, "missing.json"), first, broken, second], { env });
    expect(loaded.servers.map((s) => [s.name, s.command ?? s.url, s.source])).toEqual([
      ["a", "http://h/mcp", second],
      ["b", "b", first],
      ["shared", "one", first],
    ]);
    expect(loaded.errors.map((e) => [e.path, e.server, e.message.split(":")[0]])).toEqual([
      [broken, undefined, "not valid JSON"],
      [second, "shared", `server "shared" is already defined in ${first}; the first definition is used`],
    ]);
  });

  it("uses ./.mcp.json when present and no paths are given; none with enabled: false", async () => {
    expect(discoverMcpConfigs({ cwd: dir })).toEqual([]);
    await writeFile(path.join(dir, ".mcp.json"), "{}");
    expect(discoverMcpConfigs({ cwd: dir })).toEqual([path.join(dir, ".mcp.json")]);
    expect(discoverMcpConfigs({ cwd: dir, paths: ["a.json", "/abs/b.json"] })).toEqual([
      path.join(dir, "a.json"),
      "/abs/b.json",
    ]);
    expect(discoverMcpConfigs({ cwd: dir, enabled: false })).toEqual([]);
  });
});

describe("runMcpTools (the mcp-tools command)", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "proxy-cli-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("prints each server's state and the config problems, as a table or JSON", async () => {
    const config = {
      mcpServers: { broken: { command: "/nonexistent/server" }, bad__name: { command: "x" } },
    };
    await writeFile(path.join(dir, ".mcp.json"), JSON.stringify(config));
    const table = await runMcpTools({ cwd: dir });
    expect(table.ok).toBe(false);
    expect(table.output).toMatch(
      /^broken\s+stdio\s+failed\s+0\s+initialize failed: spawn \/nonexistent\/server ENOENT$/m,
    );
    expect(table.output).toContain(
      `config ${path.join(dir, ".mcp.json")} (bad__name): server name "bad__name"`,
    );
    const json = await runMcpTools({ cwd: dir, json: true, refresh: true });
    const report = JSON.parse(json.output);
    expect(report.servers).toMatchObject([{ name: "broken", state: "failed", tools: [] }]);
    expect(report.configErrors).toHaveLength(1);
    expect(report.tools).toEqual([]);
  });

  it("says when nothing is configured", async () => {
    expect(await runMcpTools({ cwd: dir })).toEqual({
      output: "SERVER  TRANSPORT  STATE  TOOLS  ERROR\n(no MCP servers configured)\n",
      ok: true,
    });
  });
});

describe("ProxyToolNames", () => {
  it("keeps plain names, and makes long or unusual ones valid, unique and reversible", () => {
    const names = new ProxyToolNames();
    expect(names.name("github", "create_issue")).toBe("github__create_issue");
    const long = "a".repeat(80);
    const cut1 = names.name("srv", long);
    const cut2 = names.name("srv", `${long}b`);
    const dotted = names.name("srv", "files.read");
    for (const name of [cut1, cut2, dotted]) expect(name).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(new Set([cut1, cut2]).size).toBe(2);
    expect(dotted).toMatch(/^srv__files_read_[0-9a-f]{8}$/);
    expect(names.resolve(cut2)).toEqual({ server: "srv", tool: `${long}b` });
    expect(names.resolve(dotted)).toEqual({ server: "srv", tool: "files.read" });
    expect(names.name("srv", long)).toBe(cut1);
    expect(names.resolve("nobody__nothing")).toBeUndefined();
  });
});
