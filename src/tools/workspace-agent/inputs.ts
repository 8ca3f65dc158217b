import { z } from "zod";
import { ToolInputError } from "../framework/errors.js";

/** Description of the `workspace` input (Go's `workspaceAgentDescription`, in our words). */
export const WORKSPACE_AGENT_INPUT = z
  .string()
  .max(256)
  .describe(
    "The workspace as [owner/]workspace[.agent]; owner defaults to you, and the agent is needed only when the workspace has several. Also accepted: owner--workspace and agent.workspace.owner. Examples: dev, alice/dev, alice/dev.main.",
  );

/** An absolute path in the workspace. */
export function absolutePath(description: string) {
  return z.string().min(1).max(4096).describe(description);
}

/** Go's agent message for a relative path (`path must be absolute` for ls, `file path …` for files). */
export function requireAbsolutePath(path: string, field: string, prefix = "file path"): void {
  if (!path.startsWith("/")) {
    throw ToolInputError.at(`$.${field}`, `${prefix} must be absolute: ${JSON.stringify(path)}`, "format");
  }
}

/** One edit as the tools take it: `old_text`/`new_text` (newest Go), or the older `search`/`replace`. */
export const EditInput = z.object({
  old_text: z
    .string()
    .optional()
    .describe(
      "The text to replace. Must match exactly one place in the file unless replace_all is true; include enough surrounding lines to make it unique. Matching tolerates differences in trailing whitespace and indentation.",
    ),
  new_text: z.string().optional().describe("The text that replaces old_text (may be empty to delete it)."),
  replace_all: z
    .boolean()
    .optional()
    .describe("Replace every match instead of requiring exactly one. Default false."),
  search: z.string().optional().describe("Deprecated name of old_text, still accepted."),
  replace: z.string().optional().describe("Deprecated name of new_text, still accepted."),
});

/** The edits' text, with the deprecated keys mapped; a missing text is an input error naming its path. */
export function editsFrom(
  edits: z.output<typeof EditInput>[],
  path: string,
): { oldText: string; newText: string; replaceAll: boolean }[] {
  return edits.map((edit, i) => {
    // As Go's FileEdit: the old keys count only when both new ones are absent.
    const legacy = edit.old_text === undefined && edit.new_text === undefined;
    const oldText = legacy ? edit.search : edit.old_text;
    const newText = legacy ? edit.replace : edit.new_text;
    if (oldText === undefined)
      throw ToolInputError.at(`${path}[${i}].old_text`, "old_text is required", "required");
    if (newText === undefined)
      throw ToolInputError.at(`${path}[${i}].new_text`, "new_text is required", "required");
    return { oldText, newText, replaceAll: edit.replace_all ?? false };
  });
}
