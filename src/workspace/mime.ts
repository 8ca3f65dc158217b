import { lookup } from "mime-types";

/**
 * The MIME type of a file from its name, `application/octet-stream` when unknown: the Go agent's
 * rule (`mime.TypeByExtension`, which reads the system's mime.types), here from the mime-db table.
 */
export function mimeTypeOf(path: string): string {
  const base = path.slice(path.lastIndexOf("/") + 1);
  // A leading dot starts a hidden name, not an extension (`.bashrc`), as in Go's filepath.Ext.
  if (!base.slice(1).includes(".")) return "application/octet-stream";
  return lookup(base) || "application/octet-stream";
}
