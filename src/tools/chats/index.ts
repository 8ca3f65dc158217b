import { defineToolset } from "../framework/toolset.js";
import { awaitChat } from "./await-chat.js";
import { archiveChat, createChat, getChat, interruptChat, listChats } from "./chats.js";
import { downloadChatFile } from "./files.js";
import { getChatMessages, sendChatMessage } from "./messages.js";
import { listChatModelConfigs } from "./models.js";

export {
  archiveChat,
  awaitChat,
  createChat,
  downloadChatFile,
  getChat,
  getChatMessages,
  interruptChat,
  listChatModelConfigs,
  listChats,
  sendChatMessage,
};

/** Toolset `chats`: Coder Agents, the coding agent Coder runs on the server (current Coder's successor to Tasks). */
export const chatsToolset = defineToolset({
  id: "chats",
  title: "Coder Agents chats",
  description:
    "Coder Agents chats: start Coder's server-side AI coding agent on a prompt, wait for it, read its transcript and files, " +
    "send it messages, stop or archive it. Needs a deployment with chats (/api/v2/chats on current Coder, /api/experimental/chats on about v2.36).",
  standard: true,
  instructions:
    "Start work with coder_create_chat (pick a model with coder_list_chat_model_configs if the default will not do), then wait with " +
    "coder_await_chat until it is no longer busy and read the result with coder_get_chat_messages. Continue the conversation with " +
    "coder_send_chat_message, stop a run with coder_interrupt_chat, fetch attached files with coder_download_chat_file. " +
    "coder_list_chats and coder_get_chat find existing chats; coder_archive_chat tidies up.",
  // In the order codersdk/toolsdk/chats.go declares them.
  tools: [
    createChat,
    getChat,
    downloadChatFile,
    awaitChat,
    listChats,
    getChatMessages,
    sendChatMessage,
    interruptChat,
    archiveChat,
    listChatModelConfigs,
  ],
});
