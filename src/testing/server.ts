import { createServer, type IncomingMessage, STATUS_CODES } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";
import type { FakeCore } from "./core.js";
import type { WsPeer } from "./router.js";

/** A running loopback server. */
export interface ListeningServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  close(): Promise<void>;
}

function toHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(key, v);
  }
  return headers;
}

function wsPeer(socket: WebSocket): WsPeer {
  return {
    send: (data) => {
      if (socket.readyState === socket.OPEN) socket.send(data);
    },
    close: (code, reason) => {
      if (socket.readyState === socket.OPEN) socket.close(code, reason);
    },
    onClose: (listener) => {
      socket.on("close", listener);
    },
    onMessage: (listener) => {
      socket.on("message", (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
        const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
        listener(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), isBinary);
      });
    },
  };
}

/** Writes a plain HTTP response on a socket that asked to upgrade, then ends it. */
async function rejectUpgrade(socket: Socket, response: Response): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  const lines = [`HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? ""}`];
  response.headers.forEach((value, key) => {
    if (key !== "connection" && key !== "upgrade") lines.push(`${key}: ${value}`);
  });
  lines.push(`content-length: ${body.length}`, "connection: close");
  socket.end(Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`), body]));
}

/** Serves the core over node:http, with `ws` handling the log-follow upgrades. */
export async function listen(core: FakeCore, port = 0): Promise<ListeningServer> {
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  let origin = "";
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const hasBody = req.method !== "GET" && req.method !== "HEAD";
      const request = new Request(`${origin}${req.url ?? "/"}`, {
        method: req.method ?? "GET",
        headers: toHeaders(req),
        ...(hasBody ? { body: Buffer.concat(chunks) } : {}),
      });
      void core.dispatch(request).then(
        async (result) => {
          if (result.kind === "reset") {
            req.socket.destroy();
            return;
          }
          const { response } = result;
          const headers: Record<string, string> = {};
          response.headers.forEach((value, key) => {
            headers[key] = value;
          });
          const body = Buffer.from(await response.arrayBuffer());
          res.writeHead(response.status, headers);
          res.end(req.method === "HEAD" ? undefined : body);
        },
        (err: unknown) => {
          res.writeHead(500, { "content-type": "text/plain" });
          res.end(String(err));
        },
      );
    });
  });
  server.on("upgrade", (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const request = new Request(`${origin}${req.url ?? "/"}`, { method: "GET", headers: toHeaders(req) });
    void Promise.resolve(core.upgrade(request)).then(async (result) => {
      if (result.kind === "reset") socket.destroy();
      else if (result.kind === "reject") await rejectUpgrade(socket, result.response);
      else wss.handleUpgrade(req, socket, head, (ws) => result.start(wsPeer(ws)));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let closing: Promise<void> | undefined;
  return {
    url: origin,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
