import { z } from "zod";
import type { ChatFileMetadata } from "../../client/models/index.js";
import { READ_ONLY } from "../framework/annotations.js";
import { defineTool } from "../framework/define-tool.js";
import { ToolError, ToolInputError } from "../framework/errors.js";
import { isUuid, requireUuid } from "../support/resolve.js";
import { chatStep, parseChatId } from "./views.js";

/** Go's chatFilesDescription: every file of the chat, so the model can pick the right id. */
function describeFiles(files: readonly ChatFileMetadata[]): string {
  const items = files.map(
    (f) =>
      `{id: ${f.id}, name: ${JSON.stringify(f.name)}, mime_type: ${JSON.stringify(f.mime_type)}, size_bytes: ${f.size_bytes}}`,
  );
  return `[${items.join(", ")}]`;
}

/** `coder_download_chat_file`: a short-lived URL for a file attached to a chat. */
export const downloadChatFile = defineTool({
  name: "coder_download_chat_file",
  title: "Download chat file",
  description:
    "Get a short-lived download URL for a file attached to a Coder Agents chat, with the file's name, type, size and SHA-256. " +
    "Name the file either by file_id alone, or by chat_id and its exact file_name. The URL works for about 5 minutes without any " +
    'authentication header: fetch it to disk (e.g. curl -fSs -o <path> "<url>") instead of reading binary content into the conversation.',
  toolset: "chats",
  requires: ["chats"],
  annotations: READ_ONLY,
  input: z.object({
    file_id: z.string().optional().describe("UUID of the chat file; give it alone when you know it."),
    chat_id: z
      .string()
      .optional()
      .describe("UUID of the chat; give it with file_name when you do not know the file id."),
    file_name: z.string().optional().describe("The file's exact name; give it with chat_id."),
  }),
  output: z.object({
    file_id: z.string(),
    name: z.string(),
    mime_type: z.string(),
    size_bytes: z.number(),
    sha256: z.string(),
    url: z.string().describe("Signed URL; needs no session token; expires at expires_at"),
    expires_at: z.string(),
  }),
  async handler({ file_id, chat_id, file_name }, { client, signal }) {
    const byId = !!file_id && !chat_id && !file_name;
    const byName = !file_id && !!chat_id && !!file_name;
    if (!byId && !byName) {
      throw ToolInputError.at(
        "$",
        "provide exactly one addressing mode: file_id alone, or chat_id with file_name",
      );
    }
    let fileId: string;
    if (byId) {
      if (!isUuid(file_id as string)) {
        throw ToolInputError.at(
          "$.file_id",
          `file_id must be a valid UUID: got ${JSON.stringify(file_id)}`,
          "format",
        );
      }
      fileId = requireUuid(file_id as string, "file_id");
    } else {
      const chatId = parseChatId(chat_id);
      const chat = await chatStep("get chat", () => client.chats.get(chatId, { signal }));
      const files = chat.files ?? [];
      const matches = files.filter((f) => f.name === file_name);
      if (matches.length > 1) {
        throw new ToolError(
          `multiple chat files named ${JSON.stringify(file_name)}; available files: ${describeFiles(files)}`,
          { hint: "pass the file_id of the one you want, alone" },
        );
      }
      const match = matches[0];
      if (!match) {
        throw new ToolError(
          `no chat file named ${JSON.stringify(file_name)}; available files: ${describeFiles(files)}`,
          {
            hint: "use one of the names listed (exact match), or pass its file_id",
          },
        );
      }
      fileId = match.id;
    }
    const link = await chatStep("create chat file download URL", () =>
      client.chats.fileDownloadUrl(fileId, { signal }),
    );
    return {
      file_id: fileId,
      name: link.name,
      mime_type: link.mime_type,
      size_bytes: link.size_bytes,
      sha256: link.sha256,
      url: link.url,
      expires_at: link.expires_at,
    };
  },
});
