import { describe, expect, it } from "vitest";
import {
  agentsCheckPrompt,
  agentsDelegatePrompt,
  allPrompts,
  allTools,
  selectPrompts,
  selectTools,
  standardTools,
} from "../../../src/tools/index.js";

// What Coder's Go prompts_test.go asserts, for our two prompts.

describe("Coder Agents prompts", () => {
  it("have unique names, described arguments and the chat tools they rely on", () => {
    expect(allPrompts.map((p) => p.name)).toEqual(["coder_agents_delegate", "coder_agents_check"]);
    for (const prompt of allPrompts) {
      expect(prompt.description.trim()).not.toBe("");
      for (const arg of prompt.arguments) expect(arg.description.trim()).not.toBe("");
    }
    expect(agentsDelegatePrompt.requiredTools).toEqual([
      "coder_create_chat",
      "coder_get_chat",
      "coder_get_chat_messages",
      "coder_send_chat_message",
      "coder_list_chat_model_configs",
    ]);
    expect(agentsCheckPrompt.requiredTools).toEqual(["coder_get_chat", "coder_get_chat_messages"]);
  });

  it("are offered with the standard selection, and dropped when a chat tool they need is not selected", () => {
    expect(selectPrompts(allPrompts, standardTools).map((p) => p.name)).toEqual([
      "coder_agents_delegate",
      "coder_agents_check",
    ]);
    const withoutModels = selectTools(standardTools, { deny: ["coder_list_chat_model_configs"] });
    expect(selectPrompts(allPrompts, withoutModels).map((p) => p.name)).toEqual(["coder_agents_check"]);
    expect(selectPrompts(allPrompts, selectTools(standardTools, { toolsets: ["workspaces"] }))).toEqual([]);
  });

  it("name only tools that exist in the catalogue", () => {
    const names = new Set<string>(allTools.map((t) => t.name));
    for (const prompt of allPrompts)
      for (const tool of prompt.requiredTools) expect(names.has(tool), tool).toBe(true);
  });

  it("delegate: renders the task and every required tool; model and organization variants", () => {
    const text = agentsDelegatePrompt.render({ task: "  Fix the flaky test  " });
    expect(text).toContain("<task>\nFix the flaky test\n</task>");
    for (const tool of agentsDelegatePrompt.requiredTools) expect(text).toContain(tool);
    expect(text).toContain("coder_list_organizations");
    expect(text).toContain("exactly one organization");
    expect(text).toContain("Omit model_config_id");
    expect(text).toContain("personal override");

    const pinned = agentsDelegatePrompt.render({
      task: "x",
      model_config_id: "11111111-2222-3333-4444-555555555555",
      organization_id: "org-1",
    });
    expect(pinned).toContain('model_config_id "11111111-2222-3333-4444-555555555555"');
    expect(pinned).not.toContain("coder_list_chat_model_configs");
    expect(pinned).toContain('organization_id "org-1"');
    expect(pinned).not.toContain("coder_list_organizations");
  });

  it("reject a missing or blank required argument", () => {
    expect(() => agentsDelegatePrompt.render({ task: " " })).toThrow(
      "missing required prompt argument: task",
    );
    expect(() => agentsCheckPrompt.render({})).toThrow("missing required prompt argument: chat_id");
    const check = agentsCheckPrompt.render({ chat_id: "c-1" });
    for (const tool of agentsCheckPrompt.requiredTools) expect(check).toContain(tool);
    expect(check).toContain('chat_id "c-1"');
    expect(check).toContain("queued_messages");
  });
});
