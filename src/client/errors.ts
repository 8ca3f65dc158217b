import { brandedGuard } from "./brand.js";

/** One per-field validation failure, as Coder reports it (`codersdk.ValidationError`). */
export interface CoderValidation {
  field: string;
  detail: string;
}

/** The body Coder sends with errors (`codersdk.Response`). */
export interface CoderResponseBody {
  message: string;
  detail?: string;
  validations?: CoderValidation[];
}

/** Fields shared by every error that belongs to one HTTP request (the constructors' `init`). */
export interface CoderRequestInfo {
  /** HTTP method, upper case. */
  method: string;
  /** The request URL with any token in its query redacted. */
  url: string;
}

/** Base class of every error this client throws, so callers can catch them in one place. */
export class CoderError extends Error {
  override name = "CoderError";
}

/**
 * Base class of the errors that belong to one request: they carry its method and (redacted) URL,
 * and serialize to a plain object with those, the message, and each subclass's own fields.
 */
export abstract class CoderRequestError extends CoderError {
  /** HTTP method, upper case. */
  readonly method: string;
  /** Request URL (tokens in the query are redacted). */
  readonly url: string;

  protected constructor(init: CoderRequestInfo, message: string, options?: ErrorOptions) {
    super(message, options);
    this.method = init.method;
    this.url = init.url;
  }

  /** A plain object for logs and tool results. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      method: this.method,
      url: this.url,
      message: this.message,
      ...this.jsonFields(),
    };
  }

  /** The subclass's own fields for {@link toJSON}, leaving out empty ones. */
  protected jsonFields(): Record<string, unknown> {
    return {};
  }
}

/**
 * Coder answered with a non-2xx status. `message` is Coder's own sentence; `detail` and
 * `validations` carry the rest of its error body. Non-JSON and empty bodies are mapped the way
 * Coder's Go SDK maps them (`ReadBodyAsError`), so `message` is always set.
 */
export class CoderApiError extends CoderRequestError {
  override name = "CoderApiError";
  /** HTTP status code. */
  readonly status: number;
  /** Coder's technical detail, often a Go error string. */
  readonly detail: string | undefined;
  /** Per-field validation failures; empty when Coder sent none. */
  readonly validations: CoderValidation[];
  /** Extra advice added by the client, e.g. for 401. */
  readonly helper: string | undefined;

  constructor(init: CoderRequestInfo & { status: number; body: CoderResponseBody; helper?: string }) {
    super(init, init.body.message);
    this.status = init.status;
    this.detail = init.body.detail || undefined;
    this.validations = init.body.validations ?? [];
    this.helper = init.helper;
  }

  /** Go-SDK style multi-line description: request, status, message, detail, validations. */
  override toString(): string {
    let out = `${this.name}: ${this.method} ${this.url}: unexpected status code ${this.status}: ${this.message}`;
    if (this.helper) out += `: ${this.helper}`;
    if (this.detail) out += `\n\tError: ${this.detail}`;
    for (const v of this.validations) out += `\n\t${v.field}: ${v.detail}`;
    return out;
  }

  protected override jsonFields(): Record<string, unknown> {
    return {
      status: this.status,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(this.validations.length ? { validations: this.validations } : {}),
      ...(this.helper ? { helper: this.helper } : {}),
    };
  }
}

/** The request never got an HTTP response: connection refused or reset, DNS failure, TLS error. */
export class CoderNetworkError extends CoderRequestError {
  override name = "CoderNetworkError";

  constructor(init: CoderRequestInfo & { cause: unknown }) {
    super(init, `${init.method} ${init.url}: request failed: ${describeCause(init.cause)}`, {
      cause: init.cause,
    });
  }
}

/** No response arrived within the client's `timeoutMs`. */
export class CoderTimeoutError extends CoderRequestError {
  override name = "CoderTimeoutError";
  /** The per-attempt timeout that ran out. */
  readonly timeoutMs: number;

  constructor(init: CoderRequestInfo & { timeoutMs: number }) {
    super(init, `${init.method} ${init.url}: timed out after ${init.timeoutMs} ms`);
    this.timeoutMs = init.timeoutMs;
  }

  protected override jsonFields(): Record<string, unknown> {
    return { timeoutMs: this.timeoutMs };
  }
}

/**
 * Coder answered 2xx but the body is not what the endpoint promises: not JSON, or missing a
 * required field. Usually a proxy in the way or a server far older than this client.
 */
export class CoderResponseError extends CoderRequestError {
  override name = "CoderResponseError";
  /** Dotted paths of the fields that failed, e.g. `workspaces.0.latest_build.id`. */
  readonly fields: string[];

