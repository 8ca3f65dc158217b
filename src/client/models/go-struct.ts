import { z } from "zod";

/**
 * Case-insensitive keys for Go structs without json tags.
 *
 * encoding/json encodes a field that has no json tag under its Go name (`ID`, `DesiredPrebuildInstances`)
 * and decodes a key into a field preferring an exact match but also accepting one that differs only
 * in case. Go clients therefore read `{"id": …}` and `{"ID": …}` alike, and Coder's API reference
 * (swaggo, which renames such fields) shows the lower-case spelling. These helpers give our models
 * the same tolerance while their output keeps the canonical Go spelling the types declare.
 */

/**
 * Fold a key the way Go's encoding/json compares field names: per code point, case-insensitively
 * with simple (one-to-one) folding, so `K` (Kelvin sign) matches `k` and `ſ` matches `s` as in Go,
 * while `ß` does not become `SS`.
 */
function foldKey(key: string): string {
  let folded = "";
  for (const ch of key) {
    const mapped = ch.toLowerCase().toUpperCase();
    folded += [...mapped].length === 1 ? mapped : ch;
  }
  return folded;
}

/**
 * A function that rewrites the keys of an object to the given canonical spellings, as Go matches
 * them: an exact key wins over a case variant; among case variants, the last one wins (Go's
 * decoder assigns each key in turn, so a later one overwrites). Unknown keys are kept as they are;
 * case variants of known keys are dropped once their value moved to the canonical key. Anything
 * that is not a plain object is returned unchanged, for the schema to reject.
 */
export function canonicalizeKeys(keys: readonly string[]): (value: unknown) => unknown {
  const byFolded = new Map(keys.map((key) => [foldKey(key), key]));
  const exact = new Set(keys);
  return (value) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
    const entries = Object.entries(value);
    // Fast path: every key already canonical or unknown, so the object is passed on untouched.
    if (entries.every(([key]) => exact.has(key) || !byFolded.has(foldKey(key)))) return value;
    const chosen = new Map<string, { value: unknown; exact: boolean }>();
    const out: Record<string, unknown> = {};
    for (const [key, item] of entries) {
      const canonical = exact.has(key) ? key : byFolded.get(foldKey(key));
      if (canonical === undefined) {
        // defineProperty, not assignment: a `__proto__` key must stay data, not become the prototype.
        Object.defineProperty(out, key, {
          value: item,
          enumerable: true,
          writable: true,
          configurable: true,
        });
        continue;
      }
      const isExact = canonical === key;
      const previous = chosen.get(canonical);
      if (!previous || isExact || !previous.exact) chosen.set(canonical, { value: item, exact: isExact });
    }
    for (const [key, { value: item }] of chosen) out[key] = item;
    return out;
  };
}

/**
 * A loose object schema for a Go struct without json tags: `shape` uses the Go field names, and
 * keys that differ from them only in case (`id`, `desiredPrebuildInstances`) are accepted and
 * output under the Go names, as Go's encoding/json decodes them. Unknown fields are kept.
 *
 * @example
 * ```ts
 * const PresetParameter = goStruct({ Name: z.string(), Value: z.string() });
 * PresetParameter.parse({ name: "cpu", value: "2" }); // { Name: "cpu", Value: "2" }
 * ```
 */
export function goStruct<const Shape extends z.ZodRawShape>(shape: Shape) {
  return z.preprocess(canonicalizeKeys(Object.keys(shape)), z.looseObject(shape));
}
