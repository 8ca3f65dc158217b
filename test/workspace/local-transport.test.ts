import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { LocalTransport } from "../../src/workspace/index.js";
import { transportContract } from "./contract.js";

let root: string | undefined;
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

transportContract("LocalTransport", async () => {
  root = await mkdtemp(join(tmpdir(), "local-transport-"));
  return {
    transport: new LocalTransport(),
    dir: root,
    tempDirs: [],
    localList: (dir) => readdir(dir),
  };
});
