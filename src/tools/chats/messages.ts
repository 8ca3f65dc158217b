import { z } from "zod";
import type { ChatMessage, ChatQueuedMessage } from "../../client/models/index.js";
import { MUTATION, READ_ONLY } from "../framework/annotations.js";
import { defineTool } from "../framework/define-tool.js";
import { ToolInputError } from "../framework/errors.js";
import { headTail } from "../framework/log-window.js";
import { utf8ByteLength } from "../framework/shaping.js";
import { checkInputs } from "../support/resolve.js";
import {
  CHAT_ID_DESCRIPTION,
  chatStep,
  impliedExactSettings,
  messageFiles,
  optionalChatUuid,
  parseChatId,
  userFacingText,
} from "./views.js";

/** Reading a chat's transcript and talking to its agent (Go's GetChatMessages and SendChatMessage). */

const ToolMessage = z.object({
  id: z.number(),
  role: z.string().describe("user, assistant, system or tool"),
  created_at: z.string(),
  text: z.string().describe("The user-facing text (text parts and hook notices), one part per line"),
  files: z.array(z.object({ id: z.string(), name: z.string(), mime_type: z.string() })).optional(),
  text_omitted_bytes: z
    .number()
    .optional()
    .describe("Present when this message's text was cut in the middle to fit the budget"),
});
type ToolMessage = z.infer<typeof ToolMessage>;

/** Go's chatToolMessage: user-facing text and files; a message with neither is left out. */
function toToolMessage(message: ChatMessage): ToolMessage | undefined {
  const text = userFacingText(message.content);
  const files = messageFiles(message.content);
  if (!text && files.length === 0) return undefined;
  return {
    id: message.id,
    role: message.role,
    created_at: message.created_at,
    text,
    ...(files.length > 0 ? { files } : {}),
  };
}

/** A queued prompt as one line; one with only files reads `(attached files: a, b)` (as Go shows it). */
function queuedText(queued: ChatQueuedMessage): string {
  const text = userFacingText(queued.content);
  if (text) return text;
  const names = (queued.content ?? [])
    .filter((p) => p.type === "file" && p.file_id)
    .map((p) => p.name || (p.file_id as string));
  return names.length > 0 ? `(attached files: ${names.join(", ")})` : "";
}

// Below this, a cut message would say nothing useful.
const MIN_TEXT_BYTES = 256;

/** A message that alone exceeds the budget: its text keeps head and tail, as logs do. */
function cutToFit(message: ToolMessage, budgetBytes: number): ToolMessage {
  const overhead = utf8ByteLength(JSON.stringify({ ...message, text: "" }));
  const cut = headTail(message.text, Math.max(MIN_TEXT_BYTES, budgetBytes - overhead));
  return cut.truncated
    ? { ...message, text: cut.text, text_omitted_bytes: cut.truncated.omitted_bytes }
    : message;
}

/**
 * Fit a page into `budgetBytes`, keeping a contiguous run at the end the caller pages away from
 * (the newest when paging back, the oldest when paging forward with after_id), so the cursor it
 * gets continues exactly where the shown messages stop.
 */
function fitPage(
  messages: ToolMessage[],
  forward: boolean,
  budgetBytes: number,
): { shown: ToolMessage[]; omitted: ToolMessage[] } {
  const order = forward ? messages : [...messages].reverse();
  const kept: ToolMessage[] = [];
  let used = 0;
  for (const message of order) {
    const size = utf8ByteLength(JSON.stringify(message)) + 1;
    if (used + size > budgetBytes) {
      if (kept.length === 0) kept.push(cutToFit(message, budgetBytes));
      break;
    }
    kept.push(message);
    used += size;
  }
  const shown = forward ? kept : [...kept].reverse();
  const ids = new Set(shown.map((m) => m.id));
  return { shown, omitted: messages.filter((m) => !ids.has(m.id)) };
}

