import { z } from "zod";
import { CoderApiError } from "../../client/errors.js";
import { MUTATION, READ_ONLY } from "../framework/annotations.js";
import { defineTool } from "../framework/define-tool.js";
import { ToolError } from "../framework/errors.js";
import { explainNotFound } from "../support/api-errors.js";
import { collectJobLogs } from "../support/job-logs.js";
import { optionalUuid, requireUuid, requireUuids, resolveOrganization } from "../support/resolve.js";
import { organizationOfParent, TemplateVersionOutput, toTemplateVersion } from "./views.js";

/** Template version tools: import a version from uploaded files, follow its import, promote it. */

// The one long description in this family: a model writing Terraform for Coder needs the
// provider's essentials at hand, and this tool is where it commits to them.
const TEMPLATE_GUIDE = `Import a new template version from a tar archive uploaded with coder_upload_tar_file. Coder runs a Terraform plan of it in the background (the "import"); the call returns at once with the version id and job status. Then ALWAYS call coder_get_template_version_logs with that id to wait for the import and see whether it succeeded. Without template_id the version stands alone: turn it into a template with coder_create_template. With template_id it becomes a new version of that template: make it the one new workspaces use with coder_update_template_active_version.

What a Coder template contains (Terraform, usually main.tf):
- The provider: terraform { required_providers { coder = { source = "coder/coder" } } }, plus the providers of the infrastructure (e.g. kreuzwerker/docker, hashicorp/kubernetes, hashicorp/aws). Coder's provisioner must hold credentials for that infrastructure.
- data "coder_workspace" "me" {} gives name, id, transition ("start" or "stop") and start_count (1 while starting, 0 when stopped). Put count = data.coder_workspace.me.start_count on compute (containers, VMs, pods) so stopping removes it; leave volumes and disks without it so home directories survive.
- data "coder_workspace_owner" "me" {} gives the owner's name, full_name and email.
- resource "coder_agent" "main" { os = "linux", arch = "amd64", startup_script = "…" } is the process that connects the workspace to Coder. The compute must run coder_agent.main.init_script with CODER_AGENT_TOKEN = coder_agent.main.token in its environment (clouds can use auth = "aws-instance-identity", "google-instance-identity" or "azure-instance-identity" instead). The image needs curl or wget. A startup_script must finish; background long-running services.
- data "coder_parameter" "region" { name = "region", type = "string", default = "eu", mutable = false, option { name = "Europe" value = "eu" } } declares a choice the user makes per workspace (types string, number, bool, list(string)); read it as data.coder_parameter.region.value.
- data "coder_workspace_preset" "small" { name = "Small", parameters = { region = "eu" } } offers a named set of parameter values.
- resource "coder_app" "code" { agent_id = coder_agent.main.id, slug = "code", display_name = "VS Code", url = "http://localhost:13337", subdomain = false } exposes a web app (or give command instead of url for a terminal app).
- Do not declare variable blocks: an import that needs template variables stops with error_code REQUIRED_TEMPLATE_VARIABLES. Use coder_parameter for choices.

Docker sketch: resource "docker_container" "ws" { count = data.coder_workspace.me.start_count, image = "codercom/enterprise-base:ubuntu", name = "coder-\${data.coder_workspace_owner.me.name}-\${data.coder_workspace.me.name}", entrypoint = ["sh", "-c", coder_agent.main.init_script], env = ["CODER_AGENT_TOKEN=\${coder_agent.main.token}"] }`;

/** `coder_create_template_version`: start importing uploaded Terraform as a template version. */
export const createTemplateVersion = defineTool({
  name: "coder_create_template_version",
  title: "Create template version",
  description: TEMPLATE_GUIDE,
  toolset: "templates",
  annotations: MUTATION,
  input: z.object({
    organization_id: z
      .string()
      .max(256)
      .optional()
      .describe(
        "Organization UUID. Optional: with template_id it defaults to (and must equal) the template's organization; without, to your only organization",
      ),
    template_id: z
      .string()
      .max(256)
      .optional()
      .describe(
        "UUID of an existing template to add this version to (from coder_list_templates); omit for a new template",
      ),
    file_id: z.string().max(256).describe("The file_id returned by coder_upload_tar_file"),
  }),
  output: TemplateVersionOutput.extend({ note: z.string() }),
  async handler(input, { client, signal }) {
    const fileId = requireUuid(input.file_id, "file_id");
    const templateId = optionalUuid(input.template_id, "template_id");
    const organizationId = templateId
      ? await organizationOfParent(
          client,
          input.organization_id,
          async () => {
            const template = await client.templates.get(templateId, { signal }).catch((error: unknown) => {
              throw explainNotFound(
                error,
                `template ${templateId}`,
                "call coder_list_templates to see template ids",
              );
            });
            return { label: `template ${template.name}`, organizationId: template.organization_id };
          },
          signal,
        )
      : await resolveOrganization(client, input.organization_id, signal);
    const version = await client.templates
      .createVersion(
        organizationId,
        {
          message: "Created by AI",
          storage_method: "file",
          file_id: fileId,
          provisioner: "terraform",
          ...(templateId ? { template_id: templateId } : {}),
        },
        { signal },
      )
      .catch((error: unknown) => {
        throw explainNotFound(
          error,
          "create template version",
          "upload the files with coder_upload_tar_file and pass the file_id it returns",
        );
      });
    return {
      ...toTemplateVersion(version),
      note: `The import runs in the background. Call coder_get_template_version_logs with template_version_id ${version.id} to wait for it and see whether it succeeded.`,
    };
  },
});

