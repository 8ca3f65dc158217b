import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { constants as fsConstants } from "node:fs";
import {
  chmod,
  lstat,
  mkdir,
  mkdtemp,
  open,
  readdir,
  readFile,
  realpath,
  rename,
  rm,
  stat,
  unlink,
  writeFile,
} from "node:fs/promises";
import { constants as osConstants, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { editFiles } from "./edit-engine.js";
import { requireAbsolute, WorkspaceFileError, WorkspaceTransportError } from "./errors.js";
import { outputText, resolveExecOptions } from "./exec-common.js";
import { cksum } from "./framing.js";
import { mimeTypeOf } from "./mime.js";
import { BACKGROUND_DIR_NAME } from "./shell-scripts.js";
import type {
  CallSignal,
  EditResult,
  ExecOptions,
  ExecResult,
  FileEdits,
  ListEntry,
  ReadOptions,
  ReadResult,
  WorkspaceTransport,
  WriteOptions,
} from "./transport.js";

/** Options of {@link LocalTransport}. */
export interface LocalTransportOptions {
  /** Working directory of commands that give none (default: this process's). */
  cwd?: string;
  /** Environment of commands (default: this process's), before the per-call `env`. */
  env?: Record<string, string | undefined>;
}

/** Map a Node file-system error to the transport's error with a Go-agent style message. */
function fileError(error: unknown, path: string, what: string): never {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === "ENOENT")
    throw new WorkspaceFileError("not_found", path, `${what}: no such file or directory`);
  if (code === "EACCES" || code === "EPERM")
    throw new WorkspaceFileError("permission_denied", path, `${what}: permission denied`);
  if (code === "ENOTDIR") throw new WorkspaceFileError("not_a_directory", path, `${what}: not a directory`);
  if (code === "EISDIR") throw new WorkspaceFileError("is_a_directory", path, `${what}: is a directory`);
  throw new WorkspaceFileError("failed", path, `${what}: ${(error as Error)?.message ?? String(error)}`);
}

const byName = (a: ListEntry, b: ListEntry) =>
  a.isDir !== b.isDir ? (a.isDir ? -1 : 1) : Buffer.compare(Buffer.from(a.name), Buffer.from(b.name));

/**
 * The workspace transport for code that runs inside the workspace: `child_process` and `node:fs`,
 * with the same results and errors as {@link PtyTransport}.
 */
export class LocalTransport implements WorkspaceTransport {
  private closed = false;
  private readonly children = new Set<number>();

  constructor(private readonly options: LocalTransportOptions = {}) {}

  private check(): void {
    if (this.closed) throw new WorkspaceTransportError("the transport is closed");
  }

  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    this.check();
    const o = resolveExecOptions(command, options);
    o.signal?.throwIfAborted();
    const cwd = o.cwd ?? this.options.cwd ?? process.cwd();
    const temp = await mkdtemp(join(tmpdir(), "coder-toolsdk-"));
    const id = randomBytes(8).toString("hex");
    let outPath = join(temp, "out");
    if (o.background) {
      const dir = join(tmpdir(), BACKGROUND_DIR_NAME);
      await mkdir(dir, { recursive: true });
      outPath = join(dir, `bg-${id}.log`);
    }
    try {
      const cwdOk = await stat(cwd).then(
        (s) => s.isDirectory(),
        () => false,
      );
      if (!cwdOk) {
        const output = `cd: ${cwd}: No such file or directory`;
        return { output, exitCode: 1, timedOut: false, truncated: false, outputBytes: output.length };
      }
      const out = await open(outPath, "w");
      const child = spawn("/bin/sh", ["-c", command], {
        cwd,
        env: { ...(this.options.env ?? process.env), ...o.env },
        // Its own process group, so a timeout or abort can end everything it started.
        detached: true,
        stdio: ["ignore", out.fd, out.fd],
      });
      // Listen before any await: a quick command can exit before the next tick.
      const exited = new Promise<number>((resolve) =>
        child.once("exit", (code, signal) =>
          resolve(code ?? 128 + (signal ? (osConstants.signals[signal] ?? 0) : 0)),
        ),
      );
      const failed = new Promise<Error>((resolve) => child.once("error", resolve));
      await out.close();
      const pid = child.pid;
      if (pid === undefined) {
        const error = await failed;
        throw new WorkspaceTransportError(`cannot start /bin/sh: ${error.message}`, { cause: error });
      }
      this.children.add(pid);
      const killGroup = (sig: NodeJS.Signals) => {
        try {
          process.kill(-pid, sig);
        } catch {
          // Already gone.
        }
      };
      let timer: NodeJS.Timeout | undefined;
      let onAbort: (() => void) | undefined;
      const outcome = await new Promise<"exit" | "timeout" | "abort">((resolve) => {
        void exited.then(() => resolve("exit"));
        timer = setTimeout(() => resolve("timeout"), o.timeoutMs);
        onAbort = () => resolve("abort");
        o.signal?.addEventListener("abort", onAbort, { once: true });
      });
      clearTimeout(timer);
      if (onAbort) o.signal?.removeEventListener("abort", onAbort);
      let exitCode: number;
      let keep = false;
      if (outcome === "abort") {
        // Like Ctrl-C on a terminal, then make sure.
        killGroup("SIGINT");
        const late = setTimeout(() => killGroup("SIGKILL"), 500);
        await exited;
        clearTimeout(late);
        this.children.delete(pid);
        throw o.signal?.reason;
      }
      if (outcome === "timeout") {
        exitCode = 124;
        if (o.background) {
          keep = true;
          child.unref();
        } else {
          killGroup("SIGKILL");
          await exited;
        }
      } else exitCode = await exited;
      this.children.delete(pid);
      const { bytes, total } = await headAndTail(outPath, o.maxOutputBytes);
      if (o.background && !keep) await rm(outPath, { force: true });
      return {
        ...outputText(bytes, total),
        exitCode,
        timedOut: outcome === "timeout",
        outputBytes: total,
        ...(keep ? { background: { pid, logPath: outPath } } : {}),
      };
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
  }

