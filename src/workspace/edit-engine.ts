import { createTwoFilesPatch, FILE_HEADERS_ONLY } from "diff";
import { WorkspaceEditError, WorkspaceFileError } from "./errors.js";
import { cksum } from "./framing.js";
import type {
  CallSignal,
  EditResult,
  FileEdit,
  FileEditOutcome,
  FileEdits,
  ReadOptions,
  ReadResult,
  WriteOptions,
} from "./transport.js";

/**
 * Search-and-replace editing, done once for every transport on top of its `read` and `write`.
 * Matching follows the Go agent's `fuzzyReplace` (agent/agentfiles/files.go, newest version read):
 * an exact substring first, then line by line ignoring trailing whitespace, then ignoring
 * indentation; a match must be unique unless `replaceAll` is set. Where that code splices the
 * replacement in verbatim, this engine keeps the file's line endings, the matched block's final
 * newline and (for indentation-tolerant matches) the file's indentation, which is what the newest
 * Go tool description promises.
 */

/** What the engine needs from a transport. */
export interface FileAccess {
  read(path: string, options?: ReadOptions): Promise<ReadResult>;
  write(path: string, bytes: Uint8Array, options?: WriteOptions): Promise<void>;
}

const AMBIGUOUS = (count: number) =>
  `search string matches ${count} occurrences (expected exactly 1). Include more surrounding context to make the match unique, or set replace_all to true`;
const NOT_FOUND =
  "search string not found in file. Verify the search string matches the file content exactly, including whitespace and indentation";

/** An edit that does not apply to a text. */
export class EditMismatch extends Error {
  override name = "EditMismatch";
}

/** Split after each `\n`, as Go's `strings.SplitAfter(s, "\n")`. */
function splitAfter(text: string): string[] {
  const parts = text.split("\n");
  return parts.map((part, i) => (i < parts.length - 1 ? `${part}\n` : part));
}

function countExact(content: string, search: string): number {
  let count = 0;
  for (let at = content.indexOf(search); at !== -1; at = content.indexOf(search, at + search.length)) count++;
  return count;
}

type LineEq = (a: string, b: string) => boolean;
const trimRightEq: LineEq = (a, b) => a.replace(/[ \t\r\n]+$/, "") === b.replace(/[ \t\r\n]+$/, "");
const trimBothEq: LineEq = (a, b) => a.trim() === b.trim();

/** Start indices of non-overlapping runs of `lines` that match `search` line by line. */
function lineMatches(lines: string[], search: string[], eq: LineEq): number[] {
  const found: number[] = [];
  if (search.length === 0 || search.length > lines.length) return found;
  for (let i = 0; i <= lines.length - search.length; ) {
    if (search.every((s, j) => eq(lines[i + j] as string, s))) {
      found.push(i);
      i += search.length;
    } else i++;
  }
  return found;
}

const indentOf = (line: string) => /^[ \t]*/.exec(line)?.[0] ?? "";

/** The replacement for a matched block, adjusted to the block's indentation and line endings. */
function fitReplacement(block: string[], search: string[], replacement: string, reindent: boolean): string {
  let text = replacement;
  if (reindent) {
    const firstSearch = search.findIndex((l) => l.trim() !== "");
    if (firstSearch !== -1) {
      const from = indentOf(search[firstSearch] as string);
      const to = indentOf(block[firstSearch] as string);
      if (from !== to) {
        text = splitAfter(text)
          .map((line) => (line.trim() !== "" && line.startsWith(from) ? to + line.slice(from.length) : line))
          .join("");
      }
    }
  }
  const last = block[block.length - 1] as string;
  const crlf = block.some((l) => l.endsWith("\r\n"));
  if (crlf) text = text.replace(/\r?\n/g, "\r\n");
  const ending = last.endsWith("\r\n") ? "\r\n" : last.endsWith("\n") ? "\n" : "";
  if (text !== "" && ending && !text.endsWith("\n")) text += ending;
  return text;
}

