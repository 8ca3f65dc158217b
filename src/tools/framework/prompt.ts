import { brandedGuard } from "../../client/brand.js";
import type { AnyToolDefinition } from "./define-tool.js";
import { TOOL_NAME_PATTERN } from "./define-tool.js";
import { ToolDefinitionError } from "./errors.js";

/** One argument of a prompt. MCP prompt arguments are always strings. */
export interface PromptArgument {
  /** Name, in snake_case. */
  readonly name: string;
  /** What to pass, written for the person or client filling it in. */
  readonly description: string;
  /** Whether the prompt cannot be rendered without it. */
  readonly required: boolean;
}

/**
 * A reusable instruction for the model (an MCP prompt), rendered from string arguments. A prompt
 * names the tools it tells the model to call; hosts offer it only when all of those are selected.
 */
export interface PromptDefinition {
  /** Stable name (same pattern as tool names). */
  readonly name: string;
  /** Short human-readable title. */
  readonly title: string;
  /** What the prompt asks the model to do. */
  readonly description: string;
  /** The arguments it takes, in display order. */
  readonly arguments: readonly PromptArgument[];
  /** Names of the tools the rendered text tells the model to call. */
  readonly requiredTools: readonly string[];
  /**
   * Render the user message. Arguments arrive as given (untrimmed); use
   * {@link requiredPromptArgument} and {@link optionalPromptArgument} to read them.
   *
   * @throws {PromptArgumentError} when a required argument is missing or blank.
   */
  render(args: Readonly<Record<string, string | undefined>>): string;
}

/** A prompt argument is missing, blank or unknown. */
export class PromptArgumentError extends Error {
  override name = "PromptArgumentError";
}

/** Whether `value` is a {@link PromptArgumentError}, also when it comes from another copy of this package. */
export const isPromptArgumentError: (value: unknown) => value is PromptArgumentError = brandedGuard(
  PromptArgumentError,
  "PromptArgumentError",
);

/**
 * Declare a prompt. Checks once, at definition time, the name, the texts, that argument names are
 * unique and described, and that it requires at least one tool; returns a frozen definition.
 *
 * @throws {ToolDefinitionError} when a rule is broken.
 */
export function definePrompt(prompt: PromptDefinition): PromptDefinition {
  const fail = (problem: string): never => {
    throw new ToolDefinitionError(`prompt ${JSON.stringify(prompt.name)}: ${problem}`);
  };
  if (typeof prompt.name !== "string" || !TOOL_NAME_PATTERN.test(prompt.name)) {
    fail(`name must match ${TOOL_NAME_PATTERN} (lower-case letters, digits and _; at most 64 characters)`);
  }
  if (!prompt.title?.trim()) fail("title must not be empty");
  if (!prompt.description?.trim()) fail("description must not be empty");
  const seen = new Set<string>();
  for (const arg of prompt.arguments ?? []) {
    if (!arg.name?.trim()) fail("every argument needs a name");
    if (!arg.description?.trim()) fail(`argument ${arg.name} needs a description`);
    if (seen.has(arg.name)) fail(`duplicate argument ${arg.name}`);
    seen.add(arg.name);
  }
  if (!Array.isArray(prompt.requiredTools) || prompt.requiredTools.length === 0) {
    fail("requiredTools must name at least one tool");
  }
  if (typeof prompt.render !== "function") fail("render must be a function");
  return Object.freeze({
    ...prompt,
    arguments: Object.freeze(prompt.arguments.map((arg) => Object.freeze({ ...arg }))),
    requiredTools: Object.freeze([...prompt.requiredTools]),
  });
}

/**
 * The prompts whose required tools are all among `tools` (by name), in the order of `prompts`.
 * A server with a narrowed tool list must not offer a prompt that tells the model to call a tool
 * it cannot see.
 */
export function selectPrompts(
  prompts: readonly PromptDefinition[],
  tools: readonly AnyToolDefinition[],
): PromptDefinition[] {
  const names = new Set(tools.map((tool) => tool.name));
  return prompts.filter((prompt) => prompt.requiredTools.every((name) => names.has(name)));
}

/**
 * The trimmed value of a required argument.
 *
 * @throws {PromptArgumentError} `missing required prompt argument: <name>` when it is absent or blank.
 */
export function requiredPromptArgument(
  args: Readonly<Record<string, string | undefined>>,
  name: string,
): string {
  const value = args[name]?.trim();
  if (!value) throw new PromptArgumentError(`missing required prompt argument: ${name}`);
  return value;
}

/** The trimmed value of an optional argument, or `undefined` when it is absent or blank. */
export function optionalPromptArgument(
  args: Readonly<Record<string, string | undefined>>,
  name: string,
): string | undefined {
  return args[name]?.trim() || undefined;
}
