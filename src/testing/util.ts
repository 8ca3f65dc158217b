import { createHash, randomBytes, randomUUID } from "node:crypto";

/** The all-zero UUID, which Go sends for an unset `uuid.UUID` (it has no omitempty). */
export const ZERO_UUID = "00000000-0000-0000-0000-000000000000";

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** A random UUID v4. */
export const newId = (): string => randomUUID();

/** Now as an RFC 3339 timestamp. */
export const nowIso = (): string => new Date().toISOString();

/** True for a UUID in canonical text form. */
export const isUuid = (value: string): boolean => UUID_RE.test(value);

/** An RFC 3339 timestamp `ms` after `iso`. */
export function addMs(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString();
}

/** Hex SHA-256 of some bytes (how coderd keys uploaded files). */
export function sha256Hex(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Random letters and digits. */
export function randomString(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const byte of bytes) out += ALNUM[byte % ALNUM.length];
  return out;
}

/** Coder API keys are `<10-char id>-<22-char secret>` (httpmw.SplitAPIToken). */
export function newApiKeyParts(): { id: string; secret: string } {
  return { id: randomString(10), secret: randomString(22) };
}

const ADJECTIVES = ["brave", "calm", "eager", "fancy", "gentle", "happy", "jolly", "keen", "lucid", "merry"];
const NOUNS = ["turing", "hopper", "lovelace", "knuth", "ritchie", "thompson", "torvalds", "liskov"];

/** Docker-style names, like the ones coderd generates for unnamed template versions and tokens. */
export function randomName(): string {
  const pick = (list: string[]): string => list[randomBytes(1)[0]! % list.length]!;
  return `${pick(ADJECTIVES)}_${pick(NOUNS)}${randomBytes(1)[0]! % 100}`;
}

/** codersdk.NameValid / UsernameValid: 1-32 chars of letters, digits and single inner hyphens. */
export function nameValid(name: string): boolean {
  return name.length > 0 && name.length <= 32 && /^[a-zA-Z0-9]+(?:-[a-zA-Z0-9]+)*$/.test(name);
}

/** Case-insensitive equality, for the lookups Coder does with LOWER(). */
export const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
