import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The repository root, where `tsx` resolves from. */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** What a finished example printed. */
export interface ExampleRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Start `examples/<file>` with the Node running the tests (the pinned one) and tsx, as a user
 * would with `npx tsx`.
 */
export function startExample(file: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", `examples/${file}`, ...args], {
    cwd: REPO_ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Run an example to completion; kills it after `timeoutMs` so a hang fails instead of stalling. */
export function runExample(
  file: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 15_000,
): Promise<ExampleRun> {
  const child = startExample(file, args, env);
  return finished(child, timeoutMs);
}

/** Collect a started example's output until it exits. */
export function finished(child: ChildProcess, timeoutMs = 15_000): Promise<ExampleRun> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`example did not exit within ${timeoutMs} ms:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Resolves with the output so far once `pattern` shows up on the child's stdout. */
export function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs = 15_000): Promise<string> {
  let stdout = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ${pattern} in output within ${timeoutMs} ms:\n${stdout}`)),
      timeoutMs,
    );
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
      if (pattern.test(stdout)) {
        clearTimeout(timer);
        resolve(stdout);
      }
    });
    child.on("close", () => {
      clearTimeout(timer);
      reject(new Error(`exited before ${pattern} appeared:\n${stdout}`));
    });
  });
}
