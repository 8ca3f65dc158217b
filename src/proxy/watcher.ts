import { existsSync, type FSWatcher, watch } from "node:fs";
import path from "node:path";

/** A running config watcher. */
export interface McpConfigWatcher {
  /** Stop watching and wait for a reload that is still running. */
  close(): Promise<void>;
}

/**
 * Call `onChange` when one of `paths` is created, changed or removed, at most once per
 * `debounceMs` (default 250) of quiet. Watches each file's directory rather than the file, so
 * editors that replace a file (write a temporary one, rename it over) are seen, and so is a file
 * that does not exist yet; when the directory is missing too, the nearest existing ancestor is
 * watched until it appears (as Coder's agent does).
 */
export function watchMcpConfigs(
  paths: readonly string[],
  onChange: () => Promise<void> | void,
  options: { debounceMs?: number } = {},
): McpConfigWatcher {
  const debounceMs = options.debounceMs ?? 250;
  const files = paths.map((p) => path.resolve(p));
  const watchers = new Map<string, FSWatcher>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let closed = false;

  const fire = () => {
    timer = undefined;
    if (closed) return;
    running = running.then(async () => {
      try {
        await onChange();
      } catch {
        // A failed reload is reported by the proxy's status; the watcher keeps going.
      }
    });
  };
  const schedule = () => {
    if (closed) return;
    retarget();
    if (timer) clearTimeout(timer);
    timer = setTimeout(fire, debounceMs);
  };
  function retarget(): void {
    const wanted = new Set(files.map(nearestExistingDirectory));
    for (const [dir, watcher] of watchers) {
      if (!wanted.has(dir)) {
        watcher.close();
        watchers.delete(dir);
      }
    }
    for (const dir of wanted) {
      if (watchers.has(dir)) continue;
      try {
        const watcher = watch(dir, { persistent: false }, schedule);
        watcher.on("error", () => {
          watcher.close();
          watchers.delete(dir);
        });
        watchers.set(dir, watcher);
      } catch {
        // The directory vanished between the check and the watch: the next event retargets.
      }
    }
  }
  retarget();
  return {
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
      await running;
    },
  };
}

function nearestExistingDirectory(file: string): string {
  let dir = path.dirname(file);
  while (!existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}
