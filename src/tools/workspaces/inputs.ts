/**
 * Input helpers shared by the workspace tool files (kept apart so those files do not import each
 * other in a cycle).
 */

/** Description of an input that takes a workspace id or `[owner/]name`. */
export const WORKSPACE_ID_DESCRIPTION =
  "The workspace: its UUID, or its name as [owner/]workspace (owner defaults to you). Also accepted: owner--workspace. Examples: 3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b, dev, alice/dev.";

/** Description of an input that names a workspace and optionally one of its agents. */
export const WORKSPACE_AGENT_DESCRIPTION =
  "The workspace as [owner/]workspace[.agent]; owner defaults to you, and the agent is needed only when the workspace has several. Also accepted: owner--workspace and agent.workspace.owner. Examples: dev, alice/dev, alice/dev.main.";

/** `{ name: value }` rich parameters as Coder's `[{ name, value }]`; `undefined` when there are none. */
export function richParameterValues(
  parameters: Record<string, string> | undefined,
): { name: string; value: string }[] | undefined {
  const entries = Object.entries(parameters ?? {});
  return entries.length > 0 ? entries.map(([name, value]) => ({ name, value })) : undefined;
}
