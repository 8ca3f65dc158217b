/**
 * Run the official MCP conformance suite (`@modelcontextprotocol/conformance`) against
 * `coder-toolsdk serve --http`, for the scenarios that apply to any server. Run with
 * `npm run test:conformance` (CI calls it too); it prints one line per scenario and a final
 * "N passed, M failed" line, and exits non-zero when a scenario fails.
 *
 * The server runs against the fake Coder deployment on loopback. The suite sends no credentials,
 * and our server answers 401 without a Coder token, so the suite talks to it through a small proxy
 * that adds the fake owner's `Coder-Session-Token` and changes nothing else (Host and Origin pass
 * through, so `dns-rebinding-protection` tests the server's own check).
 */
import { execFile } from "node:child_process";
import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startHttpServer } from "../src/server/http/listen.js";
import { createFakeCoder } from "../src/testing/index.js";

const SCENARIOS = ["server-initialize", "ping", "tools-list", "dns-rebinding-protection"];
const root = fileURLToPath(new URL("..", import.meta.url));
const run = promisify(execFile);

const fake = createFakeCoder();
const coderUrl = (await fake.listen()).url;
const server = await startHttpServer({
  coderUrl,
  selection: {},
  host: "127.0.0.1",
  port: 0,
  maxBodyBytes: 1024 * 1024,
  log: () => {},
});
const backend = new URL(server.url);
const proxy = createServer((req, res) => {
  const upstream = httpRequest(
    {
      host: backend.hostname,
      port: backend.port,
      path: req.url,
      method: req.method,
      headers: { ...req.headers, "coder-session-token": fake.owner.token },
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on("error", () => res.destroy());
  req.pipe(upstream);
});
await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
// The suite's rebinding scenario needs a localhost URL.
const url = `http://localhost:${(proxy.address() as AddressInfo).port}/mcp`;

let passed = 0;
let failed = 0;
const cli = `${root}node_modules/@modelcontextprotocol/conformance/dist/index.js`;
for (const scenario of SCENARIOS) {
  try {
    const { stdout } = await run(process.execPath, [cli, "server", "--url", url, "--scenario", scenario], {
      cwd: root,
      timeout: 120_000,
    });
    passed += 1;
    console.log(`PASS ${scenario}`);
    if (process.env.CONFORMANCE_VERBOSE) console.log(stdout);
  } catch (error) {
    failed += 1;
    const out = error as { stdout?: string; stderr?: string };
    console.log(`FAIL ${scenario}\n${out.stdout ?? ""}${out.stderr ?? ""}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
proxy.closeAllConnections();
proxy.close();
await server.stop();
await fake.close();
process.exitCode = failed > 0 ? 1 : 0;
