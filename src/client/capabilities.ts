import type { ChatsApiPrefix } from "./chats.js";
import type { CoderClient } from "./coder-client.js";
import { CoderApiError } from "./errors.js";
import type { CallOptions } from "./http.js";
import { ZERO_UUID } from "./models/common.js";

/**
 * Which API families a deployment can serve, so tools that can only fail there are not offered.
 * Coder removed the Tasks API after about v2.36 and moved chats from `/api/experimental` to
 * `/api/v2` at the same time.
 */
export interface CoderCapabilities {
  /** The Tasks API (`/api/v2/tasks`): Coder v2.2x–v2.36; gone from current Coder. */
  tasks: boolean;
  /** Where Coder Agents chats are served, or `null` when they are not. */
  chats: ChatsApiPrefix | null;
  /** The wildcard host for subdomain apps (what port forwarding needs), or `null` when there is none. */
  appHost: string | null;
}

const cache = new WeakMap<CoderClient, Promise<CoderCapabilities>>();

/** coderd answers a route it does not have with 404 and exactly this message (httpapi.RouteNotFound). */
function isRouteNotFound(error: unknown): boolean {
  return error instanceof CoderApiError && error.status === 404 && error.message === "Route not found.";
}

/**
 * Does `/api/v2/tasks` exist? Asking for the zero task of `me` is the cheapest question: a
 * deployment with the API answers "not found" for the task (or refuses it), one without answers
 * "Route not found." like any unknown path.
 */
async function hasTasksApi(client: CoderClient): Promise<boolean> {
  try {
    await client.tasks.get("me", ZERO_UUID);
    return true;
  } catch (error) {
    if (isRouteNotFound(error)) return false;
    if (error instanceof CoderApiError && error.status !== 401) return true;
    throw error;
  }
}

/**
 * Find out once per client which API families the deployment serves: the Tasks API, chats (and
 * under which prefix) and an app host for port forwarding. Three cheap GETs, run together; the
 * answer is cached for the client's lifetime. A failure (401, network) is thrown and not cached.
 *
 * @example
 * ```ts
 * const caps = await detectCapabilities(coder);
 * if (!caps.tasks) console.log("this deployment uses Coder Agents chats, not tasks");
 * ```
 */
export function detectCapabilities(
  client: CoderClient,
  options: CallOptions = {},
): Promise<CoderCapabilities> {
  let found = cache.get(client);
  if (!found) {
    found = (async () => {
      const [tasks, chats, host] = await Promise.all([
        hasTasksApi(client),
        client.chats.apiPrefix(),
        client.applications.host(),
      ]);
      return { tasks, chats, appHost: host.host ? host.host : null };
    })();
    cache.set(client, found);
    const attempt = found;
    attempt.catch(() => {
      if (cache.get(client) === attempt) cache.delete(client);
    });
  }
  const signal = options.signal;
  if (!signal) return found;
  signal.throwIfAborted();
  // The probes go on for the next caller; this caller stops waiting.
  return Promise.race([
    found,
    new Promise<never>((_, reject) =>
      signal.addEventListener("abort", () => reject(signal.reason), { once: true }),
    ),
  ]);
}