  async list(dir: string, options: CallSignal = {}): Promise<ListEntry[]> {
    this.check();
    requireAbsolute(dir);
    options.signal?.throwIfAborted();
    const info = await stat(dir).catch((error) =>
      fileError(error, dir, `failed to open directory ${JSON.stringify(dir)}`),
    );
    if (!info.isDirectory())
      throw new WorkspaceFileError("not_a_directory", dir, `path ${JSON.stringify(dir)} is not a directory`);
    const entries = await readdir(dir, { withFileTypes: true }).catch((error) =>
      fileError(error, dir, `failed to open directory ${JSON.stringify(dir)}`),
    );
    return entries
      .map((entry) => ({ name: entry.name, path: join(dir, entry.name), isDir: entry.isDirectory() }))
      .sort(byName);
  }

  async read(path: string, options: ReadOptions = {}): Promise<ReadResult> {
    this.check();
    requireAbsolute(path);
    options.signal?.throwIfAborted();
    const offset = options.offset ?? 0;
    const limit = options.limit ?? 0;
    const info = await stat(path).catch((error) => fileError(error, path, `open ${path}`));
    if (info.isDirectory()) throw new WorkspaceFileError("is_a_directory", path, `open ${path}: not a file`);
    const handle = await open(path, "r").catch((error) => fileError(error, path, `open ${path}`));
    try {
      const available = Math.max(0, info.size - offset);
      const length = limit > 0 ? Math.min(limit, available) : available;
      const bytes = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await handle.read(bytes, done, length - done, offset + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return { bytes: bytes.subarray(0, done), mimeType: mimeTypeOf(path), size: info.size };
    } finally {
      await handle.close();
    }
  }

  async write(path: string, bytes: Uint8Array, options: WriteOptions = {}): Promise<void> {
    this.check();
    requireAbsolute(path);
    options.signal?.throwIfAborted();
    let target = path;
    const link = await lstat(path).catch(() => undefined);
    if (link?.isSymbolicLink()) target = await realpath(path).catch(() => path);
    const existing = await stat(target).catch(() => undefined);
    if (existing?.isDirectory())
      throw new WorkspaceFileError("is_a_directory", path, `open ${target}: is a directory`);
    const dir = dirname(target);
    await mkdir(dir, { recursive: true }).catch((error) => fileError(error, path, `mkdir ${dir}`));
    if (options.ifMatch) {
      const current = existing ? await readFile(target).catch(() => undefined) : undefined;
      if (!current || current.length !== options.ifMatch.size || cksum(current) !== options.ifMatch.crc) {
        throw new WorkspaceFileError(
          "changed",
          path,
          `${target} changed since it was read; read it again and redo the edit`,
        );
      }
    }
    const temp = join(dir, `.${target.slice(dir.length + 1)}.tmp.${randomBytes(4).toString("hex")}`);
    try {
      await writeFile(temp, bytes, { flag: fsConstants.O_CREAT | fsConstants.O_EXCL | fsConstants.O_WRONLY });
      if (existing) await chmod(temp, existing.mode & 0o7777);
      options.signal?.throwIfAborted();
      await rename(temp, target);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      if (error instanceof WorkspaceFileError || options.signal?.aborted) throw error;
      fileError(error, path, `write ${target}`);
    }
  }

  edit(files: FileEdits[], options: CallSignal = {}): Promise<EditResult> {
    this.check();
    return editFiles(this, files, options);
  }

  async close(): Promise<void> {
    this.closed = true;
    // Foreground commands still running belong to calls that will now never return.
    for (const pid of this.children) {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
    this.children.clear();
  }
}

/** The whole file, or its first and last `max / 2` bytes when it is longer than `max`. */
async function headAndTail(path: string, max: number): Promise<{ bytes: Uint8Array; total: number }> {
  const handle = await open(path, "r");
  try {
    const total = (await handle.stat()).size;
    if (total <= max) {
      const bytes = new Uint8Array(total);
      await handle.read(bytes, 0, total, 0);
      return { bytes, total };
    }
    const half = Math.floor(max / 2);
    const bytes = new Uint8Array(half * 2);
    await handle.read(bytes, 0, half, 0);
    await handle.read(bytes, half, half, total - half);
    return { bytes, total };
  } finally {
    await handle.close();
  }
}
