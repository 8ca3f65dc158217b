/**
 * List your Coder workspaces, start one, and follow its build logs until the build ends.
 *
 *   CODER_URL=https://coder.example.com CODER_SESSION_TOKEN=… npx tsx examples/list-and-follow.ts [name]
 *
 * Without a name it starts your first stopped workspace. A running workspace named on the command
 * line is restarted (stopped, then started); one that is already building is just followed.
 * Without the env vars, the Coder CLI's stored login (`coder login`) is used.
 */
import { pathToFileURL } from "node:url";
import { CoderApiError, CoderClient, type Workspace, type WorkspaceBuild } from "../src/index.js";

/** Options of {@link listAndFollow}. */
export interface ListAndFollowOptions {
  /** Workspace to start; default: the first stopped one. */
  workspace?: string;
  /** Where output goes; default `console.log`. */
  print?: (line: string) => void;
}

/** Statuses of a build that is still going: follow it rather than start another. */
const IN_PROGRESS = ["pending", "starting", "stopping", "deleting", "canceling"];

/**
 * The whole flow, for any client: list, pick, (re)start, follow. Returns the last build, so the
 * caller can tell whether it succeeded.
 */
export async function listAndFollow(
  coder: CoderClient,
  options: ListAndFollowOptions = {},
): Promise<WorkspaceBuild> {
  const print = options.print ?? ((line: string) => console.log(line));
  const me = await coder.users.me();

  const workspaces: Workspace[] = [];
  for await (const ws of coder.workspaces.iterate({ q: "owner:me" })) workspaces.push(ws);
  print(`Workspaces of ${me.username} on ${coder.url}:`);
  printTable(print, [
    ["NAME", "STATUS", "TEMPLATE"],
    ...workspaces.map((ws) => [ws.name, ws.latest_build.status, ws.template_name]),
  ]);

  const target = options.workspace
    ? workspaces.find((ws) => ws.name === options.workspace)
    : workspaces.find((ws) => ws.latest_build.status === "stopped");
  if (!target) {
    throw new Error(
      options.workspace
        ? `you have no workspace named "${options.workspace}"`
        : "none of your workspaces is stopped; name one to restart it",
    );
  }

  const status = target.latest_build.status;
  if (IN_PROGRESS.includes(status)) {
    print(`\n${target.name} is already ${status}; following its build.`);
    return follow(coder, target, target.latest_build, print);
  }
  if (status === "running") {
    const stopped = await follow(coder, target, await build(coder, target, "stop", print), print);
    if (stopped.job.status !== "succeeded") return stopped;
  }
  return follow(coder, target, await build(coder, target, "start", print), print);
}

async function build(
  coder: CoderClient,
  ws: Workspace,
  transition: "start" | "stop",
  print: (line: string) => void,
): Promise<WorkspaceBuild> {
  const created = await coder.workspaces.createBuild(ws.id, { transition });
  print(`\n${transition === "start" ? "Starting" : "Stopping"} ${ws.name} (build #${created.build_number})`);
  return created;
}

/** Print the build's logs as they arrive, grouped by stage, then its outcome. */
async function follow(
  coder: CoderClient,
  ws: Workspace,
  current: WorkspaceBuild,
  print: (line: string) => void,
): Promise<WorkspaceBuild> {
  let stage: string | undefined;
  // The iteration ends when Coder closes the stream, i.e. when the build's job is done.
  for await (const log of coder.builds.followLogs(current.id)) {
    if (log.stage !== stage) {
      stage = log.stage;
      print(`[${stage}]`);
    }
    if (log.output) print(`  ${log.output}`);
  }
  const done = await coder.builds.get(current.id);
  const error = done.job.error ? ` (${done.job.error})` : "";
  print(`Build #${done.build_number} of ${ws.name} (${done.transition}): ${done.job.status}${error}`);
  return done;
}

function printTable(print: (line: string) => void, rows: string[][]): void {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => row[i]?.length ?? 0))) ?? [];
  for (const row of rows)
    print(`  ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ")}`.trimEnd());
}

/** One readable line (or a few, for Coder's details and validations) for any failure. */
export function describeError(error: unknown): string {
  if (error instanceof CoderApiError) return String(error).replace(/^CoderApiError: /, "");
  return error instanceof Error ? error.message : String(error);
}

async function main(): Promise<void> {
  const coder = CoderClient.fromEnv();
  const last = await listAndFollow(coder, { workspace: process.argv[2] });
  if (last.job.status !== "succeeded") process.exitCode = 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error: unknown) => {
    console.error(`error: ${describeError(error)}`);
    process.exitCode = 1;
  });
}
