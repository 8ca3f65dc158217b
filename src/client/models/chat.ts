import { z } from "zod";
import { OptionalTimestamp, OptionalUuid, openEnum, Timestamp, Uuid } from "./common.js";

/**
 * Coder Agents chats (`codersdk/chats.go`, read at coder/coder 09c521c5). Go's decoder accepts
 * `null` for every slice, map and pointer and a missing key for anything, so lists and maps here
 * are `nullish` and fields Go tags `omitempty` are optional.
 */

/** Where a chat is in its run (`codersdk.ChatStatus`). `running` and `interrupting` are busy. */
export const ChatStatus = openEnum(["waiting", "running", "error", "requires_action", "interrupting"]);
/** A chat status. */
export type ChatStatus = z.infer<typeof ChatStatus>;

/** A chat's terminal error (`codersdk.ChatError`). */
export const ChatError = z.looseObject({
  message: z.string(),
  detail: z.string().optional(),
  /** e.g. `generic`, `rate_limit`, `auth`, `config`, `provider_disabled`. */
  kind: z.string().optional(),
  provider: z.string().optional(),
  retryable: z.boolean().optional(),
  status_code: z.number().optional(),
});
export type ChatError = z.infer<typeof ChatError>;

/** A file attached to a chat, without its bytes (`codersdk.ChatFileMetadata`). */
export const ChatFileMetadata = z.looseObject({
  id: Uuid,
  owner_id: Uuid.optional(),
  organization_id: Uuid.optional(),
  name: z.string(),
  mime_type: z.string(),
  size_bytes: z.number(),
  created_at: Timestamp,
});
export type ChatFileMetadata = z.infer<typeof ChatFileMetadata>;

/** The model selection admitted for a turn (`codersdk.ChatExactSettings`). */
export const ChatExactSettings = z.looseObject({
  model_config_id: Uuid,
  provider: z.string(),
  model: z.string(),
  reasoning_effort: z.string().nullish(),
});
export type ChatExactSettings = z.infer<typeof ChatExactSettings>;

/** An accepted submission, identified apart from queue promotion (`codersdk.ChatSubmissionReceipt`). */
export const ChatSubmissionReceipt = z.looseObject({
  id: Uuid,
  request_id: Uuid,
  chat_id: Uuid,
  /** `reserved`, `accepted`, `uncertain` or `rejected`. */
  state: openEnum(["reserved", "accepted", "uncertain", "rejected"]),
  message_id: z.number().optional(),
  queued_message_id: z.number().optional(),
  error: z.string().optional(),
  settings: ChatExactSettings.nullish(),
});
export type ChatSubmissionReceipt = z.infer<typeof ChatSubmissionReceipt>;

/** A chat's cached pull-request / branch state (`codersdk.ChatDiffStatus`); kept loose. */
export const ChatDiffStatus = z.looseObject({
  chat_id: Uuid,
  url: z.string().nullish(),
  pull_request_state: z.string().nullish(),
  pull_request_title: z.string().optional(),
  additions: z.number().optional(),
  deletions: z.number().optional(),
  changed_files: z.number().optional(),
});
export type ChatDiffStatus = z.infer<typeof ChatDiffStatus>;

const chatShape = {
  id: Uuid,
  organization_id: Uuid,
  owner_id: Uuid,
  owner_username: z.string().optional(),
  owner_name: z.string().optional(),
  workspace_id: OptionalUuid,
  build_id: OptionalUuid,
  agent_id: OptionalUuid,
  parent_chat_id: OptionalUuid,
  root_chat_id: OptionalUuid,
  /** The model config of the latest turn (the zero UUID before the first). */
  last_model_config_id: Uuid,
  last_reasoning_effort: z.string().nullish(),
  title: z.string(),
  status: ChatStatus,
  plan_mode: z.string().optional(),
  last_error: ChatError.nullish(),
  /** What the agent said it did in its last turn; `null` until a turn has ended. */
  last_turn_summary: z.string().nullish(),
  summary: z.string().nullish(),
  diff_status: ChatDiffStatus.nullish(),
  created_at: Timestamp,
  updated_at: Timestamp,
  archived: z.boolean(),
  shared: z.boolean().optional(),
  pin_order: z.number().optional(),
  mcp_server_ids: z.array(Uuid).nullish(),
  labels: z.record(z.string(), z.string()).nullish(),
  files: z.array(ChatFileMetadata).nullish(),
  has_unread: z.boolean().optional(),
  queued_for_capacity: z.boolean().optional(),
  warnings: z.array(z.string()).nullish(),
  /** `ui` or `api`. */
  client_type: z.string().optional(),
  submission: ChatSubmissionReceipt.nullish(),
  exact_settings: ChatExactSettings.nullish(),
};

