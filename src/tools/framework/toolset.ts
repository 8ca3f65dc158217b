import type { AnyToolDefinition } from "./define-tool.js";
import { ToolDefinitionError } from "./errors.js";

/**
 * Toolset ids: lower-case snake_case, so they read the same in a CLI flag, a query string
 * (`?toolset=`) and an environment variable.
 */
export const TOOLSET_ID_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * A family of related tools, switched on together, described for the people who choose them (CLI
 * help, docs) and for the model (MCP server instructions).
 */
export interface Toolset<
  Id extends string = string,
  Tools extends readonly AnyToolDefinition[] = readonly AnyToolDefinition[],
> {
  /** Stable id used by selection (`toolsets: ["workspaces"]`, `?toolset=workspaces`). */
  readonly id: Id;
  /** Short human-readable title. */
  readonly title: string;
  /** One sentence on what the family covers, for people choosing toolsets. */
  readonly description: string;
  /**
   * Whether the family is in the standard selection, the one a server offers when nothing else is
   * asked for (mirrors coderd's `standard` toolset).
   */
  readonly standard: boolean;
  /**
   * A short paragraph for the model: what the family is for and which tool to call first. Servers
   * put it into their MCP instructions when the family is offered.
   */
  readonly instructions: string;
  /** The family's tools, in the order they are listed to clients. */
  readonly tools: Tools;
}

/**
 * Declare a toolset. Checks once, at definition time, that the id matches
 * {@link TOOLSET_ID_PATTERN}, that every text is filled in, that there is at least one tool and
 * that every tool names this toolset; returns a frozen value.
 *
 * @throws {ToolDefinitionError} when a rule is broken.
 */
export function defineToolset<const Id extends string, const Tools extends readonly AnyToolDefinition[]>(
  toolset: Toolset<Id, Tools>,
): Toolset<Id, Tools> {
  const fail = (problem: string): never => {
    throw new ToolDefinitionError(`toolset ${JSON.stringify(toolset.id)}: ${problem}`);
  };
  if (typeof toolset.id !== "string" || !TOOLSET_ID_PATTERN.test(toolset.id)) {
    fail(`id must match ${TOOLSET_ID_PATTERN} (lower-case letters, digits and _, starting with a letter)`);
  }
  for (const field of ["title", "description", "instructions"] as const) {
    if (typeof toolset[field] !== "string" || !toolset[field].trim()) fail(`${field} must not be empty`);
  }
  if (typeof toolset.standard !== "boolean") fail("standard must be a boolean");
  if (!Array.isArray(toolset.tools) || toolset.tools.length === 0) fail("must have at least one tool");
  const strangers = toolset.tools.filter((tool) => tool.toolset !== toolset.id).map((tool) => tool.name);
  if (strangers.length > 0) fail(`tools that name another toolset: ${strangers.join(", ")}`);
  return Object.freeze({ ...toolset, tools: Object.freeze([...toolset.tools]) as unknown as Tools });
}
