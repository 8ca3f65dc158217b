import type { AnyToolDefinition } from "./define-tool.js";
import { TOOLSET_NAMES, type ToolsetName } from "./toolsets.js";

/**
 * Every tool this package ships, in the order they are listed to clients. Each tool family
 * (users, organizations, templates, workspaces, tasks, ...) registers its tools here by adding
 * them to this list; policy (`selectTools`) then narrows it per server or agent.
 */
export const allTools: readonly AnyToolDefinition[] = Object.freeze([]);

/** Group tools by toolset, keeping their order. Every toolset has an entry, possibly empty. */
export function groupByToolset(
  tools: readonly AnyToolDefinition[],
): Readonly<Record<ToolsetName, readonly AnyToolDefinition[]>> {
  const groups = Object.fromEntries(TOOLSET_NAMES.map((name) => [name, [] as AnyToolDefinition[]])) as Record<
    ToolsetName,
    AnyToolDefinition[]
  >;
  for (const tool of tools) groups[tool.toolset].push(tool);
  for (const name of TOOLSET_NAMES) Object.freeze(groups[name]);
  return Object.freeze(groups);
}

/** {@link allTools} grouped by toolset. */
export const toolsets: Readonly<Record<ToolsetName, readonly AnyToolDefinition[]>> = groupByToolset(allTools);
