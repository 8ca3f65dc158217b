import type {
  ChatError,
  ChatExactSettings,
  ChatMessage,
  ChatMessagePart,
  ChatModel,
  ChatModelProviderDescriptor,
  ChatStatus,
  ChatStreamEvent,
  ChatSubmissionReceipt,
  ChatWatchEvent,
} from "./api-types-chat.js";

/** A file the simulated agent attaches to its answer. */
export interface ChatReplyFile {
  name: string;
  /** Default `text/plain`. */
  mimeType?: string;
  data: string | Uint8Array;
}

/** What the simulated agent answers: text, and files it attaches to the chat. */
export interface ChatReplySpec {
  text: string;
  files?: ChatReplyFile[];
  /** A lifecycle hook notice shown with the answer (a `hook-notice` part before the text). */
  hookNotice?: string;
}

/** What the simulated agent is told about the turn it answers. */
export interface ChatTurnInfo {
  chatId: string;
  title: string;
  /** 1 for the first turn of the chat. */
  turn: number;
}

/**
 * Produces the simulated agent's answer to a prompt. Throw to make the turn fail: the chat goes to
 * `error` with the thrown message as `last_error.message`.
 */
export type ChatReply = (prompt: string, turn: ChatTurnInfo) => string | ChatReplySpec;

/** The default answer: `Done: <prompt>`. */
export const defaultChatReply: ChatReply = (prompt) => `Done: ${prompt}`;

/** A message waiting behind a busy chat. */
export interface QueuedRec {
  id: number;
  parts: ChatMessagePart[];
  modelConfigId: string | undefined;
  createdAt: string;
  createdBy: string;
}

/** A stored chat. */
export interface ChatRec {
  id: string;
  orgId: string;
  ownerId: string;
  title: string;
  status: ChatStatus;
  archived: boolean;
  labels: Record<string, string>;
  workspaceId: string | null;
  modelConfigId: string;
  reasoningEffort: string | undefined;
  lastError: ChatError | null;
  lastTurnSummary: string | null;
  createdAt: string;
  updatedAt: string;
  fileIds: string[];
  messages: ChatMessage[];
  queue: QueuedRec[];
  /** Turns started so far; a scheduled step of an older turn sees the number moved on and stops. */
  turn: number;
  /** Text of the running turn's answer streamed so far (kept as the partial answer on interrupt). */
  partial: string;
  /** Highest message id the owner has seen (stream connects mark the chat read). */
  readCursor: number;
  exactSettings: ChatExactSettings | undefined;
  submission: ChatSubmissionReceipt | undefined;
}

/** A file attached to a chat. */
export interface ChatFileRec {
  id: string;
  chatId: string;
  ownerId: string;
  orgId: string;
  name: string;
  mimeType: string;
  data: Uint8Array;
  sha256: string;
  createdAt: string;
}

/** An AI provider of an organization, as the model picker sees it. */
export type ChatProviderRec = ChatModelProviderDescriptor & { orgId: string };

/** A model config of an organization. */
export type ChatModelRec = ChatModel;

/** A remembered `request_id`: what it created, so a retry gets the same answer. */
export interface SubmissionRec {
  fingerprint: string;
  chatId: string;
  receipt: ChatSubmissionReceipt;
  /** The response of the first call, replayed for a retry. */
  body: unknown;
  status: number;
}

/** Listeners of `/chats/watch` (per user) and `/chats/{chat}/stream` (per chat). */
export interface ChatListeners {
  watch: Map<string, Set<(event: ChatWatchEvent) => void>>;
  stream: Map<string, Set<(batch: ChatStreamEvent[]) => void>>;
}
