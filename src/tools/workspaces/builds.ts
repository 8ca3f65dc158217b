import { z } from "zod";
import type { CreateWorkspaceBuildRequest } from "../../client/models/index.js";
import { DESTRUCTIVE } from "../framework/annotations.js";
import { defineTool } from "../framework/define-tool.js";
import { ToolInputError } from "../framework/errors.js";
import { checkInputs, checkWorkspaceId, optionalUuid, resolveWorkspaceId } from "../support/resolve.js";
import { richParameterValues, WORKSPACE_ID_DESCRIPTION } from "./inputs.js";
import { BuildView, toBuildView } from "./views.js";

/** `coder_create_workspace_build`: start, stop or delete a workspace. */
export const createWorkspaceBuild = defineTool({
  name: "coder_create_workspace_build",
  title: "Start, stop or delete a workspace",
  description:
    "Start, stop or delete a workspace by creating a build. A start without template_version_id rebuilds " +
    "the version the workspace is already on (it does not update to the template's active version; pass " +
    "template_active_version_id from coder_get_workspace to update). For start only, a preset " +
    "(template_version_preset_id, from coder_get_template) and rich_parameters override parameter values; " +
    "both are rejected for stop and delete. Returns the new build: follow it with " +
    "coder_get_workspace_build_logs (id) and wait for it to finish before starting another build or using " +
    "the workspace. delete removes the workspace and its resources.",
  toolset: "workspaces",
  annotations: DESTRUCTIVE,
  input: z.object({
    workspace_id: z.string().max(256).describe(WORKSPACE_ID_DESCRIPTION),
    transition: z.enum(["start", "stop", "delete"]).describe("What the build does: start, stop or delete."),
    template_version_id: z
      .string()
      .max(256)
      .optional()
      .describe(
        "UUID of the template version to build. Omitted: the version of the previous build. Use it to update to the active version or to roll back.",
      ),
    template_version_preset_id: z
      .string()
      .max(256)
      .optional()
      .describe(
        "start only: UUID of a preset to apply. Presets belong to one template version; when the workspace is on another version, also pass that version as template_version_id. Its values win over conflicting rich_parameters.",
      ),
    rich_parameters: z
      .record(z.string(), z.string().max(65_536))
      .optional()
      .describe(
        'start only: parameter values to change, by name, as strings, e.g. {"cpu": "4"}. Parameters left out keep their values.',
      ),
  }),
  output: BuildView,
  async handler(input, { client, signal }) {
    // Every argument problem in one reply, so the model fixes them in one retry.
    const [workspace, templateVersionId, presetId] = checkInputs(
      () => checkWorkspaceId(input.workspace_id, "workspace_id"),
      () => optionalUuid(input.template_version_id, "template_version_id"),
      () => {
        if (input.transition !== "start" && input.template_version_preset_id) {
          throw ToolInputError.at(
            "$.template_version_preset_id",
            "template_version_preset_id is only valid for start transitions",
          );
        }
        return optionalUuid(input.template_version_preset_id, "template_version_preset_id");
      },
      () => {
        if (input.transition !== "start" && Object.keys(input.rich_parameters ?? {}).length > 0) {
          throw ToolInputError.at("$.rich_parameters", "rich_parameters is only valid for start transitions");
        }
      },
    );
    const workspaceId = await resolveWorkspaceId(client, workspace, signal, "workspace_id");
    // No template_version_id means "keep the previous build's version": Coder decides that
    // server-side, so nothing is sent (never the template's active version).
    const request: CreateWorkspaceBuildRequest = {
      transition: input.transition,
      template_version_id: templateVersionId,
      template_version_preset_id: presetId,
      rich_parameter_values: richParameterValues(input.rich_parameters),
    };
    return toBuildView(await client.workspaces.createBuild(workspaceId, request, { signal }));
  },
});
