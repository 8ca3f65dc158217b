import { z } from "zod";
import type { CoderClient } from "../../client/coder-client.js";
import { CoderApiError } from "../../client/errors.js";
import type { Preset } from "../../client/models/index.js";
import { DESTRUCTIVE, MUTATION, READ_ONLY } from "../framework/annotations.js";
import { defineTool } from "../framework/define-tool.js";
import { ToolError } from "../framework/errors.js";
import { explainNotFound, prefixApiError } from "../support/api-errors.js";
import { fitStream } from "../support/bounded-lists.js";
import { isZeroUuid, requireUuid } from "../support/resolve.js";
import {
  MinimalTemplateOutput,
  organizationOfParent,
  ParameterOutput,
  PresetOutput,
  toMinimalTemplate,
  toParameter,
  toPreset,
} from "./views.js";

/**
 * Template tools: list and inspect templates, read a version's parameters, create a template from
 * an imported version, and delete one. The version tools (upload, import, logs, promote) live in
 * `template-versions.ts` and `template-files.ts`; all are exported together as {@link templateTools}.
 */

// Room for the wrapper object and the note, so the list itself is what gets cut.
const LIST_OVERHEAD_BYTES = 512;

const LIST_TEMPLATES_HINT = "call coder_list_templates to see the templates you can use and their ids";

/** `coder_list_templates`: every template the caller can see, in short form. */
export const listTemplates = defineTool({
  name: "coder_list_templates",
  title: "List templates",
  description:
    "List the workspace templates the authenticated user can see, across all their organizations. " +
    "Returns { templates: [...] } with each template's id, name, display name, description, " +
    "organization, active_version_id, active_user_count and agents_allowed (whether Coder Agents " +
    "chats may create workspaces from it); deprecated templates say so. Use it to pick a template " +
    "for coder_create_workspace, then call coder_get_template for its parameters and presets.",
  toolset: "templates",
  annotations: READ_ONLY,
  input: z.object({}),
  output: z.object({
    templates: z.array(MinimalTemplateOutput),
    note: z.string().optional().describe("Present when more templates exist than fit in the result"),
  }),
  async handler(_input, { client, signal, limits }) {
    // Coder sends every template in one unpaged body: read it as it arrives and stop once the
    // result is full, so a deployment with thousands of templates costs no more than a small one.
    const { items: templates, more } = await fitStream(
      client.templates.iterate({ signal }),
      toMinimalTemplate,
      limits.maxResultBytes - LIST_OVERHEAD_BYTES,
    );
    return {
      templates,
      ...(more
        ? {
            note: `More templates are available than fit in this result; these are the first ${templates.length}. Ask the user which template they mean, or call coder_get_template with its id.`,
          }
        : {}),
    };
  },
});

/** Rethrow a failed step of a multi-request tool: a 404 with a hint, anything else prefixed. */
function failStep(error: unknown, step: string, hint: string): never {
  const explained = explainNotFound(error, step, hint);
  throw explained === error ? prefixApiError(step, error) : explained;
}

