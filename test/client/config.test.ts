import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { coderConfigDir, resolveAgentConfig, resolveUserConfig } from "../../src/client/config.js";
import { AgentClient, CoderApiError, CoderClient, CoderConfigError } from "../../src/client/index.js";
import { useFakeCoder } from "../support/fake-coder.js";

// Where the client finds its deployment and token: env vars first, then the Coder CLI's stored
// login, each value on its own; and the agent's own env vars inside a workspace.

let scratch: string;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), "coder-toolsdk-config-"));
});
afterEach(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** Write a CLI config dir the way `coder login` does (values end with a newline). */
function cliConfig(dir: string, files: { url?: string; session?: string }): string {
  mkdirSync(dir, { recursive: true });
  if (files.url !== undefined) writeFileSync(join(dir, "url"), `${files.url}\n`);
  if (files.session !== undefined) writeFileSync(join(dir, "session"), `${files.session}\n`);
  return dir;
}

function configError(run: () => unknown): CoderConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CoderConfigError);
    return error as CoderConfigError;
  }
  throw new Error("expected a CoderConfigError");
}

describe("CoderClient.fromEnv", () => {
  const ctx = useFakeCoder();

  it("uses CODER_URL and CODER_SESSION_TOKEN", async () => {
    const env = { CODER_URL: `${ctx.fake.url}/`, CODER_SESSION_TOKEN: ctx.fake.member.token };
    const coder = CoderClient.fromEnv({}, env);
    expect(coder.url).toBe(ctx.fake.url);
    expect((await coder.users.me()).username).toBe("alice");
    expect(resolveUserConfig(env).source).toBe("env");
  });

  it("trims whitespace around env values", () => {
    const resolved = resolveUserConfig({
      CODER_URL: " https://coder.example.com\n",
      CODER_SESSION_TOKEN: " t0ken-value \n",
    });
    expect(resolved).toEqual({ url: "https://coder.example.com", token: "t0ken-value", source: "env" });
  });

  it("falls back to the CLI's stored login in CODER_CONFIG_DIR", async () => {
    const dir = cliConfig(join(scratch, "cli"), { url: ctx.fake.url, session: ctx.fake.owner.token });
    const env = { CODER_CONFIG_DIR: dir };
    expect(resolveUserConfig(env)).toEqual({ url: ctx.fake.url, token: ctx.fake.owner.token, source: dir });
    expect((await CoderClient.fromEnv({}, env).users.me()).username).toBe("admin");
  });

  it("passes the other options through", async () => {
    const env = { CODER_URL: ctx.fake.url, CODER_SESSION_TOKEN: ctx.fake.owner.token };
    const seen: string[] = [];
    const coder = CoderClient.fromEnv(
      {
        userAgent: "from-env-test/1",
        hooks: { beforeRequest: [(r) => void seen.push(r.headers.get("user-agent") ?? "")] },
      },
      env,
    );
    await coder.buildInfo();
    expect(seen).toEqual(["from-env-test/1"]);
  });

  it("throws a CoderConfigError for a URL that does not parse", () => {
    const error = configError(() =>
      CoderClient.fromEnv({}, { CODER_URL: "coder.example.com", CODER_SESSION_TOKEN: "x" }),
    );
    expect(error.message).toBe(
      'url: "coder.example.com" is not a valid URL; expected e.g. https://coder.example.com',
    );
  });
});

describe("resolveUserConfig: each value falls back on its own", () => {
  it("URL from the env, token from the CLI config", () => {
    const dir = cliConfig(join(scratch, "cli"), { url: "https://file.example.com", session: "file-token" });
    const resolved = resolveUserConfig({ CODER_CONFIG_DIR: dir, CODER_URL: "https://env.example.com" });
    expect(resolved).toEqual({ url: "https://env.example.com", token: "file-token", source: dir });
  });

  it("token from the env, URL from the CLI config", () => {
    const dir = cliConfig(join(scratch, "cli"), { url: "https://file.example.com" });
    const resolved = resolveUserConfig({ CODER_CONFIG_DIR: dir, CODER_SESSION_TOKEN: "env-token" });
    expect(resolved).toEqual({ url: "https://file.example.com", token: "env-token", source: dir });
  });

  it("an empty env var or an empty file counts as missing", () => {
    const dir = cliConfig(join(scratch, "cli"), { url: "https://file.example.com", session: "" });
    const error = configError(() =>
      resolveUserConfig({ CODER_CONFIG_DIR: dir, CODER_URL: "  ", CODER_SESSION_TOKEN: "" }),
    );
    expect(error.message).toBe(
      "Coder client configuration is incomplete: missing a session token (set CODER_SESSION_TOKEN, or run " +
        `\`coder login\` to create ${join(dir, "session")}).`,
    );
  });
});

