import { CoderApiError } from "../../client/errors.js";
import { ToolError } from "../framework/errors.js";

/**
 * Current Coder removed the Tasks API (about 2026-08-31, after v2.36): `/api/v2/tasks…` is then an
 * unknown route, which coderd answers with 404 "Route not found.". Said plainly, with the chat
 * tools that replace the task tools, instead of a bare 404.
 */
export function isMissingTasksApi(error: unknown): boolean {
  return error instanceof CoderApiError && error.status === 404 && error.message === "Route not found.";
}

/** The error a task tool gives on a deployment without the Tasks API; other errors pass as they are. */
export function explainMissingTasksApi(error: unknown): unknown {
  if (!isMissingTasksApi(error)) return error;
  return new ToolError(
    "this Coder deployment has no Tasks API (/api/v2/tasks): Coder removed Tasks after v2.36, and current versions run AI agents as Coder Agents chats",
    {
      hint: "use the chat tools instead: coder_create_chat to start an agent on a prompt, coder_await_chat and coder_get_chat to follow it, coder_get_chat_messages to read it, coder_send_chat_message to answer it, coder_list_chats to find chats",
      cause: error,
    },
  );
}

/** Wrap a task tool's handler so a missing Tasks API is explained. */
export function needsTasksApi<A extends unknown[], R>(
  handler: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await handler(...args);
    } catch (error) {
      throw explainMissingTasksApi(error);
    }
  };
}