/** Apply one edit to a text; throws {@link EditMismatch} with the Go agent's message when it does not apply. */
export function applyEdit(content: string, edit: FileEdit): { content: string; count: number } {
  const { oldText, newText, replaceAll = false } = edit;
  if (oldText === "")
    throw new EditMismatch(
      "old_text is empty; give the text to replace (use write_file to replace a whole file)",
    );
  const exact = countExact(content, oldText);
  if (exact > 0) {
    if (exact > 1 && !replaceAll) throw new EditMismatch(AMBIGUOUS(exact));
    const next = replaceAll ? content.split(oldText).join(newText) : content.replace(oldText, () => newText);
    return { content: next, count: replaceAll ? exact : 1 };
  }
  const lines = splitAfter(content);
  const search = splitAfter(oldText);
  if (search[search.length - 1] === "") search.pop();
  for (const [eq, reindent] of [
    [trimRightEq, false],
    [trimBothEq, true],
  ] as const) {
    const starts = lineMatches(lines, search, eq);
    if (starts.length === 0) continue;
    if (starts.length > 1 && !replaceAll) throw new EditMismatch(AMBIGUOUS(starts.length));
    const out = [...lines];
    for (const start of [...starts].reverse()) {
      const block = out.slice(start, start + search.length);
      out.splice(start, search.length, fitReplacement(block, search, newText, reindent));
    }
    return { content: out.join(""), count: starts.length };
  }
  throw new EditMismatch(NOT_FOUND);
}

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();

interface Planned {
  path: string;
  before: string;
  after: string;
  version: { crc: number; size: number };
  replacements: number;
}

/** Check a batch's shape; returns the problems found (each names its file). */
function validate(files: FileEdits[]): string[] {
  if (files.length === 0) return ["must specify at least one file"];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    if (!file.path) problems.push('"path" is required');
    else if (!file.path.startsWith("/"))
      problems.push(`file path must be absolute: ${JSON.stringify(file.path)}`);
    else if (seen.has(file.path)) problems.push(`${file.path}: duplicate file path in request`);
    else if (file.edits.length === 0) problems.push(`${file.path}: must specify at least one edit`);
    seen.add(file.path);
  }
  return problems;
}

/**
 * Apply a batch of edits through `io`: read every file and apply every edit in memory first; if
 * anything does not apply, throw {@link WorkspaceEditError} listing every problem and write
 * nothing. Then write each changed file, only if it is unchanged since it was read (a file that
 * changed is left alone and the error says which files were already written).
 */
export async function editFiles(
  io: FileAccess,
  files: FileEdits[],
  options: CallSignal = {},
): Promise<EditResult> {
  const { signal } = options;
  const problems = validate(files);
  if (problems.length > 0) throw new WorkspaceEditError(problems);
  const planned: Planned[] = [];
  for (const file of files) {
    let read: ReadResult;
    try {
      read = await io.read(file.path, { signal });
    } catch (error) {
      if (error instanceof WorkspaceFileError) {
        problems.push(error.message);
        continue;
      }
      throw error;
    }
    let before: string;
    try {
      before = decoder.decode(read.bytes);
    } catch {
      problems.push(`${file.path}: not valid UTF-8 text; only text files can be edited`);
      continue;
    }
    let after = before;
    let replacements = 0;
    let ok = true;
    for (const edit of file.edits) {
      try {
        const result = applyEdit(after, edit);
        after = result.content;
        replacements += result.count;
      } catch (error) {
        if (!(error instanceof EditMismatch)) throw error;
        problems.push(`edit ${file.path}: ${error.message}`);
        ok = false;
        break;
      }
    }
    if (ok) {
      planned.push({
        path: file.path,
        before,
        after,
        replacements,
        version: { crc: cksum(read.bytes), size: read.bytes.length },
      });
    }
  }
  if (problems.length > 0) throw new WorkspaceEditError([...problems, "no files in this batch were changed"]);

  const outcomes: FileEditOutcome[] = [];
  const written: string[] = [];
  for (const plan of planned) {
    if (plan.after !== plan.before) {
      try {
        await io.write(plan.path, encoder.encode(plan.after), { ifMatch: plan.version, signal });
      } catch (error) {
        if (error instanceof WorkspaceFileError) {
          const done = written.length > 0 ? ` (already written: ${written.join(", ")})` : "";
          throw new WorkspaceEditError([`${error.message}${done}`]);
        }
        throw error;
      }
      written.push(plan.path);
    }
    outcomes.push({
      path: plan.path,
      diff: unifiedDiff(plan.path, plan.before, plan.after),
      replacements: plan.replacements,
    });
  }
  return { files: outcomes };
}

/** A unified diff labelled `a/<path>` and `b/<path>`, as the Go agent's `diff -u --label`; empty when equal. */
export function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return "";
  return createTwoFilesPatch(`a/${path}`, `b/${path}`, before, after, undefined, undefined, {
    headerOptions: FILE_HEADERS_ONLY,
  });
}
