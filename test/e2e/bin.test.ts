import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createFakeCoder, type FakeCoder } from "../../src/testing/index.js";
import { standardTools } from "../../src/tools/index.js";
import { buildBin, inspector } from "../support/built-bin.js";
import { servedStandardTools } from "../support/mcp-http.js";

// The published bin, built from source, driven from outside: by the MCP Inspector's CLI over stdio
// and over Streamable HTTP, and by an SDK client negotiating each protocol era.
let bin: string;
let scratch: string;
beforeAll(async () => {
  bin = await buildBin();
  scratch = mkdtempSync(join(tmpdir(), "bin-e2e-"));
}, 120_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let fake: FakeCoder;
let coderUrl: string;
beforeEach(async () => {
  fake = createFakeCoder({ buildStepMs: 5 });
  coderUrl = (await fake.listen()).url;
});
afterEach(() => fake.close());

const catalog = () => join(scratch, `catalog-${Math.random().toString(36).slice(2)}.json`);
const userEnv = () => ["-e", `CODER_URL=${coderUrl}`, "-e", `CODER_SESSION_TOKEN=${fake.owner.token}`];
const names = (stdout: string) =>
  (JSON.parse(stdout) as { tools: { name: string }[] }).tools.map((t) => t.name);
const toolJson = (stdout: string) =>
  JSON.parse((JSON.parse(stdout) as { content: { text: string }[] }).content[0]!.text);

describe("the built bin over stdio, driven by the MCP Inspector CLI", () => {
  it("lists the standard tools", async () => {
    const result = await inspector(
      [...userEnv(), "--method", "tools/list", "--", process.execPath, bin, "serve"],
      catalog(),
    );
    expect(result.code).toBe(0);
    expect(names(result.stdout)).toEqual(await servedStandardTools(coderUrl, fake.owner.token));
  });

  it("calls a tool against the fake deployment on loopback", async () => {
    const result = await inspector(
      [
        ...userEnv(),
        "--method",
        "tools/call",
        "--tool-name",
        "coder_list_workspaces",
        "--",
        process.execPath,
        bin,
        "serve",
      ],
      catalog(),
    );
    expect(result.code).toBe(0);
    const { workspaces } = toolJson(result.stdout) as { workspaces: { owner_name: string; name: string }[] };
    expect(workspaces.map((w) => `${w.owner_name}/${w.name}`)).toEqual(
      fake.inspect
        .workspaces()
        .filter((w) => w.owner_name === "admin")
        .map((w) => `admin/${w.name}`),
    );
  });

  it("offers only the selected toolsets, read-only, without denied tools", async () => {
    const result = await inspector(
      [
        ...userEnv(),
        "--method",
        "tools/list",
        "--",
        process.execPath,
        bin,
        "serve",
        "--toolsets",
        "workspaces,users",
        "--read-only",
        "--deny",
        "coder_get_workspace_agent_logs",
      ],
      catalog(),
    );
    const served = await servedStandardTools(coderUrl, fake.owner.token);
    expect(names(result.stdout)).toEqual(
      standardTools
        .filter((t) => served.includes(t.name))
        .filter((t) => (t.toolset === "workspaces" || t.toolset === "users") && t.annotations.readOnlyHint)
        .map((t) => t.name)
        .filter((n) => n !== "coder_get_workspace_agent_logs"),
    );
  });

  it("pins the organization (looked up by name) and the owner, removing them from the schemas", async () => {
    const result = await inspector(
      [
        ...userEnv(),
        "--method",
        "tools/list",
        "--",
        process.execPath,
        bin,
        "serve",
        "--organization",
        "coder",
        "--owner",
        "alice",
      ],
      catalog(),
    );
    const tools = (
      JSON.parse(result.stdout) as { tools: { name: string; inputSchema: { properties?: object } }[] }
    ).tools;
    const props = (name: string) =>
      Object.keys(tools.find((t) => t.name === name)?.inputSchema.properties ?? {});
    expect(props("coder_create_template")).not.toContain("organization_id");
    expect(props("coder_create_template").length).toBeGreaterThan(0);
    expect(props("coder_list_workspaces")).not.toContain("owner");
  });

  it("report-only mode: with just the agent token and a slug it offers coder_report_task, which reaches Coder", async () => {
    const env = [
      "-e",
      `CODER_AGENT_URL=${coderUrl}`,
      "-e",
      `CODER_AGENT_TOKEN=${fake.agentToken("admin/dev")}`,
      "-e",
      "CODER_MCP_APP_STATUS_SLUG=claude-code",
      "-e",
      `CODER_CONFIG_DIR=${scratch}/no-login`,
    ];
    const listed = await inspector(
      [...env, "--method", "tools/list", "--", process.execPath, bin, "serve"],
      catalog(),
    );
    expect(names(listed.stdout)).toEqual(["coder_report_task"]);
    const called = await inspector(
      [
        ...env,
        "--method",
        "tools/call",
        "--tool-name",
        "coder_report_task",
        "--tool-args-json",
        JSON.stringify({ summary: "Reviewing the PR", link: "", state: "working" }),
        "--",
        process.execPath,
        bin,
        "serve",
      ],
      catalog(),
    );
    expect(called.code).toBe(0);
    expect(toolJson(called.stdout)).toEqual({ message: "Thanks for reporting!" });
    expect(fake.inspect.appStatuses("admin/dev").map((s) => [s.state, s.message])).toEqual([
      ["working", "Reviewing the PR"],
    ]);
  });
});

describe("the built bin over stdio, from an SDK client", () => {
  const connect = async (mode: "auto" | "legacy", env: Record<string, string>) => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [bin, "serve"],
      env,
      stderr: "pipe",
    });
    let stderr = "";
    transport.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const client = new Client({ name: "e2e", version: "1.0.0" }, { versionNegotiation: { mode } });
    await client.connect(transport);
    return { client, stderr: () => stderr };
  };
  const env = () => ({
    PATH: process.env.PATH ?? "",
    CODER_URL: coderUrl,
    CODER_SESSION_TOKEN: fake.owner.token,
  });

  it.each([
    ["auto", "2026-07-28"],
    ["legacy", "2025-11-25"],
  ] as const)("negotiates %s → %s; start-up diagnostics go to stderr only", async (mode, version) => {
    const { client, stderr } = await connect(mode, env());
    expect(client.getNegotiatedProtocolVersion()).toBe(version);
    expect(client.getServerVersion()?.name).toBe("coder-toolsdk");
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(
      await servedStandardTools(coderUrl, fake.owner.token),
    );
    expect(stderr()).toContain("Authentication : Successful");
    expect(stderr()).toContain("User           : admin");
    expect(stderr()).not.toContain(fake.owner.token);
    await client.close();
  });
});