/** `coder_get_template`: one template with its active version's parameters and presets. */
export const getTemplate = defineTool({
  name: "coder_get_template",
  title: "Get template",
  description:
    "Get one template with what is needed to create a workspace from it: the short template fields " +
    "(as coder_list_templates gives them), the rich parameters of its active version, and its " +
    "presets (named sets of parameter values; the key is left out when there are none). Call it " +
    "after coder_list_templates and before coder_create_workspace. Pass a preset's id as " +
    "template_version_preset_id; prefer the preset marked default when the user states no " +
    "preference, and presets with desired_prebuild_instances > 0 when a fast start matters.",
  toolset: "templates",
  annotations: READ_ONLY,
  input: z.object({
    template_id: z
      .string()
      .max(256)
      .describe("UUID of the template, from coder_list_templates, e.g. 3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b"),
  }),
  output: MinimalTemplateOutput.extend({
    parameters: z.array(ParameterOutput).describe("Rich parameters of the active version"),
    presets: z.array(PresetOutput).optional().describe("Presets of the active version; absent when none"),
  }),
  async handler({ template_id }, { client, signal }) {
    const id = requireUuid(template_id, "template_id");
    const template = await client.templates
      .get(id, { signal })
      .catch((error: unknown) => failStep(error, "get template", LIST_TEMPLATES_HINT));
    // Parameter and preset lookups against the zero UUID would fail with a confusing 404.
    if (!template.active_version_id || isZeroUuid(template.active_version_id)) {
      throw new ToolError("template has no active version", {
        hint: "promote an imported version with coder_update_template_active_version",
      });
    }
    const versionId = template.active_version_id;
    const [parameters, presets] = await Promise.all([
      client.templates
        .richParameters(versionId, { signal })
        .catch((error: unknown) => failStep(error, "get template parameters", LIST_TEMPLATES_HINT)),
      client.templates.presets(versionId, { signal }).catch((error: unknown): Preset[] => {
        // Deployments older than presets (Coder < 2.22) have no such route: that means "no presets".
        if (error instanceof CoderApiError && error.status === 404) return [];
        throw prefixApiError("get template presets", error);
      }),
    ]);
    return {
      ...toMinimalTemplate(template),
      parameters: parameters.map(toParameter),
      ...(presets.length > 0 ? { presets: presets.map(toPreset) } : {}),
    };
  },
});

/** `coder_template_version_parameters`: the rich parameters of any template version. */
export const templateVersionParameters = defineTool({
  name: "coder_template_version_parameters",
  title: "Template version parameters",
  description:
    "List the rich parameters (the workspace settings a user chooses, such as region or CPU count) " +
    "of a specific template version. Returns { parameters: [...] } with each parameter's name, " +
    "type, whether it is required or mutable, its default, allowed options and validation rules. " +
    "Use it for a version that is not the template's active one (coder_get_template already " +
    "includes the active version's parameters). Values are passed to coder_create_workspace as " +
    "strings in rich_parameters, keyed by name.",
  toolset: "templates",
  annotations: READ_ONLY,
  input: z.object({
    template_version_id: z
      .string()
      .max(256)
      .describe(
        "UUID of the template version, e.g. a template's active_version_id or the id returned by coder_create_template_version",
      ),
  }),
  output: z.object({ parameters: z.array(ParameterOutput) }),
  async handler({ template_version_id }, { client, signal }) {
    const id = requireUuid(template_version_id, "template_version_id");
    try {
      const parameters = await client.templates.richParameters(id, { signal });
      return { parameters: parameters.map(toParameter) };
    } catch (error) {
      // Coder answers 412 until the version's import job has finished.
      if (error instanceof CoderApiError && error.status === 412) {
        throw new ToolError(`the import of template version ${id} has not finished yet: ${error.message}`, {
          hint: "call coder_get_template_version_logs to wait for the import, then try again",
          cause: error,
        });
      }
      throw explainNotFound(
        error,
        `template version ${id}`,
        "use a template's active_version_id from coder_list_templates, or the id returned by coder_create_template_version",
      );
    }
  },
});

