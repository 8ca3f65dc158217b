import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CoderApiError, CoderClient, type PtyConnection } from "../../src/client/index.js";
import { createFakeCoder, type FakeCoder } from "../../src/testing/index.js";
import { PtyTransport } from "../../src/workspace/index.js";
import { eventually } from "../workspace/contract.js";
import { agentOf } from "../workspace/helpers.js";

/** A raw terminal session that collects what it prints. */
async function session(client: CoderClient, agent: string, command: string, reconnect = crypto.randomUUID()) {
  let text = "";
  const conn: PtyConnection = await client.agents.pty(agent, {
    reconnect,
    command,
    width: 100,
    height: 30,
    onData: (bytes) => {
      text += Buffer.from(bytes).toString("latin1");
    },
  });
  return {
    conn,
    reconnect,
    output: () => text,
    until: (s: string) => eventually(async () => text.includes(s)),
  };
}

describe("fake deployment: the terminal WebSocket (/workspaceagents/{id}/pty)", () => {
  let fake: FakeCoder;
  let url: string;
  let client: CoderClient;
  let agent: string;
  beforeAll(async () => {
    fake = createFakeCoder();
    url = (await fake.listen()).url;
    client = new CoderClient({ url, token: fake.owner.token, retry: false });
    agent = agentOf(fake);
  });
  afterAll(async () => {
    await fake.close();
  });

  it("runs the command under a real terminal: echo, CRLF, and the working directory", async () => {
    const s = await session(client, agent, "cat");
    s.conn.write("hello\n");
    await s.until("hello\r\nhello\r\n");
    s.conn.write("\u0004");
    expect((await s.conn.closed).code).toBe(1000);
    const pwd = await session(client, agent, "pwd; echo $TERM");
    await pwd.conn.closed;
    expect(pwd.output()).toBe(`${fake.workspaceDir("admin/dev")}\r\nxterm-256color\r\n`);
  });

  it("limits a canonical-mode line to 4095 bytes, like a real terminal", async () => {
    const s = await session(client, agent, "stty -echo; echo ready; wc -c");
    await s.until("ready");
    s.conn.write(`${"x".repeat(5000)}\n\u0004`);
    await s.conn.closed;
    expect(s.output()).toBe("ready\r\n4096\r\n");
  });

  it("delivers Ctrl-C as SIGINT to the foreground process group", async () => {
    const s = await session(
      client,
      agent,
      "trap 'echo got-int; exit 0' INT; echo ready; while :; do sleep 0.05; done",
    );
    await s.until("ready");
    s.conn.write("\u0003");
    await s.conn.closed;
    expect(s.output()).toContain("got-int");
  });

  it("decodes JSON messages split across frames and packed into one", async () => {
    const { WebSocket } = await import("ws");
    const socket = new WebSocket(
      `${url.replace("http", "ws")}/api/v2/workspaceagents/${agent}/pty?reconnect=${crypto.randomUUID()}&command=cat`,
      {
        headers: { "Coder-Session-Token": fake.owner.token },
      },
    );
    let text = "";
    socket.on("message", (data: Buffer) => {
      text += data.toString();
    });
    await new Promise((resolve) => socket.once("open", resolve));
    socket.send(Buffer.from('{"da'));
    socket.send(Buffer.from('ta":"a\\n"} {"data":"b\\n"}{"data":"\\u00e9\\n"'));
    socket.send(Buffer.from("}"));
    // Each line comes back twice: the terminal's echo, then cat's copy (their order is up to timing).
    await eventually(async () => text.split("é\r\n").length === 3);
    expect(text.split("\r\n").sort()).toEqual(["", "a", "a", "b", "b", "é", "é"]);
    socket.close();
  });

  it("replays recent output when a client reattaches with the same reconnect id", async () => {
    const first = await session(client, agent, "cat");
    first.conn.write("remember me\n");
    await first.until("remember me\r\nremember me\r\n");
    first.conn.close();
    await first.conn.closed;
    const again = await session(client, agent, "this command is ignored", first.reconnect);
    await again.until("remember me");
    again.conn.write("\u0004");
    await again.conn.closed;
  });

  it("resizes only when both height and width are given", async () => {
    const s = await session(client, agent, "while :; do stty size; sleep 0.05; done");
    await s.until("30 100");
    s.conn.resize(33, 0);
    s.conn.resize(41, 120);
    await s.until("41 120");
    expect(s.output()).not.toContain("33 ");
    s.conn.write("\u0003");
    await s.conn.closed;
  });

  it("closes with 1003 on a text frame, as coderd's binary-only connection does", async () => {
    const { WebSocket } = await import("ws");
    const socket = new WebSocket(
      `${url.replace("http", "ws")}/api/v2/workspaceagents/${agent}/pty?reconnect=${crypto.randomUUID()}&command=cat`,
      {
        headers: { "Coder-Session-Token": fake.owner.token },
      },
    );
    await new Promise((resolve) => socket.once("open", resolve));
    socket.send('{"data":"x"}');
    const [code, reason] = await new Promise<[number, string]>((resolve) =>
      socket.once("close", (c, r) => resolve([c, r.toString()])),
    );
    expect(code).toBe(1003);
    expect(reason).toBe("unexpected frame type read (expected MessageBinary): MessageText");
  });

  it("refuses a missing or bad reconnect id with 400, a bad token with 401 and an unknown agent with 404", async () => {
    const refused = (c: CoderClient, id: string, reconnect: string) =>
      c.agents.pty(id, { reconnect, onData: () => undefined }).then(
        () => undefined,
        (e: unknown) => e as CoderApiError,
      );
    const missing = await refused(client, agent, "");
    expect(missing).toBeInstanceOf(CoderApiError);
    expect(missing).toMatchObject({ status: 400, message: "Invalid query parameters." });
    expect(missing?.validations).toEqual([
      { field: "reconnect", detail: 'Query param "reconnect" is required' },
    ]);
    expect(await refused(client, agent, "not-a-uuid")).toMatchObject({ status: 400 });
    const stranger = new CoderClient({ url, token: "abcdefghij-abcdefghijklmnopqrstuv", retry: false });
    expect(await refused(stranger, agent, crypto.randomUUID())).toMatchObject({ status: 401 });
    expect(await refused(client, crypto.randomUUID(), crypto.randomUUID())).toMatchObject({ status: 404 });
    const alice = new CoderClient({ url, token: fake.member.token, retry: false });
    expect(await refused(alice, agent, crypto.randomUUID())).toMatchObject({ status: 404 });
  });

  it("answers a plain GET like coderd: the upgrade is required", async () => {
    const response = await fetch(
      `${url}/api/v2/workspaceagents/${agent}/pty?reconnect=${crypto.randomUUID()}`,
      {
        headers: { "Coder-Session-Token": fake.owner.token },
      },
    );
    expect(response.status).toBe(426);
    expect(await response.text()).toContain("Failed to accept websocket.");
  });
});

