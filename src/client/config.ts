import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { CoderConfigError } from "./errors.js";

/** Environment variables, as in `process.env`. */
export type Env = Record<string, string | undefined>;

/** Where a setting came from, for error messages and diagnostics. */
export interface ResolvedUserConfig {
  url: string;
  token: string;
  /** `env` when both came from `CODER_URL`/`CODER_SESSION_TOKEN`, otherwise the CLI config dir. */
  source: "env" | string;
}

/**
 * The Coder CLI's config directory: `$CODER_CONFIG_DIR`, else the OS config dir + `coderv2`
 * (the CLI uses `configdir.LocalConfig("coderv2")`: XDG on Linux, Application Support on macOS,
 * %APPDATA% on Windows).
 */
export function coderConfigDir(env: Env = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.CODER_CONFIG_DIR) return env.CODER_CONFIG_DIR;
  const home = env.HOME || env.USERPROFILE || homedir();
  if (platform === "win32") return join(env.APPDATA || join(home, "AppData", "Roaming"), "coderv2");
  if (platform === "darwin") return join(home, "Library", "Application Support", "coderv2");
  return join(env.XDG_CONFIG_HOME || join(home, ".config"), "coderv2");
}

function readTrimmed(path: string): string | undefined {
  try {
    const text = readFileSync(path, "utf8").trim();
    return text.length > 0 ? text : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Resolve the deployment URL and session token: `CODER_URL` and `CODER_SESSION_TOKEN` first, then
 * the Coder CLI's stored login (`url` and `session` files). Each value falls back on its own.
 * Throws a {@link CoderConfigError} naming exactly what is missing and where it looked.
 */
export function resolveUserConfig(
  env: Env = process.env,
  platform: NodeJS.Platform = process.platform,
): ResolvedUserConfig {
  const dir = coderConfigDir(env, platform);
  const envUrl = env.CODER_URL?.trim() || undefined;
  const envToken = env.CODER_SESSION_TOKEN?.trim() || undefined;
  const url = envUrl ?? readTrimmed(join(dir, "url"));
  const token = envToken ?? readTrimmed(join(dir, "session"));
  const missing: string[] = [];
  if (!url)
    missing.push(`a deployment URL (set CODER_URL, or run \`coder login\` to create ${join(dir, "url")})`);
  if (!token) {
    missing.push(
      `a session token (set CODER_SESSION_TOKEN, or run \`coder login\` to create ${join(dir, "session")})`,
    );
  }
  if (!url || !token)
    throw new CoderConfigError(`Coder client configuration is incomplete: missing ${missing.join(" and ")}.`);
  return { url, token, source: envUrl && envToken ? "env" : dir };
}

/** Agent-token settings for code running inside a workspace. */
export interface ResolvedAgentConfig {
  url: string;
  token: string;
}

/**
 * Resolve `CODER_AGENT_URL` and `CODER_AGENT_TOKEN` (or the file named by `CODER_AGENT_TOKEN_FILE`).
 * Throws a {@link CoderConfigError} naming what is missing.
 */
export function resolveAgentConfig(env: Env = process.env): ResolvedAgentConfig {
  const url = env.CODER_AGENT_URL?.trim() || undefined;
  let token = env.CODER_AGENT_TOKEN?.trim() || undefined;
  const file = env.CODER_AGENT_TOKEN_FILE?.trim() || undefined;
  if (!token && file) {
    token = readTrimmed(file);
    if (!token)
      throw new CoderConfigError(`CODER_AGENT_TOKEN_FILE points at ${file}, which is missing or empty.`);
  }
  const missing: string[] = [];
  if (!url) missing.push("CODER_AGENT_URL");
  if (!token) missing.push("CODER_AGENT_TOKEN (or CODER_AGENT_TOKEN_FILE)");
  if (!url || !token)
    throw new CoderConfigError(`Agent client configuration is incomplete: set ${missing.join(" and ")}.`);
  return { url, token };
}
