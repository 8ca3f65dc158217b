import { chatgptToolset } from "./chatgpt/index.js";
import { chatsToolset } from "./chats/index.js";
import type { AnyToolDefinition } from "./framework/define-tool.js";
import { organizationsToolset } from "./organizations/index.js";
import { taskStatusToolset } from "./task-status/index.js";
import { tasksToolset } from "./tasks/index.js";
import { templatesToolset } from "./templates/index.js";
import { usersToolset } from "./users/index.js";
import { workspaceAgentToolset } from "./workspace-agent/index.js";
import { workspacesToolset } from "./workspaces/index.js";

/**
 * Every toolset this package ships, in the order their tools are listed to clients: users and
 * organizations, templates, workspaces, commands and files in workspaces, tasks, Coder Agents
 * chats, task status, then the ChatGPT connector pair.
 */
export const toolsets = Object.freeze([
  usersToolset,
  organizationsToolset,
  templatesToolset,
  workspacesToolset,
  workspaceAgentToolset,
  tasksToolset,
  chatsToolset,
  taskStatusToolset,
  chatgptToolset,
] as const);

/** The id of one of this package's {@link toolsets}. */
export type ToolsetId = (typeof toolsets)[number]["id"];

/** Every tool this package ships, as one union type (each member keeps its schemas and name). */
export type CoderTool = (typeof toolsets)[number]["tools"][number];

/** The name of one of this package's tools, e.g. `"coder_get_workspace"`. */
export type CoderToolName = CoderTool["name"];

/**
 * Every tool this package ships, in the order of {@link toolsets}. Includes tools that only work
 * in some setups (`coder_report_task` needs an agent token) and the generic `search`/`fetch`
 * names; most agents want {@link standardTools}. Policy (`selectTools`) narrows either. Typed as
 * a plain list so any element can go to `callTool`; {@link getTool} gives one tool's own types.
 */
export const allTools: readonly AnyToolDefinition[] = Object.freeze(
  toolsets.flatMap((toolset): readonly AnyToolDefinition[] => toolset.tools),
);

/**
 * The standard selection: the tools of every toolset marked `standard`, which mirrors coderd's
 * `standard` toolset (everything but `coder_report_task`, `search` and `fetch`).
 */
export const standardTools: readonly AnyToolDefinition[] = Object.freeze(
  toolsets
    .filter((toolset) => toolset.standard)
    .flatMap((toolset): readonly AnyToolDefinition[] => toolset.tools),
);

// Built on first lookup: most programs never look a tool up by name.
let toolsByName: Map<string, AnyToolDefinition> | undefined;
let toolsetsById: Map<string, (typeof toolsets)[number]> | undefined;

/**
 * The tool named `name`, typed by that name, so `callTool(getTool("coder_get_workspace"), args, ctx)`
 * yields that tool's output type.
 *
 * @throws {RangeError} for a name that is not one of {@link CoderToolName} (from untyped callers);
 *   the message lists the valid names.
 */
export function getTool<N extends CoderToolName>(name: N): Extract<CoderTool, { name: N }> {
  toolsByName ??= new Map(allTools.map((tool) => [tool.name, tool]));
  const tool = toolsByName.get(name);
  if (!tool) {
    throw new RangeError(
      `unknown tool ${JSON.stringify(name)}; valid tool names: ${[...toolsByName.keys()].join(", ")}`,
    );
  }
  return tool as Extract<CoderTool, { name: N }>;
}

/**
 * The toolset with id `id`.
 *
 * @throws {RangeError} for an unknown id; the message lists the valid ids.
 */
export function getToolset<Id extends ToolsetId>(id: Id): Extract<(typeof toolsets)[number], { id: Id }> {
  toolsetsById ??= new Map(toolsets.map((toolset) => [toolset.id, toolset]));
  const toolset = toolsetsById.get(id);
  if (!toolset) {
    throw new RangeError(
      `unknown toolset ${JSON.stringify(id)}; valid toolsets: ${[...toolsetsById.keys()].join(", ")}`,
    );
  }
  return toolset as Extract<(typeof toolsets)[number], { id: Id }>;
}

/** Whether `id` names one of this package's {@link toolsets}. */
export function isToolsetId(id: string): id is ToolsetId {
  return toolsets.some((toolset) => toolset.id === id);
}
