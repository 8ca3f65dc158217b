import { generateText as generateText7, stepCountIs as stepCountIs7 } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { generateText as generateText5, stepCountIs as stepCountIs5 } from "ai5";
import { MockLanguageModelV2 } from "ai5/test";
import { generateText as generateText6, stepCountIs as stepCountIs6 } from "ai6";
import { MockLanguageModelV3 } from "ai6/test";
import type { CoderAiTool } from "../../../src/adapters/ai-sdk/index.js";

/**
 * ai 5, 6 and 7 (installed side by side as `ai5`, `ai6` and `ai`), each driven by its own
 * `generateText` and mock model: step 1 the model asks for the given tool calls, step 2 it says
 * "done". Passing `coderTools(…)` to each version's `generateText` is also the type check that the
 * tool objects fit that version's `ToolSet`.
 */

/** A tool call the scripted model makes. */
export interface ScriptedCall {
  id: string;
  name: string;
  /** The arguments as the model writes them: JSON text. */
  input: string;
}

/** What a test reads back, the same for every version. */
export interface AiRun {
  /** Step 1's content parts. */
  content: { type: string; toolCallId?: string; output?: unknown; error?: unknown }[];
  /** The tool message the model received in step 2 (absent when there was no step 2). */
  toolMessage?: { type: string; toolCallId: string; output: { type: string; value: unknown } }[];
  /** The tool definitions the model was given in step 1. */
  toolsSent: { type: string; name: string; description?: string; inputSchema: unknown }[];
  /** The final text. */
  text: string;
}

/** One AI SDK major. */
export interface AiVersion {
  label: string;
  run(tools: Record<string, CoderAiTool>, calls: ScriptedCall[], abortSignal?: AbortSignal): Promise<AiRun>;
}

const toolCalls = (calls: ScriptedCall[]) =>
  calls.map((c) => ({ type: "tool-call" as const, toolCallId: c.id, toolName: c.name, input: c.input }));

function readRun(
  steps: readonly { content: readonly unknown[] }[],
  calls: readonly { prompt: readonly unknown[]; tools?: readonly unknown[] }[],
  text: string,
): AiRun {
  const second = calls[1]?.prompt.at(-1) as { role: string; content: AiRun["toolMessage"] } | undefined;
  return {
    content: (steps[0]?.content ?? []) as AiRun["content"],
    ...(second?.role === "tool" ? { toolMessage: second.content } : {}),
    toolsSent: (calls[0]?.tools ?? []) as AiRun["toolsSent"],
    text,
  };
}

export const ai5: AiVersion = {
  label: "ai 5",
  async run(tools, calls, abortSignal) {
    const usage = { inputTokens: 1, outputTokens: 1, totalTokens: 2 };
    const model = new MockLanguageModelV2({
      doGenerate: [
        { content: toolCalls(calls), finishReason: "tool-calls", usage, warnings: [] },
        { content: [{ type: "text", text: "done" }], finishReason: "stop", usage, warnings: [] },
      ],
    });
    const result = await generateText5({
      model,
      prompt: "Do it.",
      tools,
      stopWhen: stepCountIs5(2),
      ...(abortSignal ? { abortSignal } : {}),
    });
    return readRun(result.steps, model.doGenerateCalls, result.text);
  },
};

const usageV3 = {
  inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 1, text: 1, reasoning: 0 },
};

export const ai6: AiVersion = {
  label: "ai 6",
  async run(tools, calls, abortSignal) {
    const model = new MockLanguageModelV3({
      doGenerate: [
        {
          content: toolCalls(calls),
          finishReason: { unified: "tool-calls", raw: undefined },
          usage: usageV3,
          warnings: [],
        },
        {
          content: [{ type: "text", text: "done" }],
          finishReason: { unified: "stop", raw: undefined },
          usage: usageV3,
          warnings: [],
        },
      ],
    });
    const result = await generateText6({
      model,
      prompt: "Do it.",
      tools,
      stopWhen: stepCountIs6(2),
      ...(abortSignal ? { abortSignal } : {}),
    });
    return readRun(result.steps, model.doGenerateCalls, result.text);
  },
};

export const ai7: AiVersion = {
  label: "ai 7",
  async run(tools, calls, abortSignal) {
    const model = new MockLanguageModelV4({
      doGenerate: [
        {
          content: toolCalls(calls),
          finishReason: { unified: "tool-calls", raw: undefined },
          usage: usageV3,
          warnings: [],
        },
        {
          content: [{ type: "text", text: "done" }],
          finishReason: { unified: "stop", raw: undefined },
          usage: usageV3,
          warnings: [],
        },
      ],
    });
    const result = await generateText7({
      model,
      prompt: "Do it.",
      tools,
      stopWhen: stepCountIs7(2),
      ...(abortSignal ? { abortSignal } : {}),
    });
    return readRun(result.steps, model.doGenerateCalls, result.text);
  },
};

/** All three, for `describe.each`. */
export const AI_VERSIONS = [ai5, ai6, ai7] as const;
