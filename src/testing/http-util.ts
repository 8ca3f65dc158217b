/** One field error, as `codersdk.ValidationError`. */
export interface ValidationError {
  field: string;
  detail: string;
}

/** Coder's error and message body (`codersdk.Response`). */
export interface CoderResponse {
  message: string;
  detail?: string;
  validations?: ValidationError[];
}

/** httpapi.ResourceNotFound's message: the same for missing and hidden resources. */
export const RESOURCE_NOT_FOUND = "Resource not found or you do not have access to this resource";

/** Thrown by route handlers; the router turns it into a JSON error response. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: CoderResponse,
  ) {
    super(body.message);
  }
}

/** Builds an HttpError with a `codersdk.Response` body; empty fields are left out. */
export function coderError(
  status: number,
  message: string,
  detail?: string,
  validations?: ValidationError[],
): HttpError {
  const body: CoderResponse = { message };
  if (detail) body.detail = detail;
  if (validations && validations.length > 0) body.validations = validations;
  return new HttpError(status, body);
}

/** httpapi.ResourceNotFound. */
export const notFound = (): HttpError => coderError(404, RESOURCE_NOT_FOUND);

/** httpapi.Forbidden in current coderd carries this detail. */
export const forbidden = (): HttpError =>
  coderError(
    403,
    "Forbidden.",
    "You don't have permission to view this content. If you believe this is a mistake, please contact your administrator or try signing in with different credentials.",
  );

/** httpapi.Write: tab-indented JSON with a trailing newline and this content type. */
export function jsonResponse(status: number, body: unknown, headers?: Record<string, string>): Response {
  return new Response(`${JSON.stringify(body, null, "\t")}\n`, {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

/** An empty response, 204 unless told otherwise. */
export const noContent = (status = 204): Response => new Response(null, { status });

/** go-playground/validator's message as coderd formats it. */
export const validationDetail = (tag: string, value: unknown): string =>
  `Validation failed for tag "${tag}" with value: "${value === undefined || value === null ? "" : String(value)}"`;

/** httpapi.Read's 400 for a body that fails struct validation. */
export const validationFailed = (validations: ValidationError[]): HttpError =>
  coderError(400, "Validation failed.", undefined, validations);

/** A decoded JSON request body. */
export type JsonObject = Record<string, unknown>;

/** httpapi.Read's decode step: anything but a JSON object is a 400 like Go's decoder error. */
export async function readJsonBody(request: Request): Promise<JsonObject> {
  const text = await request.text();
  if (text.trim() === "") throw coderError(400, "Request body must be valid JSON.", "EOF");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw coderError(400, "Request body must be valid JSON.", (err as Error).message);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw coderError(
      400,
      "Request body must be valid JSON.",
      "json: cannot unmarshal into Go value of type struct",
    );
  }
  return parsed as JsonObject;
}

const goTypeOf = (value: unknown): string =>
  Array.isArray(value)
    ? "array"
    : value === null
      ? "null"
      : typeof value === "object"
        ? "object"
        : typeof value;

function typeError(struct: string, key: string, value: unknown, goType: string): HttpError {
  return coderError(
    400,
    "Request body must be valid JSON.",
    `json: cannot unmarshal ${goTypeOf(value)} into Go struct field ${struct}.${key} of type ${goType}`,
  );
}

/** Typed readers that fail the way Go's json decoder does when a field has the wrong type. */
export const field = {
  string(body: JsonObject, key: string, struct: string): string | undefined {
    const value = body[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") throw typeError(struct, key, value, "string");
    return value;
  },
  number(body: JsonObject, key: string, struct: string): number | undefined {
    const value = body[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "number") throw typeError(struct, key, value, "int64");
    return value;
  },
  boolean(body: JsonObject, key: string, struct: string): boolean | undefined {
    const value = body[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "boolean") throw typeError(struct, key, value, "bool");
    return value;
  },
  params(body: JsonObject, key: string, struct: string): { name: string; value: string }[] | undefined {
    const value = body[key];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) throw typeError(struct, key, value, "[]codersdk.WorkspaceBuildParameter");
    return value.map((item) => {
      const entry = (item ?? {}) as JsonObject;
      const name = entry.name;
      const val = entry.value;
      if (typeof name !== "string" || (val !== undefined && typeof val !== "string")) {
        throw typeError("WorkspaceBuildParameter", "value", val, "string");
      }
      return { name, value: val ?? "" };
    });
  },
};

/**
 * What coderd answers a `?follow` request that is not a WebSocket handshake: coder/websocket's
 * Accept writes a 426 text error, then coderd's handler appends its JSON error to the same body.
 */
export function upgradeRequired(request: Request, path: string): Response {
  const connection = request.headers.get("connection") ?? "";
  const wsError = `WebSocket protocol violation: Connection header "${connection}" does not contain Upgrade`;
  const message = path.endsWith("/pty")
    ? "Failed to accept websocket."
    : path.includes("workspaceagents")
      ? "Failed to upgrade connection to websocket."
      : "Failed to accept websocket.";
  const json = `${JSON.stringify({ message, detail: `failed to accept WebSocket: ${wsError}` }, null, "\t")}\n`;
  return new Response(`${wsError}\n${json}`, {
    status: 426,
    headers: {
      "content-type": "text/plain; charset=utf-8",
      "x-content-type-options": "nosniff",
      connection: "Upgrade",
      upgrade: "websocket",
    },
  });
}
