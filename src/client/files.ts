import type { CallOptions, HttpCore } from "./http.js";
import { type DownloadedFile, UploadResponse } from "./models/file.js";
import { apiPath } from "./path.js";

/** Options for {@link FilesApi.upload}. */
export interface UploadOptions extends CallOptions {
  /** `application/x-tar` (default) or `application/zip`. */
  contentType?: string;
}

/** File endpoints (`/files`): template source archives. */
export class FilesApi {
  readonly #http: HttpCore;

  /** @internal Created by {@link CoderClient}. */
  constructor(http: HttpCore) {
    this.#http = http;
  }

  /**
   * `POST /files`: store an archive and get its ID (`hash`) for `file_id`. Coder answers 201 for a
   * new file and 200 when the same bytes are already stored; both return the same ID.
   */
  upload(bytes: Uint8Array | Blob, options: UploadOptions = {}): Promise<UploadResponse> {
    // Copy into a plain ArrayBuffer-backed view: fetch rejects views over SharedArrayBuffer.
    const body: BodyInit = bytes instanceof Uint8Array ? new Uint8Array(bytes) : bytes;
    return this.#http.json("POST", "/files", UploadResponse, {
      body,
      headers: { "Content-Type": options.contentType ?? "application/x-tar" },
      signal: options.signal,
    });
  }

  /** `GET /files/{id}`: the stored bytes and their content type. */
  async download(fileId: string, options: CallOptions = {}): Promise<DownloadedFile> {
    const response = await this.#http.raw("GET", apiPath`/files/${fileId}`, { signal: options.signal });
    const bytes = new Uint8Array(await response.arrayBuffer());
    return { bytes, contentType: response.headers.get("content-type") ?? "application/octet-stream" };
  }
}
