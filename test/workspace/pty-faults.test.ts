import { randomBytes } from "node:crypto";
import { readdir } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CoderClient } from "../../src/client/index.js";
import { createFakeCoder, type FakeCoder, type TerminalFault } from "../../src/testing/index.js";
import { PtyTransport, WorkspaceTransportError } from "../../src/workspace/index.js";
import { eventually } from "./contract.js";
import { agentOf } from "./helpers.js";

const PTY = "/api/v2/workspaceagents/*/pty";

describe("PtyTransport against a misbehaving terminal", () => {
  let fake: FakeCoder;
  let transport: PtyTransport;
  let home: string;
  beforeAll(async () => {
    fake = createFakeCoder();
    const server = await fake.listen();
    transport = new PtyTransport(
      new CoderClient({ url: server.url, token: fake.owner.token, retry: false }),
      agentOf(fake),
    );
    home = fake.workspaceDir("admin/dev");
  });
  afterAll(async () => {
    await transport.close();
    await fake.close();
  });
  const withFault = async <T>(terminal: TerminalFault, run: () => Promise<T>, times?: number): Promise<T> => {
    const handle = fake.faults.add({ path: PTY, terminal, ...(times ? { times } : {}) });
    try {
      return await run();
    } finally {
      handle.remove();
    }
  };
  const data = new Uint8Array(randomBytes(20_000));

  it.each<[string, TerminalFault]>([
    ["escape-code noise and a prompt", { ansiNoise: true }],
    ["screen's alternate screen, wrapping and redraws", { screen: true }],
    ["one byte per frame", { splitFrames: true }],
    ["screen losing the output of short sessions", { dropShortOutput: true }],
  ])("gets exact results through %s", async (_, fault) => {
    await transport.write(`${home}/faults.bin`, data);
    const [exec, read] = await withFault(fault, async () => [
      await transport.exec("printf 'a\\tb  \\n'; exit 7"),
      await transport.read(`${home}/faults.bin`, fault.splitFrames ? { limit: 300 } : {}),
    ]);
    expect(exec).toMatchObject({ output: "a\tb  \n", exitCode: 7 });
    expect(
      Buffer.from(read.bytes).equals(Buffer.from(fault.splitFrames ? data.subarray(0, 300) : data)),
    ).toBe(true);
  });

  it("reattaches once when the connection drops mid-output and uses the agent's replay", async () => {
    await transport.write(`${home}/drop.bin`, data);
    const read = await withFault({ closeAfterBytes: 4000 }, () => transport.read(`${home}/drop.bin`), 1);
    expect(Buffer.from(read.bytes).equals(Buffer.from(data))).toBe(true);
    const exec = await withFault(
      { closeAfterBytes: 100, closeCode: 1001 },
      () => transport.exec("seq 1 3000 | tail -n 1"),
      1,
    );
    expect(exec).toMatchObject({ output: "3000\n", exitCode: 0 });
  });

  it("reports a failed agent dial as a transport error with coderd's close reason", async () => {
    const error = await withFault({ closeCode: 1011, closeReason: "dial workspace agent: timed out" }, () =>
      transport.exec("true").catch((e: unknown) => e),
    );
    expect(error).toBeInstanceOf(WorkspaceTransportError);
    expect((error as Error).message).toContain("1011 dial workspace agent: timed out");
  });

  it("fails clearly on an agent without a POSIX shell (Windows), quoting what the terminal printed", async () => {
    const error = await withFault({ windowsShell: true }, () =>
      transport.exec("echo hi").catch((e: unknown) => e),
    );
    expect(error).toBeInstanceOf(WorkspaceTransportError);
    expect((error as Error).message).toContain(
      "the workspace did not run the transport's shell script: it needs a POSIX sh with base64 (Windows agents are not supported)",
    );
    expect((error as Error).message).toContain("'echo' is not recognized as an internal or external command");
  });

  it("interrupts a write when aborted, leaving the target and no temporary file", async () => {
    await transport.write(`${home}/abort.txt`, new TextEncoder().encode("original"));
    const controller = new AbortController();
    const big = new Uint8Array(8 * 1024 * 1024);
    const writing = transport.write(`${home}/abort.txt`, big, { signal: controller.signal });
    await eventually(
      async () => (await readdir(home)).some((n) => n.startsWith(".abort.txt.tmp.")),
      "temp file appears",
    );
    controller.abort(new Error("stop"));
    await expect(writing).rejects.toThrow("stop");
    await eventually(
      async () => !(await readdir(home)).some((n) => n.startsWith(".abort.txt.tmp.")),
      "temp file removed",
    );
    expect(new TextDecoder().decode((await transport.read(`${home}/abort.txt`)).bytes)).toBe("original");
    await eventually(
      async () => (await readdir(`${home}/.tmp`)).filter((n) => n !== "coder-toolsdk").length === 0,
    );
  });

  it("types scripts too long for the URL into the terminal instead", async () => {
    const long = new PtyTransport(
      new CoderClient({ url: (await fake.listen()).url, token: fake.owner.token }),
      agentOf(fake),
      {
        maxCommandChars: 200,
      },
    );
    const value = "x".repeat(10_000);
    const result = await long.exec(`printf %s "${value}" | wc -c`);
    expect(result).toMatchObject({ output: "10000\n", exitCode: 0 });
    await long.write(`${home}/typed.bin`, data);
    expect(Buffer.from((await long.read(`${home}/typed.bin`)).bytes).equals(Buffer.from(data))).toBe(true);
  });
});