describe("the built bin refuses to start without credentials", () => {
  it("exits 1 naming what to set", async () => {
    const child: ChildProcess = spawn(process.execPath, [bin, "serve"], {
      env: { PATH: process.env.PATH ?? "", CODER_CONFIG_DIR: join(scratch, "none") },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr?.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toContain("error: nothing to serve");
    expect(stderr).toContain("Set CODER_URL and CODER_SESSION_TOKEN (or run `coder login`)");
    expect(stderr).toContain("CODER_AGENT_URL, CODER_AGENT_TOKEN and CODER_MCP_APP_STATUS_SLUG");
  });
});

describe("the built bin over Streamable HTTP, driven by the MCP Inspector CLI", () => {
  let server: ChildProcess;
  let mcpUrl: string;
  beforeEach(async () => {
    server = spawn(process.execPath, [bin, "serve", "--http", "--port", "0"], {
      env: { PATH: process.env.PATH ?? "", CODER_URL: coderUrl },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    mcpUrl = await new Promise<string>((resolve, reject) => {
      server.on("exit", (code) => reject(new Error(`server exited ${code}: ${stderr}`)));
      server.stderr?.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /"msg":"listening","url":"([^"]+)"/.exec(stderr);
        if (match?.[1]) resolve(match[1]);
      });
    });
  });
  afterEach(async () => {
    const exited = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
  });

  it("lists the tools and calls one with the caller's token", async () => {
    const header = ["--header", `Coder-Session-Token: ${fake.member.token}`];
    const listed = await inspector([mcpUrl, ...header, "--method", "tools/list"], catalog());
    expect(listed.code).toBe(0);
    expect(names(listed.stdout)).toEqual(await servedStandardTools(coderUrl, fake.member.token));
    const called = await inspector(
      [mcpUrl, ...header, "--method", "tools/call", "--tool-name", "coder_get_authenticated_user"],
      catalog(),
    );
    expect(toolJson(called.stdout)).toMatchObject({ username: "alice" });
  });
});
