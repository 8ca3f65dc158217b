/**
 * Every Coder tool, by family. Each tool is also a named export so users can pick single tools
 * without the registry, and so tests can check that each one is exercised.
 */
export { chatgptFetch, chatgptSearch, chatgptTools } from "./chatgpt.js";
export { createAppStatusReporter, reportTask, taskStatusTools } from "./report-task.js";
export {
  createTask,
  deleteTask,
  getTaskLogs,
  getTaskStatus,
  listTasks,
  sendTaskInput,
  taskTools,
} from "./tasks.js";
export {
  createTemplate,
  createTemplateVersion,
  deleteTemplate,
  getTemplate,
  getTemplateVersionLogs,
  listTemplates,
  templateTools,
  templateVersionParameters,
  updateTemplateActiveVersion,
  uploadTarFile,
} from "./templates.js";
export { getAuthenticatedUser, listOrganizations, userTools } from "./users.js";
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
  workspaceTools,
} from "./workspaces.js";
