import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerCoderTools } from "../../src/adapters/mcp/index.js";
import { createToolRouter } from "../../src/adapters/router/index.js";
import { CoderClient } from "../../src/client/index.js";
import { createFakeCoder, type FakeCoder } from "../../src/testing/index.js";
import { getToolset, toolInputJsonSchema } from "../../src/tools/index.js";
import { SDKS } from "../adapters/mcp/sdks.js";

// The six workspace_agent tools through the doors users have, against the fake deployment on
// loopback: commands and files reach a real pseudo-terminal over the terminal WebSocket, with no
// transport configured (the tools build a PtyTransport from the client).

const b64 = (text: string) => Buffer.from(text).toString("base64");
const tools = getToolset("workspace_agent").tools;

describe("workspace_agent tools through the router and MCP, over loopback", () => {
  let fake: FakeCoder;
  let client: CoderClient;
  let home: string;

  beforeAll(async () => {
    fake = createFakeCoder({ buildStepMs: 5 });
    const { url } = await fake.listen();
    client = new CoderClient({ url, token: fake.owner.token, retry: false });
    home = fake.workspaceDir("admin/dev");
  });
  afterAll(async () => {
    await fake.close();
  });

  it("the router offers Go's field names and required sets, and runs a session of all six", async () => {
    const router = createToolRouter({ client, toolsets: ["workspace_agent"] });
    const definitions = router.definitions("json-schema") as {
      name: string;
      parameters?: unknown;
      input_schema?: unknown;
    }[];
    expect(definitions.map((d) => d.name)).toEqual(tools.map((t) => t.name));
    for (const tool of tools) {
      const schema = toolInputJsonSchema(tool);
      expect(schema.required, tool.name).toContain("workspace");
    }

    const bash = await router.call("coder_workspace_bash", {
      workspace: "admin/dev",
      command: "echo out; echo err >&2; exit 3",
    });
    expect(bash).toMatchObject({ ok: true, result: { exit_code: 3 } });
    expect(String((bash as { result: { output: string } }).result.output)).toBe("out\nerr");

    const path = `${home}/doors/notes.txt`;
    expect(
      await router.call("coder_workspace_write_file", {
        workspace: "admin/dev",
        path,
        content: b64("a\nb\n"),
      }),
    ).toMatchObject({ ok: true });
    expect(await readFile(path, "utf8")).toBe("a\nb\n");
    const read = await router.call("coder_workspace_read_file", { workspace: "admin/dev", path });
    expect(read).toMatchObject({ ok: true, result: { content: b64("a\nb\n") } });
    const ls = await router.call("coder_workspace_ls", { workspace: "admin/dev", path: `${home}/doors` });
    expect(ls).toMatchObject({ ok: true, result: { contents: [{ path, is_dir: false }] } });
    const edit = await router.call("coder_workspace_edit_file", {
      workspace: "admin/dev",
      path,
      edits: [{ old_text: "b", new_text: "B" }],
    });
    expect(edit).toMatchObject({ ok: true });
    expect(await readFile(path, "utf8")).toBe("a\nB\n");
    const batch = await router.call("coder_workspace_edit_files", {
      workspace: "admin/dev",
      files: [{ path, edits: [{ old_text: "nowhere", new_text: "x" }] }],
    });
    expect(batch.ok).toBe(false);
    expect(await readFile(path, "utf8")).toBe("a\nB\n");
  }, 60_000);

  it.each(SDKS.map((sdk) => [sdk.label, sdk] as const))(
    "MCP SDK %s: lists them as snapshotted and runs a command",
    async (_, sdk) => {
      const server = sdk.newServer();
      registerCoderTools(server as never, { client, toolsets: ["workspace_agent"] });
      const mcp = await sdk.connect(server);
      try {
        const listed = await mcp.listTools();
        expect(listed.map((t) => t.name)).toEqual(tools.map((t) => t.name));
        for (const tool of tools) {
          const { $schema: _dialect, ...inputSchema } =
            listed.find((t) => t.name === tool.name)?.inputSchema ?? {};
          expect(inputSchema, tool.name).toEqual(toolInputJsonSchema(tool));
        }
        const result = await mcp.callTool("coder_workspace_bash", {
          workspace: "admin/dev",
          command: "printf 'hi %s' there",
        });
        expect(result.isError).toBeFalsy();
        expect(result.structuredContent).toMatchObject({ output: "hi there", exit_code: 0 });
        const bad = await mcp.callTool("coder_workspace_read_file", { workspace: "admin/dev" });
        expect(bad.isError).toBe(true);
        expect(bad.content[0]?.text).toContain("$.path");
      } finally {
        await mcp.close();
      }
    },
    60_000,
  );
});
