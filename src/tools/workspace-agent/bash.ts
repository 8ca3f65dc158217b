import { z } from "zod";
import { DESTRUCTIVE } from "../framework/annotations.js";
import { defineTool } from "../framework/define-tool.js";
import { ToolInputError } from "../framework/errors.js";
import { headTail } from "../framework/log-window.js";
import { utf8ByteLength } from "../framework/shaping.js";
import { withAgentTransport } from "../support/workspace-agent.js";
import { workspaceCall } from "./errors.js";
import { WORKSPACE_AGENT_INPUT } from "./inputs.js";

/** Go's default and documented maximum for `timeout_ms`. */
const DEFAULT_TIMEOUT_MS = 60_000;
const MAX_TIMEOUT_MS = 300_000;
/** Room in a result for everything but the output text. */
const RESULT_OVERHEAD_BYTES = 1024;

/** `coder_workspace_bash`: run a shell command in a workspace. */
export const workspaceBash = defineTool({
  name: "coder_workspace_bash",
  title: "Run a command in a workspace",
  description:
    "Run a shell command in a Coder workspace, like `coder ssh <workspace> <command>`, and return its output " +
    "(stdout and stderr together, trimmed) and exit code. Starts the workspace if it is stopped and waits for " +
    "its agent. timeout_ms defaults to 60000 and is capped at 300000; on timeout the command is killed and " +
    "exit_code is 124. With background: true the command keeps running after the timeout (output so far is " +
    "returned, with where the rest goes), which suits servers and watchers. Long output keeps its beginning " +
    "and end. Prefer the file tools (coder_workspace_ls, coder_workspace_read_file, coder_workspace_write_file, " +
    "coder_workspace_edit_file) over ls, cat, echo or heredocs for files.",
  toolset: "workspace_agent",
  annotations: DESTRUCTIVE,
  input: z.object({
    workspace: WORKSPACE_AGENT_INPUT,
    command: z
      .string()
      .max(100_000)
      .describe("The shell command to run (sh -c), e.g. `git status` or `npm test`."),
    timeout_ms: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe(
        "Command timeout in milliseconds. Defaults to 60000; values above 300000 are treated as 300000.",
      ),
    background: z
      .boolean()
      .optional()
      .describe(
        "Keep the command running after the timeout instead of killing it; output is captured until then.",
      ),
  }),
  output: z.object({
    output: z
      .string()
      .describe("stdout and stderr as written, trimmed; the middle is left out when too long"),
    exit_code: z.number().int().describe("Exit status; 124 when the timeout passed"),
    truncated: z.literal(true).optional().describe("Present when part of the output was left out"),
    output_bytes: z.number().int().optional().describe("Size of the whole output, when truncated"),
    background: z
      .object({ pid: z.number().int(), log_path: z.string() })
      .optional()
      .describe("A background command still running: its process id and the file its output goes to"),
  }),
  async handler({ workspace, command, timeout_ms, background }, ctx) {
    if (command.trim() === "") throw ToolInputError.at("$.command", "command cannot be empty", "required");
    const budget = Math.max(256, ctx.limits.maxResultBytes - RESULT_OVERHEAD_BYTES);
    const result = await withAgentTransport(workspace, ctx, (transport) =>
      workspaceCall(() =>
        transport.exec(command, {
          timeoutMs: Math.min(timeout_ms ?? DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS),
          background: background ?? false,
          maxOutputBytes: budget,
          signal: ctx.signal,
        }),
      ),
    );
    let output = result.output.trim();
    if (result.timedOut) {
      output += result.background
        ? `\nCommand continues running in background (pid ${result.background.pid}, output in ${result.background.logPath})`
        : "\nCommand canceled due to timeout";
    }
    const shown = headTail(output, budget);
    const truncated = result.truncated || shown.truncated !== undefined;
    return {
      output: shown.text,
      exit_code: result.exitCode,
      ...(truncated
        ? { truncated: true as const, output_bytes: Math.max(result.outputBytes, utf8ByteLength(output)) }
        : {}),
      ...(result.background
        ? { background: { pid: result.background.pid, log_path: result.background.logPath } }
        : {}),
    };
  },
});
