import { z } from "zod";
import type { CreateWorkspaceRequest } from "../../client/models/index.js";
import { MUTATION, READ_ONLY } from "../framework/annotations.js";
import { defineTool } from "../framework/define-tool.js";
import { ToolInputError } from "../framework/errors.js";
import { explainNotFound } from "../support/api-errors.js";
import { fitPages } from "../support/bounded-lists.js";
import { checkInputs, optionalUuid, resolveWorkspace } from "../support/resolve.js";
import { richParameterValues, WORKSPACE_ID_DESCRIPTION } from "./inputs.js";
import { toWorkspaceDetail, toWorkspaceSummary, WorkspaceDetail, WorkspaceSummary } from "./views.js";

/**
 * The workspace management tools: list, inspect, create, build (start/stop/delete), logs,
 * readiness, port-forward URLs and app URLs. Builds, logs, readiness and apps live in their own
 * files; this one holds list/get/create and the family's export.
 */

// Leaves room for the wrapper object and the note, so the list itself is what gets cut.
const LIST_OVERHEAD_BYTES = 512;
// Hardly any summary is smaller: four UUIDs and the member names come to about 300 bytes of JSON.
const MIN_SUMMARY_BYTES = 300;

/** `coder_list_workspaces`: the caller's (or another owner's) workspaces in short form. */
export const listWorkspaces = defineTool({
  name: "coder_list_workspaces",
  title: "List workspaces",
  description:
    "List workspaces, by default your own. Each entry gives the id, name, owner, template, whether it is " +
    "outdated, and the latest build's status and transition (running, stopped, failed, …). Use it to find a " +
    "workspace's name or id before calling coder_get_workspace, coder_create_workspace_build or the " +
    "workspace tools. Pass owner to list another user's workspaces (needs permission to see them).",
  toolset: "workspaces",
  annotations: READ_ONLY,
  input: z.object({
    owner: z
      .string()
      .max(256)
      .optional()
      .describe(
        'Username (or user UUID) whose workspaces to list. "me" or omitted: your own. Example: alice.',
      ),
  }),
  output: z.object({
    workspaces: z.array(WorkspaceSummary),
    count: z.number().describe("How many workspaces matched, including any left out below"),
    note: z.string().optional(),
  }),
  async handler({ owner }, { client, signal, limits }) {
    // Quoted like Go's WorkspaceFilter, so a value with spaces cannot add filter terms.
    const q = `owner:${JSON.stringify(owner || "me")}`;
    // Bounded pages until the result is full: the cost follows the result budget, not the number
    // of workspaces on the deployment (Coder's `count` still says how many matched).
    const { items: workspaces, count } = await fitPages(
      async ({ offset, limit }) => {
        const page = await client.workspaces.list({ q, offset, limit, signal });
        return { items: page.workspaces, count: page.count };
      },
      toWorkspaceSummary,
      {
        budgetBytes: limits.maxResultBytes - LIST_OVERHEAD_BYTES,
        minItemBytes: MIN_SUMMARY_BYTES,
        key: (summary) => summary.id,
        signal,
      },
    );
    // Coder answers an unknown owner with an empty list; a model would read that as "no
    // workspaces". Only an empty answer costs the extra lookup.
    if (count === 0 && owner && owner !== "me") {
      await client.users.get(owner, { signal }).catch((error: unknown) => {
        throw explainNotFound(
          error,
          `no user ${JSON.stringify(owner)}`,
          "owner takes a username or user UUID (check the spelling); call coder_get_authenticated_user for your own username, or omit owner for your workspaces",
        );
      });
    }
    const omitted = count - workspaces.length;
    return {
      workspaces,
      count,
      ...(omitted > 0
        ? {
            note: `${omitted} more workspaces were left out to keep the result small; pass owner to narrow the list, or call coder_get_workspace with a name.`,
          }
        : {}),
    };
  },
});

/** `coder_get_workspace`: one workspace in detail. */
export const getWorkspace = defineTool({
  name: "coder_get_workspace",
  title: "Get workspace",
  description:
    "Show one workspace in detail: owner, template and active version, whether it is outdated, health, " +
    "schedule, the latest build (id, transition, status, job status and error, template version), and " +
    "each agent with its connection and startup state and its apps (URL, health, latest status). Use it " +
    "to check whether a workspace is running, to find the latest build id for " +
    "coder_get_workspace_build_logs, or an agent id for coder_get_workspace_agent_logs.",
  toolset: "workspaces",
  annotations: READ_ONLY,
  input: z.object({
    workspace_id: z.string().max(256).min(1).describe(WORKSPACE_ID_DESCRIPTION),
  }),
  output: WorkspaceDetail,
  async handler({ workspace_id }, { client, signal }) {
    return toWorkspaceDetail(await resolveWorkspace(client, workspace_id, signal, "workspace_id"));
  },
});

/** `coder_create_workspace`: a new workspace from a template or a pinned template version. */
export const createWorkspace = defineTool({
  name: "coder_create_workspace",
  title: "Create workspace",
  description:
    "Create a workspace from a template (its active version) or from a specific template version, " +
    "optionally with a preset and parameter values. Before creating one, list the templates that fit the " +
    "request (coder_list_templates), recommend one and get the user's confirmation; read its parameters " +
    "and presets with coder_get_template. The first build starts at once: the result includes " +
    "latest_build.id, so follow it with coder_get_workspace_build_logs, and wait for " +
    "coder_workspace_readiness to report ready before using the workspace.",
  toolset: "workspaces",
  annotations: MUTATION,
  input: z.object({
    user: z
      .string()
      .max(256)
      .optional()
      .describe('Username or UUID of the user who will own the workspace. "me" or omitted: you.'),
    template_id: z
      .string()
      .max(256)
      .optional()
      .describe(
        "UUID of the template; the workspace uses its active version. Prefer this to template_version_id. Give exactly one of the two. From coder_list_templates.",
      ),
    template_version_id: z
      .string()
      .max(256)
      .optional()
      .describe(
        "UUID of a specific template version, only when a non-active version must be pinned. Give exactly one of template_id and template_version_id.",
      ),
    template_version_preset_id: z
      .string()
      .max(256)
      .optional()
      .describe(
        "UUID of a preset of that template version (from coder_get_template). Its parameter values win over conflicting rich_parameters.",
      ),
    name: z
      .string()
      .max(128)
      .describe("Name of the new workspace, e.g. dev or api-test (letters, digits and dashes)."),
    rich_parameters: z
      .record(z.string(), z.string().max(65_536))
      .describe(
        'Parameter values by parameter name, all as strings, e.g. {"region": "us-east-1", "cpu": "4"}. Pass {} to use the defaults.',
      ),
  }),
  output: WorkspaceDetail,
  async handler(input, { client, signal }) {
    // Every argument problem in one reply, so the model fixes them in one retry.
    const [, templateId, templateVersionId, presetId] = checkInputs(
      () => {
        if (!input.template_id === !input.template_version_id) {
          throw ToolInputError.at("$", "exactly one of template_id or template_version_id must be provided");
        }
      },
      () => optionalUuid(input.template_id, "template_id"),
      () => optionalUuid(input.template_version_id, "template_version_id"),
      () => optionalUuid(input.template_version_preset_id, "template_version_preset_id"),
    );
    const request: CreateWorkspaceRequest = {
      name: input.name,
      template_id: templateId,
      template_version_id: templateVersionId,
      template_version_preset_id: presetId,
      rich_parameter_values: richParameterValues(input.rich_parameters),
    };
    const created = await client.workspaces.create(input.user || "me", request, { signal });
    return toWorkspaceDetail(created);
  },
});
