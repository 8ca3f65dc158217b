export * from "./agent-client.js";
export * from "./coder-client.js";
export * from "./config.js";
export * from "./errors.js";
export type { CallOptions, ClientHooks, HttpClientOptions, Query, RetryOptions, TokenProvider } from "./http.js";
export { REDACTED, redactSecrets } from "./redact.js";