/** `coder_get_chat_messages`: a page of the transcript, oldest first. */
export const getChatMessages = defineTool({
  name: "coder_get_chat_messages",
  title: "Get chat messages",
  description:
    "Read a Coder Agents chat's transcript, oldest message first. Only what a person would read is returned: text and lifecycle hook notices, " +
    "plus the files a message carries; tool calls and other internal parts are left out (so are messages with nothing else). " +
    "Messages still queued behind a busy chat come as queued_messages on the first page. The first page holds the newest messages: " +
    "to page back pass next_before_id as before_id; to follow new messages pass next_after_id as after_id. " +
    "A page too large for the result budget keeps the messages nearest the cursor you came from and says how many it left out.",
  toolset: "chats",
  requires: ["chats"],
  annotations: READ_ONLY,
  input: z.object({
    chat_id: z.string().describe(CHAT_ID_DESCRIPTION),
    limit: z
      .number()
      .int()
      .optional()
      .describe(
        "Messages per page, 1–200 (Coder's default 50). Pages hold the newest messages unless after_id is set, which pages forward in time.",
      ),
    before_id: z
      .number()
      .int()
      .optional()
      .describe(
        "Only messages older than this message id (a next_before_id). Leave out for the newest messages.",
      ),
    after_id: z
      .number()
      .int()
      .optional()
      .describe(
        "Only messages newer than this message id (a next_after_id), oldest first. Not together with before_id.",
      ),
  }),
  output: z.object({
    messages: z.array(ToolMessage),
    has_more: z
      .boolean()
      .describe("Whether there are more messages beyond this page in the direction you page"),
    next_before_id: z.number().optional().describe("Pass as before_id for older messages"),
    next_after_id: z.number().optional().describe("Pass as after_id for newer messages"),
    queued_messages: z
      .array(z.string())
      .optional()
      .describe("Prompts waiting behind a busy chat (first page only)"),
    omitted: z.number().optional().describe("Messages of this page left out to fit the result budget"),
    note: z.string().optional(),
  }),
  async handler(input, { client, signal, limits }) {
    const chatId = parseChatId(input.chat_id);
    const limit = input.limit ?? 0;
    const before = input.before_id ?? 0;
    const after = input.after_id ?? 0;
    checkInputs(
      () => {
        if (limit < 0 || limit > 200) {
          throw ToolInputError.at(
            "$.limit",
            "limit must be between 1 and 200",
            limit < 0 ? "minimum" : "maximum",
          );
        }
      },
      () => {
        if (before < 0)
          throw ToolInputError.at("$.before_id", "before_id must be a positive message id", "minimum");
      },
      () => {
        if (after < 0)
          throw ToolInputError.at("$.after_id", "after_id must be a positive message id", "minimum");
      },
    );
    if (before > 0 && after > 0) {
      throw ToolInputError.at("$.after_id", "before_id and after_id cannot be used together");
    }
    const page = await chatStep("get chat messages", () =>
      client.chats.messages(chatId, {
        ...(limit > 0 ? { limit } : {}),
        ...(before > 0 ? { before_id: before } : {}),
        ...(after > 0 ? { after_id: after } : {}),
        signal,
      }),
    );
    const raw = page.messages ?? [];
    const forward = after > 0;
    // Coder pages newest first except for after_id alone; the tool always reads oldest first.
    const chronological = forward ? raw : [...raw].reverse();
    const converted = chronological.map(toToolMessage).filter((m): m is ToolMessage => m !== undefined);
    const queued = (page.queued_messages ?? []).map(queuedText).filter((t) => t !== "");

    // Cursors come from the unfiltered page, so a page of only tool calls still moves the caller on.
    const rawIds = raw.map((m) => m.id);
    let nextBefore = !forward && page.has_more && rawIds.length > 0 ? Math.min(...rawIds) : undefined;
    let nextAfter = forward && rawIds.length > 0 ? Math.max(...rawIds) : undefined;
    let hasMore = page.has_more ?? false;

    const { shown, omitted } = fitPage(converted, forward, limits.logBudgetBytes);
    if (omitted.length > 0) {
      hasMore = true;
      if (forward) {
        // Continue right before the first message left out (skipping nothing in between).
        const firstLeft = Math.min(...omitted.map((m) => m.id));
        nextAfter = Math.max(after, ...rawIds.filter((id) => id < firstLeft));
      } else {
        nextBefore = Math.min(...shown.map((m) => m.id));
      }
    }
    return {
      messages: shown,
      has_more: hasMore,
      ...(nextBefore !== undefined ? { next_before_id: nextBefore } : {}),
      ...(nextAfter !== undefined ? { next_after_id: nextAfter } : {}),
      ...(queued.length > 0 ? { queued_messages: queued } : {}),
      ...(omitted.length > 0
        ? {
            omitted: omitted.length,
            note: `${omitted.length} ${forward ? "newer" : "older"} messages of this page were left out to fit the ${limits.logBudgetBytes}-byte budget; pass ${forward ? `after_id ${nextAfter}` : `before_id ${nextBefore}`} to read them.`,
          }
        : {}),
    };
  },
});

