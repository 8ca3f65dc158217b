import { type SelectToolsOptions, type ToolPin, toolsets } from "../tools/index.js";

/** Names that select several toolsets at once, besides the catalogue's own toolset ids. */
export const TOOLSET_SELECTORS = Object.freeze({
  /** Every toolset marked standard: what coderd's `?toolset=standard` offers. */
  standard: () => toolsets.filter((t) => t.standard).map((t) => t.id),
  /** Every toolset. */
  all: () => toolsets.map((t) => t.id),
});

/** Every name `--toolsets` and `?toolset=` accept. */
export function toolsetNames(): string[] {
  return [...Object.keys(TOOLSET_SELECTORS), ...toolsets.map((t) => t.id)];
}

/**
 * Expand toolset names (`standard`, `all`, or catalogue ids) to catalogue ids, without repeats.
 *
 * @throws {RangeError} for an unknown name; the message lists the valid ones.
 */
export function expandToolsets(names: readonly string[]): string[] {
  const ids = new Set<string>();
  for (const name of names) {
    const selector = TOOLSET_SELECTORS[name as keyof typeof TOOLSET_SELECTORS];
    if (selector) {
      for (const id of selector()) ids.add(id);
    } else if (toolsets.some((t) => t.id === name)) {
      ids.add(name);
    } else {
      throw new RangeError(`unknown toolset ${JSON.stringify(name)}; valid: ${toolsetNames().join(", ")}`);
    }
  }
  return [...ids];
}

/** What a server was asked to offer, before it knows which clients it has. */
export interface ServerSelection {
  /** Toolset names (default `standard`). */
  toolsets?: readonly string[];
  /** Coder's `--allowed-tools`: when given, only these tools (an allowlist over every tool). */
  allowedTools?: readonly string[];
  deny?: readonly string[];
  readOnly?: boolean;
  pin?: ToolPin;
}

/**
 * The policy options for `selectTools`. `--allowed-tools` follows `coder exp mcp server`: it names
 * the only tools offered, whatever the toolsets. Task status joins the toolsets when the server
 * can report (an agent client and a slug), as Coder offers `coder_report_task` then.
 */
export function policyFor(selection: ServerSelection, canReport: boolean): SelectToolsOptions {
  // Without a reporter, coder_report_task could only fail: it is not offered (Coder warns and skips it).
  const deny = [...(selection.deny ?? []), ...(canReport ? [] : ["coder_report_task"])];
  const base: SelectToolsOptions = {
    ...(deny.length ? { deny } : {}),
    ...(selection.readOnly ? { readOnly: true } : {}),
    ...(selection.pin && Object.keys(selection.pin).length > 0 ? { pin: selection.pin } : {}),
  };
  if (selection.allowedTools?.length) return { ...base, allow: selection.allowedTools };
  const ids = expandToolsets(selection.toolsets?.length ? selection.toolsets : ["standard"]);
  if (canReport && !ids.includes("task_status") && !selection.toolsets?.length) ids.push("task_status");
  return { ...base, toolsets: ids };
}
