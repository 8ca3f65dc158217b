import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type {
  Chat,
  ChatExactSettings,
  ChatFileDownloadUrl,
  ChatMessage,
  ChatMessagePart,
  ChatQueuedMessage,
  ChatStreamEvent,
  ChatWatchEvent,
} from "./api-types-chat.js";
import { ChatAgent, textOf } from "./chat-agent.js";
import type {
  ChatFileRec,
  ChatListeners,
  ChatModelRec,
  ChatProviderRec,
  ChatRec,
  ChatReply,
  QueuedRec,
  SubmissionRec,
} from "./chat-records.js";
import { coderError } from "./http-util.js";
import type { UserRec } from "./records.js";
import type { Scheduler, Store } from "./store.js";
import { newId, nowIso } from "./util.js";

/** Settings of the fake's chat daemon. */
export interface FakeChatsOptions {
  stepMs: number;
  reply: ChatReply;
  /** Lifetime of signed file download URLs. */
  fileUrlTtlMs: number;
}

/** Validated input of a create or a send, as the routes hand it over. */
export interface ChatSubmission {
  parts: ChatMessagePart[];
  modelConfigId: string | undefined;
  reasoningEffort: string | undefined;
  requestId: string | undefined;
  exact: boolean;
}

const BUSY = new Set(["running", "interrupting"]);

/** coderd's chatTitleFromMessage, roughly: the first line of the prompt, shortened. */
function titleFrom(text: string): string {
  const line = text.trim().split("\n")[0]!.replace(/\s+/g, " ");
  if (!line) return "New Chat";
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}

/**
 * The chats of one fake deployment: records, the simulated agent, watch and stream listeners,
 * model configs per organization, and signed file download tokens.
 */
export class FakeChats {
  readonly chats = new Map<string, ChatRec>();
  readonly files = new Map<string, ChatFileRec>();
  readonly providers: ChatProviderRec[] = [];
  readonly models: ChatModelRec[] = [];
  readonly submissions = new Map<string, SubmissionRec>();
  readonly listeners: ChatListeners = { watch: new Map(), stream: new Map() };
  readonly agent: ChatAgent;
  private messageId = 0;
  private queuedId = 0;
  private readonly secret = randomBytes(32);

  constructor(
    private readonly store: Store,
    scheduler: Scheduler,
    readonly options: FakeChatsOptions,
  ) {
    this.agent = new ChatAgent(
      {
        addMessage: (chat, message) => this.addMessage(chat, message),
        stream: (chat, events) => this.stream(chat, events),
        statusChanged: (chat) => {
          this.touch(chat);
          this.stream(chat, [{ type: "status", chat_id: chat.id, status: { status: chat.status } }]);
          this.watch(chat, "status_change");
        },
        summaryChanged: (chat) => this.watch(chat, "summary_change"),
        files: this.files,
      },
      scheduler,
      options.stepMs,
      options.reply,
    );
  }

  // ---- JSON -----------------------------------------------------------------------------------

  /** codersdk.Chat as coderd's db2sdk writes it. */
  json(chat: ChatRec): Chat {
    const owner = this.store.users.get(chat.ownerId);
    const files = chat.fileIds.map((id) => this.files.get(id)!);
    const out: Chat = {
      ...(chat.exactSettings ? { exact_settings: chat.exactSettings } : {}),
      id: chat.id,
      organization_id: chat.orgId,
      owner_id: chat.ownerId,
      ...(owner ? { owner_username: owner.username } : {}),
      ...(owner?.name ? { owner_name: owner.name } : {}),
      ...(chat.workspaceId ? { workspace_id: chat.workspaceId } : {}),
      last_model_config_id: chat.modelConfigId,
      ...(chat.reasoningEffort ? { last_reasoning_effort: chat.reasoningEffort } : {}),
      title: chat.title,
      status: chat.status,
      ...(chat.lastError ? { last_error: chat.lastError } : {}),
      last_turn_summary: chat.lastTurnSummary,
      summary: null,
      created_at: chat.createdAt,
      updated_at: chat.updatedAt,
      archived: chat.archived,
      shared: false,
      pin_order: 0,
      mcp_server_ids: [],
      labels: { ...chat.labels },
      ...(files.length > 0
        ? {
            files: files.map((f) => ({
              id: f.id,
              owner_id: f.ownerId,
              organization_id: f.orgId,
              name: f.name,
              mime_type: f.mimeType,
              size_bytes: f.data.byteLength,
              created_at: f.createdAt,
            })),
          }
        : {}),
      has_unread: chat.messages.some((m) => m.role === "assistant" && m.id > chat.readCursor),
      client_type: "api",
      children: [],
    };
    return out;
  }