describe("fake deployment: terminals through msw", () => {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it("serves PtyTransport through msw's WebSocket interception", async () => {
    const fake = createFakeCoder();
    server.use(...fake.handlers);
    const transport = new PtyTransport(
      new CoderClient({ url: fake.url, token: fake.owner.token, retry: false }),
      agentOf(fake),
    );
    expect(await transport.exec("echo via msw; exit 2")).toMatchObject({ output: "via msw\n", exitCode: 2 });
    await fake.close();
  });
});

describe("fake deployment: terminal cleanup", () => {
  it("kills every process its terminals started, detached ones included, and removes the directories", async () => {
    const fake = createFakeCoder();
    const url = (await fake.listen()).url;
    const transport = new PtyTransport(
      new CoderClient({ url, token: fake.owner.token, retry: false }),
      agentOf(fake),
    );
    const job = await transport.exec("exec sleep 300", { background: true, timeoutMs: 200 });
    const pid = job.background?.pid;
    expect(pid).toBeGreaterThan(0);
    const home = fake.workspaceDir("admin/dev");
    await fake.close();
    const { existsSync, readFileSync } = await import("node:fs");
    await eventually(async () => {
      try {
        return readFileSync(`/proc/${pid}/stat`, "utf8").split(" ")[2] === "Z";
      } catch {
        return true;
      }
    });
    expect(existsSync(home)).toBe(false);
  });
});
