import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AgentRec } from "./records.js";
import type { WsPeer } from "./router.js";
import { JsonObjectStream, ScreenModel } from "./terminal-util.js";

/**
 * Fault switches for the terminal WebSocket (`/workspaceagents/{id}/pty`), set with
 * `fake.faults.add({ path: "/api/v2/workspaceagents/*\/pty", terminal: { … } })`. Session
 * switches (`ansiNoise`, `screen`, `dropShortOutput`) apply to a session created by the matching
 * connection; the others apply to that connection.
 */
export interface TerminalFault {
  /** A coloured prompt and a window title at attach, and escape codes sprinkled through output. */
  ansiNoise?: boolean;
  /**
   * Behave like the agent's `screen` backend: enter the alternate screen and clear it, wrap output
   * at the terminal width, and on reattach redraw the visible screen instead of replaying output.
   */
  screen?: boolean;
  /** `screen`'s race: a session whose command ends within 50 ms sends none of its output. */
  dropShortOutput?: boolean;
  /**
   * Answer like a Windows agent, whose `cmd.exe /c` knows no POSIX tools: every command prints
   * cmd's "is not recognized" error for its first word and exits 1.
   */
  windowsShell?: boolean;
  /** Send each byte of output in its own frame. */
  splitFrames?: boolean;
  /**
   * Close the connection with `closeCode` after this many output bytes; the session goes on. Left
   * out with `closeCode` set: close right after accepting, before any session (a failed agent dial).
   */
  closeAfterBytes?: number;
  /** Close code (default 1011). */
  closeCode?: number;
  /** Close reason (default `dial workspace agent: fault injected by the fake Coder deployment`). */
  closeReason?: string;
}

/** The agent's ring buffer of recent output, replayed on attach (buffered backend: 64 KiB). */
const REPLAY_BYTES = 64 * 1024;
/** The agent closes a session nobody has been attached to for this long. */
const INACTIVITY_MS = 5 * 60 * 1000;
const SHORT_MS = 50;
const NOISE_PROMPT = "\x1b]0;coder@workspace: ~\x07\x1b[01;32mcoder@workspace\x1b[00m:\x1b[01;34m~\x1b[00m$ ";
const NOISE_CODES = ["\x1b[0m", "\x1b[?25h", "\x1b[1;32m", "\x1b]0;busy\x07", "\x1b[K"];
const SCREEN_ENTER = "\x1b[?1049h\x1b[H\x1b[2J";

/** What starts a session or a connection. */
export interface AttachRequest {
  agent: AgentRec;
  reconnect: string;
  command: string;
  width: number;
  height: number;
  fault: TerminalFault | undefined;
}

/** One connection to a session, with its own frame splitting and forced close. */
class Attachment {
  sent = 0;
  constructor(
    readonly peer: WsPeer,
    readonly fault: TerminalFault | undefined,
  ) {}

  send(bytes: Uint8Array): boolean {
    const limit = this.fault?.closeAfterBytes;
    let out = bytes;
    if (limit !== undefined && this.sent + out.length >= limit)
      out = out.subarray(0, Math.max(0, limit - this.sent));
    if (this.fault?.splitFrames) for (let i = 0; i < out.length; i++) this.peer.send(out.subarray(i, i + 1));
    else if (out.length > 0) this.peer.send(out);
    this.sent += out.length;
    if (limit !== undefined && this.sent >= limit) {
      this.peer.close(
        this.fault?.closeCode ?? 1011,
        this.fault?.closeReason ?? "connection lost (fault injected by the fake Coder deployment)",
      );
      return false;
    }
    return true;
  }
}

/** A reconnecting PTY session: a command under a real pseudo-terminal (util-linux `script`). */
class Session {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly attachments = new Set<Attachment>();
  private ring: Buffer[] = [];
  private ringBytes = 0;
  private readonly screen: ScreenModel | undefined;
  private held: Buffer[] | undefined;
  private readonly startedAt = Date.now();
  private idleTimer: NodeJS.Timeout | undefined;
  private ttyPath: string | undefined;
  exited = false;

