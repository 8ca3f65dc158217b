/**
 * The tool framework: declarative tools, the shared call path, JSON Schema derivation, selection
 * policy, and output shaping. Adapters (MCP, AI SDK, function-call routers) build on these.
 */

export * from "./all.js";
export { ANNOTATION_HINTS, DESTRUCTIVE, MUTATION, READ_ONLY, type ToolAnnotations } from "./annotations.js";
export { type DecodedArguments, decodeToolArguments, validateToolInput } from "./arguments.js";
export { callTool } from "./call-tool.js";
export {
  type Clock,
  createToolContext,
  DEFAULT_TOOL_LIMITS,
  systemClock,
  TASK_REPORT_STATES,
  type TaskReport,
  type TaskReporter,
  type TaskReportState,
  type ToolContext,
  type ToolContextInit,
  type ToolLimits,
  type ToolProgress,
  type WorkspaceTransport,
} from "./context.js";
export {
  type AnyToolDefinition,
  defineTool,
  TOOL_NAME_PATTERN,
  type ToolDefinition,
  type ToolInputSchema,
} from "./define-tool.js";
export {
  formatInputIssues,
  ToolDefinitionError,
  ToolError,
  ToolInputError,
  type ToolInputIssue,
  type ToolInputIssueCode,
  ToolSelectionError,
} from "./errors.js";
export { formatIssuePath } from "./issue-format.js";
export {
  type JsonSchema,
  type ToolInputJsonSchema,
  toolInputJsonSchema,
  toolOutputJsonSchema,
} from "./json-schema.js";
export { PIN_FIELDS, pinTool, type ToolPin } from "./pin.js";
export { type SelectToolsOptions, selectTools } from "./policy.js";
export { allTools, groupByToolset, toolsets } from "./registry.js";
export {
  isUuid,
  normalizeWorkspaceInput,
  parseWorkspaceRef,
  pickAgent,
  resolveOrganization,
  resolveWorkspace,
  type WorkspaceRef,
} from "./resolve.js";
export {
  formatToolCallError,
  type Redactor,
  type ToolApiFailure,
  type ToolCallError,
  type ToolCancelledFailure,
  type ToolClientFailure,
  type ToolCrashFailure,
  type ToolFailure,
  type ToolInputFailure,
  type ToolResult,
  type ToolSuccess,
  type ToolToolFailure,
  toToolCallError,
} from "./result.js";
export {
  type BoundedText,
  capBytes,
  headTail,
  project,
  projectAll,
  utf8ByteLength,
  utf8Prefix,
  utf8Suffix,
} from "./shaping.js";
export { isToolsetName, TOOLSET_NAMES, type ToolsetName } from "./toolsets.js";
