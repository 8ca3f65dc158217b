/**
 * `coder-toolsdk/ai-sdk`: the Coder tools as a Vercel AI SDK tool set (ai 5, 6 and 7), without
 * loading `ai`.
 *
 * @packageDocumentation
 */
export {
  type AiToolCallInfo,
  type CoderAiTool,
  type CoderAiToolCallOptions,
  type CoderAiToolsOptions,
  CoderToolCallError,
  coderTools,
  isCoderToolCallError,
} from "./tools.js";
