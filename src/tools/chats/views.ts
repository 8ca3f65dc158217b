import { z } from "zod";
import type { Chat, ChatMessagePart } from "../../client/models/index.js";
import { ToolInputError } from "../framework/errors.js";
import { prefixApiError } from "../support/api-errors.js";
import { isUuid, isZeroUuid, requireUuid } from "../support/resolve.js";
import { serverUrl } from "../support/web-urls.js";

/**
 * What the chat tools show of a chat, and the argument checks they share, worded like Coder's Go
 * toolsdk (`codersdk/toolsdk/chats.go` at coder/coder 09c521c5).
 */

/** Run one API step, wrapping its error as Go does (`<step>: <error>`); Coder's status and detail stay. */
export async function chatStep<T>(name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw prefixApiError(name, error);
  }
}

/** Go's `chatIDDescription`. */
export const CHAT_ID_DESCRIPTION = "UUID of the chat.";

/** `chat_id`: required and a UUID (Go's parseChatID). */
export function parseChatId(value: string | undefined): string {
  if (!value) throw ToolInputError.at("$.chat_id", "chat_id is required", "required");
  if (!isUuid(value)) {
    throw ToolInputError.at(
      "$.chat_id",
      `chat_id must be a valid UUID: got ${JSON.stringify(value)} (call coder_list_chats to find chat ids)`,
      "format",
    );
  }
  return requireUuid(value, "chat_id");
}

/** An optional identity UUID that must not be the zero UUID (Go's optionalChatUUID). */
export function optionalChatUuid(value: string | undefined, field: string): string | undefined {
  if (value === undefined || value === "") return undefined;
  if (!isUuid(value) || isZeroUuid(value)) {
    throw ToolInputError.at(`$.${field}`, `${field} must be a nonzero UUID`, "format");
  }
  return requireUuid(value, field);
}

/**
 * The `exact_settings` Coder receives: asked for, or implied by an explicit reasoning effort, or by
 * a model choice made under a request identity (Go's rule in CreateChat and SendChatMessage).
 */
export function impliedExactSettings(input: {
  exact_settings?: boolean | undefined;
  request_id?: string | undefined;
  model_config_id?: string | undefined;
  reasoning_effort?: string | undefined;
}): boolean {
  return (
    input.exact_settings === true ||
    (input.request_id !== undefined && input.model_config_id !== undefined) ||
    input.reasoning_effort !== undefined
  );
}

const ExactSettings = z
  .object({
    model_config_id: z.string(),
    provider: z.string(),
    model: z.string(),
    reasoning_effort: z.string().optional(),
  })
  .describe("The model and reasoning effort Coder applied to the turn");

const Submission = z
  .object({
    id: z.string(),
    request_id: z.string(),
    chat_id: z.string(),
    state: z.string().describe("reserved, accepted, uncertain or rejected"),
    message_id: z.number().optional(),
    queued_message_id: z.number().optional(),
    error: z.string().optional(),
    settings: ExactSettings.optional(),
  })
  .describe("The receipt of a request_id submission");

/** Go's `ChatToolFile`. */
export const ChatToolFile = z.object({
  id: z.string(),
  name: z.string(),
  mime_type: z.string(),
  size_bytes: z.number(),
  created_at: z.string(),
});

/** Go's `ChatToolStatus`: the short form of a chat every chat tool returns. */
export const ChatToolStatus = z.object({
  model_config_id: z.string().describe("The model config of the latest turn"),
  exact_settings: ExactSettings.optional(),
  submission: Submission.optional(),
  id: z.string(),
  title: z.string(),
  status: z.string().describe("waiting, running, interrupting, error or requires_action"),
  archived: z.boolean(),
  last_error: z
    .object({
      message: z.string(),
      detail: z.string().optional(),
      kind: z.string().optional(),
      provider: z.string().optional(),
      retryable: z.boolean().optional(),
      status_code: z.number().optional(),
    })
    .optional()
    .describe("Why the last turn failed, when the status is error"),
  last_turn_summary: z.string().optional(),
  workspace_id: z.string().optional(),
  url: z.string().describe("Where a person follows the chat in the Coder web UI"),
  labels: z.record(z.string(), z.string()).optional(),
  files: z
    .array(ChatToolFile)
    .optional()
    .describe("Files attached to the chat; see coder_download_chat_file"),
});
export type ChatToolStatus = z.infer<typeof ChatToolStatus>;

