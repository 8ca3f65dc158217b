import { z } from "zod";
import { DESTRUCTIVE } from "../framework/annotations.js";
import { defineTool } from "../framework/define-tool.js";
import { withAgentTransport } from "../support/workspace-agent.js";
import { workspaceCall } from "./errors.js";
import { absolutePath, EditInput, editsFrom, requireAbsolutePath, WORKSPACE_AGENT_INPUT } from "./inputs.js";

const EditsInput = z.array(EditInput).max(1000).describe("The edits, applied in order.");

const EditOutput = z.object({
  message: z.string(),
  files: z
    .array(z.object({ path: z.string(), diff: z.string().describe("Unified diff of the change") }))
    .optional()
    .describe("What changed in each file"),
});

const MATCHING =
  "Each old_text must match exactly one place unless replace_all is set; matching is exact first, then " +
  "ignores trailing whitespace, then indentation (the file's indentation and line endings are kept). All " +
  "edits are checked before anything is written, and a file changed by someone else meanwhile is not " +
  "overwritten. The result has a unified diff per file.";

/** `coder_workspace_edit_file`: search-and-replace edits to one file. */
export const workspaceEditFile = defineTool({
  name: "coder_workspace_edit_file",
  title: "Edit a file in a workspace",
  description: `Apply search-and-replace edits to one file in a Coder workspace. ${MATCHING} Starts the workspace if it is stopped.`,
  toolset: "workspace_agent",
  annotations: DESTRUCTIVE,
  input: z.object({
    workspace: WORKSPACE_AGENT_INPUT,
    path: absolutePath("The absolute path of the file to edit."),
    edits: EditsInput,
  }),
  output: EditOutput,
  async handler({ workspace, path, edits }, ctx) {
    requireAbsolutePath(path, "path");
    const files = [{ path, edits: editsFrom(edits, "$.edits") }];
    const result = await withAgentTransport(workspace, ctx, (t) =>
      workspaceCall(() => t.edit(files, { signal: ctx.signal })),
    );
    return {
      message: "File edited successfully.",
      files: result.files.map(({ path, diff }) => ({ path, diff })),
    };
  },
});

/** `coder_workspace_edit_files`: search-and-replace edits to several files at once. */
export const workspaceEditFiles = defineTool({
  name: "coder_workspace_edit_files",
  title: "Edit several files in a workspace",
  description: `Apply search-and-replace edits to one or more files in a Coder workspace in one batch. ${MATCHING} Starts the workspace if it is stopped.`,
  toolset: "workspace_agent",
  annotations: DESTRUCTIVE,
  input: z.object({
    workspace: WORKSPACE_AGENT_INPUT,
    files: z
      .array(z.object({ path: absolutePath("The absolute path of the file to edit."), edits: EditsInput }))
      .max(100)
      .describe("The files to edit, each with its edits."),
  }),
  output: EditOutput,
  async handler({ workspace, files }, ctx) {
    const batch = files.map((file, i) => {
      requireAbsolutePath(file.path, `files[${i}].path`);
      return { path: file.path, edits: editsFrom(file.edits, `$.files[${i}].edits`) };
    });
    const result = await withAgentTransport(workspace, ctx, (t) =>
      workspaceCall(() => t.edit(batch, { signal: ctx.signal })),
    );
    return {
      message: "File(s) edited successfully.",
      files: result.files.map(({ path, diff }) => ({ path, diff })),
    };
  },
});
