import { afterEach, describe, expect, it } from "vitest";
import {
  type CoderMcpOptions,
  createCoderMcpServer,
  registerCoderTools,
} from "../../../src/adapters/mcp/index.js";
import {
  allPrompts,
  definePrompt,
  requiredPromptArgument,
  selectTools,
  standardTools,
  toolsetInstructions,
} from "../../../src/tools/index.js";
import { useToolHarness } from "../../support/tool-harness.js";
import { type ElicitHandler, type McpSdk, type McpTestClient, SDKS, sdkV2 } from "./sdks.js";

// Approval through MCP elicitation, prompts, and the ready-made server.

// A prompt whose tools exist today, to exercise the mechanism the Coder Agents prompts use (those
// need the chat tools, which are not in the catalogue yet).
const checkWorkspacePrompt = definePrompt({
  name: "test_check_workspace",
  title: "Check a workspace",
  description: "Look at a workspace and say whether it is ready.",
  arguments: [
    { name: "workspace", description: "owner/name of the workspace", required: true },
    { name: "note", description: "Anything to mention", required: false },
  ],
  requiredTools: ["coder_get_workspace", "coder_workspace_readiness"],
  render: (args) =>
    `Call coder_get_workspace and coder_workspace_readiness for ${requiredPromptArgument(args, "workspace")}.`,
});

describe.each(SDKS)("MCP SDK $label: approval through elicitation", (sdk: McpSdk) => {
  const h = useToolHarness();
  let client: McpTestClient | undefined;
  afterEach(async () => {
    await client?.close();
    client = undefined;
  });

  async function connect(elicit?: ElicitHandler, options: Partial<CoderMcpOptions> = {}) {
    const server = sdk.newServer();
    registerCoderTools(server, { client: h.owner, ...options });
    client = await sdk.connect(server, elicit);
    return client;
  }

  const stopDev = { workspace_id: "admin/dev", transition: "stop" };

  it("asks the user with a one-line summary, and runs the call when accepted", async () => {
    const asked: string[] = [];
    const c = await connect((request) => {
      asked.push(request.message);
      return { action: "accept" };
    });
    const result = await c.callTool("coder_create_workspace_build", stopDev);
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ transition: "stop" });
    expect(asked).toEqual([
      'Allow Start, stop or delete a workspace (coder_create_workspace_build): workspace_id="admin/dev", transition="stop"?',
    ]);
    expect(h.fake.inspect.builds("admin/dev")[0]?.transition).toBe("stop");
  });

  it("a declined elicitation is a tool error saying so, and nothing is built", async () => {
    const before = h.fake.inspect.builds("admin/dev").length;
    const c = await connect(() => ({ action: "decline" }));
    const result = await c.callTool("coder_create_workspace_build", stopDev);
    expect(result.isError).toBe(true);
    expect(result.content[0]?.text).toMatch(/^The user declined Start, stop or delete a workspace/);
    expect(h.fake.inspect.builds("admin/dev")).toHaveLength(before);

    const dismissed = await (async () => {
      await c.close();
      return connect(() => ({ action: "cancel" }));
    })();
    const cancelled = await dismissed.callTool("coder_create_workspace_build", stopDev);
    expect(cancelled.content[0]?.text).toContain("Reason: the request was dismissed");
    expect(h.fake.inspect.builds("admin/dev")).toHaveLength(before);
  });

  it("does not ask for read-only tools", async () => {
    let asked = 0;
    const c = await connect(() => {
      asked++;
      return { action: "decline" };
    });
    expect((await c.callTool("coder_get_workspace", { workspace_id: "admin/dev" })).isError).toBeFalsy();
    expect(asked).toBe(0);
  });

  it("without elicitation support, destructive tools run unasked (as Coder's own server does)", async () => {
    const c = await connect();
    expect((await c.callTool("coder_create_workspace_build", stopDev)).isError).toBeFalsy();
    expect(h.fake.inspect.builds("admin/dev")[0]?.transition).toBe("stop");
  });

  it("an approve option replaces elicitation", async () => {
    let elicited = 0;
    const c = await connect(
      () => {
        elicited++;
        return { action: "accept" };
      },
      { approve: ({ arguments: args }) => args.transition !== "delete" },
    );
    expect((await c.callTool("coder_create_workspace_build", stopDev)).isError).toBeFalsy();
    const refused = await c.callTool("coder_create_workspace_build", { ...stopDev, transition: "delete" });
    expect(refused.isError).toBe(true);
    expect(refused.content[0]?.text).toContain("The user declined");
    expect(elicited).toBe(0);
  });
});

