import { describe, expect, it } from "vitest";
import { callTool, selectTools, standardTools } from "../../src/tools/index.js";
import { useToolHarness } from "../support/tool-harness.js";

// Mirrors the "Tools" snippet in README.md, so the README cannot drift from what works.
describe("README tools example", () => {
  const h = useToolHarness();

  it("selects read-only workspace and template tools and lists workspaces", async () => {
    const tools = selectTools(standardTools, { toolsets: ["workspaces", "templates"], readOnly: true });
    expect(tools.every((t) => t.annotations.readOnlyHint)).toBe(true);
    const tool = tools.find((t) => t.name === "coder_list_workspaces");
    expect(tool).toBeDefined();
    const result = await callTool(tool!, '{"owner":"me"}', h.context());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const listed = result.structured as { workspaces: { owner_name: string }[]; count: number };
    expect(listed.workspaces.length).toBeGreaterThan(0);
    expect(listed.workspaces.every((w) => w.owner_name === h.fake.owner.username)).toBe(true);

    const bad = await callTool(tool!, '{"owner":"me","limit":5}', h.context());
    expect(bad.ok).toBe(false);
    expect(bad.text).toContain("unexpected additional properties: limit");
  });
});
