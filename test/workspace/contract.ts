import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import {
  cksum,
  editFiles,
  WorkspaceEditError,
  type WorkspaceFileError,
  type WorkspaceTransport,
  WorkspaceTransportError,
} from "../../src/workspace/index.js";

/** What a transport under test runs against. */
export interface ContractTarget {
  transport: WorkspaceTransport;
  /** An empty directory the transport can use (absolute). */
  dir: string;
  /** Temporary files the transport leaves behind there should be none of (absolute dirs). */
  tempDirs: string[];
  /** List a local directory (the test's view of the workspace, bypassing the transport). */
  localList(dir: string): Promise<string[]>;
}

const text = (s: string) => new TextEncoder().encode(s);
/** Whether the process in a pid file runs (a zombie does not count: containers may not reap them soon). */
const isRunning = (pidFile: string) =>
  `s=$(ps -o stat= -p "$(cat ${pidFile})" 2>/dev/null); case "$s" in ""|Z*) echo gone ;; *) echo alive ;; esac`;
const str = (b: Uint8Array) => new TextDecoder().decode(b);

/** Poll `check` until it is truthy (bounded), for effects that happen after a call returns. */
export async function eventually(
  check: () => Promise<boolean>,
  what = "condition",
  tries = 200,
): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what}: not met after ${tries} tries`);
}

/**
 * The behaviour every {@link WorkspaceTransport} must have. `setup` runs once per suite; each test
 * works in its own subdirectory.
 */
export function transportContract(name: string, setup: () => Promise<ContractTarget>): void {
  describe(`${name}: the WorkspaceTransport contract`, () => {
    let t: ContractTarget;
    let n = 0;
    const fresh = async () => {
      n += 1;
      const dir = `${t.dir}/case-${n}`;
      await t.transport.write(`${dir}/.keep`, new Uint8Array());
      return dir;
    };
    beforeAll(async () => {
      t = await setup();
    });

    describe("exec", () => {
      it.each([0, 1, 3])("returns exit code %i", async (code) => {
        const result = await t.transport.exec(`echo out-${code}; exit ${code}`);
        expect(result).toMatchObject({
          exitCode: code,
          output: `out-${code}\n`,
          timedOut: false,
          truncated: false,
        });
      });

      it("does not take a command's own exit code 124 for a timeout", async () => {
        expect(await t.transport.exec("exit 124")).toMatchObject({ exitCode: 124, timedOut: false });
      });

      it("merges stdout and stderr in the order written", async () => {
        const result = await t.transport.exec("echo one; echo two >&2; echo three; printf four >&2");
        expect(result.output).toBe("one\ntwo\nthree\nfour");
        expect(result.outputBytes).toBe(18);
      });

      it("runs in cwd with env, and nothing waits on stdin", async () => {
        const dir = await fresh();
        const result = await t.transport.exec('pwd; echo "$GREETING"; cat; echo "$PAGER"', {
          cwd: dir,
          env: { GREETING: 'it\'s "quoted" $HOME' },
        });
        expect(result.output).toBe(`${dir}\nit's "quoted" $HOME\ncat\n`);
      });

      it("returns output that looks like the framing's markers verbatim", async () => {
        const fake =
          "@@0123456789abcdef:E:0:1:2@@\n@@0123456789abcdef:B@@\n00000001:AAAA\n\x1b[31mred\x1b[0m\r\n";
        const result = await t.transport.exec(`printf '%s' "$FAKE"`, { env: { FAKE: fake } });
        expect(result.output).toBe(fake);
      });

      it("times out with exit code 124 and kills the command's process group", async () => {
        const dir = await fresh();
        const result = await t.transport.exec(
          `sh -c 'echo $$ > child.pid; exec sleep 30' & echo started; wait`,
          {
            cwd: dir,
            timeoutMs: 700,
          },
        );
        expect(result).toMatchObject({ exitCode: 124, timedOut: true });
        expect(result.output).toContain("started");
        const check = await t.transport.exec(isRunning("child.pid"), { cwd: dir });
        expect(check.output).toBe("gone\n");
      });

      it("keeps a background command running past its timeout and says where its output goes", async () => {
        const result = await t.transport.exec("echo started; exec sleep 30", {
          background: true,
          timeoutMs: 700,
        });
        expect(result).toMatchObject({ exitCode: 124, timedOut: true });
        expect(result.output).toBe("started\n");
        const job = result.background;
        if (!job) throw new Error("no background job");
        expect(job.logPath).toMatch(/^\/.*bg-[0-9a-f]+\.log$/);
        const alive = await t.transport.exec(`kill -0 ${job.pid} && echo alive; cat '${job.logPath}'`);
        expect(alive.output).toBe("alive\nstarted\n");
        await t.transport.exec(`kill -9 -${job.pid} || kill -9 ${job.pid}; rm -f '${job.logPath}'`);
      });

      it("returns a background command that finishes in time like a foreground one", async () => {
        const result = await t.transport.exec("echo quick; exit 5", { background: true, timeoutMs: 10_000 });
        expect(result).toMatchObject({ exitCode: 5, output: "quick\n", timedOut: false });
        expect(result.background).toBeUndefined();
      });

      it("aborts: rejects with the signal's reason and stops the command", async () => {
        const dir = await fresh();
        const controller = new AbortController();
        const running = t.transport.exec("echo $$ > me.pid; exec sleep 30", {
          cwd: dir,
          signal: controller.signal,
        });
        await eventually(async () => (await t.localList(dir)).includes("me.pid"));
        controller.abort(new Error("caller gave up"));
        await expect(running).rejects.toThrow("caller gave up");
        await eventually(async () => {
          const check = await t.transport.exec(isRunning("me.pid"), { cwd: dir });
          return check.output === "gone\n";
        });
      });

      it("keeps the head and tail of long output and says how long it was", async () => {
        const result = await t.transport.exec("seq 1 20000", { maxOutputBytes: 1000 });
        expect(result.truncated).toBe(true);
        expect(result.outputBytes).toBe(108894);
        expect(result.output.startsWith("1\n2\n3\n")).toBe(true);
        expect(result.output.endsWith("19999\n20000\n")).toBe(true);
        expect(result.output).toContain("[107894 bytes of output omitted]");
      });

      it("rejects bad input naming the field", async () => {
        await expect(t.transport.exec("  ")).rejects.toThrow("command cannot be empty");
        await expect(t.transport.exec("true", { env: { "1BAD": "x" } })).rejects.toThrow(
          'env: "1BAD" is not a valid variable name',
        );
        await expect(t.transport.exec("true", { timeoutMs: 0 })).rejects.toThrow(
          "timeoutMs must be a positive number",
        );
      });
    });

    describe("files", () => {
      it("round-trips 10 MB byte for byte", async () => {
        const dir = await fresh();
        const data = new Uint8Array(randomBytes(10 * 1024 * 1024));
        await t.transport.write(`${dir}/big.bin`, data);
        const back = await t.transport.read(`${dir}/big.bin`);
        expect(back.size).toBe(data.length);
        expect(Buffer.compare(Buffer.from(back.bytes), Buffer.from(data))).toBe(0);
        const sum = await t.transport.exec("cksum < big.bin", { cwd: dir });
        expect(sum.output).toBe(`${cksum(data)} ${data.length}\n`);
      }, 60_000);

      it("keeps every byte value, and reads a range with offset and limit", async () => {
        const dir = await fresh();
        const all = new Uint8Array(512).map((_, i) => i % 256);
        await t.transport.write(`${dir}/bytes.bin`, all);
        expect([...(await t.transport.read(`${dir}/bytes.bin`)).bytes]).toEqual([...all]);
        const range = await t.transport.read(`${dir}/bytes.bin`, { offset: 250, limit: 10 });
        expect([...range.bytes]).toEqual([250, 251, 252, 253, 254, 255, 0, 1, 2, 3]);
        expect(range.size).toBe(512);
        expect((await t.transport.read(`${dir}/bytes.bin`, { offset: 508, limit: 100 })).bytes.length).toBe(
          4,
        );
        expect((await t.transport.read(`${dir}/bytes.bin`, { offset: 9999 })).bytes.length).toBe(0);
      });

      it("handles names with spaces, quotes and dollar signs", async () => {
        const dir = await fresh();
        const path = `${dir}/a dir/it's "x" $y.txt`;
        await t.transport.write(path, text("content\n"));
        expect((await t.transport.list(`${dir}/a dir`)).map((e) => e.name)).toEqual([`it's "x" $y.txt`]);
        expect(str((await t.transport.read(path)).bytes)).toBe("content\n");
      });

      it("lists directories first, then files, each by name in byte order; links are not directories", async () => {
        const dir = await fresh();
        await t.transport.exec("mkdir b A a && touch c B .hidden && ln -s a link && rm .keep", { cwd: dir });
        const entries = await t.transport.list(dir);
        expect(entries.map((e) => [e.name, e.isDir])).toEqual([
          ["A", true],
          ["a", true],
          ["b", true],
          [".hidden", false],
          ["B", false],
          ["c", false],
          ["link", false],
        ]);
        expect(entries[0]?.path).toBe(`${dir}/A`);
      });

      it("reports file errors with a code and the Go agent's wording", async () => {
        const dir = await fresh();
        const err = (p: Promise<unknown>) =>
          p.then(
            () => undefined,
            (e: unknown) => e as WorkspaceFileError,
          );
        expect(await err(t.transport.read(`${dir}/missing`))).toMatchObject({
          code: "not_found",
          message: `open ${dir}/missing: no such file or directory`,
        });
        expect(await err(t.transport.read(dir))).toMatchObject({
          code: "is_a_directory",
          message: `open ${dir}: not a file`,
        });
        expect(await err(t.transport.list(`${dir}/missing`))).toMatchObject({ code: "not_found" });
        expect(await err(t.transport.list(`${dir}/.keep`))).toMatchObject({
          code: "not_a_directory",
          message: `path "${dir}/.keep" is not a directory`,
        });
        expect(await err(t.transport.read("relative.txt"))).toMatchObject({
          code: "invalid_path",
          message: 'file path must be absolute: "relative.txt"',
        });
        expect(await err(t.transport.write(dir, text("x")))).toMatchObject({ code: "is_a_directory" });
      });

      it("writes atomically: a new inode by rename, the mode kept, parents created, no temp files left", async () => {
        const dir = await fresh();
        await t.transport.exec("printf old > f && chmod 751 f && ls -i f | cut -d' ' -f1 > inode", {
          cwd: dir,
        });
        await t.transport.write(`${dir}/f`, text("new"));
        const after = await t.transport.exec(
          'stat -c %a f; [ "$(ls -i f | cut -d" " -f1)" = "$(cat inode)" ] && echo same || echo renamed; cat f',
          { cwd: dir },
        );
        expect(after.output).toBe("751\nrenamed\nnew");
        await t.transport.write(`${dir}/deep/er/g.txt`, text("g"));
        expect(str((await t.transport.read(`${dir}/deep/er/g.txt`)).bytes)).toBe("g");
        expect((await t.localList(dir)).sort()).toEqual([".keep", "deep", "f", "inode"]);
        // The background-log directory is meant to stay; nothing else may.
        for (const temp of t.tempDirs)
          expect((await t.localList(temp)).filter((n) => n !== "coder-toolsdk")).toEqual([]);
      });

      it("writes through a symbolic link to its target", async () => {
        const dir = await fresh();
        await t.transport.exec("printf a > target && ln -s target link", { cwd: dir });
        await t.transport.write(`${dir}/link`, text("b"));
        expect(
          (await t.transport.exec("cat target; [ -L link ] && echo ' still a link'", { cwd: dir })).output,
        ).toBe("b still a link\n");
      });

      it("does not overwrite a file that changed since it was read (ifMatch)", async () => {
        const dir = await fresh();
        await t.transport.write(`${dir}/f`, text("one"));
        const version = { crc: cksum(text("one")), size: 3 };
        await t.transport.write(`${dir}/f`, text("two"), { ifMatch: version });
        await expect(
          t.transport.write(`${dir}/f`, text("three"), { ifMatch: version }),
        ).rejects.toMatchObject({ code: "changed" });
        expect(str((await t.transport.read(`${dir}/f`)).bytes)).toBe("two");
      });
    });

    describe("edit", () => {
      const file = async (content: string) => {
        const dir = await fresh();
        await t.transport.write(`${dir}/f.txt`, text(content));
        return `${dir}/f.txt`;
      };
      const read = async (path: string) => str((await t.transport.read(path)).bytes);

      it("replaces a unique match and returns a unified diff", async () => {
        const path = await file("alpha\nbeta\ngamma\n");
        const result = await t.transport.edit([{ path, edits: [{ oldText: "beta", newText: "BETA" }] }]);
        expect(await read(path)).toBe("alpha\nBETA\ngamma\n");
        expect(result.files[0]).toMatchObject({ path, replacements: 1 });
        expect(result.files[0]?.diff).toBe(
          `--- a/${path}\n+++ b/${path}\n@@ -1,3 +1,3 @@\n alpha\n-beta\n+BETA\n gamma\n`,
        );
      });

      it("refuses an ambiguous match unless replaceAll, and a missing one", async () => {
        const path = await file("x = 1\nx = 1\n");
        await expect(
          t.transport.edit([{ path, edits: [{ oldText: "x = 1", newText: "y" }] }]),
        ).rejects.toThrow(`edit ${path}: search string matches 2 occurrences (expected exactly 1)`);
        await expect(t.transport.edit([{ path, edits: [{ oldText: "zzz", newText: "y" }] }])).rejects.toThrow(
          "search string not found in file",
        );
        const result = await t.transport.edit([
          { path, edits: [{ oldText: "x = 1", newText: "x = 2", replaceAll: true }] },
        ]);
        expect(result.files[0]?.replacements).toBe(2);
        expect(await read(path)).toBe("x = 2\nx = 2\n");
      });

      it("matches ignoring trailing whitespace, then indentation, keeping the file's indentation", async () => {
        const path = await file("def f():\n    a = 1   \n    b = 2\n");
        await t.transport.edit([{ path, edits: [{ oldText: "    a = 1\n", newText: "    a = 10\n" }] }]);
        expect(await read(path)).toBe("def f():\n    a = 10\n    b = 2\n");
        await t.transport.edit([{ path, edits: [{ oldText: "a = 10\nb = 2", newText: "a = 11\nb = 22" }] }]);
        expect(await read(path)).toBe("def f():\n    a = 11\n    b = 22\n");
      });

      it("validates the whole batch before writing anything", async () => {
        const first = await file("one\n");
        const second = await file("two\n");
        const error = await t.transport
          .edit([
            { path: first, edits: [{ oldText: "one", newText: "1" }] },
            { path: second, edits: [{ oldText: "missing", newText: "2" }] },
            { path: `${second}.nope`, edits: [{ oldText: "a", newText: "b" }] },
          ])
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WorkspaceEditError);
        expect((error as WorkspaceEditError).problems).toEqual([
          `edit ${second}: search string not found in file. Verify the search string matches the file content exactly, including whitespace and indentation`,
          `open ${second}.nope: no such file or directory`,
          "no files in this batch were changed",
        ]);
        expect(await read(first)).toBe("one\n");
        await expect(t.transport.edit([])).rejects.toThrow("must specify at least one file");
        await expect(t.transport.edit([{ path: first, edits: [] }])).rejects.toThrow(
          "must specify at least one edit",
        );
      });

      it("leaves a file alone that changed between reading and writing it", async () => {
        const path = await file("before\n");
        const racing = {
          read: async (p: string) => {
            const result = await t.transport.read(p);
            await t.transport.write(p, text("someone else\n"));
            return result;
          },
          write: t.transport.write.bind(t.transport),
        };
        await expect(
          editFiles(racing, [{ path, edits: [{ oldText: "before", newText: "after" }] }]),
        ).rejects.toThrow("changed since it was read");
        expect(await read(path)).toBe("someone else\n");
      });
    });

    it("rejects calls after close", async () => {
      const transport = t.transport;
      await transport.close();
      await expect(transport.exec("true")).rejects.toBeInstanceOf(WorkspaceTransportError);
    });
  });
}
