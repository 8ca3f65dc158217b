import tar from "tar-stream";
import { describe, expect, it } from "vitest";
import { ToolInputError } from "../../../src/tools/framework/errors.js";
import { buildTarArchive, normalizeTarPath } from "../../../src/tools/templates/tar.js";

interface ReadEntry {
  name: string;
  mode: number | undefined;
  size: number | undefined;
  type: string | null | undefined;
  content: string;
}

async function readArchive(bytes: Uint8Array): Promise<ReadEntry[]> {
  const extract = tar.extract();
  const entries: ReadEntry[] = [];
  const done = (async () => {
    for await (const entry of extract) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      entries.push({
        name: entry.header.name,
        mode: entry.header.mode,
        size: entry.header.size,
        type: entry.header.type,
        content: Buffer.concat(chunks).toString("utf8"),
      });
    }
  })();
  extract.end(Buffer.from(bytes));
  await done;
  return entries;
}

describe("buildTarArchive", () => {
  it("writes every file as a 0644 regular file, sorted by path, with byte-accurate sizes", async () => {
    const archive = await buildTarArchive({
      "scripts/init.sh": "#!/bin/sh\necho hi\n",
      "main.tf": "terraform {}\n# naïve café ✓\n",
      "README.md": "",
    });
    expect(archive.entries).toEqual(["README.md", "main.tf", "scripts/init.sh"]);
    const entries = await readArchive(archive.bytes);
    expect(entries.map((e) => e.name)).toEqual(["README.md", "main.tf", "scripts/init.sh"]);
    for (const entry of entries) {
      expect(entry.mode).toBe(0o644);
      expect(entry.type).toBe("file");
    }
    const main = entries.find((e) => e.name === "main.tf");
    expect(main?.content).toBe("terraform {}\n# naïve café ✓\n");
    expect(main?.size).toBe(Buffer.byteLength("terraform {}\n# naïve café ✓\n"));
    expect(entries.find((e) => e.name === "README.md")?.size).toBe(0);
  });

  it("is deterministic: the same files give the same bytes whatever the key order", async () => {
    const a = await buildTarArchive({ "b.tf": "b", "a.tf": "a" });
    const b = await buildTarArchive({ "a.tf": "a", "b.tf": "b" });
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
  });

  it("keeps names longer than 100 bytes intact", async () => {
    const long = `${"deep/".repeat(30)}main.tf`;
    const archive = await buildTarArchive({ [long]: "x" });
    const entries = await readArchive(archive.bytes);
    expect(entries.map((e) => e.name)).toEqual([long]);
  });

  it("normalizes ./ prefixes and repeated slashes", async () => {
    const archive = await buildTarArchive({ "./main.tf": "a", "modules//net/./vpc.tf": "b" });
    expect(archive.entries).toEqual(["main.tf", "modules/net/vpc.tf"]);
  });

  it("accepts an empty file map (an empty archive), like Coder's Go tool", async () => {
    const archive = await buildTarArchive({});
    expect(archive.entries).toEqual([]);
    expect(await readArchive(archive.bytes)).toEqual([]);
  });

  it("rejects unsafe paths, naming each one", async () => {
    const attempt = buildTarArchive({
      "/etc/passwd": "x",
      "../escape.tf": "x",
      "a/../../b": "x",
      "C:\\win.tf": "x",
      "dir/": "x",
      "": "x",
      "ok.tf": "fine",
    });
    await expect(attempt).rejects.toBeInstanceOf(ToolInputError);
    const error = (await attempt.catch((e: unknown) => e)) as ToolInputError;
    const paths = error.issues.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '$.files["/etc/passwd"]',
        '$.files["../escape.tf"]',
        '$.files["a/../../b"]',
        '$.files["C:\\\\win.tf"]',
        '$.files["dir/"]',
        '$.files[""]',
      ]),
    );
    expect(paths).not.toContain('$.files["ok.tf"]');
    expect(error.message).toContain("relative path");
    expect(error.message).toContain("'..'");
  });

  it("rejects two keys that name the same file", async () => {
    const error = (await buildTarArchive({ "main.tf": "a", "./main.tf": "b" }).catch(
      (e: unknown) => e,
    )) as ToolInputError;
    expect(error).toBeInstanceOf(ToolInputError);
    expect(error.message).toContain("names the same file");
  });
});

describe("normalizeTarPath", () => {
  it("returns the normal form or a problem", () => {
    expect(normalizeTarPath("a/b.tf")).toBe("a/b.tf");
    expect(normalizeTarPath("\\abs")).toEqual({ problem: expect.stringContaining("relative") });
    expect(normalizeTarPath("a\\..\\b")).toEqual({ problem: expect.stringContaining("..") });
    expect(normalizeTarPath("nul\0name")).toEqual({ problem: expect.stringContaining("NUL") });
  });
});
