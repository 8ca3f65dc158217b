/**
 * Token redaction for tool error texts. Errors echo request URLs, server details and argument
 * values back to the model, and a session token must never travel that way. (The client redacts
 * its own errors too; this is the last line before text leaves the tool layer.)
 */

// A Coder API key: a 10-character id, a dash, a 22-character secret. The look-arounds keep it from
// matching inside longer alphanumeric runs, where it would not be a key.
const SESSION_TOKEN = /(?<![A-Za-z0-9])[A-Za-z0-9]{10}-[A-Za-z0-9]{22}(?![A-Za-z0-9])/g;

/** What a redacted token is replaced with. */
export const REDACTED_TOKEN = "[REDACTED]";

/** Replace everything shaped like a Coder session token with {@link REDACTED_TOKEN}. */
export function redactTokens(text: string): string {
  return text.replace(SESSION_TOKEN, REDACTED_TOKEN);
}
