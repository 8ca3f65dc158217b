import type { FakeCoder } from "../../src/testing/index.js";

/** An RFC 3339 timestamp as coderd writes them, e.g. `2025-01-01T00:00:00.123456Z`. */
export const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** The JSON error body coderd sends. */
export interface ErrorBody {
  message: string;
  detail?: string;
  validations?: { field: string; detail: string }[];
}

export interface ApiResult<T> {
  status: number;
  body: T;
  headers: Headers;
}

/** A tiny JSON client over `fake.fetch` (or any fetch) that never throws on HTTP errors. */
export function apiClient(fetcher: typeof fetch | FakeCoder["fetch"], baseUrl: string, token?: string) {
  return async function api<T = ErrorBody>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<ApiResult<T>> {
    const headers: Record<string, string> = {};
    if (token) headers["Coder-Session-Token"] = token;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const res = await fetcher(`${baseUrl}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
  };
}

/** Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error("waitFor timed out");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