describe.each(SDKS)("MCP SDK $label: prompts", (sdk: McpSdk) => {
  const h = useToolHarness();

  it("offers a prompt only when all its tools are selected, and renders it", async () => {
    const server = sdk.newServer();
    const registered = registerCoderTools(server, {
      client: h.owner,
      prompts: [checkWorkspacePrompt, ...allPrompts],
    });
    // The standard selection has the chat tools, so Coder's own two prompts are offered too.
    expect(registered.prompts).toEqual([
      "test_check_workspace",
      "coder_agents_delegate",
      "coder_agents_check",
    ]);
    const client = await sdk.connect(server);
    try {
      const prompts = await client.listPrompts();
      expect(prompts.map((p) => p.name)).toEqual(registered.prompts);
      expect(prompts[0]?.arguments).toEqual([
        { name: "workspace", description: "owner/name of the workspace", required: true },
        { name: "note", description: "Anything to mention", required: false },
      ]);
      const rendered = await client.getPrompt("test_check_workspace", { workspace: " admin/dev " });
      expect(rendered.messages).toEqual([
        {
          role: "user",
          content: {
            type: "text",
            text: "Call coder_get_workspace and coder_workspace_readiness for admin/dev.",
          },
        },
      ]);
      await expect(client.getPrompt("test_check_workspace", { workspace: "  " })).rejects.toThrow(
        "missing required prompt argument: workspace",
      );
      const check = await client.getPrompt("coder_agents_check", { chat_id: "c-1" });
      expect(check.messages[0]?.content.text).toContain('coder_get_chat with chat_id "c-1"');
    } finally {
      await client.close();
    }
  });

  it("drops the prompt when one of its tools is not selected", async () => {
    const server = sdk.newServer();
    const registered = registerCoderTools(server, {
      client: h.owner,
      deny: ["coder_workspace_readiness"],
      prompts: [checkWorkspacePrompt],
    });
    expect(registered.prompts).toEqual([]);
  });
});

describe("createCoderMcpServer offers only what the deployment serves", () => {
  const current = useToolHarness();

  it("leaves the task tools out on current Coder (no Tasks API) and keeps the chat tools", async () => {
    const client = await sdkV2.connect(await createCoderMcpServer({ client: current.owner }));
    try {
      const names = (await client.listTools()).map((t) => t.name);
      expect(names).toContain("coder_create_chat");
      expect(names).toContain("coder_list_workspaces");
      expect(names.filter((n) => n.includes("task"))).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it("offers every selected tool when detection is switched off", async () => {
    const server = await createCoderMcpServer({ client: current.owner, detectCapabilities: false });
    const client = await sdkV2.connect(server);
    try {
      expect((await client.listTools()).map((t) => t.name)).toContain("coder_create_task");
    } finally {
      await client.close();
    }
  });
});

describe("createCoderMcpServer on a deployment with the Tasks API", () => {
  const legacy = useToolHarness({ agentApi: "tasks" });

  it("offers the task tools there", async () => {
    const client = await sdkV2.connect(await createCoderMcpServer({ client: legacy.owner }));
    try {
      const names = (await client.listTools()).map((t) => t.name);
      expect(names).toContain("coder_create_task");
    } finally {
      await client.close();
    }
  });
});

describe("createCoderMcpServer (SDK v2)", () => {
  const h = useToolHarness();

  it("serves the selection with toolset instructions and our exact schemas", async () => {
    const server = await createCoderMcpServer({ client: h.owner, toolsets: ["workspaces"], readOnly: true });
    const client = await sdkV2.connect(server);
    try {
      const expected = selectTools(standardTools, { toolsets: ["workspaces"], readOnly: true });
      expect((await client.listTools()).map((t) => t.name)).toEqual(expected.map((t) => t.name));
      expect(client.instructions()).toBe(toolsetInstructions(expected));
      expect(client.instructions()).toMatch(/^## Workspaces\n/);
      const result = await client.callTool("coder_list_workspaces", { owner: "me" });
      expect(result.structuredContent).toMatchObject({ count: 2 });
    } finally {
      await client.close();
    }
  });

  it("takes a name, a version and instructions", async () => {
    const server = await createCoderMcpServer({
      client: h.owner,
      name: "my-coder",
      version: "9.9.9",
      instructions: "Be careful.",
    });
    const client = await sdkV2.connect(server);
    try {
      expect(client.instructions()).toBe("Be careful.");
    } finally {
      await client.close();
    }
  });

  it("rejects a bad selection up front, naming the valid values", async () => {
    await expect(createCoderMcpServer({ client: h.owner, toolsets: ["nope"] })).rejects.toThrow(
      /unknown toolset\(s\): nope; valid toolsets: /,
    );
    await expect(
      createCoderMcpServer({ client: undefined as never, toolsets: ["workspaces"] }),
    ).rejects.toThrow("options.client is required");
  });
});
