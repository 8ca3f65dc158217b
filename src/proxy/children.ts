// The stdio servers this process started, by pid, so none outlives it. close() ends them politely;
// this registry is the backstop for a parent that is stopped with SIGTERM or SIGINT, or exits
// without closing: it sends SIGTERM to every child that still runs.

const live = new Set<number>();
const SIGNALS = ["SIGTERM", "SIGINT"] as const;
let installed = false;

function killAll(): void {
  for (const pid of live) {
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      // Already gone.
    }
  }
  live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  killAll();
  uninstall();
  // Listening for a signal cancels Node's default of exiting on it. When nobody else listens,
  // raise it again so the process ends as it would have without us.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function install(): void {
  if (installed) return;
  installed = true;
  for (const signal of SIGNALS) process.on(signal, onSignal);
  process.on("exit", killAll);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  for (const signal of SIGNALS) process.off(signal, onSignal);
  process.off("exit", killAll);
}

/** Remember a child process until {@link untrackChild}. */
export function trackChild(pid: number): void {
  live.add(pid);
  install();
}

/** Forget a child process (it was closed or has exited). */
export function untrackChild(pid: number): void {
  live.delete(pid);
  if (live.size === 0) uninstall();
}
