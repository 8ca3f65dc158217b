/** A `fetch` as the MCP SDK's HTTP transports take it. */
export type FetchLike = (url: string | URL, init?: RequestInit) => Promise<Response>;

const MAX_REDIRECTS = 5;

/**
 * A `fetch` for one configured server: it adds the configured `headers` only to requests for the
 * server's own origin, follows redirects itself within that origin, and refuses a redirect to any
 * other origin (which would otherwise carry the request, and a browser-less client's headers, to a
 * host nobody configured). Requests to another origin (an SSE endpoint elsewhere) go out without
 * the configured headers.
 */
export function originBoundFetch(
  serverUrl: string,
  headers: Readonly<Record<string, string>> = {},
): FetchLike {
  const origin = new URL(serverUrl).origin;
  return async (input, init = {}) => {
    let url = new URL(String(input));
    let current: RequestInit = { ...init };
    for (let hop = 0; ; hop++) {
      const merged = new Headers(current.headers);
      if (url.origin === origin) {
        for (const [key, value] of Object.entries(headers)) if (!merged.has(key)) merged.set(key, value);
      }
      const response = await fetch(url, { ...current, headers: merged, redirect: "manual" });
      const location = response.headers.get("location");
      if (response.status < 300 || response.status >= 400 || !location) return response;
      const next = new URL(location, url);
      if (next.origin !== url.origin) {
        await response.body?.cancel().catch(() => {});
        throw new Error(`refused a redirect from ${url.origin} to another origin (${next.origin})`);
      }
      if (hop >= MAX_REDIRECTS) throw new Error(`too many redirects (more than ${MAX_REDIRECTS})`);
      await response.body?.cancel().catch(() => {});
      // 303, and 301/302 after a POST, turn into a GET without a body, as browsers do.
      if (
        response.status === 303 ||
        ((response.status === 301 || response.status === 302) && current.method === "POST")
      ) {
        const { body: _body, ...rest } = current;
        current = { ...rest, method: "GET" };
      }
      url = next;
    }
  };
}