/** A chat with Coder's server-side coding agent (`codersdk.Chat`). */
export interface Chat extends z.infer<z.ZodObject<typeof chatShape>> {
  /** Subagent chats under a root chat (always empty for child chats). */
  children?: Chat[] | null;
  [key: string]: unknown;
}

/** A chat with Coder's server-side coding agent (`codersdk.Chat`). */
export const Chat: z.ZodType<Chat> = z.looseObject({
  ...chatShape,
  get children() {
    return z.array(Chat).nullish();
  },
});

/** Who wrote a message (`codersdk.ChatMessageRole`). */
export const ChatMessageRole = openEnum(["system", "user", "assistant", "tool"]);
/** A message role. */
export type ChatMessageRole = z.infer<typeof ChatMessageRole>;

/**
 * One part of a message (`codersdk.ChatMessagePart`), a union keyed by `type`: `text`,
 * `reasoning`, `tool-call`, `tool-result`, `source`, `file`, `file-reference`, `context-file`,
 * `skill`, `workspace-file-reference`, `hook-notice`. Only the common fields are typed; the rest
 * are kept as sent.
 */
export const ChatMessagePart = z.looseObject({
  type: openEnum([
    "text",
    "reasoning",
    "tool-call",
    "tool-result",
    "source",
    "file",
    "file-reference",
    "context-file",
    "skill",
    "workspace-file-reference",
    "hook-context",
    "hook-notice",
  ]),
  text: z.string().optional(),
  tool_call_id: z.string().optional(),
  tool_name: z.string().optional(),
  /** Raw JSON arguments of a tool call. */
  args: z.unknown().optional(),
  /** Raw JSON result of a tool call. */
  result: z.unknown().optional(),
  is_error: z.boolean().optional(),
  url: z.string().optional(),
  title: z.string().optional(),
  media_type: z.string().optional(),
  name: z.string().optional(),
  /** A stored chat file (file parts); `null` when the bytes are inline. */
  file_id: OptionalUuid,
  file_name: z.string().optional(),
  created_at: OptionalTimestamp,
});
export type ChatMessagePart = z.infer<typeof ChatMessagePart>;

/** Token accounting of one message (`codersdk.ChatMessageUsage`). */
export const ChatMessageUsage = z.looseObject({
  input_tokens: z.number().nullish(),
  output_tokens: z.number().nullish(),
  total_tokens: z.number().nullish(),
  reasoning_tokens: z.number().nullish(),
  cache_creation_tokens: z.number().nullish(),
  cache_read_tokens: z.number().nullish(),
  context_limit: z.number().nullish(),
});
export type ChatMessageUsage = z.infer<typeof ChatMessageUsage>;

