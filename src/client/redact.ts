/**
 * Secret redaction shared by every error and log path. A Coder API key has the form
 * `<10-char id>-<22-char secret>`; agent tokens and OAuth tokens are opaque, so callers also pass
 * the exact secrets they know about.
 */

const API_KEY_PATTERN = /\b[a-zA-Z0-9]{10}-[a-zA-Z0-9]{22}\b/g;
const TOKEN_QUERY_PATTERN = /([?&](?:coder_session_token|coder_signed_app_token_[a-z0-9]+)=)[^&#\s]*/gi;

/** The text that replaces a secret. */
export const REDACTED = "[REDACTED]";

/**
 * Replace every occurrence of the given secrets, anything shaped like a Coder API key, and any
 * token passed in a URL query, with {@link REDACTED}.
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    // Very short values would redact ordinary words; real tokens are long.
    if (secret && secret.length >= 8) out = out.split(secret).join(REDACTED);
  }
  return out.replace(API_KEY_PATTERN, REDACTED).replace(TOKEN_QUERY_PATTERN, `$1${REDACTED}`);
}
