import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

/** A request body read under a size limit. */
export type JsonBody =
  | { kind: "json"; value: unknown }
  | { kind: "too-large" }
  | { kind: "invalid"; message: string };

/** Read and parse a JSON body of at most `maxBytes` (chunked bodies included). */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<JsonBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      req.resume(); // let the rest drain so the 413 can be written
      return { kind: "too-large" };
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return { kind: "json", value: JSON.parse(text) };
  } catch (error) {
    return { kind: "invalid", message: error instanceof Error ? error.message : "not JSON" };
  }
}

type Message = { id?: unknown; method?: unknown; params?: { requestId?: unknown } };
const messagesOf = (body: unknown): Message[] =>
  (Array.isArray(body) ? body : [body]).filter((m): m is Message => typeof m === "object" && m !== null);

/**
 * Routes `notifications/cancelled` to the call it names. A 2025-era client sends the cancel as a
 * separate POST, which a stateless server answers with a fresh instance that knows nothing of the
 * call; here the cancel aborts the call's signal wherever it runs in this process. Calls are keyed
 * by the caller's token hash and the JSON-RPC id, so one caller cannot cancel another's calls.
 * A call also aborts when its response closes before it finished (the client went away).
 *
 * Across several processes a cancel may land on another one; the closed stream still stops the
 * call in that case, once the client drops it.
 */
export class CancelRegistry {
  readonly #calls = new Map<string, AbortController>();

  /** A key for the caller behind `token` that does not keep the token. */
  callerKey(token: string): string {
    return createHash("sha256").update(token).digest("hex").slice(0, 32);
  }

  /**
   * Handle `body` from `caller`: abort the calls its cancels name, and return a signal for the
   * request it carries (undefined for a body without a request).
   */
  track(caller: string, body: unknown, res: ServerResponse): AbortSignal | undefined {
    let signal: AbortSignal | undefined;
    for (const message of messagesOf(body)) {
      if (message.method === "notifications/cancelled") {
        const target = this.#calls.get(`${caller}:${JSON.stringify(message.params?.requestId)}`);
        target?.abort(new Error("the client cancelled the request"));
        continue;
      }
      if (typeof message.method !== "string" || message.id === undefined || message.id === null) continue;
      const key = `${caller}:${JSON.stringify(message.id)}`;
      const controller = new AbortController();
      this.#calls.set(key, controller);
      signal = controller.signal;
      res.once("close", () => {
        if (!res.writableFinished) controller.abort(new Error("the client closed the connection"));
        if (this.#calls.get(key) === controller) this.#calls.delete(key);
      });
    }
    return signal;
  }
}
