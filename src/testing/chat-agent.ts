import type { ChatMessage, ChatMessagePart, ChatStreamEvent } from "./api-types-chat.js";
import type { ChatFileRec, ChatRec, ChatReply, ChatReplySpec, QueuedRec } from "./chat-records.js";
import type { Scheduler } from "./store.js";
import { newId, nowIso, sha256Hex } from "./util.js";

/** What the simulated agent needs from the chat state around it. */
export interface ChatAgentHost {
  /** Stores a message and streams it. */
  addMessage(chat: ChatRec, message: Omit<ChatMessage, "id" | "chat_id" | "created_at">): ChatMessage;
  /** Streams events to the chat's stream listeners. */
  stream(chat: ChatRec, events: ChatStreamEvent[]): void;
  /** Publishes a status change (watch and stream). */
  statusChanged(chat: ChatRec): void;
  /** Publishes a new turn summary (watch). */
  summaryChanged(chat: ChatRec): void;
  files: Map<string, ChatFileRec>;
}

/**
 * Coder's chat daemon, simulated: a turn runs over three `stepMs` ticks on the fake's scheduler
 * (stream the first half of the answer, then the rest plus a tool call, then store the answer and
 * go back to `waiting`), queued messages run one after another, and an interrupt stops the turn
 * after one tick, keeping the part of the answer streamed so far.
 */
export class ChatAgent {
  constructor(
    private readonly host: ChatAgentHost,
    private readonly scheduler: Scheduler,
    private readonly stepMs: number,
    private readonly reply: ChatReply,
  ) {}

  /** Starts a turn that answers `prompt`. */
  startTurn(chat: ChatRec, prompt: string): void {
    chat.turn += 1;
    const turn = chat.turn;
    chat.status = "running";
    chat.lastError = null;
    chat.partial = "";
    this.host.statusChanged(chat);
    let answer: ChatReplySpec | Error;
    try {
      const out = this.reply(prompt, { chatId: chat.id, title: chat.title, turn });
      answer = typeof out === "string" ? { text: out } : out;
    } catch (err) {
      answer = err instanceof Error ? err : new Error(String(err));
    }
    const live = () => chat.turn === turn && chat.status === "running";
    this.scheduler.after(this.stepMs, () => {
      if (!live()) return;
      if (answer instanceof Error) {
        this.fail(chat, answer.message);
        return;
      }
      const text = answer.text;
      const half = text.slice(0, Math.ceil(text.length / 2));
      this.delta(chat, half);
      this.scheduler.after(this.stepMs, () => {
        if (!live()) return;
        this.delta(chat, text.slice(half.length));
        this.toolCall(chat, prompt);
        this.scheduler.after(this.stepMs, () => {
          if (live()) this.finish(chat, answer as ChatReplySpec);
        });
      });
    });
  }

  /** `POST /chats/{chat}/interrupt`: a running turn goes to `interrupting`, then `waiting`. */
  interrupt(chat: ChatRec): void {
    if (chat.status !== "running") return;
    chat.status = "interrupting";
    this.host.statusChanged(chat);
    const turn = chat.turn;
    this.scheduler.after(this.stepMs, () => {
      if (chat.turn !== turn || chat.status !== "interrupting") return;
      chat.turn += 1;
      // coderd persists the partial answer before the next queued message is promoted.
      if (chat.partial) {
        this.host.addMessage(chat, { role: "assistant", content: [{ type: "text", text: chat.partial }] });
      }
      chat.partial = "";
      chat.status = "waiting";
      this.host.statusChanged(chat);
      this.promote(chat);
    });
  }

  /** Runs the head of the queue when the chat is idle. */
  promote(chat: ChatRec): void {
    if (chat.status === "running" || chat.status === "interrupting") return;
    const next: QueuedRec | undefined = chat.queue.shift();
    if (!next) return;
    this.host.stream(chat, [{ type: "queue_update", chat_id: chat.id, queued_messages: [] }]);
    this.host.addMessage(chat, {
      role: "user",
      content: next.parts,
      created_by: next.createdBy,
      ...(next.modelConfigId ? { model_config_id: next.modelConfigId } : {}),
      queued_message_id: next.id,
    });
    this.startTurn(chat, textOf(next.parts));
  }

  private delta(chat: ChatRec, text: string): void {
    if (!text) return;
    chat.partial += text;
    this.host.stream(chat, [
      {
        type: "message_part",
        chat_id: chat.id,
        message_part: { role: "assistant", part: { type: "text", text } },
      },
    ]);
  }

  /** The agent "runs a command": a tool-call message and its result, which carry no user-facing text. */
  private toolCall(chat: ChatRec, prompt: string): void {
    const callId = `call_${chat.turn}_${chat.id.slice(0, 8)}`;
    const args = { command: `echo ${JSON.stringify(prompt.slice(0, 40))}` };
    this.host.addMessage(chat, {
      role: "assistant",
      content: [{ type: "tool-call", tool_call_id: callId, tool_name: "execute", args }],
    });
    this.host.addMessage(chat, {
      role: "tool",
      content: [
        {
          type: "tool-result",
          tool_call_id: callId,
          tool_name: "execute",
          result: { output: prompt.slice(0, 40), exit_code: 0 },
        },
      ],
    });
  }

  private finish(chat: ChatRec, answer: ChatReplySpec): void {
    const parts: ChatMessagePart[] = [
      ...(answer.hookNotice ? [{ type: "hook-notice", text: answer.hookNotice }] : []),
      { type: "text", text: answer.text },
    ];
    for (const file of answer.files ?? []) {
      const data = typeof file.data === "string" ? new TextEncoder().encode(file.data) : file.data;
      const rec: ChatFileRec = {
        id: newId(),
        chatId: chat.id,
        ownerId: chat.ownerId,
        orgId: chat.orgId,
        name: file.name,
        mimeType: file.mimeType ?? "text/plain",
        data,
        sha256: sha256Hex(data),
        createdAt: nowIso(),
      };
      this.host.files.set(rec.id, rec);
      chat.fileIds.push(rec.id);
      parts.push({ type: "file", file_id: rec.id, media_type: rec.mimeType, name: rec.name });
    }
    this.host.addMessage(chat, { role: "assistant", content: parts });
    chat.partial = "";
    chat.lastTurnSummary = answer.text.split("\n")[0]!.slice(0, 200);
    this.host.summaryChanged(chat);
    chat.status = "waiting";
    this.host.statusChanged(chat);
    this.promote(chat);
  }

  private fail(chat: ChatRec, message: string): void {
    chat.lastError = { message, kind: "generic", retryable: false };
    chat.status = "error";
    chat.partial = "";
    this.host.stream(chat, [{ type: "error", chat_id: chat.id, error: chat.lastError }]);
    this.host.statusChanged(chat);
  }
}

/** The text of user input parts, joined by newlines. */
export function textOf(parts: ChatMessagePart[]): string {
  return parts
    .filter((p) => p.type === "text" && p.text)
    .map((p) => p.text)
    .join("\n");
}
