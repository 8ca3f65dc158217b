import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { CoderClient } from "../../src/client/index.js";
import * as toolsEntry from "../../src/tools/index.js";
import {
  ANNOTATION_HINTS,
  allTools,
  type CoderToolName,
  callTool,
  createToolContext,
  defineToolset,
  getTool,
  getToolset,
  isToolsetId,
  READ_ONLY,
  selectTools,
  standardTools,
  TOOLSET_ID_PATTERN,
  ToolDefinitionError,
  toolInputJsonSchema,
  toolOutputJsonSchema,
  toolsets,
} from "../../src/tools/index.js";
import { useToolHarness } from "../support/tool-harness.js";

const here = import.meta.dirname;

describe("tool catalogue", () => {
  it("has unique names that every client accepts", () => {
    const names = allTools.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(name === "search" || name === "fetch" || /^coder_[a-z0-9_]{1,58}$/.test(name), name).toBe(true);
      expect(name).toMatch(/^[a-z0-9_]{1,64}$/);
    }
  });

  it.each(allTools.map((t) => [t.name, t] as const))(
    "%s: schema, annotations and text are complete",
    (_, tool) => {
      const input = toolInputJsonSchema(tool);
      expect(input.type).toBe("object");
      expect(input.additionalProperties).toBe(false);
      const properties = Object.keys((input.properties ?? {}) as object);
      for (const field of (input.required ?? []) as string[]) expect(properties).toContain(field);
      for (const hint of ANNOTATION_HINTS) expect(typeof tool.annotations[hint], hint).toBe("boolean");
      expect(tool.title.trim().length).toBeGreaterThan(0);
      expect(tool.description.trim().length).toBeGreaterThan(40);
      expect(toolOutputJsonSchema(tool).type).toBe("object");
      // The model reads field descriptions to fill arguments; every field needs one.
      for (const [field, schema] of Object.entries(
        (input.properties ?? {}) as Record<string, { description?: string }>,
      )) {
        expect(schema.description, `${tool.name}.${field} has no description`).toBeTruthy();
      }
    },
  );

  it("puts every tool in exactly one toolset, in the toolsets' order", () => {
    expect(toolsets.map((t) => t.id)).toEqual([
      "users",
      "organizations",
      "templates",
      "workspaces",
      "workspace_agent",
      "tasks",
      "chats",
      "task_status",
      "chatgpt",
    ]);
    expect(allTools).toEqual(toolsets.flatMap((t) => [...t.tools]));
    for (const set of toolsets) {
      expect(set.tools.length, set.id).toBeGreaterThan(0);
      expect(set.id).toMatch(TOOLSET_ID_PATTERN);
      for (const tool of set.tools) expect(tool.toolset).toBe(set.id);
      // Servers put these into MCP instructions: they must name real tools.
      for (const named of set.instructions.match(/\bcoder_[a-z_]+\b/g) ?? []) {
        expect(
          allTools.map((t) => t.name),
          `${set.id} instructions name ${named}`,
        ).toContain(named);
      }
    }
  });

  it("standard selection is everything but coder_report_task, search and fetch (coderd's standard toolset)", () => {
    expect(standardTools.map((t) => t.name)).toEqual(
      allTools.map((t) => t.name).filter((n) => !["coder_report_task", "search", "fetch"].includes(n)),
    );
    expect(toolsets.filter((t) => !t.standard).map((t) => t.id)).toEqual(["task_status", "chatgpt"]);
  });

  it("looks tools and toolsets up by name, and refuses unknown ones listing the valid names", () => {
    expect(getTool("coder_get_workspace")).toBe(toolsEntry.getWorkspace);
    expect(getToolset("chatgpt").tools.map((t) => t.name)).toEqual(["search", "fetch"]);
    expect(isToolsetId("workspaces")).toBe(true);
    expect(isToolsetId("workspace")).toBe(false);
    expect(() => getTool("coder_nope" as CoderToolName)).toThrow(
      /unknown tool "coder_nope"; valid tool names: coder_get_authenticated_user, coder_list_organizations, /,
    );
    expect(() => getToolset("nope" as "users")).toThrow(
      'unknown toolset "nope"; valid toolsets: users, organizations, templates, workspaces, workspace_agent, tasks, chats, task_status, chatgpt',
    );
  });

  it("read-only selection keeps exactly the tools whose readOnlyHint is true", () => {
    const readOnly = selectTools(allTools, { readOnly: true }).map((t) => t.name);
    expect(readOnly).toEqual(allTools.filter((t) => t.annotations.readOnlyHint).map((t) => t.name));
    expect(readOnly).toContain("coder_list_workspaces");
    expect(readOnly).not.toContain("coder_create_workspace_build");
  });
});

