/**
 * The block `configure claude-code` puts at the top of CLAUDE.md, in the two tagged sections Coder's
 * `coder exp mcp configure claude-code` uses, so running either tool replaces the other's block
 * instead of stacking a second one. The wording is ours.
 */

const CODER_OPEN = "<coder-prompt>";
const CODER_CLOSE = "</coder-prompt>";
const SYSTEM_OPEN = "<system-prompt>";
const SYSTEM_CLOSE = "</system-prompt>";

/** The reminder added when task reporting is on. */
export const REPORT_TASK_PROMPT =
  "Keep the user informed through the coder_report_task tool: report when you start, when you need them, and when you finish, following the rules in its description.";

/** The default system prompt (Coder's flag `--claude-system-prompt` has the same role). */
export const DEFAULT_SYSTEM_PROMPT =
  "When you are ready for input, send a task status update saying so, then wait for the user.";

/** Remove the first `open…close` section of `text`, if both tags are there in order. */
function removeSection(text: string, open: string, close: string): string {
  const start = text.indexOf(open);
  const end = text.indexOf(close);
  if (start === -1 || end === -1 || end < start) return text;
  return text.slice(0, start) + text.slice(end + close.length);
}

/**
 * `existing` with our two sections replaced (or added) at the top; the rest keeps its text,
 * trimmed of surrounding blank lines.
 */
export function withCoderPrompt(
  existing: string,
  options: { reportTasks: boolean; coderPrompt?: string; systemPrompt?: string },
): string {
  const rest = removeSection(
    removeSection(existing, CODER_OPEN, CODER_CLOSE),
    SYSTEM_OPEN,
    SYSTEM_CLOSE,
  ).trim();
  const coder = [options.reportTasks ? REPORT_TASK_PROMPT : "", options.coderPrompt?.trim() ?? ""]
    .filter((part) => part !== "")
    .join("\n\n");
  const lines = [
    CODER_OPEN,
    coder,
    CODER_CLOSE,
    SYSTEM_OPEN,
    options.systemPrompt?.trim() || DEFAULT_SYSTEM_PROMPT,
    SYSTEM_CLOSE,
  ];
  return `${lines.join("\n")}\n${rest ? `${rest}\n` : ""}`;
}
