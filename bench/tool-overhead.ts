import { getTool } from "../src/tools/index.js";
import { callTool, deployment, expectOk, seedWorkspaces } from "./fixtures.js";
import { timeRatio } from "./measure.js";
import { type BenchRow, row } from "./table.js";

/**
 * What a tool adds on top of the client calls it makes (argument checks, projection, output
 * validation, JSON text and byte caps), in process against the fake deployment: the same
 * requests are made both ways, so the fake's own work is on both sides of the ratio.
 */
export async function toolOverheadRows(): Promise<BenchRow[]> {
  const { fake, client, ctx } = deployment();
  // Enough workspaces that the list needs two pages, as on a busy deployment.
  seedWorkspaces(fake, "admin", 150);
  // The fake logs every request; dropping the log between samples keeps its growth out of the
  // figures (a large heap makes every collection, and so the side that allocates more, slower).
  const options = {
    // Long enough for the JIT to settle on both paths before anything is timed.
    warmup: 1000,
    samples: 15,
    iterations: 100,
    beforeSample: () => {
      fake.requests.length = 0;
    },
  };

  const requestsOf = async (call: () => Promise<unknown>) => {
    const before = fake.requests.length;
    await call();
    return fake.requests.slice(before);
  };

  const getWorkspace = getTool("coder_get_workspace");
  const getArgs = { workspace_id: "admin/dev" };
  const getRequests = await requestsOf(async () =>
    expectOk(await callTool(getWorkspace, getArgs, ctx), "coder_get_workspace"),
  );
  if (getRequests.map((r) => r.path).join() !== "/api/v2/users/admin/workspace/dev") {
    throw new Error(`bench: coder_get_workspace made other requests: ${getRequests.map((r) => r.path)}`);
  }
  const get = await timeRatio(
    () => callTool(getWorkspace, getArgs, ctx),
    // The tool passes its context's signal to every request, so the direct call does too.
    () => client.workspaces.getByOwnerAndName("admin", "dev", { signal: ctx.signal }),
    options,
  );

  const listWorkspaces = getTool("coder_list_workspaces");
  const listArgs = { owner: "admin" };
  const listRequests = await requestsOf(async () =>
    expectOk(await callTool(listWorkspaces, listArgs, ctx), "coder_list_workspaces"),
  );
  // Replay exactly the pages the tool asked for.
  const pages = listRequests.map((r) => {
    const query = new URLSearchParams(r.search);
    return {
      q: query.get("q") ?? "",
      limit: Number(query.get("limit")),
      offset: Number(query.get("offset")),
    };
  });
  const list = await timeRatio(
    () => callTool(listWorkspaces, listArgs, ctx),
    async () => {
      for (const page of pages) await client.workspaces.list({ ...page, signal: ctx.signal });
    },
    { ...options, warmup: 30, iterations: 10 },
  );
  const adminWorkspaces = fake.inspect.workspaces().filter((w) => w.owner_name === "admin").length;
  await fake.close();
  return [
    row("coder_get_workspace: tool vs its client call", get.ratio, 1.3, "×"),
    row(
      "coder_list_workspaces: tool vs its client calls",
      list.ratio,
      1.3,
      "×",
      `Owner with ${adminWorkspaces} workspaces: the tool's ${pages.length} page requests, replayed with client.workspaces.list. Both rows: CPU time, fastest of 15 alternating samples, the same requests (and signal) on both sides, through the fake in process (fake.fetch).`,
    ),
  ];
}
