import { chatgptTools, taskStatusTools, taskTools, templateTools, userTools, workspaceTools } from "./all.js";
import type { AnyToolDefinition } from "./define-tool.js";
import { TOOLSET_NAMES, type ToolsetName } from "./toolsets.js";

/**
 * Every tool this package ships, in the order they are listed to clients: users and
 * organizations, templates, workspaces, tasks, task status, then the ChatGPT connector pair.
 * Policy (`selectTools`) narrows it per server or agent.
 */
export const allTools: readonly AnyToolDefinition[] = Object.freeze([
  ...userTools,
  ...templateTools,
  ...workspaceTools,
  ...taskTools,
  ...taskStatusTools,
  ...chatgptTools,
]);

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
