import {
  type AnyToolDefinition,
  type CoderToolName,
  callTool,
  createToolContext,
  getTool,
} from "../src/tools/index.js";
import { clientFor, deployment, expectOk, type RecordedBodies, recordingFetch } from "./fixtures.js";
import { type BenchRow, row } from "./table.js";

/**
 * Bytes a get/list tool returns to the model (its JSON text) vs the raw Coder JSON it read for
 * the same objects (every response body of the call, recorded on the way in), on the fake's
 * default deployment where every list fits the result. A projection should be much smaller than
 * Coder's objects for a workspace (target 0.5×) and never larger than them for the rest (1×).
 */
export async function outputSizeRows(): Promise<BenchRow[]> {
  // A deployment from before Coder removed Tasks, so the task tools have something to read.
  const { fake } = deployment({ agentApi: "tasks" });
  const dev = fake.inspect.workspace("admin/dev")!;
  const template = fake.inspect.templates().find((t) => t.name === dev.template_name)!;
  const task = fake.seed.task({ owner: "admin", prompt: "Fix the flaky login test" });
  const cases: [CoderToolName, Record<string, unknown>, number][] = [
    ["coder_get_workspace", { workspace_id: "admin/dev" }, 0.5],
    ["coder_list_workspaces", { owner: "admin" }, 1],
    ["coder_workspace_list_apps", { workspace: "admin/dev" }, 1],
    ["coder_get_template", { template_id: template.id }, 1],
    ["coder_list_templates", {}, 1],
    ["coder_template_version_parameters", { template_version_id: template.active_version_id }, 1],
    ["coder_get_authenticated_user", {}, 1],
    ["coder_list_organizations", {}, 1],
    ["coder_list_tasks", { user: "admin" }, 1],
    ["coder_get_task_status", { task_id: task.id }, 1],
  ];
  const rows: BenchRow[] = [];
  for (const [name, args, target] of cases) {
    const bodies: RecordedBodies = new Map();
    const ctx = createToolContext({ client: clientFor(fake, recordingFetch(fake, bodies)) });
    const tool: AnyToolDefinition = getTool(name);
    const result = expectOk(await callTool(tool, args, ctx), name);
    const raw = [...bodies.values()].reduce((n, body) => n + Buffer.byteLength(body), 0);
    const out = Buffer.byteLength(result.text);
    rows.push(row(`${name}: output vs raw Coder JSON`, out / raw, target, "×"));
  }
  await fake.close();
  return rows;
}
