import type { CoderCapabilities } from "../../client/capabilities.js";
import type { AnyToolDefinition, ToolRequirement } from "./define-tool.js";
import { ToolSelectionError } from "./errors.js";
import { assertValidPin, pinTool, type ToolPin } from "./pin.js";

/** Which tools to expose, as data shared by every adapter, the CLI and the HTTP server. */
export interface SelectToolsOptions {
  /** Expose the tools of these toolsets. */
  toolsets?: readonly string[];
  /** Expose these tools by name (in addition to `toolsets`, if given). */
  allow?: readonly string[];
  /** Never expose these tools, whatever `toolsets` and `allow` say. */
  deny?: readonly string[];
  /** Keep only tools whose `readOnlyHint` is true. */
  readOnly?: boolean;
  /** Fix owner, organization or workspace, removing those fields from the schemas. */
  pin?: ToolPin;
  /**
   * What the deployment serves (from `detectCapabilities(client)`): tools it cannot serve are
   * left out, so a model is never offered a tool that can only fail. Left out: no such filter.
   */
  capabilities?: CoderCapabilities;
}

/** Whether a deployment with `capabilities` serves what `requirement` names. */
function serves(capabilities: CoderCapabilities, requirement: ToolRequirement): boolean {
  switch (requirement) {
    case "tasks":
      return capabilities.tasks;
    case "chats":
      return capabilities.chats !== null;
    case "appHost":
      return capabilities.appHost !== null;
  }
}

/**
 * Narrow a tool list. One pure function, so every entry point filters identically.
 *
 * 1. Start set: when neither `toolsets` nor `allow` is given (or both are empty), every tool;
 *    otherwise the tools of the listed toolsets plus the tools named in `allow`.
 * 2. `deny` removes tools; it beats `allow` and `toolsets`.
 * 3. `readOnly` removes every tool whose `readOnlyHint` is not true, even ones named in `allow`.
 * 4. `capabilities` removes every tool whose `requires` names something the deployment does not
 *    serve (task tools without the Tasks API, chat tools without chats, port forwarding without an
 *    app host), even ones named in `allow`.
 * 5. `pin` replaces each remaining tool by its pinned variant ({@link pinTool}).
 *
 * The result keeps the order of `tools`.
 *
 * Valid names are those of `tools`: a toolset is known when one of the given tools belongs to it.
 *
 * @throws {ToolSelectionError} when a name in `toolsets`, `allow` or `deny` is unknown (the
 *   message lists the valid names), when `tools` has duplicate names, or when a pin is invalid.
 */
export function selectTools(
  tools: readonly AnyToolDefinition[],
  options: SelectToolsOptions = {},
): AnyToolDefinition[] {
  const names = new Set<string>();
  const toolsetIds = new Set<string>();
  for (const tool of tools) {
    if (names.has(tool.name)) throw new ToolSelectionError(`duplicate tool name: ${tool.name}`);
    names.add(tool.name);
    toolsetIds.add(tool.toolset);
  }
  const toolsets = options.toolsets ?? [];
  const allow = options.allow ?? [];
  const deny = new Set(options.deny ?? []);

  const unknownToolsets = toolsets.filter((id) => !toolsetIds.has(id));
  if (unknownToolsets.length > 0) {
    throw new ToolSelectionError(
      `unknown toolset(s): ${unknownToolsets.join(", ")}; valid toolsets: ${[...toolsetIds].join(", ")}`,
    );
  }
  for (const [field, list] of [
    ["allow", allow],
    ["deny", [...deny]],
  ] as const) {
    const unknown = list.filter((name) => !names.has(name));
    if (unknown.length > 0) {
      throw new ToolSelectionError(
        `unknown tool name(s) in ${field}: ${unknown.join(", ")}; valid tool names: ${[...names].join(", ")}`,
      );
    }
  }
  if (options.pin) assertValidPin(options.pin);

  const everything = toolsets.length === 0 && allow.length === 0;
  const { capabilities } = options;
  const selected = tools.filter(
    (tool) =>
      (everything || toolsets.includes(tool.toolset) || allow.includes(tool.name)) &&
      !deny.has(tool.name) &&
      (!options.readOnly || tool.annotations.readOnlyHint) &&
      (!capabilities || (tool.requires ?? []).every((r) => serves(capabilities, r))),
  );
  const { pin } = options;
  return pin ? selected.map((tool) => pinTool(tool, pin)) : selected;
}
