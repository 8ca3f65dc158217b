import { ToolInputError, type ToolInputIssue } from "../framework/errors.js";
import { formatIssuePath } from "../framework/issue-format.js";

/**
 * Builds the tar archives `coder_upload_tar_file` sends to Coder, from a `{ path: content }` map.
 * The archive is deterministic (sorted entries, fixed mode, owner and time), so uploading the same
 * files twice yields the same bytes and Coder answers with the same file id.
 */

/** A tar archive built from text files. */
export interface TarArchive {
  /** The archive bytes (ustar, with PAX headers for long names). */
  bytes: Uint8Array;
  /** The entry paths, in archive order. */
  entries: string[];
}

// Epoch mtime keeps the bytes (and so Coder's file id) independent of when the upload happened.
const FIXED_MTIME = new Date(0);
const FILE_MODE = 0o644;

/**
 * Check one archive path and return it in normal form (`./` segments and repeated slashes
 * removed). Returns a reason string instead when the path is unsafe to extract: empty, absolute,
 * a Windows drive path, containing `..`, a NUL byte, or naming a directory.
 */
export function normalizeTarPath(path: string): string | { problem: string } {
  if (path.trim() === "") return { problem: "file name must not be empty" };
  if (path.includes("\0")) return { problem: "file name must not contain NUL characters" };
  if (path.startsWith("/") || path.startsWith("\\") || /^[A-Za-z]:/.test(path)) {
    return {
      problem: "file name must be a relative path (e.g. main.tf or scripts/init.sh), not an absolute one",
    };
  }
  const segments = path.split(/[/\\]/);
  if (segments.includes("..")) {
    return {
      problem: "file name must not contain '..' segments; archive paths stay inside the template directory",
    };
  }
  if (path.endsWith("/") || path.endsWith("\\")) {
    return {
      problem: "file name must name a file, not a directory (directories are created from file paths)",
    };
  }
  return path
    .split("/")
    .filter((segment) => segment !== "" && segment !== ".")
    .join("/");
}

/**
 * Build a tar archive from a `{ path: content }` map. Each entry is a regular file with mode 0644
 * whose size is the UTF-8 byte length of its content; entries are sorted by path.
 *
 * @throws {ToolInputError} naming every unsafe or duplicate path (at `$.files[...]`).
 */
export async function buildTarArchive(files: Readonly<Record<string, string>>): Promise<TarArchive> {
  const issues: ToolInputIssue[] = [];
  const byPath = new Map<string, { key: string; content: string }>();
  for (const [key, content] of Object.entries(files)) {
    const at = formatIssuePath(["files", key]);
    const normalized = normalizeTarPath(key);
    if (typeof normalized !== "string") {
      issues.push({ path: at, code: "invalid", message: normalized.problem });
      continue;
    }
    const earlier = byPath.get(normalized);
    if (earlier) {
      issues.push({
        path: at,
        code: "invalid",
        message: `file name ${JSON.stringify(key)} names the same file as ${JSON.stringify(earlier.key)}`,
      });
      continue;
    }
    byPath.set(normalized, { key, content });
  }
  if (issues.length > 0) throw new ToolInputError(issues);

  const entries = [...byPath.keys()].sort();
  // Loaded on first use: tar-stream pulls in Node's stream machinery through CommonJS requires, which
  // a script that only uses the client (and its bundle) should not have to carry.
  const { pack } = await import("tar-stream");
  const archive = pack();
  const chunks: Uint8Array[] = [];
  const collected = (async () => {
    for await (const chunk of archive as AsyncIterable<Uint8Array>) chunks.push(chunk);
  })();
  const encoder = new TextEncoder();
  for (const name of entries) {
    const body = encoder.encode(byPath.get(name)?.content ?? "");
    await new Promise<void>((resolve, reject) => {
      archive.entry(
        { name, size: body.byteLength, mode: FILE_MODE, mtime: FIXED_MTIME, type: "file", uid: 0, gid: 0 },
        body,
        (error) => (error ? reject(error) : resolve()),
      );
    });
  }
  archive.finalize();
  await collected;

  const total = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { bytes, entries };
}
