import ky, { isHTTPError, isNetworkError, isTimeoutError, type KyInstance } from "ky";
import type { z } from "zod";
import { VERSION } from "../version.js";
import {
  CoderApiError,
  CoderConfigError,
  CoderNetworkError,
  type CoderResponseBody,
  CoderResponseError,
  CoderTimeoutError,
} from "./errors.js";
import { redactSecrets } from "./redact.js";

/**
 * Supplies the session token before every attempt (retries included), so it can be rotated without
 * a new client.
 */
export type TokenProvider = () => string | Promise<string>;

/** Retry policy. Only idempotent methods (GET, HEAD, PUT, DELETE) are ever retried. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 2; 0 disables retries. */
  limit?: number;
  /** Upper bound for a `Retry-After` wait, in ms. Default 30 000. */
  maxRetryAfterMs?: number;
  /** Upper bound for the exponential back-off between attempts, in ms. Default 5 000. */
  backoffLimitMs?: number;
}

/**
 * Observers called around every HTTP request, e.g. for logging or metrics. The lists are read when
 * the client is built. Only given hooks cost anything: without `afterResponse` hooks no response is
 * cloned for them.
 */
export interface ClientHooks {
  /** Called before each attempt. The request carries the token header: do not log headers verbatim. */
  beforeRequest?: ((request: Request) => void | Promise<void>)[];
  /** Called after each attempt that got a response, including ones that will be retried. */
  afterResponse?: ((request: Request, response: Response) => void | Promise<void>)[];
}

/** Options shared by {@link CoderClient} and {@link AgentClient}. */
export interface HttpClientOptions {
  /** Deployment URL, e.g. `https://coder.example.com`. */
  url: string | URL;
  /** Session or API token, sent as `Coder-Session-Token`. */
  token?: string;
  /** Alternative to `token`: called before every attempt, retries included. */
  tokenProvider?: TokenProvider;
  /** A `fetch` implementation; defaults to the global one. */
  fetch?: typeof fetch;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
  /** Per-attempt timeout in ms. Default 30 000. `false` disables it. */
  timeoutMs?: number | false;
  /** Retry policy for idempotent requests. `false` disables retries. */
  retry?: RetryOptions | false;
  /** `User-Agent` header. Default `coder-toolsdk/<version>`. */
  userAgent?: string;
  /** Request observers. */
  hooks?: ClientHooks;
}

/** Query parameters; `undefined` values are left out. */
export type Query = Record<string, string | number | boolean | undefined>;

/** Per-call options accepted by every client method. */
export interface CallOptions {
  /** Cancels the request (and any retries) when aborted. */
  signal?: AbortSignal;
}

/** Options for one request made with `client.request` or `client.requestRaw`. */
export interface RequestOptions extends CallOptions {
  /** Query parameters, appended to the path. */
  query?: Query;
  /** A body sent as JSON (with `Content-Type: application/json`). */
  json?: unknown;
  /** A raw body, e.g. the bytes of a file upload; use either this or `json`. */
  body?: BodyInit;
  /** Extra headers for this request, on top of the client's. */
  headers?: Record<string, string>;
}

const SESSION_HEADER = "Coder-Session-Token";
const IDEMPOTENT = ["get", "head", "put", "delete"];
/** How many tokens from a `tokenProvider` are remembered for redaction (rotation keeps a few alive). */
const REMEMBERED_TOKENS = 8;

/** An error body labelled JSON that does not parse; kept so the error can show what came back. */
class UnparsedJson {
  constructor(readonly text: string) {}
}

/**
 * The HTTP layer every endpoint group uses: base URL, auth, timeouts, retries, error mapping and
 * response validation. Internal; endpoint groups expose typed methods on top of it.
 */
export class HttpCore {
  /** Deployment URL without a trailing slash. */
  readonly baseUrl: string;
  readonly #ky: KyInstance;
  readonly #options: HttpClientOptions;
  readonly #timeoutMs: number | false;
  /** Recent tokens returned by `tokenProvider`, newest last. */
  readonly #providedTokens: string[] = [];

