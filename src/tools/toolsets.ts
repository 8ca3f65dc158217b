/**
 * Every toolset a tool can belong to. A const list rather than a bare union so that policy code
 * can validate user-supplied names at run time and list the valid ones in its error.
 */
export const TOOLSET_NAMES = [
  "users",
  "organizations",
  "templates",
  "workspaces",
  "tasks",
  "task_status",
  "chatgpt",
] as const;

/** The name of a toolset, a group of related tools that can be switched on together. */
export type ToolsetName = (typeof TOOLSET_NAMES)[number];

/** Whether `name` is one of {@link TOOLSET_NAMES}. */
export function isToolsetName(name: string): name is ToolsetName {
  return (TOOLSET_NAMES as readonly string[]).includes(name);
}
