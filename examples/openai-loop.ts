/**
 * A hand-written agent loop in the OpenAI Chat Completions style, with the Coder tools through the
 * router. `complete()` is a scripted stand-in for `openai.chat.completions.create({ model, messages,
 * tools })` (so this runs without an API key): it asks for two tool calls, then answers from what
 * came back. Swap in the real call and keep the loop.
 *
 *   CODER_URL=https://coder.example.com CODER_SESSION_TOKEN=… npx tsx examples/openai-loop.ts
 */
import type {
  ChatCompletionAssistantMessageParam,
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from "openai/resources/chat/completions";
import { createToolRouter } from "../src/adapters/router/index.js";
import { CoderClient } from "../src/index.js";

const router = createToolRouter({
  client: CoderClient.fromEnv(),
  toolsets: ["workspaces", "templates"],
  readOnly: true,
  strict: true,
});
const tools: ChatCompletionTool[] = router.definitions("openai-chat");

const messages: ChatCompletionMessageParam[] = [
  { role: "user", content: "What templates do we have, and is my workspace dev running?" },
];
for (let turn = 0; turn < 5; turn++) {
  const message = await complete(messages, tools);
  messages.push(message);
  if (!message.tool_calls?.length) {
    console.log(message.content);
    break;
  }
  const answers = await router.runChatToolCalls(message.tool_calls);
  for (const answer of answers) console.log(`[${answer.tool_call_id}] ${answer.content.slice(0, 80)}`);
  messages.push(...answers);
}

/** The stand-in model: first turn, call two tools at once; then summarize what they returned. */
async function complete(
  history: ChatCompletionMessageParam[],
  offered: ChatCompletionTool[],
): Promise<ChatCompletionAssistantMessageParam> {
  const results = history.filter((m) => m.role === "tool");
  if (results.length === 0) {
    const names = offered.map((t) => (t.type === "function" ? t.function.name : ""));
    if (!names.includes("coder_list_templates")) throw new Error("coder_list_templates was not offered");
    return {
      role: "assistant",
      content: null,
      tool_calls: [
        { id: "call_1", type: "function", function: { name: "coder_list_templates", arguments: "{}" } },
        {
          id: "call_2",
          type: "function",
          function: { name: "coder_get_workspace", arguments: '{"workspace_id":"me/dev"}' },
        },
      ],
    };
  }
  const byId = new Map(results.map((m) => [m.tool_call_id, String(m.content)]));
  const templates = JSON.parse(byId.get("call_1") ?? "{}") as { templates?: { name: string }[] };
  const workspace = byId.get("call_2") ?? "";
  const status = workspace.startsWith("{")
    ? (JSON.parse(workspace) as { latest_build?: { status?: string } }).latest_build?.status
    : undefined;
  return {
    role: "assistant",
    content: [
      `Templates: ${(templates.templates ?? []).map((t) => t.name).join(", ")}.`,
      status ? `Your workspace dev is ${status}.` : `I could not look up dev: ${workspace}`,
    ].join(" "),
  };
}
