/**
 * `coder-toolsdk/models`: zod schemas (and their inferred types) for the Coder resources the client
 * reads and writes, for code that validates Coder JSON it got some other way (webhooks, its own
 * requests, fixtures). Each schema keeps unknown fields and accepts what Coder's Go decoder accepts.
 *
 * @packageDocumentation
 */
export * from "./client/models/index.js";
