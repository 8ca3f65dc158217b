import { z } from "zod";
import { MUTATION, READ_ONLY } from "../framework/annotations.js";
import { defineTool } from "../framework/define-tool.js";
import { ToolInputError } from "../framework/errors.js";
import { fitJsonPrefix } from "../framework/shaping.js";
import { checkInputs, requireUuid, resolveOrganization } from "../support/resolve.js";
import {
  CHAT_ID_DESCRIPTION,
  ChatToolStatus,
  impliedExactSettings,
  optionalChatUuid,
  parseChatId,
  chatStep as step,
  toChatToolStatus,
} from "./views.js";

/**
 * Coder Agents chats: start one, look at it, list them, stop a run, archive. Names, inputs,
 * validation messages and annotations follow Coder's Go toolsdk (codersdk/toolsdk/chats.go at
 * coder/coder 09c521c5); Coder's wording of descriptions is not copied.
 */

const EXACT_SETTINGS_DESCRIPTION =
  "Apply the configured (or inherited) model and reasoning effort exactly, or fail, even when no setting is given. " +
  "Needs request_id. Implied by an explicit reasoning_effort, and by model_config_id together with request_id.";

/** `coder_create_chat`: start a server-side coding agent on a prompt. */
export const createChat = defineTool({
  name: "coder_create_chat",
  title: "Create chat",
  description:
    "Start a Coder Agents chat: Coder's own AI coding agent works on the prompt by itself, on the server, in a workspace it picks or the one you name. " +
    "The chat runs in the background and the result comes back at once with status running. " +
    "Wait for it with coder_await_chat (or poll coder_get_chat), then read what it did with coder_get_chat_messages. " +
    "Without organization_id, your only organization is used.",
  toolset: "chats",
  requires: ["chats"],
  annotations: MUTATION,
  input: z.object({
    exact_settings: z.boolean().optional().describe(EXACT_SETTINGS_DESCRIPTION),
    request_id: z
      .string()
      .optional()
      .describe(
        "A UUID you choose for this submission; send the same one again after a lost response and Coder returns the same chat (different input with it is refused). " +
          "Needed for reasoning_effort and exact_settings.",
      ),
    workspace_id: z
      .string()
      .optional()
      .describe(
        "UUID of an existing workspace in the organization for the agent to work in; it is not deleted afterwards.",
      ),
    reasoning_effort: z
      .string()
      .optional()
      .describe(
        "A reasoning effort the model supports exactly (supported_reasoning_efforts of coder_list_chat_model_configs); needs request_id. An unsupported value fails.",
      ),
    prompt: z.string().describe('What the agent should do, e.g. "Fix the flaky login test and open a PR".'),
    organization_id: z
      .string()
      .optional()
      .describe("Organization UUID; may be left out when you belong to one organization."),
    owner_id: z
      .string()
      .optional()
      .describe(
        "UUID of another user to own the chat (it runs with their credentials); only site owners may do this, and the user must be a member of the organization. Defaults to you.",
      ),
    model_config_id: z
      .string()
      .optional()
      .describe(
        "Chat model config UUID from coder_list_chat_model_configs, of the same organization. Left out: your personal override or the organization's default model.",
      ),
    labels: z
      .record(z.string(), z.string())
      .optional()
      .describe(
        'String labels to attach to the chat, e.g. {"ticket": "ENG-42"}; coder_list_chats can filter on them.',
      ),
  }),
  output: ChatToolStatus,
  async handler(input, { client, signal }) {
    if (input.prompt === "") throw ToolInputError.at("$.prompt", "prompt is required", "required");
    const [ownerId, modelConfigId, requestId, workspaceId] = checkInputs(
      () => ownerUuid(input.owner_id),
      () => (input.model_config_id ? requireUuid(input.model_config_id, "model_config_id") : undefined),
      () => optionalChatUuid(input.request_id, "request_id"),
      () => optionalChatUuid(input.workspace_id, "workspace_id"),
    );
    const organizationId = await resolveOrganization(client, input.organization_id || undefined, signal);
    const chat = await step("create chat", () =>
      client.chats.create(
        {
          organization_id: organizationId,
          content: [{ type: "text", text: input.prompt }],
          ...(requestId ? { request_id: requestId } : {}),
          ...(workspaceId ? { workspace_id: workspaceId } : {}),
          ...(input.reasoning_effort !== undefined ? { reasoning_effort: input.reasoning_effort } : {}),
          ...(ownerId ? { owner_id: ownerId } : {}),
          ...(modelConfigId ? { model_config_id: modelConfigId } : {}),
          ...(input.labels ? { labels: input.labels } : {}),
          ...(impliedExactSettings({
            exact_settings: input.exact_settings,
            request_id: requestId,
            model_config_id: modelConfigId,
            reasoning_effort: input.reasoning_effort,
          })
            ? { exact_settings: true }
            : {}),
        },
        { signal },
      ),
    );
    return toChatToolStatus(chat, client.url);
  },
});

/** Go's owner_id check: a UUID, and not the zero one. */
function ownerUuid(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const id = requireUuid(value, "owner_id");
  if (/^0{8}-0{4}-0{4}-0{4}-0{12}$/.test(id)) {
    throw ToolInputError.at("$.owner_id", "owner_id must be a valid nonzero UUID", "format");
  }
  return id;
}

