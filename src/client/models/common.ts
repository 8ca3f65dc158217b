import { z } from "zod";

/**
 * Shared building blocks for response models. Objects are loose (unknown fields are kept) so a
 * newer Coder that adds fields never breaks parsing; enums are open (`known | string`) for the
 * same reason. Fields newer servers added, or that older ones omit, are optional.
 */

/** A UUID string. Not format-checked: Coder sends the zero UUID for "unset". */
export const Uuid = z.string();

/** An RFC 3339 timestamp string. */
export const Timestamp = z.string();

/** An enum that also accepts values added by newer Coder versions. */
export function openEnum<const T extends readonly [string, ...string[]]>(values: T) {
  return z.union([z.enum(values), z.string()]) as unknown as z.ZodType<T[number] | (string & {})>;
}

/** `codersdk.Response`: the body of many OK responses and every error. */
export const CoderResponse = z.looseObject({
  message: z.string(),
  detail: z.string().optional(),
  validations: z.array(z.looseObject({ field: z.string(), detail: z.string() })).optional(),
});
export type CoderResponse = z.infer<typeof CoderResponse>;

/** `{ name, value }`, used for rich parameter values everywhere. */
export const NameValue = z.looseObject({ name: z.string(), value: z.string() });
export type NameValue = z.infer<typeof NameValue>;

/** The zero UUID Coder uses for "none". */
export const ZERO_UUID = "00000000-0000-0000-0000-000000000000";
