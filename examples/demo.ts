/**
 * The embedded demo: starts a fake Coder deployment on 127.0.0.1 and runs the list-and-follow flow
 * against it, so you can see the client work without a Coder server.
 *
 *   npm run demo                   # run the flow once, then exit
 *   npm run demo -- --serve        # then keep the deployment up until Ctrl-C
 *   PORT=3000 npm run demo -- --serve
 *
 * The deployment is in memory: its users, workspaces and token exist only while this runs.
 */
import { CoderClient } from "../src/index.js";
import { createFakeCoder } from "../src/testing/index.js";
import { describeError, listAndFollow } from "./list-and-follow.js";

const args = process.argv.slice(2);
const serve = args.includes("--serve");
const workspace = args.find((arg) => !arg.startsWith("--"));
const port = Number(process.env.PORT ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`error: PORT must be a port number, got "${process.env.PORT}"`);
  process.exit(2);
}

const fake = createFakeCoder();
const server = await fake.listen({ port });
const token = fake.owner.token;
console.log(`Demo Coder deployment (fake, in memory): ${server.url}`);
if (serve) {
  // Printed only when asked to serve, because then you need it to connect; it is acceptable only
  // because this token is fake and dies with the process.
  console.log(`Demo token for user "admin" (fake deployment only, not a real credential): ${token}`);
  console.log(
    `Try: CODER_URL=${server.url} CODER_SESSION_TOKEN=${token} npx tsx examples/list-and-follow.ts\n`,
  );
} else {
  console.log("(Add --serve to keep it running and point your own scripts at it.)\n");
}

let ok = false;
try {
  const last = await listAndFollow(new CoderClient({ url: server.url, token }), { workspace });
  ok = last.job.status === "succeeded";
} catch (error) {
  console.error(`error: ${describeError(error)}`);
}

if (serve) {
  console.log(`\nServing ${server.url} until Ctrl-C.`);
  const stop = () => {
    void fake.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
} else {
  await fake.close();
  process.exitCode = ok ? 0 : 1;
}
