import { defineToolset } from "../framework/toolset.js";
import { workspaceListApps, workspacePortForward } from "./apps.js";
import { createWorkspaceBuild } from "./builds.js";
import { getWorkspaceAgentLogs, getWorkspaceBuildLogs } from "./logs.js";
import { workspaceReadiness } from "./readiness.js";
import { createWorkspace, getWorkspace, listWorkspaces } from "./workspaces.js";

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
};

/** Toolset `workspaces`: create, start, stop and observe workspaces. */
export const workspacesToolset = defineToolset({
  id: "workspaces",
  title: "Workspaces",
  description:
    "Coder workspaces: list, inspect and create them, start, stop and update them with builds, read " +
    "build and agent logs, wait until they are ready, and find their apps and forwarded ports.",
  standard: true,
  instructions:
    "Use coder_list_workspaces to find a workspace and coder_get_workspace for its status and agents. " +
    "coder_create_workspace needs a template (see the templates tools); start, stop or update with " +
    "coder_create_workspace_build, then call coder_workspace_readiness to wait until the agent is ready. " +
    "Build and agent logs explain failures.",
  tools: [
    listWorkspaces,
    getWorkspace,
    createWorkspace,
    createWorkspaceBuild,
    getWorkspaceAgentLogs,
    getWorkspaceBuildLogs,
    workspaceReadiness,
    workspacePortForward,
    workspaceListApps,
  ],
});