  constructor(
    private readonly owner: TerminalSessions,
    readonly id: string,
    request: AttachRequest,
    dir: string,
    private readonly controlDir: string,
    private readonly flags: TerminalFault,
  ) {
    this.screen = flags.screen ? new ScreenModel(request.width, request.height) : undefined;
    if (flags.dropShortOutput) {
      this.held = [];
      setTimeout(() => this.release(), SHORT_MS).unref();
    }
    // The agent runs `$SHELL -c <command>` (or a login shell) under a PTY with TERM=xterm-256color.
    const inner = [
      `stty cols ${request.width || 80} rows ${request.height || 80} 2>/dev/null`,
      `tty > ${JSON.stringify(join(controlDir, `${id}.tty`))} 2>/dev/null`,
      "C=$FAKE_TERMINAL_COMMAND; unset FAKE_TERMINAL_COMMAND",
      flags.windowsShell
        ? `printf "'%s' is not recognized as an internal or external command,\\r\\noperable program or batch file.\\r\\n" "\${C%% *}"; exit 1`
        : request.command
          ? 'exec /bin/sh -c "$C"'
          : "exec /bin/sh -l",
    ].join("; ");
    this.child = spawn("script", ["-q", "-E", "always", "-e", "-c", inner, "/dev/null"], {
      cwd: dir,
      detached: true,
      env: {
        PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
        HOME: dir,
        USER: process.env.USER ?? "coder",
        SHELL: "/bin/sh",
        TERM: "xterm-256color",
        LANG: "C.UTF-8",
        TMPDIR: join(dir, ".tmp"),
        CODER: "true",
        CODER_AGENT_TOKEN: request.agent.token,
        FAKE_TERMINAL_COMMAND: request.command,
        CODER_FAKE_TERMINAL: owner.id,
      },
    });
    this.child.stdout.on("data", (chunk: Buffer) => this.output(chunk));
    this.child.stderr.on("data", (chunk: Buffer) => this.output(chunk));
    this.child.on("error", () => this.exit());
    this.child.on("exit", () => this.exit());
  }

  private release(): void {
    const held = this.held;
    this.held = undefined;
    for (const chunk of held ?? []) this.output(chunk);
  }

  private output(chunk: Buffer): void {
    if (this.held) {
      this.held.push(chunk);
      return;
    }
    this.ring.push(chunk);
    this.ringBytes += chunk.length;
    while (this.ringBytes - (this.ring[0]?.length ?? 0) >= REPLAY_BYTES)
      this.ringBytes -= this.ring.shift()?.length ?? 0;
    const rendered = this.render(chunk);
    for (const a of [...this.attachments]) if (!a.send(rendered)) this.detach(a);
  }

  private render(chunk: Buffer): Buffer {
    let text = chunk.toString("latin1");
    if (this.screen) text = this.screen.write(text);
    if (this.flags.ansiNoise) text = sprinkle(text);
    return Buffer.from(text, "latin1");
  }

  attach(peer: WsPeer, fault: TerminalFault | undefined): void {
    const a = new Attachment(peer, fault);
    this.attachments.add(a);
    clearTimeout(this.idleTimer);
    let replay = "";
    if (this.flags.ansiNoise) replay += NOISE_PROMPT;
    if (this.screen) replay += SCREEN_ENTER + this.screen.redraw();
    else replay += Buffer.concat(this.ring).subarray(-REPLAY_BYTES).toString("latin1");
    if (replay && !a.send(Buffer.from(replay, "latin1"))) {
      this.detach(a);
      return;
    }
    peer.onClose(() => this.detach(a));
  }

  private detach(a: Attachment): void {
    this.attachments.delete(a);
    if (this.attachments.size === 0 && !this.exited) {
      this.idleTimer = setTimeout(() => this.kill(), INACTIVITY_MS);
      this.idleTimer.unref();
    }
  }

  /** Keystrokes from a client. */
  input(data: string): void {
    if (!this.exited) this.child.stdin.write(data);
  }

  resize(height: number, width: number): void {
    this.screen?.resize(width, height);
    try {
      this.ttyPath ??= readFileSync(join(this.controlDir, `${this.id}.tty`), "utf8").trim();
      if (this.ttyPath.startsWith("/dev/")) {
        spawn("stty", ["-F", this.ttyPath, "rows", String(height), "cols", String(width)], {
          stdio: "ignore",
        }).on("error", () => undefined);
      }
    } catch {
      // The command has not started yet or has no terminal: nothing to resize.
    }
  }

  private exit(): void {
    if (this.exited) return;
    this.exited = true;
    // What `screen` loses when the command is gone before it attached.
    if (this.held && Date.now() - this.startedAt < SHORT_MS) this.held = [];
    this.release();
    clearTimeout(this.idleTimer);
    this.owner.forget(this);
    // Let the last output go out before the close, as the agent closes after its reader hits EOF.
    setImmediate(() => {
      for (const a of this.attachments) a.peer.close(1000, "");
      this.attachments.clear();
    });
  }

