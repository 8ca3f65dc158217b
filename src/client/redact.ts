/**
 * Secret redaction shared by every error and log path. A Coder API key has the form
 * `<10-char id>-<22-char secret>`; agent tokens and OAuth tokens are opaque, so callers also pass
 * the exact secrets they know about.
 */

// The look-arounds keep it from matching inside longer alphanumeric runs, where it is not a key. A
// percent-escape (`%22`, `%2F`, `%20`) ends in a hex digit yet is a boundary: URLs in error texts
// quote values that way (`q=owner%3A%22<key>%22`).
const API_KEY_PATTERN =
  /(?:(?<![A-Za-z0-9])|(?<=%[0-9A-Fa-f]{2}))[A-Za-z0-9]{10}-[A-Za-z0-9]{22}(?![A-Za-z0-9])/g;
const TOKEN_QUERY_PATTERN = /([?&](?:coder_session_token|coder_signed_app_token_[a-z0-9]+)=)[^&#\s]*/gi;

/** Options for a client's `redact()`. */
export interface RedactOptions {
  /**
   * Also replace anything shaped like a Coder API key and tokens in URL queries (default `true`).
   * `false` replaces only the client's own tokens, for data where a lookalike may be real content.
   */
  heuristics?: boolean;
}

/** The text that replaces a secret. */
export const REDACTED = "[REDACTED]";

/**
 * Replace every occurrence of the given secrets, anything shaped like a Coder API key, and any
 * token passed in a URL query, with {@link REDACTED}.
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  return redactExact(text, secrets)
    .replace(API_KEY_PATTERN, REDACTED)
    .replace(TOKEN_QUERY_PATTERN, `$1${REDACTED}`);
}

/**
 * Replace only the given secrets with {@link REDACTED}, leaving token-shaped text alone: for data
 * (tool results, logs) where a heuristic match could corrupt a real value.
 */
export function redactExact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    // Very short values would redact ordinary words; real tokens are long.
    if (secret && secret.length >= 8 && out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}
