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

/**
 * A timestamp Go may send as `null` or leave out (`*time.Time`, `sql.NullTime`, `omitempty`).
 * Accepting both keeps one schema valid across server versions.
 */
export const OptionalTimestamp = z.string().nullish();

/** A UUID Go may send as `null` or leave out (`uuid.NullUUID`, `*uuid.UUID`). */
export const OptionalUuid = z.string().nullish();

/** Log levels shared by provisioner and agent logs (`codersdk.LogLevel`). */
export const LogLevel = openEnum(["trace", "debug", "info", "warn", "error"]);
/** A log level. */
export type LogLevel = z.infer<typeof LogLevel>;

/** `{ name, display_name, organization_id? }` (`codersdk.SlimRole`), used in users and members. */
export const SlimRole = z.looseObject({
  name: z.string(),
  display_name: z.string().optional(),
  organization_id: z.string().optional(),
});
export type SlimRole = z.infer<typeof SlimRole>;

/** `{ id, username, avatar_url? }` (`codersdk.MinimalUser`), e.g. `TemplateVersion.created_by`. */
export const MinimalUser = z.looseObject({
  id: Uuid,
  username: z.string(),
  avatar_url: z.string().optional(),
  name: z.string().optional(),
});
export type MinimalUser = z.infer<typeof MinimalUser>;

/** Page options for list endpoints that take `limit`/`offset` (and sometimes `after_id`). */
export interface Pagination {
  /** Page size. Left out, the server uses its own maximum. */
  limit?: number;
  /** Zero-based row offset. */
  offset?: number;
  /** Return rows after this UUID (cursor paging); can replace `offset`. */
  after_id?: string;
}