/** One stored message (`codersdk.ChatMessage`); ids grow with time. */
export const ChatMessage = z.looseObject({
  id: z.number(),
  chat_id: Uuid,
  created_by: OptionalUuid,
  model_config_id: OptionalUuid,
  created_at: Timestamp,
  role: ChatMessageRole,
  content: z.array(ChatMessagePart).nullish(),
  usage: ChatMessageUsage.nullish(),
  queued_message_id: z.number().nullish(),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

/** A message waiting behind a busy chat (`codersdk.ChatQueuedMessage`). */
export const ChatQueuedMessage = z.looseObject({
  id: z.number(),
  chat_id: Uuid,
  model_config_id: OptionalUuid,
  content: z.array(ChatMessagePart).nullish(),
  created_at: Timestamp,
});
export type ChatQueuedMessage = z.infer<typeof ChatQueuedMessage>;

/**
 * `GET /chats/{chat}/messages` (`codersdk.ChatMessagesResponse`): newest first, unless only
 * `after_id` was given (then oldest first). Queued messages come only with the cursor-less page.
 */
export const ChatMessagesResponse = z.looseObject({
  messages: z.array(ChatMessage).nullish(),
  queued_messages: z.array(ChatQueuedMessage).nullish(),
  has_more: z.boolean().optional(),
});
export type ChatMessagesResponse = z.infer<typeof ChatMessagesResponse>;

/** `POST /chats/{chat}/messages` (`codersdk.CreateChatMessageResponse`). */
export const CreateChatMessageResponse = z.looseObject({
  submission: ChatSubmissionReceipt.nullish(),
  message: ChatMessage.nullish(),
  messages: z.array(ChatMessage).nullish(),
  queued_message: ChatQueuedMessage.nullish(),
  /** True when the chat was busy and the message waits in the queue. */
  queued: z.boolean(),
  warnings: z.array(z.string()).nullish(),
});
export type CreateChatMessageResponse = z.infer<typeof CreateChatMessageResponse>;

/** Reasoning-effort bounds of a model (`codersdk.ChatModelReasoningEffortConfig`). */
export const ChatModelReasoningEffortConfig = z.looseObject({
  default: z.string().nullish(),
  max: z.string().nullish(),
});

/** Per-call defaults of a model (`codersdk.ChatModelCallConfig`); only reasoning effort is typed. */
export const ChatModelCallConfig = z.looseObject({
  reasoning_effort: ChatModelReasoningEffortConfig.nullish(),
});

/** An organization's chat model config (`codersdk.ChatModel`). */
export const ChatModel = z.looseObject({
  id: Uuid,
  organization_id: Uuid,
  ai_provider_id: Uuid,
  model: z.string(),
  display_name: z.string(),
  enabled: z.boolean(),
  is_default: z.boolean(),
  context_limit: z.number().optional(),
  compression_threshold: z.number().optional(),
  model_config: ChatModelCallConfig.nullish(),
  /** Efforts Coder applies without clamping or translating them. */
  exact_reasoning_efforts: z.array(z.string()).nullish(),
  reasoning_efforts: z.array(z.string()).nullish(),
  created_at: OptionalTimestamp,
  updated_at: OptionalTimestamp,
});
export type ChatModel = z.infer<typeof ChatModel>;

/** The redacted view of an AI provider (`codersdk.ChatModelProviderDescriptor`). */
export const ChatModelProviderDescriptor = z.looseObject({
  id: Uuid,
  type: z.string(),
  display_name: z.string().optional(),
  icon: z.string().optional(),
  enabled: z.boolean(),
  available: z.boolean().optional(),
  unavailable_reason: z.string().optional(),
});
export type ChatModelProviderDescriptor = z.infer<typeof ChatModelProviderDescriptor>;

/** `GET /organizations/{org}/chats/models` (`codersdk.OrganizationChatModelsResponse`). */
export const OrganizationChatModelsResponse = z.looseObject({
  models: z.array(ChatModel).nullish(),
  providers: z.array(ChatModelProviderDescriptor).nullish(),
  unsupported_providers: z
    .array(z.looseObject({ provider: z.string(), display_name: z.string().optional() }))
    .nullish(),
});
export type OrganizationChatModelsResponse = z.infer<typeof OrganizationChatModelsResponse>;

/** `POST /chats/files/{file}/download-url` (`codersdk.ChatFileDownloadURLResponse`). */
export const ChatFileDownloadUrl = z.looseObject({
  /** Signed, short-lived URL; fetching it needs no session token. */
  url: z.string(),
  expires_at: Timestamp,
  sha256: z.string(),
  size_bytes: z.number(),
  name: z.string(),
  mime_type: z.string(),
});
export type ChatFileDownloadUrl = z.infer<typeof ChatFileDownloadUrl>;

/** A pending client-side tool call (`codersdk.ChatStreamToolCall`). */
export const ChatStreamToolCall = z.looseObject({
  tool_call_id: z.string(),
  tool_name: z.string(),
  args: z.string(),
});
export type ChatStreamToolCall = z.infer<typeof ChatStreamToolCall>;

/**
 * One event of `GET /chats/watch` (`codersdk.ChatWatchEvent`): `created`, `status_change`,
 * `summary_change`, `chat_summary_change`, `title_change`, `deleted`, `diff_status_change`,
 * `action_required` or `context_dirty`, with the chat as it is now.
 */
export const ChatWatchEvent = z.looseObject({
  kind: openEnum([
    "status_change",
    "summary_change",
    "chat_summary_change",
    "title_change",
    "created",
    "deleted",
    "diff_status_change",
    "action_required",
    "context_dirty",
  ]),
  chat: Chat,
  tool_calls: z.array(ChatStreamToolCall).nullish(),
});
export type ChatWatchEvent = z.infer<typeof ChatWatchEvent>;

/**
 * One event of `GET /chats/{chat}/stream` (`codersdk.ChatStreamEvent`). `type` says which field
 * is set: `message_part` (a streamed delta), `message` (a stored message), `status`, `error`,
 * `queue_update`, `retry`, `action_required`, `preview_reset`, `history_reset`.
 */
export const ChatStreamEvent = z.looseObject({
  type: openEnum([
    "message_part",
    "message",
    "status",
    "error",
    "queue_update",
    "retry",
    "action_required",
    "preview_reset",
    "history_reset",
  ]),
  chat_id: Uuid.optional(),
  message: ChatMessage.nullish(),
  message_part: z.looseObject({ role: z.string().optional(), part: ChatMessagePart }).nullish(),
  status: z.looseObject({ status: ChatStatus }).nullish(),
  error: ChatError.nullish(),
  retry: z.looseObject({ attempt: z.number(), error: z.string() }).nullish(),
  queued_messages: z.array(ChatQueuedMessage).nullish(),
  action_required: z.looseObject({ tool_calls: z.array(ChatStreamToolCall).nullish() }).nullish(),
});
export type ChatStreamEvent = z.infer<typeof ChatStreamEvent>;

/** One part of user input (`codersdk.ChatInputPart`); the tools send `{ type: "text", text }`. */
export interface ChatInputPart {
  type: "text" | "file" | "file-reference" | "workspace-file-reference" | (string & {});
  text?: string;
  file_id?: string;
  [key: string]: unknown;
}

/** Body of `POST /chats` (`codersdk.CreateChatRequest`). */
export interface CreateChatRequest {
  /** The organization the chat belongs to (required). */
  organization_id: string;
  /** The first user message; left out, the chat starts idle. */
  content: ChatInputPart[];
  /** Makes retries converge on one submission; reuse it after a lost response. */
  request_id?: string;
  /** Reject reasoning substitutions; needs `request_id`. */
  exact_settings?: boolean;
  /** Another user as owner (site owners only). */
  owner_id?: string;
  workspace_id?: string;
  model_config_id?: string;
  reasoning_effort?: string;
  system_prompt?: string;
  mcp_server_ids?: string[];
  labels?: Record<string, string>;
  plan_mode?: string;
  client_type?: "ui" | "api";
}

/** What happens to a message sent while the chat runs (`codersdk.ChatBusyBehavior`). */
export type ChatBusyBehavior = "queue" | "interrupt";

/** Body of `POST /chats/{chat}/messages` (`codersdk.CreateChatMessageRequest`). */
export interface CreateChatMessageRequest {
  content: ChatInputPart[];
  request_id?: string;
  exact_settings?: boolean;
  model_config_id?: string;
  reasoning_effort?: string;
  /** `queue` (the server's default) or `interrupt` the current run first. */
  busy_behavior?: ChatBusyBehavior;
  plan_mode?: string;
}

/** Body of `PATCH /chats/{chat}` (`codersdk.UpdateChatRequest`); unset fields stay as they are. */
export interface UpdateChatRequest {
  title?: string;
  archived?: boolean;
  workspace_id?: string;
  pin_order?: number;
  labels?: Record<string, string>;
  read?: boolean;
  plan_mode?: string;
}