/** Drop nullish fields, as Go's `omitempty` does. */
function present<T>(value: T | null | undefined): value is T {
  return value !== undefined && value !== null;
}

/**
 * Go's chatToolStatus: `exact_settings` falls back to the submission's settings; the URL is the
 * web UI's `/agents/<id>` on the deployment.
 */
export function toChatToolStatus(chat: Chat, clientUrl: string): ChatToolStatus {
  const exact = chat.exact_settings ?? chat.submission?.settings;
  const labels = chat.labels && Object.keys(chat.labels).length > 0 ? chat.labels : undefined;
  const files = (chat.files ?? []).map((f) => ({
    id: f.id,
    name: f.name,
    mime_type: f.mime_type,
    size_bytes: f.size_bytes,
    created_at: f.created_at,
  }));
  const settings = (s: NonNullable<typeof exact>) => ({
    model_config_id: s.model_config_id,
    provider: s.provider,
    model: s.model,
    ...(s.reasoning_effort ? { reasoning_effort: s.reasoning_effort } : {}),
  });
  return {
    model_config_id: chat.last_model_config_id,
    ...(present(exact) ? { exact_settings: settings(exact) } : {}),
    ...(present(chat.submission)
      ? {
          submission: {
            id: chat.submission.id,
            request_id: chat.submission.request_id,
            chat_id: chat.submission.chat_id,
            state: chat.submission.state,
            ...(chat.submission.message_id ? { message_id: chat.submission.message_id } : {}),
            ...(chat.submission.queued_message_id
              ? { queued_message_id: chat.submission.queued_message_id }
              : {}),
            ...(chat.submission.error ? { error: chat.submission.error } : {}),
            ...(present(chat.submission.settings) ? { settings: settings(chat.submission.settings) } : {}),
          },
        }
      : {}),
    id: chat.id,
    title: chat.title,
    status: chat.status,
    archived: chat.archived,
    ...(present(chat.last_error)
      ? {
          last_error: {
            message: chat.last_error.message,
            ...(chat.last_error.detail ? { detail: chat.last_error.detail } : {}),
            ...(chat.last_error.kind ? { kind: chat.last_error.kind } : {}),
            ...(chat.last_error.provider ? { provider: chat.last_error.provider } : {}),
            ...(chat.last_error.retryable !== undefined ? { retryable: chat.last_error.retryable } : {}),
            ...(chat.last_error.status_code ? { status_code: chat.last_error.status_code } : {}),
          },
        }
      : {}),
    ...(chat.last_turn_summary ? { last_turn_summary: chat.last_turn_summary } : {}),
    ...(chat.workspace_id ? { workspace_id: chat.workspace_id } : {}),
    url: `${serverUrl(clientUrl)}/agents/${chat.id}`,
    ...(labels ? { labels } : {}),
    ...(files.length > 0 ? { files } : {}),
  };
}

/** Only `text` and `hook-notice` parts are what a person reads (hook context is for the model). */
export function userFacingText(parts: readonly ChatMessagePart[] | null | undefined): string {
  return (parts ?? [])
    .filter((p) => (p.type === "text" || p.type === "hook-notice") && p.text)
    .map((p) => p.text as string)
    .join("\n");
}

/** The stored files a message carries (file parts with a file id). */
export function messageFiles(
  parts: readonly ChatMessagePart[] | null | undefined,
): { id: string; name: string; mime_type: string }[] {
  return (parts ?? [])
    .filter((p) => p.type === "file" && p.file_id)
    .map((p) => ({ id: p.file_id as string, name: p.name ?? "", mime_type: p.media_type ?? "" }));
}

/** Busy means the agent is still working on a turn: `running`, or stopping one (`interrupting`). */
export function isBusy(status: string): boolean {
  return status === "running" || status === "interrupting";
}
