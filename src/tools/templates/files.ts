import { z } from "zod";
import { MUTATION } from "../framework/annotations.js";
import { defineTool } from "../framework/define-tool.js";
import { buildTarArchive } from "./tar.js";

/** `coder_upload_tar_file`: pack text files into a tar archive and upload it to Coder. */
export const uploadTarFile = defineTool({
  name: "coder_upload_tar_file",
  title: "Upload template files",
  description:
    "Pack a set of text files into a tar archive and upload it to Coder, as the source of a template " +
    "version. Give the files as a map from relative path to full content, e.g. " +
    '{ "main.tf": "terraform { … }", "scripts/init.sh": "#!/bin/sh …" }; every file is written with ' +
    "mode 0644 and directories come from the paths. Absolute paths and '..' are refused. Returns " +
    "file_id (also under Coder's name, hash): pass it to coder_create_template_version, whose " +
    "description explains what a template must contain. Uploading identical files again returns " +
    "the same id.",
  toolset: "templates",
  annotations: MUTATION,
  input: z.object({
    files: z
      .record(z.string(), z.string())
      .describe(
        'Map of relative file path to file content (UTF-8 text), e.g. { "main.tf": "…", "README.md": "…" }. Paths use "/" and stay inside the archive',
      ),
  }),
  output: z.object({
    file_id: z.string().describe("Pass as file_id to coder_create_template_version"),
    hash: z.string().describe("The same id, under the name Coder's upload response uses"),
    file_count: z.number(),
    size_bytes: z.number().describe("Size of the uploaded tar archive"),
  }),
  async handler({ files }, { client, signal }) {
    const archive = await buildTarArchive(files);
    const uploaded = await client.files.upload(archive.bytes, { contentType: "application/x-tar", signal });
    return {
      file_id: uploaded.hash,
      hash: uploaded.hash,
      file_count: archive.entries.length,
      size_bytes: archive.bytes.byteLength,
    };
  },
});
