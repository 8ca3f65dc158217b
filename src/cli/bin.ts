#!/usr/bin/env node
import { systemHost } from "./configure/host.js";
import { runCli } from "./program.js";

// The published `coder-toolsdk` executable. Everything testable lives in program.ts; this file
// only binds the real process: its streams, environment and signals.
const stop = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => stop.abort(signal));
}
// No top-level await: the build also emits a CommonJS copy of every entry.
void runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  host: systemHost(),
  streams: { stdin: process.stdin, stdout: process.stdout },
  signal: stop.signal,
}).then((code) => {
  process.exitCode = code;
});
