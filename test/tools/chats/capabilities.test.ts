import { describe, expect, it } from "vitest";
import { detectCapabilities } from "../../../src/client/index.js";
import type { FakeAgentApi } from "../../../src/testing/index.js";
import { allTools, selectTools, standardTools } from "../../../src/tools/index.js";
import { getTaskStatus, listTasks } from "../../../src/tools/tasks/index.js";
import { useToolHarness } from "../../support/tool-harness.js";
import { call, failed } from "../results.js";

// Tools that fit the deployment: selection with detected capabilities, and what a task tool says
// on a deployment that no longer has the Tasks API.

const names = (tools: readonly { name: string }[]) => tools.map((t) => t.name);
const taskTools = names(allTools.filter((t) => t.toolset === "tasks"));
const chatTools = names(allTools.filter((t) => t.toolset === "chats"));

describe.each<[FakeAgentApi, { tasks: boolean; chats: boolean }]>([
  ["chats", { tasks: false, chats: true }],
  ["experimental-chats", { tasks: false, chats: true }],
  ["tasks", { tasks: true, chats: false }],
])("selection on a %s deployment", (agentApi, expected) => {
  const h = useToolHarness({ agentApi });

  it("offers only the families the deployment serves", async () => {
    const capabilities = await detectCapabilities(h.owner);
    const selected = names(selectTools(standardTools, { capabilities }));
    for (const name of taskTools) expect(selected.includes(name), name).toBe(expected.tasks);
    for (const name of chatTools) expect(selected.includes(name), name).toBe(expected.chats);
    // No app host in the default fake: port forwarding could only fail.
    expect(selected).not.toContain("coder_workspace_port_forward");
    expect(selected).toContain("coder_list_workspaces");
    // Without capabilities, today's selection.
    expect(names(selectTools(standardTools))).toEqual(names(standardTools));
    // Capabilities apply after allow, too: a tool that can only fail is never offered.
    const allowed = names(
      selectTools(allTools, { allow: ["coder_list_tasks", "coder_list_chats"], capabilities }),
    );
    expect(allowed).toEqual([
      ...(expected.tasks ? ["coder_list_tasks"] : []),
      ...(expected.chats ? ["coder_list_chats"] : []),
    ]);
  });
});

describe("selection with an app host", () => {
  const h = useToolHarness({ agentApi: "chats", appHost: "*.apps.coder.fake" });

  it("keeps port forwarding", async () => {
    const capabilities = await detectCapabilities(h.owner);
    expect(capabilities.appHost).toBe("*.apps.coder.fake");
    expect(names(selectTools(allTools, { capabilities }))).toContain("coder_workspace_port_forward");
  });
});

describe("a task tool on current Coder (no Tasks API)", () => {
  const h = useToolHarness({ agentApi: "chats" });

  it("says the Tasks API is gone and names the chat tools to use", async () => {
    for (const result of [
      failed(await call(h, listTasks, {})),
      failed(await call(h, getTaskStatus, { task_id: "fix-login" })),
    ]) {
      expect(result.error.kind).toBe("tool");
      expect(result.text).toBe(
        "this Coder deployment has no Tasks API (/api/v2/tasks): Coder removed Tasks after v2.36, and current versions run AI agents as Coder Agents chats\n" +
          "hint: use the chat tools instead: coder_create_chat to start an agent on a prompt, coder_await_chat and coder_get_chat to follow it, coder_get_chat_messages to read it, coder_send_chat_message to answer it, coder_list_chats to find chats",
      );
    }
  });
});
