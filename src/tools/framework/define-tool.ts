import type { z } from "zod";
import { ANNOTATION_HINTS, type ToolAnnotations } from "./annotations.js";
import type { ToolContext } from "./context.js";
import { ToolDefinitionError } from "./errors.js";
import { TOOLSET_ID_PATTERN } from "./toolset.js";

/**
 * Tool names clients accept everywhere: lower-case snake_case, at most 64 characters. (Several
 * clients reject dots, dashes or longer names even where the MCP spec allows them.)
 */
export const TOOL_NAME_PATTERN = /^[a-z0-9_]{1,64}$/;

/**
 * Something a deployment must serve for a tool to work there (see `detectCapabilities`): the
 * Tasks API (`tasks`), Coder Agents chats (`chats`), a wildcard app host (`appHost`).
 */
export type ToolRequirement = "tasks" | "chats" | "appHost";

/** Every {@link ToolRequirement}. */
export const TOOL_REQUIREMENTS: readonly ToolRequirement[] = Object.freeze(["tasks", "chats", "appHost"]);

/** The schema of a tool's arguments: always a zod object, because tool arguments are objects. */
export type ToolInputSchema = z.ZodObject<z.ZodRawShape, z.core.$ZodObjectConfig>;

/**
 * A declarative tool: metadata, zod schemas for input and output, and a pure handler.
 * `I` and `O` are the zod schemas and `N` the literal name; the handler receives the parsed input
 * and returns a value the output schema accepts.
 */
export interface ToolDefinition<
  I extends ToolInputSchema = ToolInputSchema,
  O extends z.ZodType = z.ZodType,
  N extends string = string,
> {
  /** Stable name, matching {@link TOOL_NAME_PATTERN}; the same as Coder's Go toolsdk where they overlap. */
  readonly name: N;
  /** Short human-readable title. */
  readonly title: string;
  /** What the tool does, what it returns and when to use it; written for the model. */
  readonly description: string;
  /** Id of the toolset the tool belongs to, for selection (matches {@link TOOLSET_ID_PATTERN}). */
  readonly toolset: string;
  /** All four MCP hints. */
  readonly annotations: ToolAnnotations;
  /** Argument schema; unknown top-level fields are rejected when called. */
  readonly input: I;
  /** Result schema; becomes the MCP `outputSchema`. */
  readonly output: O;
  /**
   * What the deployment must serve for the tool to work; selection with capabilities drops the
   * tool where it is missing. Left out: works on any deployment.
   */
  readonly requires?: readonly ToolRequirement[];
  /**
   * Do the work. Pure: everything it needs comes through `ctx`. Throw {@link ToolError} for
   * failures the model can fix, or let client errors propagate; both become error results.
   */
  handler(input: z.output<I>, ctx: ToolContext): Promise<z.input<O>> | z.input<O>;
}

/**
 * A tool with its schema types erased, for heterogeneous lists. Any `ToolDefinition<I, O>` is
 * assignable to it.
 */
export type AnyToolDefinition = ToolDefinition<ToolInputSchema, z.ZodType, string>;

/**
 * Declare a tool. Checks the framework rules once, at definition time (name pattern, title,
 * description, toolset id, all four annotations, an object input schema), and returns a frozen
 * definition whose `name` keeps its literal type.
 *
 * @throws {ToolDefinitionError} when a rule is broken.
 */
export function defineTool<I extends ToolInputSchema, O extends z.ZodType, const N extends string>(
  definition: ToolDefinition<I, O, N>,
): ToolDefinition<I, O, N> {
  const { name } = definition;
  const fail = (problem: string): never => {
    throw new ToolDefinitionError(`tool ${JSON.stringify(name)}: ${problem}`);
  };
  if (typeof name !== "string" || !TOOL_NAME_PATTERN.test(name)) {
    fail(`name must match ${TOOL_NAME_PATTERN} (lower-case letters, digits and _; at most 64 characters)`);
  }
  if (!definition.title?.trim()) fail("title must not be empty");
  if (!definition.description?.trim()) fail("description must not be empty");
  if (typeof definition.toolset !== "string" || !TOOLSET_ID_PATTERN.test(definition.toolset)) {
    fail(
      `toolset ${JSON.stringify(definition.toolset)} must match ${TOOLSET_ID_PATTERN} (lower-case letters, digits and _, starting with a letter)`,
    );
  }
  const annotations = definition.annotations as unknown as Partial<Record<string, unknown>> | undefined;
  const missing = ANNOTATION_HINTS.filter((hint) => typeof annotations?.[hint] !== "boolean");
  if (missing.length > 0)
    fail(`annotations must set all four hints as booleans; missing: ${missing.join(", ")}`);
  // Checked structurally rather than with instanceof, so a second copy of zod still works.
  if (definition.input?._zod?.def?.type !== "object") fail("input must be a zod object schema");
  if (!definition.output?._zod) fail("output must be a zod schema");
  if (typeof definition.handler !== "function") fail("handler must be a function");
  const unknown = (definition.requires ?? []).filter((r) => !TOOL_REQUIREMENTS.includes(r));
  if (unknown.length > 0) {
    fail(
      `requires lists unknown capabilities: ${unknown.join(", ")}; valid: ${TOOL_REQUIREMENTS.join(", ")}`,
    );
  }

  return Object.freeze({
    name,
    title: definition.title,
    description: definition.description,
    toolset: definition.toolset,
    annotations: Object.freeze({ ...definition.annotations }),
    input: definition.input,
    output: definition.output,
    ...(definition.requires ? { requires: Object.freeze([...definition.requires]) } : {}),
    handler: definition.handler,
  });
}
