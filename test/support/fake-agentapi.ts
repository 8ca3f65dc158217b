import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A message in the fake AgentAPI's conversation. */
interface Message {
  id: number;
  role: "user" | "agent";
  message: string;
  time: string;
}

/**
 * A stand-in for coder/agentapi's `GET /events` on 127.0.0.1: server-sent events named
 * `message_update` and `status_change`, the whole state replayed to every new subscriber (as
 * AgentAPI's `Subscribe` does), and switches to fail or drop connections.
 */
export interface FakeAgentApi {
  readonly url: string;
  /** Connections opened so far (successful ones). */
  readonly connections: number;
  /** Set the status and emit `status_change` when it changed. */
  setStatus(status: "running" | "stable"): void;
  /** Append a message and emit `message_update`. */
  say(role: "user" | "agent", message: string): number;
  /** Send raw text to every open stream (to test malformed events). */
  raw(text: string): void;
  /** Close every open stream from the server side. */
  dropConnections(): void;
  /** Answer the next `count` subscriptions with this status instead of a stream. */
  refuseNext(count: number, status?: number): void;
  /** Resolves once `count` connections have been opened in total. */
  waitForConnections(count: number): Promise<void>;
  close(): Promise<void>;
}

export async function startFakeAgentApi(): Promise<FakeAgentApi> {
  const open = new Set<ServerResponse>();
  const messages: Message[] = [];
  let status: "running" | "stable" = "running";
  let connections = 0;
  let refusals: { count: number; status: number } = { count: 0, status: 503 };
  const waiters: { count: number; resolve: () => void }[] = [];

  const send = (res: ServerResponse, event: string, data: unknown) =>
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  const broadcast = (event: string, data: unknown) => {
    for (const res of open) send(res, event, data);
  };

  const server = createServer((req, res) => {
    if (req.url !== "/events") {
      res.writeHead(404).end();
      return;
    }
    if (refusals.count > 0) {
      refusals.count -= 1;
      res.writeHead(refusals.status, { "content-type": "text/plain" }).end("not ready");
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    for (const message of messages) send(res, "message_update", message);
    send(res, "status_change", { status });
    send(res, "screen_update", { screen: "$ " });
    open.add(res);
    res.on("close", () => open.delete(res));
    connections += 1;
    for (const waiter of waiters.filter((w) => w.count <= connections)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    get connections() {
      return connections;
    },
    setStatus(next) {
      if (next === status) return;
      status = next;
      broadcast("status_change", { status });
    },
    say(role, message) {
      const entry = { id: messages.length, role, message, time: new Date().toISOString() };
      messages.push(entry);
      broadcast("message_update", entry);
      return entry.id;
    },
    raw(text) {
      for (const res of open) res.write(text);
    },
    dropConnections() {
      for (const res of open) res.destroy();
      open.clear();
    },
    refuseNext(count, refuseStatus = 503) {
      refusals = { count, status: refuseStatus };
    },
    waitForConnections(count) {
      if (connections >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    async close() {
      for (const res of open) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