  constructor(options: HttpClientOptions) {
    this.#options = options;
    this.baseUrl = normalizeBaseUrl(options.url);
    validateOptions(options);
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    const retry = options.retry === false ? { limit: 0 } : options.retry;
    const hooks = options.hooks ?? {};
    // Copied once: hooks are fixed when the client is built, like the rest of its options.
    const afterResponse = [...(hooks.afterResponse ?? [])];
    // ky runs `beforeRequest` once per call and `beforeRetry` before each further attempt; both
    // set the (possibly rotated) token and call the user's hooks, so those see every attempt.
    const prepare = async (request: Request): Promise<void> => {
      const token = await this.token();
      if (token) request.headers.set(SESSION_HEADER, token);
      for (const hook of hooks.beforeRequest ?? []) await hook(request);
    };
    this.#ky = ky.create({
      baseUrl: `${this.baseUrl}/`,
      fetch: options.fetch,
      timeout: this.#timeoutMs,
      headers: {
        Accept: "application/json",
        "User-Agent": options.userAgent ?? `coder-toolsdk/${VERSION}`,
        ...options.headers,
      },
      retry: {
        limit: retry?.limit ?? 2,
        methods: IDEMPOTENT,
        statusCodes: [408, 429, 500, 502, 503, 504],
        afterStatusCodes: [429, 503],
        maxRetryAfter: retry?.maxRetryAfterMs ?? 30_000,
        backoffLimit: retry?.backoffLimitMs ?? 5_000,
      },
      // Keep a malformed error body instead of letting ky drop it (it would read as "empty").
      parseJson: (text) => {
        try {
          return JSON.parse(text);
        } catch {
          return new UnparsedJson(text);
        }
      },
      hooks: {
        beforeRequest: [({ request }) => prepare(request)],
        beforeRetry: [({ request }) => prepare(request)],
        // ky clones every response for each afterResponse hook (the clone tees the body), so one
        // is installed only when the user gave hooks to call.
        ...(afterResponse.length > 0
          ? {
              afterResponse: [
                async ({ request, response }: { request: Request; response: Response }) => {
                  for (const hook of afterResponse) await hook(request, response);
                },
              ],
            }
          : {}),
      },
    });
  }

  /** The current token, from `token` or `tokenProvider`. */
  async token(): Promise<string | undefined> {
    if (!this.#options.tokenProvider) return this.#options.token;
    const token = await this.#options.tokenProvider();
    if (token && !this.#providedTokens.includes(token)) {
      this.#providedTokens.push(token);
      if (this.#providedTokens.length > REMEMBERED_TOKENS) this.#providedTokens.shift();
    }
    return token;
  }

  /** Secrets known to this client, for redaction: the fixed token and recent provider tokens. */
  knownSecrets(): string[] {
    return [...(this.#options.token ? [this.#options.token] : []), ...this.#providedTokens];
  }

  /** Absolute URL for an API path (`/users/me` → `<base>/api/v2/users/me`; `/api/…` is kept). */
  url(path: string, query?: Query): URL {
    const full = path.startsWith("/api/") ? path : `/api/v2${path.startsWith("/") ? "" : "/"}${path}`;
    const url = new URL(`${this.baseUrl}${full}`);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    return url;
  }

  /** Make a request and parse its JSON body with `schema`. */
  async json<S extends z.ZodType>(
    method: string,
    path: string,
    schema: S,
    options: RequestOptions = {},
  ): Promise<z.output<S>> {
    const response = await this.raw(method, path, options);
    const url = this.#safe(response.url || this.url(path, options.query).href);
    const text = await response.text();
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new CoderResponseError({
        method,
        url,
        problem: text.length === 0 ? "empty body where JSON was expected" : "body is not valid JSON",
      });
    }
    const parsed = schema.safeParse(data);
    if (!parsed.success) throw CoderResponseError.fromIssues({ method, url }, parsed.error.issues);
    return parsed.data;
  }

  /** Make a request whose success body is ignored. */
  async void(method: string, path: string, options: RequestOptions = {}): Promise<void> {
    const response = await this.raw(method, path, options);
    await response.body?.cancel();
  }

  /** Make a request and return the successful `Response` unread. Errors are mapped. */
  async raw(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const url = this.url(path, options.query);
    const upper = method.toUpperCase();
    try {
      // Only pass what is set: ky merges per-call options over the instance's, and an explicit
      // `headers: undefined` would drop the instance headers (User-Agent, Accept, custom ones).
      return await this.#ky(url, {
        method: upper,
        ...(options.json === undefined ? {} : { json: options.json }),
        ...(options.body === undefined ? {} : { body: options.body }),
        ...(options.headers === undefined ? {} : { headers: options.headers }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
    } catch (error) {
      throw await this.#mapError(error, upper, url.href, options.signal);
    }
  }

  #safe(url: string): string {
    return redactSecrets(url, this.knownSecrets());
  }

  async #mapError(error: unknown, method: string, rawUrl: string, signal?: AbortSignal): Promise<unknown> {
    const url = this.#safe(rawUrl);
    if (signal?.aborted) return signal.reason ?? error;
    if (isHTTPError(error)) {
      const { response } = error;
      const body = toResponseBody(response.status, response.headers.get("content-type"), error.data);
      return new CoderApiError({
        method,
        url,
        status: response.status,
        body: redactBody(body, this.knownSecrets()),
        helper: response.status === 401 ? "Try logging in using 'coder login'." : undefined,
      });
    }
    if (isTimeoutError(error)) {
      return new CoderTimeoutError({
        method,
        url,
        timeoutMs: this.#timeoutMs === false ? 0 : this.#timeoutMs,
      });
    }
    if (isNetworkError(error)) return new CoderNetworkError({ method, url, cause: error.cause ?? error });
    if (error instanceof DOMException && error.name === "AbortError") return error;
    // undici reports connection failures as `TypeError: fetch failed` with the reason as `cause`;
    // other TypeErrors are bugs and must not be disguised as network trouble.
    if (error instanceof TypeError && (error.message === "fetch failed" || error.cause !== undefined)) {
      return new CoderNetworkError({ method, url, cause: error });
    }
    return error;
  }
}

/** Map an error response to Coder's body shape, with the Go SDK's fallbacks for odd bodies. */
function toResponseBody(status: number, contentType: string | null, data: unknown): CoderResponseBody {
  const isJson = (contentType ?? "").toLowerCase().includes("application/json");
  if (!isJson) {
    const raw = typeof data === "string" ? data : "";
    return {
      message: `unexpected non-JSON response "${contentType ?? ""}"`,
      detail: raw.length === 0 ? "no response body" : truncate(raw, 2048),
    };
  }
  if (data instanceof UnparsedJson) {
    return {
      message: `unexpected status code ${status}, response body is not valid JSON`,
      detail: truncate(data.text, 1024),
    };
  }
  if (data === undefined || data === null || data === "") return { message: "empty response body" };
  if (typeof data === "object" && typeof (data as { message?: unknown }).message === "string") {
    const obj = data as { message: string; detail?: unknown; validations?: unknown };
    const validations = Array.isArray(obj.validations)
      ? obj.validations
          .filter((v): v is { field: unknown; detail: unknown } => typeof v === "object" && v !== null)
          .map((v) => ({ field: String(v.field ?? ""), detail: String(v.detail ?? "") }))
      : undefined;
    return {
      message: obj.message,
      detail: typeof obj.detail === "string" ? obj.detail : undefined,
      validations,
    };
  }
  return {
    message: `unexpected status code ${status}, response has no message`,
    detail: truncate(JSON.stringify(data), 1024),
  };
}

function redactBody(body: CoderResponseBody, secrets: string[]): CoderResponseBody {
  return {
    message: redactSecrets(body.message, secrets),
    detail: body.detail === undefined ? undefined : redactSecrets(body.detail, secrets),
    validations: body.validations?.map((v) => ({
      field: redactSecrets(v.field, secrets),
      detail: redactSecrets(v.detail, secrets),
    })),
  };
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}

const MAX_TIMER_MS = 2_147_483_647;

/** Reject option values that would otherwise surface later as confusing request failures. */
function validateOptions(options: HttpClientOptions): void {
  const bad = (field: string, expected: string, got: unknown) =>
    new CoderConfigError(`${field}: expected ${expected}, got ${JSON.stringify(got) ?? String(got)}`);
  const { timeoutMs, retry } = options;
  if (timeoutMs !== undefined && timeoutMs !== false) {
    if (
      typeof timeoutMs !== "number" ||
      !Number.isFinite(timeoutMs) ||
      timeoutMs <= 0 ||
      timeoutMs > MAX_TIMER_MS
    ) {
      throw bad("timeoutMs", `a number of milliseconds between 1 and ${MAX_TIMER_MS}, or false`, timeoutMs);
    }
  }
  if (retry !== undefined && retry !== false) {
    if (typeof retry !== "object" || retry === null) throw bad("retry", "an object or false", retry);
    if (retry.limit !== undefined && !(Number.isInteger(retry.limit) && retry.limit >= 0)) {
      throw bad("retry.limit", "a whole number ≥ 0", retry.limit);
    }
    for (const field of ["maxRetryAfterMs", "backoffLimitMs"] as const) {
      const value = retry[field];
      if (value !== undefined && !(typeof value === "number" && value >= 0 && !Number.isNaN(value))) {
        throw bad(`retry.${field}`, "a number of milliseconds ≥ 0", value);
      }
    }
  }
  if (options.token !== undefined && typeof options.token !== "string") {
    throw new CoderConfigError("token: expected a string");
  }
}

function normalizeBaseUrl(input: string | URL): string {
  let url: URL;
  try {
    url = new URL(String(input));
  } catch {
    throw new CoderConfigError(
      `url: "${String(input)}" is not a valid URL; expected e.g. https://coder.example.com`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new CoderConfigError(`url: protocol must be http: or https:, got ${url.protocol}`);
  }
  url.search = "";
  url.hash = "";
  return url.href.replace(/\/+$/, "");
}