/** `coder_create_template`: a new template whose first (active) version is an imported one. */
export const createTemplate = defineTool({
  name: "coder_create_template",
  title: "Create template",
  description:
    "Create a template from a template version that was imported with coder_create_template_version " +
    "(and is not yet part of a template); that version becomes the active one. Check the import " +
    "with coder_get_template_version_logs first: a failed import cannot become a template. The " +
    "organization defaults to the version's. Returns the new template in short form. To update an " +
    "existing template instead, create a version with its template_id and promote it with " +
    "coder_update_template_active_version.",
  toolset: "templates",
  annotations: MUTATION,
  input: z.object({
    organization_id: z
      .string()
      .max(256)
      .optional()
      .describe(
        "Organization UUID. Optional: defaults to the organization of the version; when given it must be that organization",
      ),
    name: z
      .string()
      .max(128)
      .describe(
        "Template name: lower-case letters, digits and single dashes, at most 32 characters, e.g. go-dev",
      ),
    display_name: z.string().max(256).describe("Human-readable name shown in the UI, e.g. Go development"),
    description: z.string().max(4096).describe("One short sentence about the template (under 128 bytes)"),
    icon: z
      .string()
      .max(2048)
      .optional()
      .describe("Icon URL or built-in path, e.g. /icon/go.svg or https://example.com/logo.png"),
    version_id: z
      .string()
      .max(256)
      .describe("UUID of the template version to start from, from coder_create_template_version"),
  }),
  output: MinimalTemplateOutput,
  async handler(input, { client, signal }) {
    const versionId = requireUuid(input.version_id, "version_id");
    const organizationId = await organizationOfParent(
      client,
      input.organization_id,
      async () => {
        const version = await client.templates.version(versionId, { signal }).catch((error: unknown) => {
          throw explainNotFound(
            error,
            `template version ${versionId}`,
            "create the version first with coder_upload_tar_file and coder_create_template_version",
          );
        });
        return { label: `template version ${versionId}`, organizationId: version.organization_id };
      },
      signal,
    );
    const template = await client.templates.create(
      organizationId,
      {
        name: input.name,
        display_name: input.display_name,
        description: input.description,
        template_version_id: versionId,
        // Go's tool accepts icon but drops it; Coder's CreateTemplateRequest takes it, so send it.
        ...(input.icon ? { icon: input.icon } : {}),
      },
      { signal },
    );
    return toMinimalTemplate(template);
  },
});

/** `coder_delete_template`: delete a template for good. */
export const deleteTemplate = defineTool({
  name: "coder_delete_template",
  title: "Delete template",
  description:
    "Permanently delete a template and all of its versions. This cannot be undone. Coder refuses " +
    "while any workspace still uses the template; delete those workspaces first (coder_list_workspaces, " +
    "then coder_create_workspace_build with transition delete). Confirm with the user before calling. " +
    "Returns a confirmation message.",
  toolset: "templates",
  annotations: DESTRUCTIVE,
  input: z.object({
    template_id: z.string().max(256).describe("UUID of the template to delete, from coder_list_templates"),
  }),
  output: z.object({ message: z.string(), template_id: z.string() }),
  async handler({ template_id }, { client, signal }) {
    const id = requireUuid(template_id, "template_id");
    try {
      await client.templates.delete(id, { signal });
    } catch (error) {
      if (
        error instanceof CoderApiError &&
        error.status === 400 &&
        /workspaces must be deleted/i.test(error.message)
      ) {
        const inUse = await workspacesUsingTemplate(client, id, signal);
        const which = inUse.length > 0 ? ` (${inUse.join(", ")})` : "";
        throw new ToolError(error.message, {
          hint: `delete the workspaces built from this template${which} with coder_create_workspace_build transition delete, wait for those builds to finish, then retry`,
          cause: error,
        });
      }
      throw explainNotFound(error, `template ${id}`, LIST_TEMPLATES_HINT);
    }
    return { message: "Template deleted successfully.", template_id: id };
  },
});

/**
 * Up to ten `owner/name` of workspaces built from a template, to make the "delete the workspaces
 * first" error actionable. Best effort: an empty list when the lookup fails.
 */
async function workspacesUsingTemplate(
  client: CoderClient,
  templateId: string,
  signal: AbortSignal,
): Promise<string[]> {
  try {
    const template = await client.templates.get(templateId, { signal });
    const page = await client.workspaces.list({ q: `template:${template.name}`, limit: 10, signal });
    const names = page.workspaces
      .filter((w) => w.template_id === templateId)
      .map((w) => `${w.owner_name}/${w.name}`);
    const more = page.count - page.workspaces.length;
    return more > 0 ? [...names, `${more} more`] : names;
  } catch {
    return [];
  }
}