  queuedJson(chat: ChatRec, queued: QueuedRec): ChatQueuedMessage {
    return {
      id: queued.id,
      chat_id: chat.id,
      ...(queued.modelConfigId ? { model_config_id: queued.modelConfigId } : {}),
      content: queued.parts,
      created_at: queued.createdAt,
    };
  }

  // ---- events ---------------------------------------------------------------------------------

  private touch(chat: ChatRec): void {
    chat.updatedAt = nowIso();
  }

  /** Publishes a watch event to the owner's `/chats/watch` sockets. */
  watch(chat: ChatRec, kind: ChatWatchEvent["kind"]): void {
    const event: ChatWatchEvent = { kind, chat: this.json(chat) };
    for (const listener of this.listeners.watch.get(chat.ownerId) ?? []) listener(event);
  }

  /** Sends one batch to the chat's `/chats/{chat}/stream` sockets. */
  stream(chat: ChatRec, events: ChatStreamEvent[]): void {
    for (const listener of this.listeners.stream.get(chat.id) ?? []) listener(events);
  }

  /** Registers a listener; the returned function removes it. */
  listen<K extends keyof ChatListeners>(
    kind: K,
    key: string,
    listener: ChatListeners[K] extends Map<string, Set<infer L>> ? L : never,
  ): () => void {
    const map = this.listeners[kind] as Map<string, Set<typeof listener>>;
    let set = map.get(key);
    if (!set) {
      set = new Set();
      map.set(key, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  addMessage(chat: ChatRec, message: Omit<ChatMessage, "id" | "chat_id" | "created_at">): ChatMessage {
    this.messageId += 1;
    const stored: ChatMessage = { id: this.messageId, chat_id: chat.id, created_at: nowIso(), ...message };
    chat.messages.push(stored);
    this.touch(chat);
    this.stream(chat, [{ type: "message", chat_id: chat.id, message: stored }]);
    return stored;
  }

  // ---- models ---------------------------------------------------------------------------------

  /** The model a submission runs with: the one named, else the organization's default. */
  resolveModel(orgId: string, modelConfigId: string | undefined): ChatModelRec {
    const usable = (m: ChatModelRec) =>
      m.organization_id === orgId &&
      m.enabled &&
      this.providers.some((p) => p.id === m.ai_provider_id && p.enabled);
    if (modelConfigId) {
      const model = this.models.find((m) => m.id === modelConfigId && m.organization_id === orgId);
      if (!model)
        throw coderError(
          400,
          "Invalid model config ID.",
          `Model config ${modelConfigId} was not found in this organization.`,
        );
      if (!usable(model))
        throw coderError(400, "Model config is disabled.", `Model config ${modelConfigId} is not enabled.`);
      return model;
    }
    const fallback = this.models.find((m) => usable(m) && m.is_default);
    if (!fallback) throw coderError(400, "No default chat model is configured for this organization.");
    return fallback;
  }

  /** The exact settings of a turn, checking `reasoning_effort` against what the model supports. */
  settingsFor(model: ChatModelRec, effort: string | undefined): ChatExactSettings {
    if (effort !== undefined && !(model.exact_reasoning_efforts ?? []).includes(effort)) {
      const supported = (model.exact_reasoning_efforts ?? []).join(", ") || "none";
      throw coderError(
        400,
        "Unsupported reasoning effort.",
        `Model ${model.model} does not apply reasoning effort "${effort}" exactly; supported: ${supported}.`,
      );
    }
    const provider = this.providers.find((p) => p.id === model.ai_provider_id);
    const effective = effort ?? model.model_config?.reasoning_effort?.default;
    return {
      model_config_id: model.id,
      provider: provider?.type ?? "",
      model: model.model,
      ...(effective ? { reasoning_effort: effective } : {}),
    };
  }

  // ---- chats ----------------------------------------------------------------------------------

  /** Chats the actor may read by id: their own, or any for site owners. */
  find(actor: UserRec, id: string): ChatRec | undefined {
    const chat = this.chats.get(id);
    return chat && (chat.ownerId === actor.id || this.store.isOwner(actor)) ? chat : undefined;
  }

  create(input: {
    orgId: string;
    owner: UserRec;
    submission: ChatSubmission;
    workspaceId: string | null;
    labels: Record<string, string>;
  }): ChatRec {
    const { submission } = input;
    const model = this.resolveModel(input.orgId, submission.modelConfigId);
    const settings = this.settingsFor(model, submission.reasoningEffort);
    const now = nowIso();
    const prompt = textOf(submission.parts);
    const chat: ChatRec = {
      id: newId(),
      orgId: input.orgId,
      ownerId: input.owner.id,
      title: titleFrom(prompt),
      status: "waiting",
      archived: false,
      labels: input.labels,
      workspaceId: input.workspaceId,
      modelConfigId: model.id,
      reasoningEffort: settings.reasoning_effort,
      lastError: null,
      lastTurnSummary: null,
      createdAt: now,
      updatedAt: now,
      fileIds: [],
      messages: [],
      queue: [],
      turn: 0,
      partial: "",
      readCursor: 0,
      exactSettings: submission.exact ? settings : undefined,
      submission: undefined,
    };
    this.chats.set(chat.id, chat);
    this.watch(chat, "created");
    if (submission.parts.length > 0) {
      const message = this.addMessage(chat, {
        role: "user",
        content: submission.parts,
        created_by: input.owner.id,
        model_config_id: model.id,
      });
      if (submission.requestId) {
        chat.submission = {
          id: newId(),
          request_id: submission.requestId,
          chat_id: chat.id,
          state: "accepted",
          message_id: message.id,
          settings,
        };
      }
      this.agent.startTurn(chat, prompt);
    }
    return chat;
  }

  /** `POST /chats/{chat}/messages`: run now when idle, else queue (and interrupt if asked). */
  send(
    chat: ChatRec,
    actor: UserRec,
    submission: ChatSubmission,
    busyBehavior: "queue" | "interrupt",
  ): { message?: ChatMessage; queued?: ChatQueuedMessage; settings: ChatExactSettings } {
    const model = this.resolveModel(chat.orgId, submission.modelConfigId ?? chat.modelConfigId);
    const settings = this.settingsFor(model, submission.reasoningEffort);
    if (submission.exact) chat.exactSettings = settings;
    chat.modelConfigId = model.id;
    chat.reasoningEffort = settings.reasoning_effort;
    if (BUSY.has(chat.status) || chat.queue.length > 0) {
      this.queuedId += 1;
      const queued: QueuedRec = {
        id: this.queuedId,
        parts: submission.parts,
        modelConfigId: submission.modelConfigId,
        createdAt: nowIso(),
        createdBy: actor.id,
      };
      chat.queue.push(queued);
      this.stream(chat, [
        {
          type: "queue_update",
          chat_id: chat.id,
          queued_messages: chat.queue.map((q) => this.queuedJson(chat, q)),
        },
      ]);
      if (busyBehavior === "interrupt") this.agent.interrupt(chat);
      // An idle chat with a backlog (after an error) runs the backlog's head first.
      this.agent.promote(chat);
      return { queued: this.queuedJson(chat, queued), settings };
    }
    const message = this.addMessage(chat, {
      role: "user",
      content: submission.parts,
      created_by: actor.id,
      model_config_id: model.id,
    });
    this.agent.startTurn(chat, textOf(submission.parts));
    return { message, settings };
  }

  /** `PATCH /chats/{chat}`. */
  update(
    chat: ChatRec,
    changes: { title?: string; archived?: boolean; labels?: Record<string, string>; read?: boolean },
  ): void {
    if (changes.title !== undefined && changes.title.trim() !== chat.title) {
      chat.title = changes.title.trim();
      this.watch(chat, "title_change");
    }
    if (changes.archived !== undefined) chat.archived = changes.archived;
    if (changes.labels !== undefined) chat.labels = changes.labels;
    if (changes.read !== undefined) {
      chat.readCursor = changes.read ? Math.max(0, ...chat.messages.map((m) => m.id)) : 0;
    }
    this.touch(chat);
  }

  // ---- file download tokens -------------------------------------------------------------------

  private sign(fileId: string, expires: number): string {
    return createHmac("sha256", this.secret).update(`${fileId}.${expires}`).digest("base64url");
  }

  /** A signed, expiring URL for a file, on the origin the request came in on. */
  downloadUrl(file: ChatFileRec, origin: string, prefix: string): ChatFileDownloadUrl {
    const expires = Date.now() + this.options.fileUrlTtlMs;
    const token = `${expires}.${this.sign(file.id, expires)}`;
    return {
      url: `${origin}${prefix}/chats/files/${file.id}/download?token=${encodeURIComponent(token)}`,
      expires_at: new Date(expires).toISOString(),
      sha256: file.sha256,
      size_bytes: file.data.byteLength,
      name: file.name,
      mime_type: file.mimeType,
    };
  }

  /** The file a download token grants, or undefined when the token is wrong or has expired. */
  redeem(fileId: string, token: string): ChatFileRec | undefined {
    const [expiresRaw, signature] = token.split(".");
    const expires = Number(expiresRaw);
    if (!signature || !Number.isFinite(expires) || expires < Date.now()) return undefined;
    const expected = Buffer.from(this.sign(fileId, expires));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    return this.files.get(fileId);
  }
}
