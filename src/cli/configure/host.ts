import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import type { Env } from "../../client/config.js";

/**
 * What `configure` knows about the machine, injectable so tests can lay out a Linux, macOS or
 * Windows home in a temporary directory. `platform` only picks the layout (which folder a client
 * uses); paths are joined with this process's own separators.
 */
export interface Host {
  platform: NodeJS.Platform;
  env: Env;
  /** The user's home directory. */
  home: string;
  /** The working directory (`--project` files go under it by default). */
  cwd: string;
  now(): Date;
}

/** The real machine. */
export function systemHost(): Host {
  const env = process.env;
  const home = (process.platform === "win32" ? env.USERPROFILE : env.HOME) || homedir();
  return { platform: process.platform, env, home, cwd: process.cwd(), now: () => new Date() };
}

/** `$XDG_CONFIG_HOME` or `~/.config` (what Go's `os.UserConfigDir` gives on Linux). */
export function xdgConfigHome(host: Host): string {
  const xdg = host.env.XDG_CONFIG_HOME;
  return xdg && isAbsolute(xdg) ? xdg : join(host.home, ".config");
}

/** `%APPDATA%`, or `<home>/AppData/Roaming` when it is unset. */
export function appData(host: Host): string {
  return host.env.APPDATA || join(host.home, "AppData", "Roaming");
}

/**
 * The per-user application config folder: `%APPDATA%` on Windows, `~/Library/Application Support`
 * on macOS, the XDG config home elsewhere (the folders Electron apps such as Claude Desktop and
 * VS Code use).
 */
export function userConfigDir(host: Host): string {
  if (host.platform === "win32") return appData(host);
  if (host.platform === "darwin") return join(host.home, "Library", "Application Support");
  return xdgConfigHome(host);
}

/** `dir` resolved against the host's working directory. */
export function resolveDir(host: Host, dir: string | undefined): string {
  return dir ? resolve(host.cwd, dir) : host.cwd;
}
