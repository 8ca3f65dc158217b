import tar from "tar-stream";

/**
 * A tar archive of `files` (path → text), as a template upload. Test-only and deliberately
 * independent of the tar code in src/tools, so the client and fake tests do not lean on it.
 */
export async function makeTar(files: Record<string, string>): Promise<Uint8Array> {
  const pack = tar.pack();
  for (const [name, content] of Object.entries(files)) pack.entry({ name }, content);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}
