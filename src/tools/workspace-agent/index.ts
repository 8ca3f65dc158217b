import { defineToolset } from "../framework/toolset.js";
import { workspaceBash } from "./bash.js";
import { workspaceEditFile, workspaceEditFiles } from "./edit.js";
import { workspaceLs, workspaceReadFile, workspaceWriteFile } from "./files.js";

export {
  workspaceBash,
  workspaceEditFile,
  workspaceEditFiles,
  workspaceLs,
  workspaceReadFile,
  workspaceWriteFile,
};

/**
 * Toolset `workspace_agent`: commands and files inside a workspace, through the workspace
 * transport (coderd's terminal WebSocket unless the host gives another). In the standard selection,
 * as in Coder's Go toolsdk, whose standard set is everything but report_task, search and fetch.
 */
export const workspaceAgentToolset = defineToolset({
  id: "workspace_agent",
  title: "Commands and files in workspaces",
  description:
    "Run shell commands and list, read, write and edit files inside a Coder workspace, through its agent; " +
    "stopped workspaces are started first.",
  standard: true,
  instructions:
    "Address a workspace as [owner/]workspace[.agent]. Use coder_workspace_ls to look around, " +
    "coder_workspace_read_file to read (content is base64), coder_workspace_edit_file or " +
    "coder_workspace_edit_files to change files (copy old_text exactly from what you read), and " +
    "coder_workspace_write_file for new files. coder_workspace_bash runs commands (builds, tests, git); " +
    "use background: true for servers. Paths are absolute.",
  tools: [
    workspaceBash,
    workspaceLs,
    workspaceReadFile,
    workspaceWriteFile,
    workspaceEditFile,
    workspaceEditFiles,
  ],
});
