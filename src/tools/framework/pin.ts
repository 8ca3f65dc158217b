import { z } from "zod";
import type { AnyToolDefinition, ToolInputSchema } from "./define-tool.js";
import { ToolSelectionError } from "./errors.js";

/**
 * Values fixed at configuration time, e.g. a server that only ever acts on one workspace. A
 * pinned field disappears from the schema the model sees and is filled in on every call.
 */
export interface ToolPin {
  /** User name (or `me`) the tools act for. */
  owner?: string;
  /** Organization UUID. */
  organization_id?: string;
  /** Workspace, as an ID or `[owner/]name[.agent]`. */
  workspace?: string;
}

/**
 * Which input fields each pin key fills. Tools name the same concept differently (Coder's create
 * tools say `user` where the list tools say `owner`; workspace tools say `workspace` or
 * `workspace_id`), so one pin key covers every spelling. A pin only touches fields a tool has.
 * `owner_id` (a user UUID in the chat tools) is deliberately not mapped: `owner` holds a name.
 */
export const PIN_FIELDS: Readonly<Record<keyof ToolPin, readonly string[]>> = Object.freeze({
  owner: Object.freeze(["owner", "user"]),
  organization_id: Object.freeze(["organization_id"]),
  workspace: Object.freeze(["workspace", "workspace_id"]),
});

const PIN_KEYS = Object.keys(PIN_FIELDS) as (keyof ToolPin)[];

// Memoized so pinning the same tool the same way yields the same object (and so the same cached
// JSON Schema), however many adapters ask.
const pinnedTools = new WeakMap<AnyToolDefinition, Map<string, AnyToolDefinition>>();
// The values each pinned variant fills in, so hooks that see a call (approval) can show them.
const pinnedValues = new WeakMap<AnyToolDefinition, Readonly<Record<string, unknown>>>();

/**
 * The arguments a pinned variant (from {@link pinTool}) fills in on every call, by field name;
 * empty for a tool that is not pinned.
 */
export function pinnedArguments(tool: AnyToolDefinition): Readonly<Record<string, unknown>> {
  return pinnedValues.get(tool) ?? {};
}

/** Throw a {@link ToolSelectionError} if `pin` has keys other than those of {@link ToolPin}. */
export function assertValidPin(pin: ToolPin): void {
  const unknown = Object.keys(pin).filter((key) => !(PIN_KEYS as string[]).includes(key));
  if (unknown.length > 0) {
    throw new ToolSelectionError(
      `unknown pin key(s): ${unknown.join(", ")}; valid pin keys: ${PIN_KEYS.join(", ")}`,
    );
  }
}

/**
 * The variant of `tool` with the values in `pin` fixed: the pinned fields are removed from its
 * input schema (so the model can neither see nor override them; sending one is an "unexpected
 * additional properties" error) and merged into the validated arguments before the handler runs.
 * The name, annotations and everything else stay the same. Returns `tool` itself when no pinned
 * field applies to it.
 *
 * Pinned values are validated against the field's schema here, once, so a bad pin fails when the
 * tool list is built rather than on every call.
 *
 * @throws {ToolSelectionError} for unknown pin keys or a value the field's schema rejects.
 */
export function pinTool(tool: AnyToolDefinition, pin: ToolPin): AnyToolDefinition {
  assertValidPin(pin);
  const key = JSON.stringify(PIN_KEYS.map((k) => pin[k] ?? null));
  let byPin = pinnedTools.get(tool);
  const cached = byPin?.get(key);
  if (cached) return cached;

  // A given JSON Schema is listed as it is, so removing a field from `input` would not hide it.
  if (tool.inputJsonSchema) return tool;
  const shape = tool.input.shape;
  const values: Record<string, unknown> = {};
  for (const pinKey of PIN_KEYS) {
    const value = pin[pinKey];
    if (value === undefined) continue;
    for (const field of PIN_FIELDS[pinKey]) {
      const fieldSchema = shape[field];
      if (!fieldSchema) continue;
      const parsed = z.safeParse(fieldSchema, value);
      if (!parsed.success) {
        const reason = parsed.error.issues.map((issue) => issue.message).join("; ");
        throw new ToolSelectionError(
          `pin.${pinKey} ${JSON.stringify(value)} is not a valid "${field}" for tool ${tool.name}: ${reason}`,
        );
      }
      values[field] = parsed.data;
    }
  }

  const fields = Object.keys(values);
  let result: AnyToolDefinition = tool;
  if (fields.length > 0) {
    const mask = Object.fromEntries(fields.map((field) => [field, true as const]));
    const input = tool.input.omit(mask) as ToolInputSchema;
    const original = tool;
    result = Object.freeze({
      ...tool,
      input,
      // The model's arguments were validated against the reduced schema and the pinned values
      // against their fields, so the merge is exactly what validating the full schema would give.
      handler: (args: Record<string, unknown>, ctx: Parameters<AnyToolDefinition["handler"]>[1]) =>
        original.handler({ ...args, ...values }, ctx),
    });
    pinnedValues.set(result, Object.freeze({ ...values }));
  }
  if (!byPin) {
    byPin = new Map();
    pinnedTools.set(tool, byPin);
  }
  byPin.set(key, result);
  return result;
}