describe("tool schema snapshots", () => {
  // One file per tool, so a change to a schema or description shows up in review.
  it.each(allTools.map((t) => [t.name, t] as const))("%s", async (name, tool) => {
    const snapshot = {
      name: tool.name,
      title: tool.title,
      description: tool.description,
      toolset: tool.toolset,
      annotations: tool.annotations,
      inputSchema: toolInputJsonSchema(tool),
      outputSchema: toolOutputJsonSchema(tool),
    };
    await expect(`${JSON.stringify(snapshot, null, 2)}\n`).toMatchFileSnapshot(
      join(here, "__schemas__", `${name}.json`),
    );
  });
});

describe("tool test coverage", () => {
  // Like Coder's Go suite: a registered tool that no test calls through the generic call path
  // fails the run. Tests call tools as `h.call(<exported tool>, …)` or `call(h, <exported tool>, …)`.
  const sources = readdirSync(here, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".test.ts") && f !== "catalog.test.ts")
    .map((f) => readFileSync(resolve(here, f), "utf8"))
    .join("\n")
    // A commented-out call does not count.
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/^\s*\/\/.*$/gm, "");
  const exportName = new Map<unknown, string>();
  for (const [key, value] of Object.entries(toolsEntry)) exportName.set(value, key);

  it.each(allTools.map((t) => [t.name, t] as const))("%s is called by a test", (name, tool) => {
    const identifier = exportName.get(tool);
    expect(identifier, `${name} is not exported from src/tools/index.ts`).toBeDefined();
    const called = new RegExp(`\\bcall\\(\\s*(?:h\\s*,\\s*)?${identifier}\\b`).test(sources);
    expect(called, `no test calls ${identifier} (${name}) through the harness`).toBe(true);
  });
});

describe("typed lookup", () => {
  const h = useToolHarness();

  it("getTool keeps the tool's own types through callTool", async () => {
    const tool = getTool("coder_get_workspace");
    expectTypeOf(tool.name).toEqualTypeOf<"coder_get_workspace">();
    const result = await callTool(tool, { workspace_id: "alice/alice-dev" }, h.context());
    if (!result.ok) throw new Error(result.text);
    // The output type is the tool's, not unknown: these lines would not compile otherwise.
    expectTypeOf(result.value.name).toEqualTypeOf<string>();
    expect(result.value.name).toBe("alice-dev");
    expect(result.value.owner_name).toBe("alice");
    expectTypeOf<CoderToolName>().toExtend<string>();
    expectTypeOf<"coder_get_workspace">().toExtend<CoderToolName>();
    expectTypeOf<"coder_nope">().not.toExtend<CoderToolName>();
  });
});

describe("defineToolset", () => {
  const tool = toolsEntry.defineTool({
    name: "t_ping",
    title: "Ping",
    description: "Answers pong.",
    toolset: "demo",
    annotations: READ_ONLY,
    input: z.object({}),
    output: z.object({ pong: z.boolean() }),
    handler: () => ({ pong: true }),
  });
  const base = {
    id: "demo",
    title: "Demo",
    description: "A demo.",
    standard: false,
    instructions: "Call t_ping.",
  };

  it("returns a frozen toolset that works with selection and the call path", async () => {
    const set = defineToolset({ ...base, tools: [tool] });
    expect(Object.isFrozen(set) && Object.isFrozen(set.tools)).toBe(true);
    expect(selectTools(set.tools, { toolsets: ["demo"] }).map((t) => t.name)).toEqual(["t_ping"]);
    const client = h0();
    const result = await callTool(set.tools[0], {}, createToolContext({ client }));
    expect(result).toMatchObject({ ok: true, value: { pong: true } });
  });

  it.each([
    [{ id: "Demo" }, 'toolset "Demo": id must match'],
    [{ id: "demo-set" }, 'toolset "demo-set": id must match'],
    [{ title: " " }, 'toolset "demo": title must not be empty'],
    [{ instructions: "" }, 'toolset "demo": instructions must not be empty'],
    [{ tools: [] }, 'toolset "demo": must have at least one tool'],
    [{ id: "other" }, 'toolset "other": tools that name another toolset: t_ping'],
  ])("rejects %o", (override, message) => {
    expect(() => defineToolset({ ...base, tools: [tool], ...(override as object) })).toThrow(
      ToolDefinitionError,
    );
    expect(() => defineToolset({ ...base, tools: [tool], ...(override as object) })).toThrow(message);
  });

  it("tool definitions need a well-formed toolset id", () => {
    expect(() => toolsEntry.defineTool({ ...tool, name: "t_x", toolset: "No Such" })).toThrow(
      /tool "t_x": toolset "No Such" must match/,
    );
  });
});

// A client that is never used for a request: the demo tool makes none.
function h0() {
  return new CoderClient({ url: "http://127.0.0.1:9", token: "unused" });
}
