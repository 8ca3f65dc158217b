import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WebSocketServer, WebSocket as WsClient, type WebSocket as WsSocket } from "ws";
import {
  CoderApiError,
  CoderClient,
  CoderResponseError,
  CoderWebSocketError,
} from "../../src/client/index.js";

// Edge cases of the follow protocol that a well-behaved fake never produces (abnormal closes,
// refused upgrades, junk frames), driven by a tiny loopback server speaking raw WebSocket.

const TOKEN = "abcdefghij-0123456789abcdefghijkl";

interface Upgrade {
  request: IncomingMessage;
  socket: WsSocket;
}

let server: Server;
let wss: WebSocketServer;
let baseUrl: string;
let onUpgrade: (upgrade: Upgrade) => void;
let refuseUpgrade: number | undefined;
const upgrades: Upgrade[] = [];

function log(id: number, output = `line ${id}`) {
  return {
    id,
    created_at: "2025-01-01T00:00:00Z",
    log_source: "provisioner",
    log_level: "info",
    stage: "Planning",
    output,
  };
}

function waitForClose(socket: WsSocket): Promise<number> {
  return new Promise((resolve) => {
    if (socket.readyState === socket.CLOSED) resolve(1000);
    socket.once("close", (code) => resolve(code));
  });
}

beforeEach(async () => {
  refuseUpgrade = undefined;
  upgrades.length = 0;
  onUpgrade = () => {};
  wss = new WebSocketServer({ noServer: true });
  server = createServer((_req, res) => {
    // The one-shot endpoint, used by the client to explain refused upgrades.
    if (refuseUpgrade) {
      res.writeHead(refuseUpgrade, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: "You are not authorized.", detail: "bad token" }));
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end("[]");
  });
  server.on("upgrade", (req, socket, head) => {
    if (refuseUpgrade) {
      socket.end(`HTTP/1.1 ${refuseUpgrade} Unauthorized\r\ncontent-type: application/json\r\n\r\n{}`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const upgrade = { request: req, socket: ws };
      upgrades.push(upgrade);
      onUpgrade(upgrade);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  for (const client of wss.clients) client.terminate();
  wss.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function client(): CoderClient {
  return new CoderClient({ url: baseUrl, token: TOKEN, retry: false });
}

describe("log follow streams", () => {
  it("sends follow, after and the token as header and cookie, and ends on a normal close", async () => {
    onUpgrade = ({ socket }) => {
      socket.send(JSON.stringify(log(8)));
      socket.send(JSON.stringify(log(9)));
      socket.close(1000, "done");
    };
    const ids: number[] = [];
    for await (const entry of client().builds.followLogs("b1", { after: 7 })) ids.push(entry.id);
    expect(ids).toEqual([8, 9]);
    const req = upgrades[0]?.request;
    const url = new URL(req?.url ?? "", baseUrl);
    expect(url.pathname).toBe("/api/v2/workspacebuilds/b1/logs");
    expect(url.searchParams.has("follow")).toBe(true);
    expect(url.searchParams.get("after")).toBe("7");
    expect(req?.headers["coder-session-token"]).toBe(TOKEN);
    expect(req?.headers.cookie).toBe(`coder_session_token=${TOKEN}`);
  });

  it("flattens agent log arrays into single logs", async () => {
    const agentLog = (id: number) => ({
      id,
      created_at: "2025-01-01T00:00:00Z",
      output: `a${id}`,
      level: "info",
    });
    onUpgrade = ({ socket }) => {
      socket.send(JSON.stringify([agentLog(1), agentLog(2)]));
      socket.send(JSON.stringify([agentLog(3)]));
      socket.close(1000);
    };
    const outputs: string[] = [];
    for await (const entry of client().agents.followLogs("a1")) outputs.push(entry.output);
    expect(outputs).toEqual(["a1", "a2", "a3"]);
  });

  it("yields what arrived, then throws CoderWebSocketError on an abnormal close", async () => {
    onUpgrade = ({ socket }) => {
      socket.send(JSON.stringify(log(1)));
      socket.close(1011, "internal error");
    };
    const ids: number[] = [];
    const error = await (async () => {
      for await (const entry of client().templates.followVersionLogs("v1")) ids.push(entry.id);
    })().catch((e: unknown) => e);
    expect(ids).toEqual([1]);
    expect(error).toBeInstanceOf(CoderWebSocketError);
    const wsError = error as CoderWebSocketError;
    expect(wsError.closeCode).toBe(1011);
    expect(wsError.closeReason).toBe("internal error");
    expect(wsError.message).toContain("resume with after=1");
    expect(wsError.url).toMatch(
      /^ws:\/\/127\.0\.0\.1:\d+\/api\/v2\/templateversions\/v1\/logs\?follow=true$/,
    );
  });

  it("reports a refused upgrade with Coder's status and message, without the token", async () => {
    refuseUpgrade = 401;
    const error = await (async () => {
      for await (const _ of client().builds.followLogs("b1")) {
        // never reached
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoderApiError);
    const apiError = error as CoderApiError;
    expect(apiError.status).toBe(401);
    expect(apiError.message).toBe("You are not authorized.");
    expect(apiError.method).toBe("GET");
    expect(apiError.url).toContain("/api/v2/workspacebuilds/b1/logs?follow=true");
    expect(JSON.stringify(apiError.toJSON())).not.toContain(TOKEN);
  });

  it("closes the socket when the consumer breaks out", async () => {
    onUpgrade = ({ socket }) => {
      socket.send(JSON.stringify(log(1)));
      socket.send(JSON.stringify(log(2)));
    };
    for await (const entry of client().builds.followLogs("b1")) {
      expect(entry.id).toBe(1);
      break;
    }
    const socket = upgrades[0]?.socket;
    expect(socket).toBeDefined();
    expect(await waitForClose(socket as WsSocket)).toBe(1000);
  });

  it("rejects the pending next() with the signal's reason and closes the socket on abort", async () => {
    const controller = new AbortController();
    onUpgrade = ({ socket }) => {
      socket.send(JSON.stringify(log(1)));
    };
    const stream = client().builds.followLogs("b1", { signal: controller.signal });
    const first = await stream.next();
    expect(first.value).toMatchObject({ id: 1 });
    const pending = stream.next();
    const reason = new Error("stop following");
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(await waitForClose(upgrades[0]?.socket as WsSocket)).toBe(1000);
  });

  it("throws CoderResponseError naming the field when a message is not a log", async () => {
    onUpgrade = ({ socket }) => {
      socket.send(JSON.stringify({ id: 1, output: "no level" }));
    };
    const error = await (async () => {
      for await (const _ of client().builds.followLogs("b1")) {
        // never reached
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoderResponseError);
    expect((error as CoderResponseError).fields).toContain("log_level");
  });

  it("works with an injected WebSocket class (the ws package)", async () => {
    onUpgrade = ({ socket }) => {
      socket.send(JSON.stringify(log(5)));
      socket.close(1000);
    };
    const coder = new CoderClient({
      url: baseUrl,
      token: TOKEN,
      retry: false,
      webSocket: WsClient as unknown as typeof WebSocket,
    });
    const ids: number[] = [];
    for await (const entry of coder.builds.followLogs("b1")) ids.push(entry.id);
    expect(ids).toEqual([5]);
    expect(upgrades[0]?.request.headers["coder-session-token"]).toBe(TOKEN);

    refuseUpgrade = 404;
    const error = await (async () => {
      for await (const _ of coder.builds.followLogs("missing")) {
        // never reached
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoderApiError);
    expect((error as CoderApiError).status).toBe(404);
  });
});
