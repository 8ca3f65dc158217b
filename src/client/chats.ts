import { z } from "zod";
import { chatSocketClosedEarly, pollChatStream, pollChatWatch, refusedChatSocket } from "./chat-polling.js";
import { CoderApiError } from "./errors.js";
import type { CallOptions, HttpCore, RequestOptions } from "./http.js";
import { checkPollInterval, followSocket, type LogStreamContext } from "./log-stream.js";
import {
  Chat,
  ChatFileDownloadUrl,
  type ChatMessage,
  ChatMessagesResponse,
  ChatStreamEvent,
  ChatWatchEvent,
  type CreateChatMessageRequest,
  CreateChatMessageResponse,
  type CreateChatRequest,
  OrganizationChatModelsResponse,
  type UpdateChatRequest,
} from "./models/chat.js";
import { type IterateOptions, paginate } from "./pagination.js";
import { apiPath } from "./path.js";

/** Where a deployment serves chats: `/api/v2` (current Coder) or `/api/experimental` (about v2.36 and older). */
export type ChatsApiPrefix = "/api/v2" | "/api/experimental";

/** Filter and page for `GET /chats`. */
export interface ListChatsOptions extends CallOptions {
  /**
   * Fielded search terms only (bare words are rejected by Coder): `title:`, `search:`, `status:`,
   * `archived:true|false` (archived chats are hidden unless asked for), `has_unread:`, `repo:`,
   * `pr:`, `pr_title:`, `pr_status:`, `diff_url:`, `source:`.
   */
  q?: string;
  /** Adds a `source:` term to `q`. */
  source?: "created_by_me" | "shared_with_me";
  /** Exact-match labels; each is sent as `label=key:value`. */
  labels?: Record<string, string>;
  limit?: number;
  offset?: number;
  /** Chats after this chat UUID (cursor paging). */
  after_id?: string;
}

/** Filter for iterating every chat. */
export interface IterateChatsOptions extends IterateOptions {
  q?: string;
  source?: ListChatsOptions["source"];
  labels?: Record<string, string>;
}

/** Cursor page of `GET /chats/{chat}/messages`. */
export interface ChatMessagesOptions extends CallOptions {
  /** Messages with a lower id (older); the page is newest first. */
  before_id?: number;
  /** Messages with a higher id; alone, the page is oldest first so a poller can move forward. */
  after_id?: number;
  /** 1–200; Coder's default is 50. */
  limit?: number;
}

/** Why a chat stream switched from its WebSocket to polling the REST API. */
export interface ChatStreamFallback {
  /** Always `polling`. */
  transport: "polling";
  /** What happened to the WebSocket, e.g. "WebSocket upgrade failed with HTTP 502 (…)". */
  reason: string;
  /** HTTP status the upgrade got, when the WebSocket implementation reports it (`ws` does). */
  status?: number;
  /** Wait between polls, in ms. */
  intervalMs: number;
}

/**
 * A chat stream uses a WebSocket. When the upgrade is answered with plain HTTP while the chat API
 * answers plain GETs (a proxy that does not pass WebSockets), it goes on by polling that API, as
 * the log follows do.
 */
export interface ChatStreamFallbackOptions {
  /**
   * Called once if the stream switches to polling, before the first polled event. Throwing from it
   * ends the stream with that error (to insist on WebSockets).
   */
  onFallback?: (fallback: ChatStreamFallback) => void;
  /** Wait between polls after a fallback, in ms; defaults to the client's `logPollIntervalMs` (1000). */
  pollIntervalMs?: number;
  /** Closes the socket (or stops polling) when aborted. */
  signal?: AbortSignal;
}

/** Options of {@link ChatsApi.stream}. */
export interface StreamChatOptions extends ChatStreamFallbackOptions {
  /** Leave messages up to this id out of the initial snapshot. */
  after_id?: number;
}

/** Options of {@link ChatsApi.watch}. */
export type WatchChatsOptions = ChatStreamFallbackOptions;