/** `coder_get_template_version_logs`: follow a version's import until it ends (or the wait budget). */
export const getTemplateVersionLogs = defineTool({
  name: "coder_get_template_version_logs",
  title: "Get template version logs",
  description:
    "Wait for a template version's import (the Terraform plan Coder runs after " +
    "coder_create_template_version) and return its logs with the final job status. Use it after " +
    "every coder_create_template_version: status succeeded means the version can become a template " +
    "or the active version; failed comes with the error, and the logs (beginning and end kept when " +
    "long) show which Terraform block to fix. If the import is still running when the wait budget " +
    "runs out, complete is false and a note says to call again.",
  toolset: "templates",
  annotations: READ_ONLY,
  input: z.object({
    template_version_id: z
      .string()
      .max(256)
      .describe("UUID of the template version, as returned by coder_create_template_version"),
  }),
  output: z.object({
    template_version_id: z.string(),
    status: z
      .string()
      .describe("Import job status: pending, running, succeeded, failed, canceling or canceled"),
    error: z.string().optional(),
    error_code: z.string().optional(),
    logs: z.string().describe("Log lines joined with newlines; a marker line replaces an omitted middle"),
    line_count: z.number(),
    complete: z.boolean().describe("True when the import finished within the wait"),
    truncated: z.object({ omitted_lines: z.number(), omitted_bytes: z.number() }).optional(),
    note: z.string().optional(),
  }),
  async handler({ template_version_id }, ctx) {
    const { client, signal } = ctx;
    const id = requireUuid(template_version_id, "template_version_id");
    const notFoundHint =
      "pass the id returned by coder_create_template_version, or a template's active_version_id";
    const collected = await collectJobLogs(
      (followSignal, onFallback) =>
        client.templates.followVersionLogs(id, { signal: followSignal, onFallback }),
      ctx,
      "coder_get_template_version_logs",
    ).catch((error: unknown) => {
      throw explainNotFound(error, `template version ${id}`, notFoundHint);
    });
    const version = await client.templates.version(id, { signal }).catch((error: unknown) => {
      throw explainNotFound(error, `template version ${id}`, notFoundHint);
    });
    const { job } = version;
    const next =
      job.status === "succeeded"
        ? "Imported. Next: coder_create_template for a new template, or coder_update_template_active_version for an existing one."
        : job.status === "failed"
          ? "The import failed. Fix the files, upload them again with coder_upload_tar_file and create a new version."
          : undefined;
    const note = [collected.note, next].filter(Boolean).join(" ");
    return {
      template_version_id: id,
      status: job.status,
      ...(job.error ? { error: job.error } : {}),
      ...(job.error_code ? { error_code: job.error_code } : {}),
      logs: collected.logs,
      line_count: collected.line_count,
      complete: collected.complete,
      ...(collected.truncated ? { truncated: collected.truncated } : {}),
      ...(note ? { note } : {}),
    };
  },
});

/** `coder_update_template_active_version`: make a version the one new workspaces are built from. */
export const updateTemplateActiveVersion = defineTool({
  name: "coder_update_template_active_version",
  title: "Update template active version",
  description:
    "Make a template version the template's active version, the one new workspaces (and updates of " +
    "existing ones) are built from. The version must belong to the template (created with its " +
    "template_id) and its import must have succeeded; check with coder_get_template_version_logs. " +
    "Use it when iterating on a template. Returns a confirmation message.",
  toolset: "templates",
  annotations: MUTATION,
  input: z.object({
    template_id: z.string().max(256).describe("UUID of the template, from coder_list_templates"),
    template_version_id: z
      .string()
      .max(256)
      .describe("UUID of the version to activate, from coder_create_template_version with this template_id"),
  }),
  output: z.object({ message: z.string(), template_id: z.string(), active_version_id: z.string() }),
  async handler(input, { client, signal }) {
    const { template_id: templateId, template_version_id: versionId } = requireUuids({
      template_id: input.template_id,
      template_version_id: input.template_version_id,
    });
    try {
      await client.templates.updateActiveVersion(templateId, versionId, { signal });
    } catch (error) {
      if (
        error instanceof CoderApiError &&
        error.status === 400 &&
        /built successfully/i.test(error.message)
      ) {
        throw new ToolError(error.message + (error.detail ? ` (${error.detail})` : ""), {
          hint: "call coder_get_template_version_logs to wait for the import, or to see why it failed",
          cause: error,
        });
      }
      throw explainNotFound(
        error,
        "update active version",
        "check template_id with coder_list_templates and use the template_version_id returned by coder_create_template_version",
      );
    }
    return {
      message: "Successfully updated active version!",
      template_id: templateId,
      active_version_id: versionId,
    };
  },
});
