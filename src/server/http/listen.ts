import cluster from "node:cluster";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createHttpApp, type HttpApp, type HttpAppOptions } from "./app.js";
import { MCP_PATH } from "./paths.js";

/** Options of {@link startHttpServer}. */
export interface HttpServerOptions extends Omit<HttpAppOptions, "loopback"> {
  host: string;
  port: number;
  /** How long a drain waits for in-flight requests before closing anyway. Default 25 s. */
  drainTimeoutMs?: number;
}

/** A listening server. */
export interface RunningHttpServer {
  /** `http://host:port`, the port resolved when 0 was asked for. */
  readonly url: string;
  readonly app: HttpApp;
  /** Stop accepting, let in-flight requests finish (up to the drain timeout), then close. */
  stop(): Promise<void>;
}

/** Whether `host` is a loopback address or name. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/** Start the HTTP server on `host:port`. */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const app = createHttpApp({ ...options, loopback: isLoopback(options.host) });
  const server: Server = createServer((req, res) => app.handle(req, res));
  // Long tool calls stream progress for minutes; Node's default request timeout would cut them.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  let stopping: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    app,
    stop() {
      stopping ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        const drained = app.drain();
        const timeout = new Promise<void>((resolve) =>
          setTimeout(resolve, options.drainTimeoutMs ?? 25_000).unref(),
        );
        await Promise.race([drained, timeout]);
        server.closeAllConnections();
        await closed;
        await app.close();
      })();
      return stopping;
    },
  };
}

/**
 * Serve until `signal` aborts, then drain. In a cluster worker the listening URL goes to the
 * primary, which announces it once.
 */
export async function runHttpServer(options: HttpServerOptions, signal: AbortSignal): Promise<void> {
  const running = await startHttpServer(options);
  if (cluster.isWorker) process.send?.({ listening: running.url });
  else
    options.log(
      JSON.stringify({ level: "info", msg: "listening", url: `${running.url}${MCP_PATH}`, pid: process.pid }),
    );
  if (!signal.aborted)
    await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
  options.log(
    JSON.stringify({ level: "info", msg: "draining", in_flight: running.app.inFlight, pid: process.pid }),
  );
  await running.stop();
  options.log(JSON.stringify({ level: "info", msg: "stopped", pid: process.pid }));
  // A worker's IPC channel to the primary would keep it alive.
  if (cluster.isWorker) process.disconnect?.();
}

/**
 * The cluster primary of `serve --http --workers N`: fork N copies of this command, which share
 * the port (Node's cluster module), replace a worker that dies, and on `signal` pass SIGTERM to
 * every worker and wait for them to drain.
 */
export async function runClusterPrimary(
  workers: number,
  log: (line: string) => void,
  signal: AbortSignal,
): Promise<void> {
  let stopping = false;
  let announced = false;
  const fork = () => {
    const worker = cluster.fork();
    worker.on("message", (message: { listening?: string }) => {
      if (message?.listening && !announced) {
        announced = true;
        log(
          JSON.stringify({
            level: "info",
            msg: "listening",
            url: `${message.listening}${MCP_PATH}`,
            workers,
            pid: process.pid,
          }),
        );
      }
    });
  };
  cluster.on("exit", (worker, code, sig) => {
    if (stopping) return;
    log(
      JSON.stringify({
        level: "warn",
        msg: "worker exited; starting another",
        worker_pid: worker.process.pid,
        code,
        signal: sig,
      }),
    );
    fork();
  });
  for (let i = 0; i < workers; i += 1) fork();
  if (!signal.aborted)
    await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
  stopping = true;
  const alive = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
  await Promise.all(
    alive.map(
      (worker) =>
        new Promise<void>((resolve) => {
          worker.once("exit", () => resolve());
          worker.process.kill("SIGTERM");
        }),
    ),
  );
}
