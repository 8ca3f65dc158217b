import { createHash } from "node:crypto";

/** The separator between server and tool in a proxied tool's name, as in Coder's agent. */
export const PROXY_NAME_SEPARATOR = "__";

/** The longest tool name clients accept (OpenAI, Anthropic and most MCP clients). */
export const MAX_TOOL_NAME_LENGTH = 64;

/**
 * Names the tools of several servers as `<server>__<tool>`, so that every name is valid for
 * function-calling APIs (`[A-Za-z0-9_-]`, at most 64 characters) and unique, and the original pair
 * can always be found again ({@link ProxyToolNames.resolve}). A name that needs no change is used
 * as it is; one with other characters, or too long, is cut and ends in `_` and 8 hex digits of a
 * hash of the original pair, which keeps it stable across restarts and unique in practice (a
 * collision still gets a counter).
 */
export class ProxyToolNames {
  readonly #byName = new Map<string, { server: string; tool: string }>();
  readonly #byPair = new Map<string, string>();

  /** The proxied name of `tool` on `server` (the same name every time for the same pair). */
  name(server: string, tool: string): string {
    const key = JSON.stringify([server, tool]);
    const known = this.#byPair.get(key);
    if (known) return known;
    const plain = `${server}${PROXY_NAME_SEPARATOR}${tool}`;
    let name = plain;
    if (!/^[A-Za-z0-9_-]+$/.test(plain) || plain.length > MAX_TOOL_NAME_LENGTH || this.#byName.has(plain)) {
      const hash = createHash("sha256").update(key).digest("hex").slice(0, 8);
      const safe = plain.replace(/[^A-Za-z0-9_-]/g, "_");
      name = `${safe.slice(0, MAX_TOOL_NAME_LENGTH - 9)}_${hash}`;
      for (let n = 2; this.#byName.has(name); n++) {
        const suffix = `_${hash}${n}`;
        name = `${safe.slice(0, MAX_TOOL_NAME_LENGTH - suffix.length)}${suffix}`;
      }
    }
    this.#byName.set(name, { server, tool });
    this.#byPair.set(key, name);
    return name;
  }

  /** The server and tool behind a proxied name, or `undefined` for a name this object never gave. */
  resolve(name: string): { server: string; tool: string } | undefined {
    return this.#byName.get(name);
  }
}
