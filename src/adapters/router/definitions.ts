import {
  type AnyToolDefinition,
  type JsonSchema,
  type ToolAnnotations,
  toolInputJsonSchema,
  toolOutputJsonSchema,
} from "../../tools/index.js";
import { toStrictSchema } from "./strict-schema.js";

/** The formats {@link ToolRouter.definitions} can produce. */
export type ToolDefinitionFormat = "openai-chat" | "openai-responses" | "anthropic" | "json-schema";

/** A JSON Schema object, as the function-calling APIs take it (a fresh, mutable copy). */
export type JsonSchemaObject = { [keyword: string]: unknown };

/** OpenAI Chat Completions: an entry of `tools`. */
export interface OpenAIChatToolDefinition {
  type: "function";
  function: { name: string; description: string; parameters: JsonSchemaObject; strict: boolean };
}

/** OpenAI Responses: an entry of `tools` (`strict` always sent: Responses assumes strict when it is left out). */
export interface OpenAIResponsesToolDefinition {
  type: "function";
  name: string;
  description: string;
  parameters: JsonSchemaObject;
  strict: boolean;
}

/** Anthropic Messages: an entry of `tools`. `input_schema` is JSON Schema 2020-12. */
export interface AnthropicToolDefinition {
  name: string;
  description: string;
  input_schema: {
    type: "object";
    properties: JsonSchemaObject;
    required?: string[];
    [keyword: string]: unknown;
  };
}

/** Framework-neutral: the MCP tool shape (input and output JSON Schema 2020-12, all four hints). */
export interface JsonSchemaToolDefinition {
  name: string;
  title: string;
  description: string;
  inputSchema: JsonSchemaObject;
  /** Present when the result is an object. */
  outputSchema?: JsonSchemaObject;
  annotations: ToolAnnotations;
}

/** Each format's definition type. */
export interface ToolDefinitionsByFormat {
  "openai-chat": OpenAIChatToolDefinition;
  "openai-responses": OpenAIResponsesToolDefinition;
  anthropic: AnthropicToolDefinition;
  "json-schema": JsonSchemaToolDefinition;
}

const FORMATS: readonly ToolDefinitionFormat[] = [
  "openai-chat",
  "openai-responses",
  "anthropic",
  "json-schema",
];

/** Whether `value` is one of the {@link ToolDefinitionFormat}s. */
export function isToolDefinitionFormat(value: unknown): value is ToolDefinitionFormat {
  return (FORMATS as readonly unknown[]).includes(value);
}

/** Throw a TypeError naming the valid formats when `format` is not one. */
export function assertFormat(format: unknown): asserts format is ToolDefinitionFormat {
  if (!isToolDefinitionFormat(format)) {
    throw new TypeError(
      `unknown tool definition format ${JSON.stringify(format)}; valid formats: ${FORMATS.join(", ")}`,
    );
  }
}

// Copies, because callers commonly decorate definitions (Anthropic's cache_control on the last
// tool) and our cached schemas are frozen and shared.
const copy = (schema: JsonSchema) => structuredClone(schema) as JsonSchemaObject;

/**
 * One tool in `format`. With `strict`, the OpenAI formats carry the strict-mode schema and
 * `strict: true`, unless the schema has a shape strict mode cannot express (a map of names to
 * values); such a tool is sent with its plain schema and `strict: false`.
 */
export function toolDefinition<F extends ToolDefinitionFormat>(
  tool: AnyToolDefinition,
  format: F,
  strict: boolean,
): ToolDefinitionsByFormat[F] {
  const input = toolInputJsonSchema(tool);
  const openai = () => {
    const strictSchema = strict ? toStrictSchema(input) : undefined;
    return { parameters: strictSchema ?? copy(input), strict: strictSchema !== undefined };
  };
  let definition: ToolDefinitionsByFormat[ToolDefinitionFormat];
  switch (format) {
    case "openai-chat": {
      const { parameters, strict: isStrict } = openai();
      definition = {
        type: "function",
        function: { name: tool.name, description: tool.description, parameters, strict: isStrict },
      };
      break;
    }
    case "openai-responses": {
      const { parameters, strict: isStrict } = openai();
      definition = {
        type: "function",
        name: tool.name,
        description: tool.description,
        parameters,
        strict: isStrict,
      };
      break;
    }
    case "anthropic":
      definition = {
        name: tool.name,
        description: tool.description,
        input_schema: copy(input) as AnthropicToolDefinition["input_schema"],
      };
      break;
    default: {
      const output = toolOutputJsonSchema(tool);
      definition = {
        name: tool.name,
        title: tool.title,
        description: tool.description,
        inputSchema: copy(input),
        ...(output.type === "object" ? { outputSchema: copy(output) } : {}),
        annotations: { ...tool.annotations },
      };
    }
  }
  return definition as ToolDefinitionsByFormat[F];
}
