import { z } from "zod";
import { DESTRUCTIVE, MUTATION } from "../framework/annotations.js";
import { defineTool } from "../framework/define-tool.js";
import { ToolInputError } from "../framework/errors.js";
import { fitJsonPrefix } from "../framework/shaping.js";
import { withAgentTransport } from "../support/workspace-agent.js";
import { workspaceCall } from "./errors.js";
import { absolutePath, requireAbsolutePath, WORKSPACE_AGENT_INPUT } from "./inputs.js";

/** Go's `maxFileLimit`: the most one read returns. */
const MAX_READ_BYTES = 1 << 20;
const RESULT_OVERHEAD_BYTES = 512;

/**
 * These tools start a stopped workspace before they touch it, which is why even the reading ones
 * are mutations (as in Coder's newest toolsdk).
 */

/** `coder_workspace_ls`: list one directory. */
export const workspaceLs = defineTool({
  name: "coder_workspace_ls",
  title: "List a directory in a workspace",
  description:
    "List one directory in a Coder workspace: each entry's absolute path and whether it is a directory " +
    "(directories first, then files, by name; a symbolic link counts as a file). The path must be absolute. " +
    "Starts the workspace if it is stopped.",
  toolset: "workspace_agent",
  annotations: MUTATION,
  input: z.object({
    workspace: WORKSPACE_AGENT_INPUT,
    path: absolutePath("The absolute path of the directory to list, e.g. /home/coder/project."),
  }),
  output: z.object({
    contents: z.array(z.object({ path: z.string(), is_dir: z.boolean() })).describe("The entries"),
    note: z.string().optional().describe("Present when the listing was cut to fit the result"),
  }),
  async handler({ workspace, path }, ctx) {
    requireAbsolutePath(path, "path", "path");
    const entries = await withAgentTransport(workspace, ctx, (t) =>
      workspaceCall(() => t.list(path, { signal: ctx.signal })),
    );
    const contents = entries.map((e) => ({ path: e.path, is_dir: e.isDir }));
    const shown = fitJsonPrefix(contents, Math.max(0, ctx.limits.maxResultBytes - RESULT_OVERHEAD_BYTES));
    return {
      contents: shown,
      ...(shown.length < contents.length
        ? {
            note: `${contents.length - shown.length} of ${contents.length} entries were left out; list a subdirectory or use coder_workspace_bash with find`,
          }
        : {}),
    };
  },
});

/** `coder_workspace_read_file`: read a byte range, returned as base64. */
export const workspaceReadFile = defineTool({
  name: "coder_workspace_read_file",
  title: "Read a file in a workspace",
  description:
    "Read bytes of a file in a Coder workspace. content is base64-encoded (decode it for text); mimeType comes " +
    "from the file name. offset and limit select a byte range; limit may not exceed 1 MiB, and a read also stops " +
    "where the result would grow too large, in which case next_offset says where to continue. Starts the " +
    "workspace if it is stopped.",
  toolset: "workspace_agent",
  annotations: MUTATION,
  input: z.object({
    workspace: WORKSPACE_AGENT_INPUT,
    path: absolutePath("The absolute path of the file to read."),
    offset: z.number().int().min(0).optional().describe("Byte offset to start reading at. Defaults to 0."),
    limit: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe(
        "Number of bytes to read, at most 1048576 (1 MiB). Defaults to the rest of the file, up to that.",
      ),
  }),
  output: z.object({
    content: z.string().describe("The bytes read, base64-encoded"),
    mimeType: z.string().describe("MIME type from the file name; application/octet-stream when unknown"),
    size: z.number().int().describe("Size of the whole file in bytes"),
    next_offset: z
      .number()
      .int()
      .optional()
      .describe("Where to continue, when the read stopped before the end"),
  }),
  async handler({ workspace, path, offset = 0, limit = 0 }, ctx) {
    requireAbsolutePath(path, "path");
    if (limit > MAX_READ_BYTES) {
      throw ToolInputError.at("$.limit", `limit must be ${MAX_READ_BYTES} or less, got ${limit}`, "maximum");
    }
    // base64 grows 4/3: read no more than the result can carry.
    const fits = Math.floor(Math.max(0, ctx.limits.maxResultBytes - RESULT_OVERHEAD_BYTES) / 4) * 3;
    const wanted = limit === 0 ? MAX_READ_BYTES : limit;
    const read = await withAgentTransport(workspace, ctx, (t) =>
      workspaceCall(
        () => t.read(path, { offset, limit: Math.max(1, Math.min(wanted, fits)), signal: ctx.signal }),
        {
          notFound: "file does not exist",
        },
      ),
    );
    const end = offset + read.bytes.length;
    const more = end < read.size && read.bytes.length < wanted;
    return {
      content: Buffer.from(read.bytes).toString("base64"),
      mimeType: read.mimeType,
      size: read.size,
      ...(more ? { next_offset: end } : {}),
    };
  },
});

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** `coder_workspace_write_file`: write a whole file from base64 content. */
export const workspaceWriteFile = defineTool({
  name: "coder_workspace_write_file",
  title: "Write a file in a workspace",
  description:
    "Write a whole file in a Coder workspace, replacing it atomically (missing directories are created, an " +
    "existing file keeps its permissions). content is the file's bytes, base64-encoded. If the write fails " +
    "because of the encoding, fix the content and call this tool again rather than falling back to shell " +
    "commands. To change part of a file, prefer coder_workspace_edit_file. Starts the workspace if it is stopped.",
  toolset: "workspace_agent",
  annotations: DESTRUCTIVE,
  input: z.object({
    workspace: WORKSPACE_AGENT_INPUT,
    path: absolutePath("The absolute path of the file to write."),
    content: z.string().describe("The bytes to write, base64-encoded (standard alphabet)."),
  }),
  output: z.object({ message: z.string() }),
  async handler({ workspace, path, content }, ctx) {
    requireAbsolutePath(path, "path");
    const compact = content.replace(/\s+/g, "");
    if (!BASE64.test(compact) || compact.replace(/=+$/, "").length % 4 === 1) {
      throw ToolInputError.at(
        "$.content",
        "content must be base64 (A–Z, a–z, 0–9, + and /, with = padding): decode and check your text, then encode it again",
        "format",
      );
    }
    const bytes = new Uint8Array(Buffer.from(compact, "base64"));
    await withAgentTransport(workspace, ctx, (t) =>
      workspaceCall(() => t.write(path, bytes, { signal: ctx.signal })),
    );
    return { message: "File written successfully." };
  },
});
