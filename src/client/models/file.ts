import { z } from "zod";

/**
 * `POST /files` (`codersdk.UploadResponse`). Despite its name, `hash` is the file's ID: pass it as
 * `file_id` when creating a template version.
 */
export const UploadResponse = z.looseObject({ hash: z.string() });
export type UploadResponse = z.infer<typeof UploadResponse>;

/** A downloaded file: its bytes and the content type Coder stored it with. */
export interface DownloadedFile {
  bytes: Uint8Array;
  contentType: string;
}
