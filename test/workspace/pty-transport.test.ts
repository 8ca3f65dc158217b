import { readdir } from "node:fs/promises";
import { afterAll } from "vitest";
import { CoderClient } from "../../src/client/index.js";
import { createFakeCoder, type FakeCoder } from "../../src/testing/index.js";
import { PtyTransport } from "../../src/workspace/index.js";
import { transportContract } from "./contract.js";
import { agentOf } from "./helpers.js";

let fake: FakeCoder | undefined;
afterAll(async () => {
  await fake?.close();
});

transportContract("PtyTransport through the fake deployment on loopback", async () => {
  fake = createFakeCoder();
  const server = await fake.listen();
  const client = new CoderClient({ url: server.url, token: fake.owner.token, retry: false });
  const home = fake.workspaceDir("admin/dev");
  return {
    transport: new PtyTransport(client, agentOf(fake)),
    dir: `${home}/contract`,
    tempDirs: [`${home}/.tmp`],
    localList: (dir) => readdir(dir),
  };
});
