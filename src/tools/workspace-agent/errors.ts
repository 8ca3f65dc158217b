import {
  isWorkspaceEditError,
  isWorkspaceFileError,
  isWorkspaceTransportError,
  type WorkspaceFileError,
} from "../../workspace/errors.js";
import { ToolError } from "../framework/errors.js";

const HINTS: Partial<Record<WorkspaceFileError["code"], string>> = {
  not_found: "check the path with coder_workspace_ls (paths are absolute)",
  not_a_directory: "the path is a file; read it with coder_workspace_read_file",
  is_a_directory: "the path is a directory; list it with coder_workspace_ls",
  permission_denied: "the workspace user may not access it; use a path in the user's home or project",
  changed: "read the file again with coder_workspace_read_file and redo the edit on its current content",
};

/**
 * Run a transport call, turning the workspace's errors into tool errors the model can act on
 * (`notFound` prefixes a missing path's message, e.g. Go's "file does not exist"):
 * file problems and edits that do not apply keep their message and get a next step; a transport
 * failure says the operation may or may not have happened.
 */
export async function workspaceCall<T>(
  run: () => Promise<T>,
  options: { notFound?: string } = {},
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isWorkspaceFileError(error)) {
      const message =
        error.code === "not_found" && options.notFound
          ? `${options.notFound}: ${error.message}`
          : error.message;
      throw new ToolError(message, { hint: HINTS[error.code], cause: error });
    }
    if (isWorkspaceEditError(error)) {
      throw new ToolError(error.message, {
        hint: "read the file with coder_workspace_read_file and copy old_text exactly, with enough context to be unique",
        cause: error,
      });
    }
    if (isWorkspaceTransportError(error)) {
      throw new ToolError(`workspace connection failed: ${error.message}`, {
        hint: "check the workspace with coder_workspace_readiness, then try again",
        cause: error,
      });
    }
    throw error;
  }
}
