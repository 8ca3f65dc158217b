import { CoderConfigError } from "./errors.js";

/**
 * A WebSocket constructor. Node ≥ 22 has a global one; on Node 20 the `ws` package (a dependency
 * of this library) is loaded instead. Pass another for other runtimes (e.g. `ws`'s class, cast to
 * this type). It is called as `new WebSocket(url, { headers })`, a form both Node's built-in
 * WebSocket and `ws` accept even though the DOM typing only lists protocols.
 */
export type WebSocketConstructor = typeof WebSocket;

/**
 * The `ws` package, named through a variable so bundlers leave it to Node's resolver: bundled, its
 * CommonJS `require`s of Node built-ins break an ESM bundle (the same trap as tar-stream), and the
 * client entry would carry code that Node ≥ 22 never runs.
 */
const WS_PACKAGE = "ws";

/**
 * The WebSocket class a log follow uses: the injected one, else the global one (Node ≥ 22,
 * browsers, Deno, Bun), else the `ws` package, loaded on first use. Throws a
 * {@link CoderConfigError} naming the runtime and what to pass when none is available.
 */
export async function resolveWebSocket(injected?: WebSocketConstructor): Promise<WebSocketConstructor> {
  if (injected) return injected;
  const global = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (global) return global;
  let problem: string;
  try {
    const mod = (await import(/* @vite-ignore */ WS_PACKAGE)) as { WebSocket?: unknown; default?: unknown };
    const ctor = mod.WebSocket ?? mod.default;
    if (typeof ctor === "function") return ctor as WebSocketConstructor;
    problem = "the `ws` package has no WebSocket export";
  } catch (error) {
    problem = `the \`ws\` package could not be loaded (${error instanceof Error ? error.message : String(error)})`;
  }
  const runtime =
    typeof process !== "undefined" && process.versions?.node
      ? `Node ${process.version} has no global WebSocket (Node ≥ 22 has one)`
      : "this runtime has no global WebSocket";
  throw new CoderConfigError(
    `No WebSocket implementation for log streams: ${runtime}, and ${problem}. Install \`ws\`, or pass ` +
      '`webSocket` to CoderClient (e.g. `import { WebSocket } from "ws"`), or use Node ≥ 22.',
  );
}