/** Go's WatchChats and StreamChat end quietly on 1000 (normal) and 1001 (going away). */
const CHAT_NORMAL_CLOSE = [1000, 1001, 1005] as const;

/** coderd's router answers unknown API routes with 404 and exactly this message (httpapi.RouteNotFound). */
function isRouteNotFound(error: unknown): boolean {
  return error instanceof CoderApiError && error.status === 404 && error.message === "Route not found.";
}

/**
 * An experiment gate on `/api/experimental` (httpmw.RequireExperiment) refuses with 403 and names
 * the experiment; a deployment with the agents experiment off serves no chats either.
 */
function isExperimentOff(error: unknown): boolean {
  return error instanceof CoderApiError && error.status === 403 && /experiment/i.test(error.message);
}

/** Wait for `promise`, giving up when `signal` aborts (the promise itself goes on). */
function raceSignal<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Coder Agents chats: a server-side coding agent started with a prompt, watched, talked to and
 * stopped (`/api/v2/chats`). Deployments of about v2.36 and older serve the same routes under
 * `/api/experimental/chats`; the first call finds out which with one `GET /chats?limit=1` and the
 * answer is kept for the life of the client.
 */
export class ChatsApi {
  readonly #http: HttpCore;
  readonly #streams: LogStreamContext;
  #prefix: Promise<ChatsApiPrefix | null> | undefined;

  /** @internal Created by {@link CoderClient}. */
  constructor(streams: LogStreamContext) {
    this.#http = streams.http;
    this.#streams = streams;
  }

  /**
   * Which prefix serves chats on this deployment, or `null` when neither does. Probed once per
   * client: `GET /api/v2/chats?limit=1`, and on Coder's "Route not found." 404 the same under
   * `/api/experimental`. Other failures (401, network) are thrown and not remembered.
   */
  apiPrefix(options: CallOptions = {}): Promise<ChatsApiPrefix | null> {
    if (!this.#prefix) {
      const probe = this.#probe();
      this.#prefix = probe;
      probe.catch(() => {
        if (this.#prefix === probe) this.#prefix = undefined;
      });
    }
    return raceSignal(this.#prefix, options.signal);
  }

  async #probe(): Promise<ChatsApiPrefix | null> {
    for (const prefix of ["/api/v2", "/api/experimental"] as const) {
      try {
        const response = await this.#http.raw("GET", `${prefix}/chats`, { query: { limit: 1 } });
        await response.body?.cancel();
        return prefix;
      } catch (error) {
        if (!isRouteNotFound(error) && !(prefix === "/api/experimental" && isExperimentOff(error)))
          throw error;
      }
    }
    return null;
  }

  /** The chat route `rest` under the deployment's prefix; throws when it serves no chats. */
  async #path(rest: string, signal?: AbortSignal): Promise<string> {
    const prefix = await this.apiPrefix({ signal });
    if (prefix === null) {
      throw new CoderApiError({
        method: "GET",
        url: this.#http.url("/api/experimental/chats").href,
        status: 404,
        body: { message: "Route not found." },
        helper:
          "this Coder deployment serves no Coder Agents chats API (neither /api/v2/chats nor /api/experimental/chats)",
      });
    }
    return `${prefix}${rest}`;
  }

