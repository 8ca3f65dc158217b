/**
 * `coder-toolsdk/router`: the Coder tools for agent loops written against OpenAI (Chat
 * Completions, Responses) or Anthropic (Messages): definitions in each API's shape, and one call
 * path for what the model asks.
 *
 * @packageDocumentation
 */
export {
  type AnthropicToolDefinition,
  isToolDefinitionFormat,
  type JsonSchemaObject,
  type JsonSchemaToolDefinition,
  type OpenAIChatToolDefinition,
  type OpenAIResponsesToolDefinition,
  type ToolDefinitionFormat,
  type ToolDefinitionsByFormat,
} from "./definitions.js";
export {
  type AnthropicContentBlockLike,
  type AnthropicToolResultBlock,
  createToolRouter,
  type OpenAIChatToolCallLike,
  type OpenAIChatToolMessage,
  type OpenAIFunctionCallOutput,
  type OpenAIResponsesItemLike,
  type RouterCallInfo,
  type RouterCallOptions,
  type RouterCallResult,
  type RouterFailureReason,
  type ToolRouter,
  type ToolRouterOptions,
  type UnknownToolReason,
} from "./router.js";
