import type { Chat, CoderClient } from "../../../src/client/index.js";
import type { ChatReply } from "../../../src/testing/index.js";
import type { Clock } from "../../../src/tools/index.js";

/** The simulated agent's answers in the chat tool tests: files for "report", a failure for "boom". */
export const chatReply: ChatReply = (prompt) => {
  if (prompt.includes("boom")) throw new Error("provider overloaded");
  if (prompt.includes("twins")) {
    return {
      text: `Two files for: ${prompt}`,
      files: [
        { name: "out.txt", data: "first" },
        { name: "out.txt", mimeType: "text/csv", data: "a,b\n" },
      ],
    };
  }
  if (prompt.includes("report")) {
    return {
      text: `Report ready: ${prompt}`,
      hookNotice: "pre-commit hook ran",
      files: [{ name: "report.md", mimeType: "text/markdown", data: "# Report\n" }],
    };
  }
  return `Done: ${prompt}`;
};

/** Polls the API until the simulated agent has finished its turn (a safety net, not a clock). */
export async function idle(coder: CoderClient, chatId: string): Promise<Chat> {
  for (;;) {
    const chat = await coder.chats.get(chatId);
    if (chat.status !== "running" && chat.status !== "interrupting") return chat;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A clock that never moves: its sleeps end only when aborted, so only watch events can wake a waiter. */
export function stoppedClock(): Clock & { sleeps: number[] } {
  const sleeps: number[] = [];
  const now = new Date();
  return {
    sleeps,
    now: () => now,
    sleep(ms, signal) {
      sleeps.push(ms);
      return new Promise((_, reject) => {
        if (signal?.aborted) reject(signal.reason);
        signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
      });
    },
  };
}