describe("resolveUserConfig: where it looks", () => {
  it("XDG_CONFIG_HOME/coderv2 on Linux", () => {
    const xdg = join(scratch, "xdg");
    cliConfig(join(xdg, "coderv2"), { url: "https://xdg.example.com", session: "xdg-token" });
    const env = { XDG_CONFIG_HOME: xdg, HOME: join(scratch, "home") };
    expect(resolveUserConfig(env, "linux")).toEqual({
      url: "https://xdg.example.com",
      token: "xdg-token",
      source: join(xdg, "coderv2"),
    });
  });

  it("~/.config/coderv2 on Linux without XDG_CONFIG_HOME", () => {
    const home = join(scratch, "home");
    cliConfig(join(home, ".config", "coderv2"), { url: "https://home.example.com", session: "home-token" });
    expect(resolveUserConfig({ HOME: home }, "linux").url).toBe("https://home.example.com");
  });

  it("CODER_CONFIG_DIR wins over XDG_CONFIG_HOME", () => {
    const xdg = join(scratch, "xdg");
    cliConfig(join(xdg, "coderv2"), { url: "https://xdg.example.com", session: "xdg-token" });
    const dir = cliConfig(join(scratch, "explicit"), {
      url: "https://explicit.example.com",
      session: "explicit-token",
    });
    expect(resolveUserConfig({ CODER_CONFIG_DIR: dir, XDG_CONFIG_HOME: xdg }, "linux").token).toBe(
      "explicit-token",
    );
  });

  it("the OS config dir on macOS and Windows", () => {
    expect(coderConfigDir({ HOME: "/Users/ada" }, "darwin")).toBe(
      join("/Users/ada", "Library", "Application Support", "coderv2"),
    );
    expect(coderConfigDir({ APPDATA: "C:\\Users\\ada\\AppData\\Roaming" }, "win32")).toBe(
      join("C:\\Users\\ada\\AppData\\Roaming", "coderv2"),
    );
  });

  it("names both missing values and the files it looked for", () => {
    const xdg = join(scratch, "empty-xdg");
    const dir = join(xdg, "coderv2");
    const error = configError(() => resolveUserConfig({ XDG_CONFIG_HOME: xdg }, "linux"));
    expect(error.message).toBe(
      "Coder client configuration is incomplete: missing a deployment URL (set CODER_URL, or run `coder login` " +
        `to create ${join(dir, "url")}) and a session token (set CODER_SESSION_TOKEN, or run \`coder login\` ` +
        `to create ${join(dir, "session")}).`,
    );
  });

  it("names only the URL when only the URL is missing", () => {
    const dir = join(scratch, "nowhere");
    const error = configError(() =>
      CoderClient.fromEnv({}, { CODER_CONFIG_DIR: dir, CODER_SESSION_TOKEN: "t" }),
    );
    expect(error.message).toBe(
      "Coder client configuration is incomplete: missing a deployment URL (set CODER_URL, or run `coder login` " +
        `to create ${join(dir, "url")}).`,
    );
    expect(error.message).not.toContain("session token");
  });
});

