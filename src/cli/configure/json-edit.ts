import { isDeepStrictEqual } from "node:util";
import { applyEdits, type JSONPath, modify, type ParseError, parse, printParseErrorCode } from "jsonc-parser";

/** A config file that cannot be merged safely; the message names the file and what is wrong. */
export class ConfigFileError extends Error {
  override readonly name = "ConfigFileError";
}

/**
 * Parse a JSON (or JSON-with-comments) config file's text; an empty file is `{}`.
 *
 * @throws {ConfigFileError} naming the file, line and column of the first syntax error, or when
 *   the top level is not an object.
 */
export function parseConfig(path: string, text: string): Record<string, unknown> {
  if (text.trim() === "") return {};
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  const first = errors[0];
  if (first) {
    const before = text.slice(0, first.offset).split("\n");
    const line = before.length;
    const column = (before.at(-1)?.length ?? 0) + 1;
    throw new ConfigFileError(
      `${path} is not valid JSON (${printParseErrorCode(first.error)} at line ${line}, column ${column}); fix it or move it away, nothing was changed`,
    );
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ConfigFileError(`${path} must hold a JSON object at the top level; nothing was changed`);
  }
  return value as Record<string, unknown>;
}

/** Look up `path` in a parsed value. */
export function valueAt(root: unknown, path: JSONPath): unknown {
  let current = root;
  for (const key of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** The indentation a file already uses (two spaces when it has none). */
function detectIndent(text: string): { tabSize: number; insertSpaces: boolean } {
  const match = /^([ \t]+)\S/m.exec(text);
  if (!match?.[1]) return { tabSize: 2, insertSpaces: true };
  if (match[1].startsWith("\t")) return { tabSize: 1, insertSpaces: false };
  return { tabSize: match[1].length, insertSpaces: true };
}

/**
 * Set each `[path, value]` in `text`, changing only those spots: other keys, comments and the
 * file's own indentation stay as they were (jsonc-parser's `modify`). Objects on the way are
 * created as needed.
 *
 * @throws {ConfigFileError} when something on the way to a path is not an object.
 */
export function setValues(file: string, text: string, changes: readonly [JSONPath, unknown][]): string {
  let out = text.trim() === "" ? "{}\n" : text;
  const formattingOptions = { ...detectIndent(out), eol: out.includes("\r\n") ? "\r\n" : "\n" };
  for (const [path, value] of changes) {
    const root = parseConfig(file, out);
    // Rewriting an equal value would still reformat it; leave the file as it is.
    if (isDeepStrictEqual(valueAt(root, path), value)) continue;
    for (let depth = 1; depth < path.length; depth += 1) {
      const parent = valueAt(root, path.slice(0, depth));
      if (parent !== undefined && (typeof parent !== "object" || parent === null || Array.isArray(parent))) {
        throw new ConfigFileError(
          `${file}: "${path.slice(0, depth).join(".")}" should be an object but is ${Array.isArray(parent) ? "an array" : typeof parent}; nothing was changed`,
        );
      }
    }
    out = applyEdits(out, modify(out, path, value, { formattingOptions }));
  }
  return out.endsWith("\n") ? out : `${out}\n`;
}
