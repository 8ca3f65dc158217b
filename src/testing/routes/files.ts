import type { FakeCore } from "../core.js";
import { coderError, jsonResponse, notFound } from "../http-util.js";
import type { Router } from "../router.js";
import { isUuid, newId, nowIso, sha256Hex } from "../util.js";

/** coderd's upload limit. */
const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** `/files`: uploads keyed by content hash per uploader, downloads by id. */
export function registerFileRoutes(router: Router, core: FakeCore): void {
  const { store } = core;

  router.post("/api/v2/files", async (ctx) => {
    const actor = ctx.actor();
    const contentType = (ctx.request.headers.get("content-type") ?? "").split(";")[0]!.trim();
    if (contentType !== "application/x-tar" && contentType !== "application/zip") {
      throw coderError(400, `Unsupported content type header "${contentType}".`);
    }
    const data = new Uint8Array(await ctx.request.arrayBuffer());
    if (data.byteLength > MAX_FILE_BYTES) {
      throw coderError(413, "File too large.", `Max size is ${MAX_FILE_BYTES} bytes.`);
    }
    const hash = sha256Hex(data);
    const existing = [...store.files.values()].find((f) => f.hash === hash && f.createdBy === actor.id);
    // Go client: 201 for a new file, 200 when the same uploader already stored this content.
    if (existing) return jsonResponse(200, { hash: existing.id });
    const id = newId();
    store.files.set(id, { id, hash, mimetype: contentType, data, createdAt: nowIso(), createdBy: actor.id });
    return jsonResponse(201, { hash: id });
  });

  router.get("/api/v2/files/:fileID", (ctx) => {
    const raw = ctx.params.fileID ?? "";
    if (!isUuid(raw))
      throw coderError(400, "File id must be a valid UUID.", `invalid UUID length: ${raw.length}`);
    const file = store.files.get(raw.toLowerCase());
    const actor = ctx.actor();
    if (!file || (file.createdBy !== actor.id && !store.isOwner(actor))) throw notFound();
    return new Response(new Uint8Array(file.data), {
      status: 200,
      headers: { "content-type": file.mimetype, "content-disposition": `attachment; filename="${file.id}"` },
    });
  });
}
