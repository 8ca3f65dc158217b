import { connect, createServer, type Server, type Socket } from "node:net";
import { setupServer } from "msw/node";
import { afterEach, beforeEach } from "vitest";
import { CoderClient, type CoderClientOptions } from "../../src/client/index.js";
import type { RequestLogEntry } from "../../src/testing/index.js";
import {
  createFakeCoder,
  type FakeCoder,
  type FakeCoderOptions,
  type ListeningServer,
} from "../../src/testing/index.js";

/** Client options a test may override; the URL and (by default) the owner's token are filled in. */
export type TestClientOptions = Omit<CoderClientOptions, "url">;

/** What each msw-mode reliability test gets. */
export interface MswContext {
  fake: FakeCoder;
  /** The msw server, e.g. to listen to `request:start` and see the headers that went out. */
  msw: ReturnType<typeof setupServer>;
  /** A client for the fake; the owner's token and fast retries unless overridden. */
  client(options?: TestClientOptions): CoderClient;
}

/** Retries that keep the suite fast: Coder's real policy, with millisecond back-off. */
export const FAST_RETRY = { limit: 2, backoffLimitMs: 10 } as const;

/**
 * A fresh fake Coder per test served through msw. Unlike `useFakeCoder`, clients retry by default
 * (with a tiny back-off) because retries are what these tests are about.
 */
export function useMswFake(): MswContext {
  const ctx = {} as MswContext;
  beforeEach(() => {
    const fake = createFakeCoder({ buildStepMs: 5 });
    const msw = setupServer(...fake.handlers);
    msw.listen({ onUnhandledFrame: "error" });
    Object.assign(ctx, {
      fake,
      msw,
      client: (options: TestClientOptions = {}) =>
        new CoderClient({ url: fake.url, token: fake.owner.token, retry: FAST_RETRY, ...options }),
    });
  });
  afterEach(async () => {
    ctx.msw.close();
    await ctx.fake.close();
  });
  return ctx;
}

/** What each loopback reliability test gets. */
export interface ListenContext {
  fake: FakeCoder;
  server: ListeningServer;
  /** A TCP proxy in front of `server`, to watch connections from the server's side. */
  proxy: ConnectionWatcher;
  /** A client talking to the proxy; the owner's token and fast retries unless overridden. */
  client(options?: TestClientOptions): CoderClient;
}

/** A fresh fake Coder per test on a real 127.0.0.1 socket, behind a {@link ConnectionWatcher}. */
export function useListeningFake(options: FakeCoderOptions = {}): ListenContext {
  const ctx = {} as ListenContext;
  beforeEach(async () => {
    const fake = createFakeCoder({ buildStepMs: 5, ...options });
    const server = await fake.listen();
    const proxy = await watchConnections(server.url);
    Object.assign(ctx, {
      fake,
      server,
      proxy,
      client: (options: TestClientOptions = {}) =>
        new CoderClient({ url: proxy.url, token: fake.owner.token, retry: FAST_RETRY, ...options }),
    });
  });
  afterEach(async () => {
    await ctx.proxy.close();
    await ctx.fake.close();
  });
  return ctx;
}

/** One client connection as the proxy saw it. */
export interface WatchedConnection {
  /** The first bytes the client sent (at most 4 KiB): its first request line and headers. */
  readonly head: string;
  /** The first request line, e.g. `GET /api/v2/workspacebuilds/…/logs?follow=true HTTP/1.1`. */
  readonly firstLine: string;
  /** Whether it asked to become a WebSocket. */
  readonly upgrade: boolean;
  /** The status code of the close frame the client sent on a WebSocket, if it sent one. */
  readonly clientCloseCode: number | undefined;
  /** Resolves when the connection is fully closed. */
  readonly closed: Promise<void>;
  readonly isClosed: boolean;
}

/** A pass-through TCP proxy that records every connection and when it closes. */
export interface ConnectionWatcher {
  readonly url: string;
  readonly connections: WatchedConnection[];
  close(): Promise<void>;
}

/** Start a TCP proxy to `target` (`http://127.0.0.1:<port>`) on another loopback port. */
export async function watchConnections(target: string): Promise<ConnectionWatcher> {
  const { hostname, port } = new URL(target);
  const connections: WatchedConnection[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    sockets.add(client).add(upstream);
    let head = "";
    let isClosed = false;
    let markClosed: () => void = () => {};
    const closed = new Promise<void>((resolve) => {
      markClosed = resolve;
    });
    const connection = {
      get head() {
        return head;
      },
      get firstLine() {
        return head.split("\r\n")[0] ?? "";
      },
      get upgrade() {
        return /^upgrade:\s*websocket/im.test(head);
      },
      get clientCloseCode() {
        return clientCloseCode(head);
      },
      closed,
      get isClosed() {
        return isClosed;
      },
    };
    connections.push(connection);
    client.on("data", (chunk: Buffer) => {
      if (head.length < 4096) head += chunk.toString("latin1");
    });
    client.pipe(upstream);
    upstream.pipe(client);
    const finish = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", finish);
    upstream.on("error", finish);
    client.on("close", () => {
      upstream.end();
      isClosed = true;
      sockets.delete(client);
      markClosed();
    });
    upstream.on("close", () => {
      client.end();
      sockets.delete(upstream);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const proxyPort = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${proxyPort}`,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * The code of the first close frame among the client's WebSocket frames, which follow the
 * upgrade request's head in `head` (client frames are always masked).
 */
function clientCloseCode(head: string): number | undefined {
  const end = head.indexOf("\r\n\r\n");
  if (end < 0) return undefined;
  const bytes = Buffer.from(head.slice(end + 4), "latin1");
  let at = 0;
  while (at + 2 <= bytes.length) {
    const opcode = bytes[at]! & 0x0f;
    let length = bytes[at + 1]! & 0x7f;
    at += 2;
    if (length === 126) {
      length = bytes.readUInt16BE(at);
      at += 2;
    } else if (length === 127) {
      length = Number(bytes.readBigUInt64BE(at));
      at += 8;
    }
    const mask = bytes.subarray(at, at + 4);
    at += 4;
    if (opcode === 0x8) {
      if (length < 2 || at + 2 > bytes.length) return undefined;
      return ((bytes[at]! ^ mask[0]!) << 8) | (bytes[at + 1]! ^ mask[1]!);
    }
    at += length;
  }
  return undefined;
}

/** Requests the fake served for one method and path. */
export function attempts(fake: FakeCoder, method: string, path: string): RequestLogEntry[] {
  return fake.requests.filter((r) => r.method === method && r.path === path);
}

/** Wait until `condition` holds, polling; fails after `timeoutMs` (a safety net, not a measurement). */
export async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await sleep(5);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The rejection of `promise` (fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject");
}
