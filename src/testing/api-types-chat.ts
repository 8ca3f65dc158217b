/**
 * JSON shapes of Coder Agents chats as the fake serves them (`codersdk/chats.go` at coder/coder
 * 09c521c5). Only the fields the fake fills are listed; Go's zero values are written as Go writes
 * them (no `omitempty` → always present).
 */

/** `codersdk.ChatStatus`. */
export type ChatStatus = "waiting" | "running" | "error" | "requires_action" | "interrupting";

/** `codersdk.ChatError`. */
export interface ChatError {
  message: string;
  detail?: string;
  kind?: string;
  provider?: string;
  retryable: boolean;
  status_code?: number;
}

/** `codersdk.ChatFileMetadata`. */
export interface ChatFileMetadata {
  id: string;
  owner_id: string;
  organization_id: string;
  name: string;
  mime_type: string;
  size_bytes: number;
  created_at: string;
}

/** `codersdk.ChatExactSettings`. */
export interface ChatExactSettings {
  model_config_id: string;
  provider: string;
  model: string;
  reasoning_effort?: string;
}

/** `codersdk.ChatSubmissionReceipt`. */
export interface ChatSubmissionReceipt {
  id: string;
  request_id: string;
  chat_id: string;
  state: "reserved" | "accepted" | "uncertain" | "rejected";
  message_id?: number;
  queued_message_id?: number;
  error?: string;
  settings?: ChatExactSettings;
}

/** `codersdk.Chat`. */
export interface Chat {
  submission?: ChatSubmissionReceipt;
  exact_settings?: ChatExactSettings;
  id: string;
  organization_id: string;
  owner_id: string;
  owner_username?: string;
  owner_name?: string;
  workspace_id?: string;
  last_model_config_id: string;
  last_reasoning_effort?: string;
  title: string;
  status: ChatStatus;
  last_error?: ChatError;
  last_turn_summary: string | null;
  summary: string | null;
  created_at: string;
  updated_at: string;
  archived: boolean;
  shared: boolean;
  pin_order: number;
  mcp_server_ids: string[];
  labels: Record<string, string>;
  files?: ChatFileMetadata[];
  has_unread: boolean;
  warnings?: string[];
  client_type: "ui" | "api";
  children: Chat[];
}

/** `codersdk.ChatMessagePart` (the variants the fake writes). */
export interface ChatMessagePart {
  type: string;
  text?: string;
  tool_call_id?: string;
  tool_name?: string;
  args?: unknown;
  result?: unknown;
  media_type?: string;
  name?: string;
  file_id?: string;
}

/** `codersdk.ChatMessage`. */
export interface ChatMessage {
  id: number;
  chat_id: string;
  created_by?: string;
  model_config_id?: string;
  created_at: string;
  role: "system" | "user" | "assistant" | "tool";
  content?: ChatMessagePart[];
  queued_message_id?: number;
}

/** `codersdk.ChatQueuedMessage`. */
export interface ChatQueuedMessage {
  id: number;
  chat_id: string;
  model_config_id?: string;
  content: ChatMessagePart[];
  created_at: string;
}

/** `codersdk.ChatMessagesResponse`. */
export interface ChatMessagesResponse {
  messages: ChatMessage[];
  queued_messages: ChatQueuedMessage[];
  has_more: boolean;
}

/** `codersdk.CreateChatMessageResponse`. */
export interface CreateChatMessageResponse {
  submission?: ChatSubmissionReceipt;
  message?: ChatMessage;
  messages?: ChatMessage[];
  queued_message?: ChatQueuedMessage;
  queued: boolean;
  warnings?: string[];
}

/** `codersdk.ChatModel`. */
export interface ChatModel {
  exact_reasoning_efforts?: string[];
  id: string;
  organization_id: string;
  ai_provider_id: string;
  model: string;
  display_name: string;
  enabled: boolean;
  is_default: boolean;
  context_limit: number;
  compression_threshold: number;
  model_config?: { reasoning_effort?: { default?: string; max?: string } };
  reasoning_efforts?: string[];
  created_at: string;
  updated_at: string;
}

/** `codersdk.ChatModelProviderDescriptor`. */
export interface ChatModelProviderDescriptor {
  id: string;
  type: string;
  display_name: string;
  icon: string;
  enabled: boolean;
  has_api_key: boolean;
  has_user_api_key: boolean;
  has_effective_api_key: boolean;
  allow_user_api_key: boolean;
  available: boolean;
  unavailable_reason?: string;
}

/** `codersdk.OrganizationChatModelsResponse`. */
export interface OrganizationChatModelsResponse {
  models: ChatModel[];
  providers: ChatModelProviderDescriptor[];
  unsupported_providers: { provider: string; display_name: string }[];
}

/** `codersdk.ChatFileDownloadURLResponse`. */
export interface ChatFileDownloadUrl {
  url: string;
  expires_at: string;
  sha256: string;
  size_bytes: number;
  name: string;
  mime_type: string;
}

/** `codersdk.ChatWatchEvent`. */
export interface ChatWatchEvent {
  kind: "status_change" | "summary_change" | "title_change" | "created" | "deleted";
  chat: Chat;
}

/** `codersdk.ChatStreamEvent`. */
export interface ChatStreamEvent {
  type: "message_part" | "message" | "status" | "error" | "queue_update";
  chat_id: string;
  message?: ChatMessage;
  message_part?: { role: "assistant"; part: ChatMessagePart };
  status?: { status: ChatStatus };
  error?: ChatError;
  queued_messages?: ChatQueuedMessage[];
}