  kill(): void {
    if (this.child.pid !== undefined) {
      try {
        process.kill(-this.child.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
  }
}

/** Inserts escape codes at random places, as prompts, titles and colour resets would. */
function sprinkle(text: string): string {
  let out = "";
  for (let at = 0; at < text.length; ) {
    const step = 1 + Math.floor(Math.random() * 200);
    out +=
      text.slice(at, at + step) + (NOISE_CODES[Math.floor(Math.random() * NOISE_CODES.length)] as string);
    at += step;
  }
  return out;
}

/**
 * The agent side of the fake's terminals: sessions by reconnect id, a temporary directory per
 * workspace (the command's working directory and `$HOME`), and cleanup of every process they
 * started when the fake closes.
 */
export class TerminalSessions {
  readonly id = randomBytes(6).toString("hex");
  private readonly sessions = new Map<string, Session>();
  private readonly dirs = new Map<string, string>();
  private root: string | undefined;
  private available: boolean | undefined;

  /** The temporary directory of a workspace's terminals (created on first use). */
  workspaceDir(workspaceId: string): string {
    let dir = this.dirs.get(workspaceId);
    if (!dir) {
      this.root ??= mkdtempSync(join(tmpdir(), "coder-fake-terminals-"));
      dir = join(this.root, workspaceId);
      mkdirSync(join(dir, ".tmp"), { recursive: true });
      mkdirSync(join(this.root, ".control"), { recursive: true });
      this.dirs.set(workspaceId, dir);
    }
    return dir;
  }

  /** Whether this machine can run the fake's terminals (util-linux `script`). */
  supported(): boolean {
    if (this.available === undefined) {
      try {
        this.available = execFileSync("script", ["--version"], { encoding: "utf8" }).includes("util-linux");
      } catch {
        this.available = false;
      }
    }
    return this.available;
  }

  /** Serve one accepted terminal WebSocket. */
  connect(request: AttachRequest, peer: WsPeer): void {
    const fault = request.fault;
    if (fault?.closeCode !== undefined && fault.closeAfterBytes === undefined) {
      peer.close(
        fault.closeCode,
        fault.closeReason ?? "dial workspace agent: fault injected by the fake Coder deployment",
      );
      return;
    }
    if (!this.supported()) {
      peer.close(1011, "dial: the fake's terminal needs util-linux `script` on this machine");
      return;
    }
    let session = this.sessions.get(request.reconnect);
    if (!session) {
      const dir = this.workspaceDir(request.agent.workspaceId);
      session = new Session(this, request.reconnect, request, dir, join(this.root as string, ".control"), {
        ansiNoise: fault?.ansiNoise,
        screen: fault?.screen,
        dropShortOutput: fault?.dropShortOutput,
        windowsShell: fault?.windowsShell,
      });
      this.sessions.set(request.reconnect, session);
    }
    const target = session;
    const decoder = new JsonObjectStream();
    peer.onMessage((data, binary) => {
      if (!binary) {
        // coder/websocket's NetConn reads only the message type coderd chose (binary).
        peer.close(1003, "unexpected frame type read (expected MessageBinary): MessageText");
        return;
      }
      let messages: unknown[];
      try {
        messages = decoder.push(data);
      } catch (error) {
        peer.close(1011, `decode terminal message: ${(error as Error).message}`.slice(0, 120));
        return;
      }
      for (const message of messages) {
        const m = message as { data?: unknown; height?: unknown; width?: unknown };
        if (typeof m.data === "string" && m.data) target.input(m.data);
        const h = typeof m.height === "number" ? m.height : 0;
        const w = typeof m.width === "number" ? m.width : 0;
        if (h > 0 && w > 0) target.resize(h, w);
      }
    });
    session.attach(peer, fault);
  }

  /** @internal A session whose process ended. */
  forget(session: Session): void {
    if (this.sessions.get(session.id) === session) this.sessions.delete(session.id);
  }

  /** Kill every process the terminals started (including detached ones) and remove the directories. */
  close(): void {
    for (const session of this.sessions.values()) session.kill();
    this.sessions.clear();
    killTagged(this.id);
    if (this.root) rmSync(this.root, { recursive: true, force: true, maxRetries: 3 });
    this.root = undefined;
    this.dirs.clear();
  }
}

/** Processes that escaped their session (`setsid`, `nohup`) still carry the fake's tag in their environment. */
function killTagged(tag: string): void {
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return;
  }
  const needle = `CODER_FAKE_TERMINAL=${tag}\0`;
  for (const pid of pids) {
    try {
      if (readFileSync(`/proc/${pid}/environ`, "latin1").includes(needle))
        process.kill(Number(pid), "SIGKILL");
    } catch {
      // Gone, or not ours to read.
    }
  }
}
