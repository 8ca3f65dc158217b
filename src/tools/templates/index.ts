import { defineToolset } from "../framework/toolset.js";
import { uploadTarFile } from "./files.js";
import {
  createTemplate,
  deleteTemplate,
  getTemplate,
  listTemplates,
  templateVersionParameters,
} from "./templates.js";
import { createTemplateVersion, getTemplateVersionLogs, updateTemplateActiveVersion } from "./versions.js";

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
};

/** Toolset `templates`: discover, author, import, publish and remove templates. */
export const templatesToolset = defineToolset({
  id: "templates",
  title: "Templates",
  description:
    "Coder templates: list and inspect them, upload Terraform files, import and publish template " +
    "versions, create and delete templates.",
  standard: true,
  instructions:
    "Start with coder_list_templates to find a template, then coder_get_template for its active " +
    "version, parameters and presets. To author one: coder_upload_tar_file, then " +
    "coder_create_template_version (and coder_get_template_version_logs until the import ends), then " +
    "coder_create_template or coder_update_template_active_version.",
  // In the order of a typical flow: discover, author, import, publish, remove.
  tools: [
    listTemplates,
    getTemplate,
    templateVersionParameters,
    uploadTarFile,
    createTemplateVersion,
    getTemplateVersionLogs,
    updateTemplateActiveVersion,
    createTemplate,
    deleteTemplate,
  ],
});
