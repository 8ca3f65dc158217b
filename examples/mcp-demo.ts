/**
 * `npm run demo`: a scripted MCP client session against the demo (a fake Coder deployment and
 * `coder-toolsdk serve --http` on 127.0.0.1), printed as a transcript:
 *
 * 1. who am I, 2. which templates are there, 3. create a workspace and follow its build with
 * progress notifications, 4. as the agent inside that workspace, report a task status, and read it
 * back the way the Coder dashboard shows it.
 *
 * Steps 1–3 go through the remote HTTP server with the user's token; step 4 uses the same tools
 * in-process with the workspace agent's token, as `coder-toolsdk serve` does inside a workspace.
 */
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { InMemoryTransport } from "@modelcontextprotocol/server";
import { AgentClient, CoderClient } from "../src/index.js";
import { startDemo } from "../src/server/demo.js";
import { buildMcpServer } from "../src/server/mcp-server.js";
import { startTaskReporter } from "../src/server/task-reporter/index.js";
import { allTools } from "../src/tools/index.js";

const demo = await startDemo();
const say = (line: string) => console.log(line);
type Result = { content: { type: string; text?: string }[]; isError?: boolean };
const json = (result: Result) => JSON.parse(result.content.find((c) => c.type === "text")?.text ?? "null");

let failed = false;
try {
  say(`Demo Coder deployment (fake, in memory): ${demo.coderUrl}`);
  say(`MCP server: ${demo.mcpUrl} (Streamable HTTP, user admin)\n`);
  const client = new Client(
    { name: "coder-toolsdk-demo", version: "1.0.0" },
    { versionNegotiation: { mode: "auto" } },
  );
  await client.connect(
    new StreamableHTTPClientTransport(new URL(demo.mcpUrl), {
      requestInit: { headers: { "Coder-Session-Token": demo.token } },
    }),
  );
  say(
    `connected: ${client.getServerVersion()?.name} ${client.getServerVersion()?.version}, protocol ${client.getNegotiatedProtocolVersion()}`,
  );
  say(`tools offered: ${(await client.listTools()).tools.length}\n`);

  const call = async (
    name: string,
    args: Record<string, unknown>,
    onprogress?: (p: { progress: number; message?: string }) => void,
  ) => {
    say(`→ tools/call ${name} ${JSON.stringify(args)}`);
    const result = (await client.callTool(
      { name, arguments: args },
      onprogress ? { onprogress } : {},
    )) as Result;
    if (result.isError) throw new Error(`${name} failed: ${result.content[0]?.text}`);
    return json(result);
  };

  const me = await call("coder_get_authenticated_user", {});
  say(`← ${me.username} <${me.email}>, roles ${me.roles.map((r: { name: string }) => r.name).join(", ")}\n`);

  const { templates } = await call("coder_list_templates", {});
  for (const t of templates) say(`← template ${t.name}: ${t.description}`);
  const docker = templates.find((t: { name: string }) => t.name === "docker");
  say("");

  const created = await call("coder_create_workspace", {
    template_id: docker.id,
    name: "demo",
    rich_parameters: {},
  });
  say(
    `← workspace ${created.owner_name}/${created.name}, build #${created.latest_build.build_number} ${created.latest_build.status}\n`,
  );

  const logs = await call(
    "coder_get_workspace_build_logs",
    { workspace_build_id: created.latest_build.id },
    (p) => say(`  progress ${p.progress}: ${p.message ?? ""}`),
  );
  say(`← build ${logs.job_status} after ${logs.line_count} log lines\n`);

  const ready = await call("coder_workspace_readiness", { workspace: "admin/demo", wait_ms: 15_000 }, (p) =>
    say(`  progress ${p.progress}: ${p.message ?? ""}`),
  );
  say(`← ${ready.state}: ${ready.reason}\n`);
  await client.close();

  say("Inside the workspace, the agent reports its task status (coder_report_task, agent token):");
  const agent = new AgentClient({ url: demo.coderUrl, token: demo.fake.agentToken("admin/demo") });
  const reporter = startTaskReporter({ agent, appSlug: "claude-code" });
  const inside = buildMcpServer({
    client: new CoderClient({ url: demo.coderUrl, token: demo.token }),
    tools: allTools,
    toolsets: ["task_status"],
    agent,
    reporter: reporter.report,
  });
  const agentSide = new Client({ name: "agent", version: "1.0.0" });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await Promise.all([inside.connect(b), agentSide.connect(a)]);
  const args = { summary: "Workspace demo is ready; opened the README", link: "", state: "complete" };
  say(`→ tools/call coder_report_task ${JSON.stringify(args)}`);
  say(
    `← ${JSON.stringify(json((await agentSide.callTool({ name: "coder_report_task", arguments: args })) as Result))}`,
  );
  await reporter.close();
  await agentSide.close();

  const statuses = demo.fake.inspect.appStatuses("admin/demo");
  say("\nThe Coder dashboard now shows, for app claude-code of admin/demo:");
  for (const s of statuses) say(`  ${s.state}: ${s.message}`);
} catch (error) {
  failed = true;
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await demo.stop();
}
process.exitCode = failed ? 1 : 0;
