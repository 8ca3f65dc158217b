import { CoderApiError } from "../../client/errors.js";
import { ToolError } from "../framework/errors.js";

/**
 * Turn Coder's 404 for a resource the model named into a {@link ToolError} (`context: Coder's
 * message`) with a hint naming the call that finds a good id. Any other error is returned unchanged.
 */
export function explainNotFound(error: unknown, context: string, hint: string): unknown {
  if (error instanceof CoderApiError && error.status === 404) {
    return new ToolError(`${context}: ${error.message}`, { hint, cause: error });
  }
  return error;
}

/**
 * Put `prefix: ` in front of a Coder API error's message, as Go's toolsdk wraps the steps of a
 * multi-request tool, while keeping its status, detail and validations. Other errors pass as is.
 */
export function prefixApiError(prefix: string, error: unknown): unknown {
  if (!(error instanceof CoderApiError)) return error;
  const wrapped = new CoderApiError({
    method: error.method,
    url: error.url,
    status: error.status,
    body: { message: `${prefix}: ${error.message}`, detail: error.detail, validations: error.validations },
    ...(error.helper ? { helper: error.helper } : {}),
  });
  return wrapped;
}
