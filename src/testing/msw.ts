import { createRequire } from "node:module";
import type { HttpHandler, WebSocketHandler } from "msw";
import type { FakeCore, UpgradeResult } from "./core.js";

type Msw = typeof import("msw");
type WebSocketLink = ReturnType<Msw["ws"]["link"]>;

/**
 * One `ws.link` per WebSocket URL pattern (per loaded msw), shared by every fake on that URL. Each
 * link msw creates adds a `message` listener to msw's single module-level BroadcastChannel and
 * never removes it (msw/src/ws/websocket-client-manager.ts), so a link per fake would pile up
 * listeners and trip Node's MaxListenersExceededWarning after ten fakes in one process. The
 * `connection` listeners (one handler per fake) stay separate; only the link is reused.
 */
const linkCache = new WeakMap<Msw, Map<string, WebSocketLink>>();

function sharedLink(msw: Msw, url: string): WebSocketLink {
  let links = linkCache.get(msw);
  if (!links) {
    links = new Map();
    linkCache.set(msw, links);
  }
  let link = links.get(url);
  if (!link) {
    link = msw.ws.link(url);
    links.set(url, link);
  }
  return link;
}

/**
 * msw is an optional peer dependency, so it is loaded only when `fake.handlers` is read.
 * A bare `require` would be rewritten by the bundler into a throwing shim in the ESM build, so
 * both builds create one: from `__filename` in CJS, from `import.meta.url` in ESM.
 */
function loadMsw(): Msw {
  const load = createRequire(typeof __filename === "string" ? __filename : import.meta.url);
  try {
    return load("msw") as Msw;
  } catch (err) {
    throw new Error(
      "fake.handlers needs the `msw` package (v3); install it, or use fake.fetch / fake.listen()",
      { cause: err },
    );
  }
}

/** Headers a client passed to `new WebSocket(url, { headers })` reach msw as the "protocols". */
function headersFromProtocols(protocols: unknown): Headers {
  const headers = new Headers();
  if (protocols && typeof protocols === "object" && !Array.isArray(protocols) && "headers" in protocols) {
    const init = (protocols as { headers?: unknown }).headers;
    if (init && typeof init === "object") {
      new Headers(init as HeadersInit).forEach((v, k) => {
        headers.set(k, v);
      });
    }
  }
  return headers;
}

/** msw v3 handlers for one base URL: every HTTP request, plus WebSocket log follows and terminals. */
export function createMswHandlers(core: FakeCore, baseUrl: string): Array<HttpHandler | WebSocketHandler> {
  const msw = loadMsw();
  const base = baseUrl.replace(/\/+$/, "");
  const httpHandler = msw.http.all(`${base}/*`, async ({ request }) => {
    // Upgrade requests from Node's http clients belong to the ws.link upgrade handler.
    if (request.headers.get("upgrade")?.toLowerCase() === "websocket") return undefined;
    const result = await core.dispatch(request);
    return result.kind === "reset" ? msw.HttpResponse.error() : result.response;
  });
  const link = sharedLink(msw, `${base.replace(/^http/, "ws")}/*`);
  const wsHandler = link.addEventListener("connection", ({ client, info }) => {
    // The connection event comes before the mocked socket opens, and msw's transport queues one
    // `open` listener per message sent before that (a follow sends every existing log at once),
    // which trips MaxListenersExceededWarning: start streaming only once the socket is open.
    const opened = new Promise<void>((resolve) => {
      client.addEventListener("open", () => resolve(), { once: true });
      // Should the socket already be open, there is no event left to wait for.
      if ((client as { socket?: { readyState?: number } }).socket?.readyState === 1) resolve();
    });
    const request = new Request(client.url.toString().replace(/^ws/, "http"), {
      headers: headersFromProtocols(info.protocols),
    });
    const settle = (result: UpgradeResult): void => {
      if (result.kind === "reset") {
        client.close(1011, "connection reset (injected fault)");
      } else if (result.kind === "reject") {
        // No HTTP status can reach a WebSocket client here: close with 4000 + status instead.
        // Decided in this tick (see FakeCore.upgrade), the close keeps the socket from opening,
        // as a real refused upgrade never opens.
        client.close(4000 + result.response.status, result.reason);
      } else {
        void opened.then(() =>
          result.start({
            send: (data) => client.send(data),
            // msw delivers sends in microtasks but closes at once; close on a later task so the
            // last messages are not dropped.
            close: (code, reason) => {
              setTimeout(() => client.close(code, reason), 0);
            },
            onClose: (listener) => client.addEventListener("close", () => listener()),
            onMessage: (listener) => {
              // Blobs need an async read; a chain keeps messages in order.
              let chain = Promise.resolve();
              client.addEventListener("message", (event) => {
                const data: unknown = event.data;
                chain = chain.then(async () => {
                  if (typeof data === "string") listener(new TextEncoder().encode(data), false);
                  else if (data instanceof ArrayBuffer) listener(new Uint8Array(data), true);
                  else if (ArrayBuffer.isView(data)) {
                    listener(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), true);
                  } else if (data instanceof Blob) listener(new Uint8Array(await data.arrayBuffer()), true);
                });
              });
            },
          }),
        );
      }
    };
    const result = core.upgrade(request);
    if (result instanceof Promise) void result.then(settle);
    else settle(result);
  });
  return [httpHandler, wsHandler];
}
