/**
 * An AI SDK agent with the Coder tools. The model here is a scripted stand-in (so this runs without
 * an API key): it asks for your workspaces, then answers from what the tool returned. Swap in a
 * real one (`openai("…")` from @ai-sdk/openai, `anthropic("…")`, …) and keep the rest.
 *
 *   CODER_URL=https://coder.example.com CODER_SESSION_TOKEN=… npx tsx examples/ai-sdk-agent.ts
 */
import { generateText, stepCountIs } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { coderTools } from "../src/adapters/ai-sdk/index.js";
import { CoderClient } from "../src/index.js";

const tools = coderTools({
  client: CoderClient.fromEnv(),
  toolsets: ["workspaces"],
  readOnly: true,
  onToolCall: (event) => {
    if (event.phase === "end") console.log(`[${event.tool}: ${event.outcome}]`);
  },
});

const result = await generateText({
  model: scriptedModel(),
  tools,
  stopWhen: stepCountIs(5),
  prompt: "Which of my workspaces are running?",
});
console.log(result.text);

type CallOptions = Parameters<MockLanguageModelV4["doGenerate"]>[0];
type GenerateResult = Awaited<ReturnType<MockLanguageModelV4["doGenerate"]>>;

/** Step 1: call coder_list_workspaces. Step 2: read the result from the prompt and answer. */
function scriptedModel() {
  const usage = {
    inputTokens: { total: 0, noCache: 0, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: 0, text: 0, reasoning: 0 },
  };
  return new MockLanguageModelV4({
    doGenerate: async (options: CallOptions): Promise<GenerateResult> => {
      const answer = options.prompt.findLast((message) => message.role === "tool");
      if (!answer) {
        const input = JSON.stringify({ owner: "me" });
        return {
          content: [{ type: "tool-call", toolCallId: "call-1", toolName: "coder_list_workspaces", input }],
          finishReason: { unified: "tool-calls", raw: undefined },
          usage,
          warnings: [],
        };
      }
      const part = answer.content.find((p) => p.type === "tool-result");
      const output = part?.type === "tool-result" ? part.output : undefined;
      let text: string;
      if (output?.type === "json") {
        const { workspaces } = output.value as { workspaces: { name: string; status: string }[] };
        const running = workspaces.filter((w) => w.status === "running").map((w) => w.name);
        text = running.length > 0 ? `Running: ${running.join(", ")}.` : "None of your workspaces is running.";
      } else {
        text = `I could not list your workspaces: ${output && "value" in output ? String(output.value) : "no result"}`;
      }
      return {
        content: [{ type: "text", text }],
        finishReason: { unified: "stop", raw: undefined },
        usage,
        warnings: [],
      };
    },
  });
}