  constructor(init: CoderRequestInfo & { problem: string; fields?: string[] }) {
    super(init, `${init.method} ${init.url}: unexpected response: ${init.problem}`);
    this.fields = init.fields ?? [];
  }

  protected override jsonFields(): Record<string, unknown> {
    return { fields: this.fields };
  }

  /** The error for a body that failed schema validation, naming up to five failing fields. */
  static fromIssues(
    init: CoderRequestInfo,
    issues: readonly { path: readonly PropertyKey[]; message: string }[],
  ): CoderResponseError {
    const paths = issues.map((issue) => issue.path.map(String).join(".") || "(root)");
    const problem = issues
      .slice(0, 5)
      .map((issue, i) => `${paths[i]}: ${issue.message}`)
      .join("; ");
    return new CoderResponseError({ ...init, problem, fields: paths });
  }
}

/** Client misconfiguration found before any request: a bad URL, a missing token. */
export class CoderConfigError extends CoderError {
  override name = "CoderConfigError";
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    const inner = cause.cause instanceof Error ? `: ${cause.cause.message}` : "";
    return `${cause.message}${inner}${typeof code === "string" ? ` (${code})` : ""}`;
  }
  return String(cause);
}

/**
 * A log-follow (or other) WebSocket failed: the upgrade was refused for a reason other than a Coder
 * error response, or the connection closed abnormally mid-stream. Coder's own refusals (401, 404, …)
 * are reported as {@link CoderApiError} instead.
 */
export class CoderWebSocketError extends CoderRequestError {
  override name = "CoderWebSocketError";
  /** HTTP status of a refused upgrade, when it could be learned. */
  readonly status: number | undefined;
  /** WebSocket close code, when the socket was open and then closed abnormally. */
  readonly closeCode: number | undefined;
  /** WebSocket close reason sent by the server, if any. */
  readonly closeReason: string | undefined;

  constructor(
    init: CoderRequestInfo & {
      problem: string;
      status?: number;
      closeCode?: number;
      closeReason?: string;
      cause?: unknown;
    },
  ) {
    super(
      init,
      `${init.method} ${init.url}: ${init.problem}`,
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    this.status = init.status;
    this.closeCode = init.closeCode;
    this.closeReason = init.closeReason;
  }

  protected override jsonFields(): Record<string, unknown> {
    return {
      ...(this.status === undefined ? {} : { status: this.status }),
      ...(this.closeCode === undefined ? {} : { closeCode: this.closeCode }),
      ...(this.closeReason ? { closeReason: this.closeReason } : {}),
    };
  }
}

// The guards below work like `instanceof` but also across copies of this package (ESM and CJS,
// or two versions), where `instanceof` answers false.

/** Whether `value` is a {@link CoderError} (any error this client throws), from any copy of the package. */
export const isCoderError: (value: unknown) => value is CoderError = brandedGuard(CoderError, "CoderError");

/** Whether `value` is a {@link CoderRequestError} (an error tied to one request), from any copy of the package. */
export const isCoderRequestError: (value: unknown) => value is CoderRequestError = brandedGuard(
  CoderRequestError,
  "CoderRequestError",
);

/** Whether `value` is a {@link CoderApiError} (Coder answered with an error status), from any copy of the package. */
export const isCoderApiError: (value: unknown) => value is CoderApiError = brandedGuard(
  CoderApiError,
  "CoderApiError",
);

/** Whether `value` is a {@link CoderNetworkError}, from any copy of the package. */
export const isCoderNetworkError: (value: unknown) => value is CoderNetworkError = brandedGuard(
  CoderNetworkError,
  "CoderNetworkError",
);

/** Whether `value` is a {@link CoderTimeoutError}, from any copy of the package. */
export const isCoderTimeoutError: (value: unknown) => value is CoderTimeoutError = brandedGuard(
  CoderTimeoutError,
  "CoderTimeoutError",
);

/** Whether `value` is a {@link CoderResponseError}, from any copy of the package. */
export const isCoderResponseError: (value: unknown) => value is CoderResponseError = brandedGuard(
  CoderResponseError,
  "CoderResponseError",
);

/** Whether `value` is a {@link CoderConfigError}, from any copy of the package. */
export const isCoderConfigError: (value: unknown) => value is CoderConfigError = brandedGuard(
  CoderConfigError,
  "CoderConfigError",
);

/** Whether `value` is a {@link CoderWebSocketError}, from any copy of the package. */
export const isCoderWebSocketError: (value: unknown) => value is CoderWebSocketError = brandedGuard(
  CoderWebSocketError,
  "CoderWebSocketError",
);
