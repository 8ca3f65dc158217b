import { readFile, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import {
  workspaceEditFile,
  workspaceEditFiles,
  workspaceLs,
  workspaceReadFile,
  workspaceWriteFile,
} from "../../../src/tools/workspace-agent/index.js";
import { useToolHarness } from "../../support/tool-harness.js";
import { failed, ok } from "../results.js";

const b64 = (s: string | Uint8Array) => Buffer.from(s).toString("base64");

describe("workspace file tools", () => {
  const h = useToolHarness();
  const home = () => h.fake.workspaceDir("admin/dev");

  describe("coder_workspace_ls", () => {
    it("lists directories first, then files, as absolute paths (Go: WorkspaceLS)", async () => {
      ok(
        await h.call(workspaceWriteFile, {
          workspace: "dev",
          path: `${home()}/proj/src/main.ts`,
          content: b64("x"),
        }),
      );
      ok(
        await h.call(workspaceWriteFile, {
          workspace: "dev",
          path: `${home()}/proj/README.md`,
          content: b64("# hi"),
        }),
      );
      const result = ok(await h.call(workspaceLs, { workspace: "dev", path: `${home()}/proj` }));
      expect(result).toEqual({
        contents: [
          { path: `${home()}/proj/src`, is_dir: true },
          { path: `${home()}/proj/README.md`, is_dir: false },
        ],
      });
    });

    it("requires an absolute path and reports a missing directory", async () => {
      expect(failed(await h.call(workspaceLs, { workspace: "dev", path: "relative" })).text).toContain(
        'path must be absolute: "relative"',
      );
      expect(failed(await h.call(workspaceLs, { workspace: "dev", path: `${home()}/nope` })).text).toContain(
        "no such file or directory",
      );
    });
  });

  describe("coder_workspace_read_file", () => {
    it("returns base64 content and the MIME type, honouring offset and limit (Go: WorkspaceReadFile)", async () => {
      await writeFile(`${home()}/notes.txt`, "0123456789");
      expect(ok(await h.call(workspaceReadFile, { workspace: "dev", path: `${home()}/notes.txt` }))).toEqual({
        content: b64("0123456789"),
        mimeType: "text/plain",
        size: 10,
      });
      const part = ok(
        await h.call(workspaceReadFile, {
          workspace: "dev",
          path: `${home()}/notes.txt`,
          offset: 2,
          limit: 3,
        }),
      );
      expect(Buffer.from(part.content, "base64").toString()).toBe("234");
      await writeFile(`${home()}/pic.png`, Buffer.from([0x89, 0x50, 0x4e, 0x47]));
      expect(
        ok(await h.call(workspaceReadFile, { workspace: "dev", path: `${home()}/pic.png` })).mimeType,
      ).toBe("image/png");
    });

    it("refuses a limit above 1 MiB and says a missing file does not exist", async () => {
      const big = failed(
        await h.call(workspaceReadFile, { workspace: "dev", path: `${home()}/x`, limit: 2_097_152 }),
      );
      expect(big.text).toContain("limit must be 1048576 or less, got 2097152");
      const missing = failed(
        await h.call(workspaceReadFile, { workspace: "dev", path: `${home()}/missing.txt` }),
      );
      expect(missing.text).toContain("file does not exist");
    });

    it("stops where the result would be too large and says where to continue", async () => {
      await writeFile(`${home()}/long.bin`, Buffer.alloc(10_000, 7));
      const ctx = h.context({ limits: { maxResultBytes: 2048 } });
      const first = ok(
        await h.call(workspaceReadFile, { workspace: "dev", path: `${home()}/long.bin` }, ctx),
      );
      const got = Buffer.from(first.content, "base64").length;
      expect(got).toBeGreaterThan(1000);
      expect(first).toMatchObject({ size: 10_000, next_offset: got });
    });
  });

  describe("coder_workspace_write_file", () => {
    it("writes the decoded bytes (Go: WorkspaceWriteFile)", async () => {
      const bytes = new Uint8Array(256).map((_, i) => i);
      const result = ok(
        await h.call(workspaceWriteFile, {
          workspace: "dev",
          path: `${home()}/all.bin`,
          content: b64(bytes),
        }),
      );
      expect(result).toEqual({ message: "File written successfully." });
      expect([...(await readFile(`${home()}/all.bin`))]).toEqual([...bytes]);
    });

    it("rejects content that is not base64 before touching the workspace", async () => {
      const failure = failed(
        await h.call(workspaceWriteFile, { workspace: "dev", path: `${home()}/x`, content: "not base64!" }),
      );
      expect(failure.error.kind).toBe("input");
      expect(failure.text).toContain("$.content: content must be base64");
    });
  });

  describe("coder_workspace_edit_file", () => {
    it("edits with old_text/new_text and returns a diff (Go: WorkspaceEditFile)", async () => {
      await writeFile(`${home()}/a.txt`, "foo\nbaz\n");
      const result = ok(
        await h.call(workspaceEditFile, {
          workspace: "dev",
          path: `${home()}/a.txt`,
          edits: [{ old_text: "foo", new_text: "bar" }],
        }),
      );
      expect(result.message).toBe("File edited successfully.");
      expect(result.files?.[0]?.diff).toContain("-foo\n+bar\n");
      expect(await readFile(`${home()}/a.txt`, "utf8")).toBe("bar\nbaz\n");
    });

    it("still accepts the older search/replace keys (Go: TestEditFileTools_DecodeDeprecatedKeys)", async () => {
      await writeFile(`${home()}/b.txt`, "old value\n");
      ok(
        await h.call(workspaceEditFile, {
          workspace: "dev",
          path: `${home()}/b.txt`,
          edits: [{ search: "old", replace: "new" }],
        }),
      );
      expect(await readFile(`${home()}/b.txt`, "utf8")).toBe("new value\n");
    });

    it("needs at least one edit, and explains an ambiguous match", async () => {
      await writeFile(`${home()}/c.txt`, "x\nx\n");
      expect(
        failed(await h.call(workspaceEditFile, { workspace: "dev", path: `${home()}/c.txt`, edits: [] }))
          .text,
      ).toContain("must specify at least one edit");
      const ambiguous = failed(
        await h.call(workspaceEditFile, {
          workspace: "dev",
          path: `${home()}/c.txt`,
          edits: [{ old_text: "x", new_text: "y" }],
        }),
      );
      expect(ambiguous.text).toContain("search string matches 2 occurrences (expected exactly 1)");
      const missingText = failed(
        await h.call(workspaceEditFile, {
          workspace: "dev",
          path: `${home()}/c.txt`,
          edits: [{ new_text: "y" }],
        }),
      );
      expect(missingText.text).toContain("$.edits[0].old_text: old_text is required");
    });
  });

  describe("coder_workspace_edit_files", () => {
    it("edits several files in one batch (Go: WorkspaceEditFiles)", async () => {
      await writeFile(`${home()}/one.txt`, "one\n");
      await writeFile(`${home()}/two.txt`, "two\n");
      const result = ok(
        await h.call(workspaceEditFiles, {
          workspace: "dev",
          files: [
            { path: `${home()}/one.txt`, edits: [{ old_text: "one", new_text: "1" }] },
            { path: `${home()}/two.txt`, edits: [{ old_text: "two", new_text: "2" }] },
          ],
        }),
      );
      expect(result.message).toBe("File(s) edited successfully.");
      expect(result.files?.map((f) => f.path)).toEqual([`${home()}/one.txt`, `${home()}/two.txt`]);
      expect(await readFile(`${home()}/two.txt`, "utf8")).toBe("2\n");
    });

    it("needs at least one file and writes nothing when one edit fails", async () => {
      expect(failed(await h.call(workspaceEditFiles, { workspace: "dev", files: [] })).text).toContain(
        "must specify at least one file",
      );
      await writeFile(`${home()}/keep.txt`, "keep\n");
      const failure = failed(
        await h.call(workspaceEditFiles, {
          workspace: "dev",
          files: [
            { path: `${home()}/keep.txt`, edits: [{ old_text: "keep", new_text: "changed" }] },
            { path: `${home()}/keep2.txt`, edits: [{ old_text: "a", new_text: "b" }] },
          ],
        }),
      );
      expect(failure.text).toContain("no files in this batch were changed");
      expect(await readFile(`${home()}/keep.txt`, "utf8")).toBe("keep\n");
    });
  });
});
