import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import * as toolModules from "../../src/tools/all.js";
import {
  ANNOTATION_HINTS,
  allTools,
  selectTools,
  TOOLSET_NAMES,
  toolInputJsonSchema,
  toolOutputJsonSchema,
  toolsets,
} from "../../src/tools/index.js";

const here = import.meta.dirname;

describe("tool registry", () => {
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

  it("puts every tool in a toolset and every toolset has tools", () => {
    for (const name of TOOLSET_NAMES) expect(toolsets[name].length, name).toBeGreaterThan(0);
    expect(TOOLSET_NAMES.flatMap((n) => toolsets[n]).length).toBe(allTools.length);
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
  const sources = readdirSync(here)
    .filter((f) => f.endsWith(".test.ts") && f !== "registry.test.ts")
    .map((f) => readFileSync(resolve(here, f), "utf8"))
    .join("\n")
    // A commented-out call does not count.
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/^\s*\/\/.*$/gm, "");
  const exportName = new Map<unknown, string>();
  for (const [key, value] of Object.entries(toolModules)) exportName.set(value, key);

  it.each(allTools.map((t) => [t.name, t] as const))("%s is called by a test", (name, tool) => {
    const identifier = exportName.get(tool);
    expect(identifier, `${name} is not exported from src/tools/all.ts`).toBeDefined();
    const called = new RegExp(`\\bcall\\(\\s*(?:h\\s*,\\s*)?${identifier}\\b`).test(sources);
    expect(called, `no test calls ${identifier} (${name}) through the harness`).toBe(true);
  });
});