/** `coder_send_chat_message`: a user message, queued behind a run or interrupting it. */
export const sendChatMessage = defineTool({
  name: "coder_send_chat_message",
  title: "Send chat message",
  description:
    "Send a message to a Coder Agents chat as its user, e.g. an answer to the agent's question or the next instruction. " +
    'When the agent is busy the message waits for the current turn (busy_behavior "queue", the default; queued is then true) or stops it first ("interrupt"). ' +
    "Wait for the answer with coder_await_chat and read it with coder_get_chat_messages.",
  toolset: "chats",
  requires: ["chats"],
  annotations: MUTATION,
  input: z.object({
    exact_settings: z
      .boolean()
      .optional()
      .describe(
        "Apply the configured (or inherited) model and reasoning effort exactly, or fail. Needs request_id; implied by reasoning_effort, and by model_config_id with request_id.",
      ),
    request_id: z
      .string()
      .optional()
      .describe(
        "A UUID you choose for this message; send it again after an uncertain delivery and Coder will not add it twice (changed input with it conflicts). Needed for reasoning_effort and exact_settings.",
      ),
    model_config_id: z
      .string()
      .optional()
      .describe("Chat model config UUID for this and later turns; left out, the chat keeps its model."),
    reasoning_effort: z
      .string()
      .optional()
      .describe("An exact reasoning effort for this turn; an unsupported one fails."),
    chat_id: z.string().describe(CHAT_ID_DESCRIPTION),
    text: z.string().describe("The message."),
    busy_behavior: z
      .enum(["queue", "interrupt"])
      .optional()
      .describe(
        'When the chat is busy: "queue" (default) runs the message after the current turn, "interrupt" stops the current turn first.',
      ),
  }),
  output: z.object({
    submission: z
      .object({
        id: z.string(),
        request_id: z.string(),
        chat_id: z.string(),
        state: z.string(),
        message_id: z.number().optional(),
        queued_message_id: z.number().optional(),
        error: z.string().optional(),
      })
      .optional()
      .describe("The receipt of a request_id submission"),
    queued: z.boolean().describe("True when the message waits behind the current turn"),
    warnings: z.array(z.string()).optional(),
  }),
  async handler(input, { client, signal }) {
    const chatId = parseChatId(input.chat_id);
    if (input.text === "") throw ToolInputError.at("$.text", "text is required", "required");
    const [requestId, modelConfigId] = checkInputs(
      () => optionalChatUuid(input.request_id, "request_id"),
      () => optionalChatUuid(input.model_config_id, "model_config_id"),
    );
    const exact = impliedExactSettings({
      exact_settings: input.exact_settings,
      request_id: requestId,
      model_config_id: modelConfigId,
      reasoning_effort: input.reasoning_effort,
    });
    const response = await chatStep("send chat message", () =>
      client.chats.sendMessage(
        chatId,
        {
          content: [{ type: "text", text: input.text }],
          busy_behavior: input.busy_behavior ?? "queue",
          ...(requestId ? { request_id: requestId } : {}),
          ...(modelConfigId ? { model_config_id: modelConfigId } : {}),
          ...(input.reasoning_effort !== undefined ? { reasoning_effort: input.reasoning_effort } : {}),
          ...(exact ? { exact_settings: true } : {}),
        },
        { signal },
      ),
    );
    const receipt = response.submission;
    return {
      ...(receipt
        ? {
            submission: {
              id: receipt.id,
              request_id: receipt.request_id,
              chat_id: receipt.chat_id,
              state: receipt.state,
              ...(receipt.message_id ? { message_id: receipt.message_id } : {}),
              ...(receipt.queued_message_id ? { queued_message_id: receipt.queued_message_id } : {}),
              ...(receipt.error ? { error: receipt.error } : {}),
            },
          }
        : {}),
      queued: response.queued,
      ...(response.warnings && response.warnings.length > 0 ? { warnings: response.warnings } : {}),
    };
  },
});
