import { describe, expect, it } from "vitest";
import {
  allTools,
  definePrompt,
  getTool,
  isPromptArgumentError,
  PromptArgumentError,
  requiredPromptArgument,
  selectPrompts,
  selectTools,
} from "../../../src/tools/index.js";

const listWorkspacesPrompt = definePrompt({
  name: "test_list_prompt",
  title: "List",
  description: "Lists workspaces.",
  arguments: [{ name: "owner", description: "Whose workspaces", required: true }],
  requiredTools: ["coder_list_workspaces", "coder_get_workspace"],
  render: (args) => `List the workspaces of ${requiredPromptArgument(args, "owner")}.`,
});

describe("prompts", () => {
  it("are offered only when every tool they require is selected", () => {
    const both = selectTools(allTools, { allow: ["coder_list_workspaces", "coder_get_workspace"] });
    expect(selectPrompts([listWorkspacesPrompt], both)).toEqual([listWorkspacesPrompt]);
    const one = selectTools(allTools, { allow: ["coder_list_workspaces"] });
    expect(selectPrompts([listWorkspacesPrompt], one)).toEqual([]);
    expect(selectPrompts([listWorkspacesPrompt], [getTool("coder_get_workspace")])).toEqual([]);
  });

  it("reject missing and blank required arguments by name", () => {
    expect(listWorkspacesPrompt.render({ owner: "  alice " })).toBe("List the workspaces of alice.");
    for (const args of [{}, { owner: "   " }]) {
      let thrown: unknown;
      try {
        listWorkspacesPrompt.render(args);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(PromptArgumentError);
      expect(isPromptArgumentError(thrown)).toBe(true);
      expect((thrown as Error).message).toBe("missing required prompt argument: owner");
    }
  });

  it("check their rules when defined", () => {
    const base = {
      name: "ok_name",
      title: "T",
      description: "D",
      arguments: [],
      requiredTools: ["coder_get_workspace"],
      render: () => "x",
    };
    expect(() => definePrompt({ ...base, name: "Bad-Name" })).toThrow(/prompt "Bad-Name": name must match/);
    expect(() => definePrompt({ ...base, requiredTools: [] })).toThrow(
      'prompt "ok_name": requiredTools must name at least one tool',
    );
    expect(() =>
      definePrompt({
        ...base,
        arguments: [
          { name: "a", description: "x", required: true },
          { name: "a", description: "y", required: false },
        ],
      }),
    ).toThrow('prompt "ok_name": duplicate argument a');
    expect(() =>
      definePrompt({ ...base, arguments: [{ name: "a", description: " ", required: true }] }),
    ).toThrow('prompt "ok_name": argument a needs a description');
    expect(Object.isFrozen(definePrompt(base))).toBe(true);
  });
});
