import { z } from "zod";
import { APP_STATUS_STATES } from "../../client/agent-client.js";
import { MUTATION } from "../framework/annotations.js";
import { defineTool } from "../framework/define-tool.js";
import { ToolError, ToolInputError } from "../framework/errors.js";
import { utf8ByteLength } from "../framework/shaping.js";

/**
 * Task status reporting: the AI agent running inside a Coder workspace tells the Coder UI (and the
 * task's `current_state`) what it is doing. The tool only validates and forwards; the host that
 * knows the agent token and app slug supplies the reporter.
 */

// Coder's Go tool compares len(summary), which counts bytes, and lets exactly 160 through.
const MAX_SUMMARY_BYTES = 160;

/** `coder_report_task`: report progress to the Coder Tasks UI. */
export const reportTask = defineTool({
  name: "coder_report_task",
  title: "Report task status",
  description:
    "Tell the user, through the Coder Tasks UI, what you are doing. Report when you start a piece of work (working), when you are done " +
    "(complete), when you need the user's input or are waiting (idle), and when you cannot go on (failure); complete, idle and failure end your turn. " +
    "Do not report on every small step: one report per meaningful change of state is enough. " +
    "The summary is one short line (at most 160 bytes, no newlines); link points at the result (a pull request, a preview URL) or is empty. " +
    'Returns { message: "Thanks for reporting!" }.',
  toolset: "task_status",
  annotations: MUTATION,
  input: z.object({
    summary: z
      .string()
      .describe(
        'One line, at most 160 bytes, saying what you did or are doing, e.g. "Fixed the login test; PR opened" or "Waiting for the API key"',
      ),
    link: z
      .string()
      .max(2048)
      .describe(
        'A link to the result, e.g. "https://github.com/acme/app/pull/42"; an empty string when there is none',
      ),
    state: z
      .enum(APP_STATUS_STATES)
      .describe(
        "working (in progress), complete (finished successfully), idle (waiting for the user), failure (could not finish)",
      ),
  }),
  output: z.object({ message: z.string() }),
  async handler({ summary, link, state }, { reporter, signal }) {
    // Checked before the reporter, as Coder does, so a bad call fails the same way everywhere.
    if (utf8ByteLength(summary) > MAX_SUMMARY_BYTES) {
      throw ToolInputError.at("$.summary", "summary must be less than 160 characters", "maximum");
    }
    if (!reporter) {
      throw new ToolError(
        "task reporting not available: set CODER_AGENT_TOKEN and CODER_MCP_APP_STATUS_SLUG",
        {
          hint: "task status can only be reported from a Coder workspace whose MCP server knows the agent token and the slug of the app to report under; tell the user your status in your reply instead",
        },
      );
    }
    await reporter({ summary, link, state }, { signal });
    return { message: "Thanks for reporting!" };
  },
});
