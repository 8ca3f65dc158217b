import { uploadTarFile } from "../../../src/tools/templates/files.js";
import { createTemplateVersion, getTemplateVersionLogs } from "../../../src/tools/templates/versions.js";
import type { ToolHarness } from "../../support/tool-harness.js";
import { call, ok } from "../results.js";

/** Helpers shared by the template tool tests. */

/** A UUID nothing in the fake has. */
export const UNKNOWN_ID = "0b4c7a1e-9d3f-4c2b-8e6a-5f1d2c3b4a59";

/** A small but complete template, in the Terraform subset the fake understands. */
export const MAIN_TF = `terraform {
  required_providers {
    coder = {
      source = "coder/coder"
    }
  }
}

data "coder_workspace" "me" {}

data "coder_parameter" "size" {
  name         = "size"
  display_name = "Size"
  description  = "How big the container is."
  type         = "string"
  default      = "small"
  mutable      = true
  option {
    name  = "Small"
    value = "small"
  }
  option {
    name  = "Large"
    value = "large"
  }
}

data "coder_workspace_preset" "big" {
  name       = "Big"
  parameters = { size = "large" }
}

resource "coder_agent" "main" {
  os   = "linux"
  arch = "amd64"
}

resource "docker_container" "ws" {
  count = data.coder_workspace.me.start_count
}
`;

/** Upload files through the tool and return the file id. */
export async function upload(
  h: ToolHarness,
  files: Record<string, string> = { "main.tf": MAIN_TF },
): Promise<string> {
  return ok(await call(h, uploadTarFile, { files })).file_id;
}

/** Upload, create a version and wait for its import; returns the version id and final status. */
export async function importVersion(
  h: ToolHarness,
  options: { templateId?: string; files?: Record<string, string> } = {},
): Promise<{ id: string; status: string }> {
  const fileId = await upload(h, options.files);
  const version = ok(
    await call(h, createTemplateVersion, {
      file_id: fileId,
      ...(options.templateId ? { template_id: options.templateId } : {}),
    }),
  );
  const logs = ok(await call(h, getTemplateVersionLogs, { template_version_id: version.id }));
  return { id: version.id, status: logs.status };
}

/** The seeded template with this name. */
export function seededTemplate(h: ToolHarness, name: string) {
  const template = h.fake.inspect.templates().find((t) => t.name === name);
  if (!template) throw new Error(`the seed has no template ${name}`);
  return template;
}