describe("AgentClient.fromEnv", () => {
  const ctx = useFakeCoder();

  it("uses CODER_AGENT_URL and CODER_AGENT_TOKEN, and its status reaches the deployment", async () => {
    const token = ctx.fake.agentToken("admin/dev");
    const agent = AgentClient.fromEnv({}, { CODER_AGENT_URL: ctx.fake.url, CODER_AGENT_TOKEN: token });
    expect(agent.url).toBe(ctx.fake.url);
    await agent.patchAppStatus({
      app_slug: "claude-code",
      state: "working",
      message: "Reading the failing test",
      uri: "https://github.com/acme/app/pull/7",
    });
    await agent.patchAppStatus({ app_slug: "claude-code", state: "complete", message: "Done" });
    const statuses = ctx.fake.inspect.appStatuses("admin/dev");
    expect(statuses.map((s) => [s.state, s.message, s.uri])).toEqual([
      ["working", "Reading the failing test", "https://github.com/acme/app/pull/7"],
      ["complete", "Done", ""],
    ]);
    expect(ctx.fake.inspect.appStatuses("alice/alice-dev")).toEqual([]);
  });

  it("reads the token from CODER_AGENT_TOKEN_FILE", async () => {
    const file = join(scratch, "agent-token");
    writeFileSync(file, `${ctx.fake.agentToken("alice/alice-dev")}\n`);
    const agent = AgentClient.fromEnv({}, { CODER_AGENT_URL: ctx.fake.url, CODER_AGENT_TOKEN_FILE: file });
    await agent.patchAppStatus({ app_slug: "claude-code", state: "idle", message: "Waiting for input" });
    expect(ctx.fake.inspect.appStatuses("alice/alice-dev").map((s) => s.state)).toEqual(["idle"]);
  });

  it("CODER_AGENT_TOKEN wins over CODER_AGENT_TOKEN_FILE", () => {
    const file = join(scratch, "agent-token");
    writeFileSync(file, "from-file\n");
    const resolved = resolveAgentConfig({
      CODER_AGENT_URL: "https://c.example.com",
      CODER_AGENT_TOKEN: "from-env",
      CODER_AGENT_TOKEN_FILE: file,
    });
    expect(resolved.token).toBe("from-env");
  });

  it("names what is missing", () => {
    expect(configError(() => AgentClient.fromEnv({}, {})).message).toBe(
      "Agent client configuration is incomplete: set CODER_AGENT_URL and CODER_AGENT_TOKEN (or CODER_AGENT_TOKEN_FILE).",
    );
    expect(configError(() => AgentClient.fromEnv({}, { CODER_AGENT_TOKEN: "t" })).message).toBe(
      "Agent client configuration is incomplete: set CODER_AGENT_URL.",
    );
    expect(
      configError(() => AgentClient.fromEnv({}, { CODER_AGENT_URL: "https://c.example.com" })).message,
    ).toBe("Agent client configuration is incomplete: set CODER_AGENT_TOKEN (or CODER_AGENT_TOKEN_FILE).");
  });

  it("names a token file that is missing or empty", () => {
    const missing = join(scratch, "no-such-file");
    expect(
      configError(() =>
        AgentClient.fromEnv(
          {},
          { CODER_AGENT_URL: "https://c.example.com", CODER_AGENT_TOKEN_FILE: missing },
        ),
      ).message,
    ).toBe(`CODER_AGENT_TOKEN_FILE points at ${missing}, which is missing or empty.`);
    const empty = join(scratch, "empty");
    writeFileSync(empty, "\n");
    expect(
      configError(() =>
        AgentClient.fromEnv({}, { CODER_AGENT_URL: "https://c.example.com", CODER_AGENT_TOKEN_FILE: empty }),
      ).message,
    ).toBe(`CODER_AGENT_TOKEN_FILE points at ${empty}, which is missing or empty.`);
  });
});

describe("AgentClient.patchAppStatus errors", () => {
  const ctx = useFakeCoder();
  const agentFor = (token: string) => new AgentClient({ url: ctx.fake.url, token, retry: false });

  it("an unknown app slug is Coder's 400 'Failed to get workspace app.'", async () => {
    const agent = agentFor(ctx.fake.agentToken("admin/dev"));
    const error = await agent
      .patchAppStatus({ app_slug: "no-such-app", state: "working", message: "hi" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoderApiError);
    expect(error).toMatchObject({
      status: 400,
      method: "PATCH",
      message: "Failed to get workspace app.",
      detail: 'No app found with slug "no-such-app"',
    });
    expect(ctx.fake.inspect.appStatuses("admin/dev")).toEqual([]);
  });

  it("a message over 160 characters is a 400 naming the field", async () => {
    const agent = agentFor(ctx.fake.agentToken("admin/dev"));
    const error = (await agent
      .patchAppStatus({ app_slug: "claude-code", state: "working", message: "x".repeat(161) })
      .catch((e: unknown) => e)) as CoderApiError;
    expect(error.status).toBe(400);
    expect(error.message).toBe("Message is too long.");
    expect(error.validations.map((v) => v.field)).toEqual(["message"]);
  });

  it("a user's session token is not an agent token (401)", async () => {
    const error = (await agentFor(ctx.fake.owner.token)
      .patchAppStatus({ app_slug: "claude-code", state: "working", message: "hi" })
      .catch((e: unknown) => e)) as CoderApiError;
    expect(error.status).toBe(401);
    expect(error.message).toBe("Workspace agent token invalid.");
    expect(error.helper).toBe("Try logging in using 'coder login'.");
  });
});
