import type { z } from "zod";
import type {
  ToolContext,
  ToolDefinition,
  ToolFailure,
  ToolInputSchema,
  ToolResult,
} from "../../src/tools/index.js";
import type { ToolHarness } from "../support/tool-harness.js";

/** Helpers for reading tool call results in tests. */

/** {@link ToolHarness.call} with the tool's output type kept. */
export function call<I extends ToolInputSchema, O extends z.ZodType, N extends string>(
  h: ToolHarness,
  tool: ToolDefinition<I, O, N>,
  args: unknown,
  ctx?: ToolContext,
): Promise<ToolResult<z.output<O>>> {
  return h.call(tool, args, ctx) as Promise<ToolResult<z.output<O>>>;
}

/** The value of a successful call; fails the test with the error text otherwise. */
export function ok<O>(result: ToolResult<O>): O {
  if (!result.ok) throw new Error(`expected success, got: ${result.text}`);
  return result.value;
}

/** The failure of a call; fails the test if it succeeded. */
export function failed(result: ToolResult): ToolFailure {
  if (result.ok) throw new Error(`expected a failure, got: ${result.text}`);
  return result;
}