/** `coder_get_chat`: one chat's status. */
export const getChat = defineTool({
  name: "coder_get_chat",
  title: "Get chat",
  description:
    "Show where a Coder Agents chat stands: its status (running, interrupting, waiting, error, requires_action), the error of a failed turn, " +
    "the agent's summary of its last turn, its workspace, its labels and the files it attached (download them with coder_download_chat_file).",
  toolset: "chats",
  requires: ["chats"],
  annotations: READ_ONLY,
  input: z.object({ chat_id: z.string().describe(CHAT_ID_DESCRIPTION) }),
  output: ChatToolStatus,
  async handler({ chat_id }, { client, signal }) {
    const chatId = parseChatId(chat_id);
    const chat = await step("get chat", () => client.chats.get(chatId, { signal }));
    return toChatToolStatus(chat, client.url);
  },
});

// Leaves room for the wrapper object and the note, so the list itself is what gets cut.
const LIST_OVERHEAD_BYTES = 512;

/** `coder_list_chats`: your chats, by labels or a fielded query. */
export const listChats = defineTool({
  name: "coder_list_chats",
  title: "List chats",
  description:
    "List your Coder Agents chats, most recently updated first, optionally only those with the given labels or matching a query. " +
    "Archived chats are left out unless the query says archived:true. Each entry is the short chat form of coder_get_chat.",
  toolset: "chats",
  requires: ["chats"],
  annotations: READ_ONLY,
  input: z.object({
    labels: z
      .record(z.string(), z.string())
      .optional()
      .describe("Only chats with exactly these labels (string keys and values)."),
    query: z
      .string()
      .optional()
      .describe(
        "Fielded search terms only; a bare word is refused. Fields: search:<text> (full text; not with title, pr_title or pr), title:<text>, " +
          "repo:<owner/name>, pr:<number>, pr_title:<text>, pr_status:<draft|open|merged|closed|none>, diff_url:<url>, archived:<true|false>, " +
          'has_unread:<true|false>, status:<waiting|running|error|requires_action|interrupting>, source:<created_by_me|shared_with_me>. Quote values with spaces or colons, e.g. title:"flaky test" or diff_url:"https://github.com/o/r/pull/1".',
      ),
    limit: z.number().int().optional().describe("How many chats to return, 1–100 (default 25)."),
  }),
  output: z.object({
    chats: z.array(ChatToolStatus),
    note: z.string().optional(),
  }),
  async handler({ labels, query, limit }, { client, signal, limits }) {
    const count = limit ?? 0;
    if (count < 0 || count > 100) {
      throw ToolInputError.at(
        "$.limit",
        "limit must be between 1 and 100",
        count < 0 ? "minimum" : "maximum",
      );
    }
    const chats = await step("list chats", () =>
      client.chats.list({ q: query || undefined, labels, limit: count === 0 ? 25 : count, signal }),
    );
    const all = chats.map((chat) => toChatToolStatus(chat, client.url));
    const shown = fitJsonPrefix(all, limits.maxResultBytes - LIST_OVERHEAD_BYTES);
    const omitted = all.length - shown.length;
    return {
      chats: shown,
      ...(omitted > 0
        ? {
            note: `${omitted} more chats were left out to keep the result small; pass a smaller limit, labels or a query.`,
          }
        : {}),
    };
  },
});

/** `coder_interrupt_chat`: stop the run in progress. */
export const interruptChat = defineTool({
  name: "coder_interrupt_chat",
  title: "Interrupt chat",
  description:
    "Stop the turn a Coder Agents chat is running. What the agent did so far is kept; the chat goes to interrupting and then waiting, " +
    "ready for the next message (coder_send_chat_message). Returns the chat's short form.",
  toolset: "chats",
  requires: ["chats"],
  annotations: MUTATION,
  input: z.object({ chat_id: z.string().describe(CHAT_ID_DESCRIPTION) }),
  output: ChatToolStatus,
  async handler({ chat_id }, { client, signal }) {
    const chatId = parseChatId(chat_id);
    const chat = await step("interrupt chat", () => client.chats.interrupt(chatId, { signal }));
    return toChatToolStatus(chat, client.url);
  },
});

/** `coder_archive_chat`: hide a chat from the default listings. */
export const archiveChat = defineTool({
  name: "coder_archive_chat",
  title: "Archive chat",
  description:
    "Archive a Coder Agents chat: it no longer shows in the default listings (coder_list_chats finds it with archived:true), and it can be brought back in the Coder web UI. " +
    'Returns { message: "Chat archived successfully." }.',
  toolset: "chats",
  requires: ["chats"],
  annotations: MUTATION,
  input: z.object({ chat_id: z.string().describe(CHAT_ID_DESCRIPTION) }),
  output: z.object({ message: z.string() }),
  async handler({ chat_id }, { client, signal }) {
    const chatId = parseChatId(chat_id);
    await step("archive chat", () => client.chats.archive(chatId, { signal }));
    return { message: "Chat archived successfully." };
  },
});