  async #json<S extends z.ZodType>(
    method: string,
    rest: string,
    schema: S,
    options: RequestOptions,
  ): Promise<z.output<S>> {
    return this.#http.json(method, await this.#path(rest, options.signal), schema, options);
  }

  /** `POST /chats` (201): start a chat; with `content`, the agent starts working at once. */
  create(request: CreateChatRequest, options: CallOptions = {}): Promise<Chat> {
    return this.#json("POST", "/chats", Chat, { json: request, signal: options.signal });
  }

  /** `GET /chats`: your chats matching `q` and `labels`, most recently updated first. */
  async list(options: ListChatsOptions = {}): Promise<Chat[]> {
    const { q, source, labels, limit, offset, after_id, signal } = options;
    const terms = [q, source ? `source:${source}` : undefined].filter((t) => t).join(" ");
    // `label` repeats, which a Query record cannot say: put those in the path's own query.
    const repeated = new URLSearchParams();
    for (const [key, value] of Object.entries(labels ?? {})) repeated.append("label", `${key}:${value}`);
    const suffix = repeated.size > 0 ? `?${repeated}` : "";
    return this.#json("GET", `/chats${suffix}`, z.array(Chat).nullable(), {
      query: { q: terms || undefined, limit, offset, after_id },
      signal,
    }).then((chats) => chats ?? []);
  }

  /** Every chat matching the filter, page by page with `GET /chats?offset=&limit=`. */
  iterate(options: IterateChatsOptions = {}): AsyncGenerator<Chat, void, undefined> {
    const { q, source, labels, ...rest } = options;
    return paginate(async ({ offset, limit }, call) => {
      const items = await this.list({ q, source, labels, offset, limit, ...call });
      // The list carries no total: a short page is the last one.
      return { items, count: Number.POSITIVE_INFINITY };
    }, rest);
  }

  /** `GET /chats/{chat}`: one chat with its status, last error, summary and files. */
  get(chatId: string, options: CallOptions = {}): Promise<Chat> {
    return this.#json("GET", apiPath`/chats/${chatId}`, Chat, { signal: options.signal });
  }

  /** `GET /chats/{chat}/messages`: one page of stored messages and the queue (see {@link ChatMessagesOptions}). */
  messages(chatId: string, options: ChatMessagesOptions = {}): Promise<ChatMessagesResponse> {
    const { before_id, after_id, limit, signal } = options;
    return this.#json("GET", apiPath`/chats/${chatId}/messages`, ChatMessagesResponse, {
      query: { before_id, after_id, limit },
      signal,
    });
  }

  /** Every stored message, newest first, walking back with `before_id` until `has_more` is false. */
  async *iterateMessages(
    chatId: string,
    options: IterateOptions = {},
  ): AsyncGenerator<ChatMessage, void, undefined> {
    const { pageSize, signal } = options;
    let before: number | undefined;
    for (;;) {
      signal?.throwIfAborted();
      const page = await this.messages(chatId, { before_id: before, limit: pageSize, signal });
      const messages = page.messages ?? [];
      yield* messages;
      if (!page.has_more || messages.length === 0) return;
      before = Math.min(...messages.map((m) => m.id));
    }
  }

  /**
   * `POST /chats/{chat}/messages`: add a user message. A busy chat queues it (`queued: true`), or,
   * with `busy_behavior: "interrupt"`, stops the current run first. A string is sent as one text part.
   */
  sendMessage(
    chatId: string,
    message: CreateChatMessageRequest | string,
    options: CallOptions = {},
  ): Promise<CreateChatMessageResponse> {
    const json = typeof message === "string" ? { content: [{ type: "text", text: message }] } : message;
    return this.#json("POST", apiPath`/chats/${chatId}/messages`, CreateChatMessageResponse, {
      json,
      signal: options.signal,
    });
  }

  /** `POST /chats/{chat}/interrupt`: stop the run in progress, keeping what was done. */
  interrupt(chatId: string, options: CallOptions = {}): Promise<Chat> {
    return this.#json("POST", apiPath`/chats/${chatId}/interrupt`, Chat, { signal: options.signal });
  }

  /** `PATCH /chats/{chat}` (204): change title, archived state, labels, pin order, read cursor. */
  async update(chatId: string, request: UpdateChatRequest, options: CallOptions = {}): Promise<void> {
    const path = await this.#path(apiPath`/chats/${chatId}`, options.signal);
    await this.#http.void("PATCH", path, { json: request, signal: options.signal });
  }

  /** Archive a chat: it leaves the default listings (`PATCH /chats/{chat}` with `archived: true`). */
  archive(chatId: string, options: CallOptions = {}): Promise<void> {
    return this.update(chatId, { archived: true }, options);
  }

  /**
   * `GET /api/v2/organizations/{org}/chats/models`: the organization's chat model configs and
   * providers. Organization-scoped, so it is never under `/api/experimental`.
   */
  models(organizationId: string, options: CallOptions = {}): Promise<OrganizationChatModelsResponse> {
    const path = apiPath`/organizations/${organizationId}/chats/models`;
    return this.#http.json("GET", path, OrganizationChatModelsResponse, { signal: options.signal });
  }

  /**
   * `POST /chats/files/{file}/download-url`: a signed URL for a chat file that works without a
   * session token for a few minutes, with the file's name, type, size and SHA-256.
   */
  fileDownloadUrl(fileId: string, options: CallOptions = {}): Promise<ChatFileDownloadUrl> {
    return this.#json("POST", apiPath`/chats/files/${fileId}/download-url`, ChatFileDownloadUrl, {
      signal: options.signal,
    });
  }

  /**
   * Lifecycle events of all your chats (`GET /chats/watch`, a WebSocket): `created`,
   * `status_change`, `title_change`, `summary_change`, … with the chat as it is now. Runs until you
   * break out or abort. When WebSockets are blocked but the API answers, it polls `GET /chats`
   * instead and reports the changes it sees (see {@link ChatStreamFallbackOptions}).
   */
  async *watch(options: WatchChatsOptions = {}): AsyncGenerator<ChatWatchEvent, void, undefined> {
    const { signal } = options;
    const intervalMs = this.#intervalMs(options);
    const path = await this.#path("/chats/watch", signal);
    const probe = { path: path.replace(/\/watch$/, ""), query: { limit: 1 } };
    const streamName = "chat watch stream";
    const fallback = yield* followSocket(
      this.#streams,
      {
        path,
        schema: ChatWatchEvent,
        framing: "one",
        noun: "event",
        streamName,
        normalCloseCodes: CHAT_NORMAL_CLOSE,
        refused: (refusal) => refusedChatSocket(this.#http, refusal, probe, intervalMs, signal),
        closedEarly: (failure) => chatSocketClosedEarly(this.#http, failure, probe, streamName, signal),
      },
      signal,
    );
    if (!fallback) return;
    options.onFallback?.(fallback);
    yield* pollChatWatch(this, intervalMs, signal);
  }

  /**
   * Live updates of one chat (`GET /chats/{chat}/stream`, a WebSocket): first a snapshot (stored
   * messages after `after_id`, the status, the queue), then `message_part` deltas, `message`,
   * `status` and `error` events. Runs until you break out or abort. When WebSockets are blocked,
   * it polls the chat and its messages and yields `status` and `message` events instead.
   */
  async *stream(
    chatId: string,
    options: StreamChatOptions = {},
  ): AsyncGenerator<ChatStreamEvent, void, undefined> {
    const { signal, after_id } = options;
    const intervalMs = this.#intervalMs(options);
    const path = await this.#path(apiPath`/chats/${chatId}/stream`, signal);
    const probe = { path: path.replace(/\/stream$/, "") };
    const streamName = "chat stream";
    const fallback = yield* followSocket(
      this.#streams,
      {
        path,
        query: { after_id },
        schema: ChatStreamEvent,
        framing: "array",
        noun: "event",
        streamName,
        normalCloseCodes: CHAT_NORMAL_CLOSE,
        resumeFrom: after_id === undefined ? undefined : `after_id=${after_id}`,
        cursor: (event: ChatStreamEvent) =>
          event.type === "message" && event.message ? `after_id=${event.message.id}` : undefined,
        refused: (refusal) => refusedChatSocket(this.#http, refusal, probe, intervalMs, signal),
        closedEarly: (failure) => chatSocketClosedEarly(this.#http, failure, probe, streamName, signal),
      },
      signal,
    );
    if (!fallback) return;
    options.onFallback?.(fallback);
    yield* pollChatStream(this, chatId, after_id ?? 0, intervalMs, signal);
  }

  #intervalMs(options: ChatStreamFallbackOptions): number {
    const intervalMs = options.pollIntervalMs ?? this.#streams.pollIntervalMs;
    checkPollInterval(intervalMs, "pollIntervalMs");
    return intervalMs;
  }
}
