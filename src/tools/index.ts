/**
 * The tools' public surface: the authoring API (define, call, select, describe tools) and the
 * catalogue of Coder tools. Internal helpers (argument decoding, output shaping, Coder lookups)
 * stay behind it.
 */

export {
  allTools,
  type CoderTool,
  type CoderToolName,
  getTool,
  getToolset,
  isToolsetId,
  standardTools,
  type ToolsetId,
  toolsets,
} from "./catalog.js";
export { chatgptFetch, chatgptSearch } from "./chatgpt/index.js";
export {
  archiveChat,
  awaitChat,
  createChat,
  downloadChatFile,
  getChat,
  getChatMessages,
  interruptChat,
  listChatModelConfigs,
  listChats,
  sendChatMessage,
} from "./chats/index.js";
export {
  ANNOTATION_HINTS,
  DESTRUCTIVE,
  MUTATION,
  READ_ONLY,
  type ToolAnnotations,
} from "./framework/annotations.js";
export { callTool } from "./framework/call-tool.js";
export {
  type Clock,
  createToolContext,
  DEFAULT_TOOL_LIMITS,
  systemClock,
  type TaskReport,
  type TaskReporter,
  type ToolContext,
  type ToolContextInit,
  type ToolLimits,
  type ToolProgress,
} from "./framework/context.js";
export {
  type AnyToolDefinition,
  defineTool,
  TOOL_NAME_PATTERN,
  TOOL_REQUIREMENTS,
  type ToolDefinition,
  type ToolInputSchema,
  type ToolRequirement,
} from "./framework/define-tool.js";
export {
  isToolDefinitionError,
  isToolError,
  isToolInputError,
  isToolSelectionError,
  ToolDefinitionError,
  ToolError,
  ToolInputError,
  type ToolInputIssue,
  type ToolInputIssueCode,
  ToolSelectionError,
} from "./framework/errors.js";
export {
  type JsonSchema,
  type ToolInputJsonSchema,
  toolInputJsonSchema,
  toolOutputJsonSchema,
} from "./framework/json-schema.js";
export { pinTool, type ToolPin } from "./framework/pin.js";
export { type SelectToolsOptions, selectTools } from "./framework/policy.js";
export type {
  ApiErrorReason,
  CancelledReason,
  ClientErrorReason,
  CrashReason,
  InvalidInputReason,
  ToolErrorReason,
  ToolFailure,
  ToolFailureReason,
  ToolResult,
  ToolSuccess,
} from "./framework/result.js";
export { defineToolset, TOOLSET_ID_PATTERN, type Toolset } from "./framework/toolset.js";
export { listOrganizations } from "./organizations/index.js";
export {
  type AppStatusReporterOptions,
  createAppStatusReporter,
  reportTask,
} from "./task-status/index.js";
export {
  createTask,
  deleteTask,
  getTaskLogs,
  getTaskStatus,
  listTasks,
  sendTaskInput,
} from "./tasks/index.js";
export {
  createTemplate,
  createTemplateVersion,
  deleteTemplate,
  getTemplate,
  getTemplateVersionLogs,
  listTemplates,
  templateVersionParameters,
  updateTemplateActiveVersion,
  uploadTarFile,
} from "./templates/index.js";
export { getAuthenticatedUser } from "./users/index.js";
export {
  workspaceBash,
  workspaceEditFile,
  workspaceEditFiles,
  workspaceLs,
  workspaceReadFile,
  workspaceWriteFile,
} from "./workspace-agent/index.js";
export {
  createWorkspace,
  createWorkspaceBuild,
  getWorkspace,
  getWorkspaceAgentLogs,
  getWorkspaceBuildLogs,
  listWorkspaces,
  workspaceListApps,
  workspacePortForward,
  workspaceReadiness,
} from "./workspaces/index.js";
