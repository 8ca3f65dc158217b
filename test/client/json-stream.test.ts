import { describe, expect, it } from "vitest";
import {
  CoderApiError,
  CoderClient,
  CoderNetworkError,
  CoderResponseError,
  type WorkspaceAgentLog,
} from "../../src/client/index.js";
import type { FakeCoder } from "../../src/testing/index.js";
import { collect, useFakeCoder } from "../support/fake-coder.js";

/**
 * The streaming reads (`iterate*`) against the fake, with the fake's response bodies re-cut into
 * chunks the way a network may deliver them.
 */

type Split = (bytes: Uint8Array) => Uint8Array[];

/** A fetch that serves the fake but hands out each body in the chunks `split` makes. */
function rechunked(fake: FakeCoder, split: Split): typeof fetch {
  return async (input, init) => {
    const response = await fake.fetch(new Request(input, init));
    const bytes = new Uint8Array(await response.arrayBuffer());
    const parts = split(bytes);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const part of parts) controller.enqueue(part);
        controller.close();
      },
    });
    return new Response(body, { status: response.status, headers: response.headers });
  };
}

const clientWith = (fake: FakeCoder, fetch: typeof globalThis.fetch) =>
  new CoderClient({ url: fake.url, token: fake.owner.token, fetch, retry: false });

// Log text that puts quotes, backslashes, escapes, multibyte UTF-8 and digits everywhere.
const TRICKY_LINES = [
  'say "hello" \\ world',
  "tab\tnewline\\n unicode é 😀 ✓",
  "\\u0041 is not an escape here, \\\\ is two backslashes",
  "1234567890 -0.5e+10 true false null [] {}",
  '}{][,:"',
];

function seedTrickyAgent(fake: FakeCoder): string {
  fake.seed.template({
    name: "tricky",
    resources: [
      { type: "docker_container", name: "box", agents: [{ name: "main", startupLogs: TRICKY_LINES }] },
    ],
  });
  const ws = fake.seed.workspace({ owner: "admin", template: "tricky", name: "tricky" });
  return ws.latest_build.resources!.flatMap((r) => r.agents ?? [])[0]!.id;
}

describe("streaming JSON array reads", () => {
  const ctx = useFakeCoder();

  it("yield the same items as the one-shot reads", async () => {
    const agentId = seedTrickyAgent(ctx.fake);
    const owner = ctx.owner;
    const build = ctx.fake.inspect.workspace("admin/dev")!.latest_build;
    expect(await collect(owner.agents.iterateLogs(agentId))).toEqual(await owner.agents.logs(agentId));
    expect(await collect(owner.builds.iterateLogs(build.id))).toEqual(await owner.builds.logs(build.id));
    expect(await collect(owner.builds.iterateLogs(build.id, { after: 3 }))).toEqual(
      await owner.builds.logs(build.id, { after: 3 }),
    );
    const version = build.template_version_id;
    expect(await collect(owner.templates.iterateVersionLogs(version))).toEqual(
      await owner.templates.versionLogs(version),
    );
    expect(await collect(owner.templates.iterate())).toEqual(await owner.templates.list());
    expect(await collect(owner.templates.iterate({ q: "name:dock" }))).toEqual(
      await owner.templates.list({ q: "name:dock" }),
    );
    const agentLogs = await collect(owner.agents.iterateLogs(agentId));
    expect(agentLogs.map((l) => l.output)).toEqual(expect.arrayContaining(TRICKY_LINES));
  });

  it("handle a chunk boundary at every byte: inside strings, escapes, UTF-8 characters and numbers", async () => {
    const agentId = seedTrickyAgent(ctx.fake);
    const expected = await ctx.owner.agents.logs(agentId);
    const raw = new Uint8Array(
      await (
        await ctx.fake.fetch(`/api/v2/workspaceagents/${agentId}/logs`, {
          headers: { "Coder-Session-Token": ctx.fake.owner.token },
        })
      ).arrayBuffer(),
    );
    expect(raw.length).toBeGreaterThan(100);
    for (let at = 1; at < raw.length; at++) {
      const client = clientWith(
        ctx.fake,
        rechunked(ctx.fake, (b) => [b.subarray(0, at), b.subarray(at)]),
      );
      const got: WorkspaceAgentLog[] = await collect(client.agents.iterateLogs(agentId));
      if (JSON.stringify(got) !== JSON.stringify(expected)) {
        throw new Error(`split at byte ${at} of ${raw.length} changed the items`);
      }
    }
    const oneByte = clientWith(
      ctx.fake,
      rechunked(ctx.fake, (b) => Array.from(b, (_, i) => b.subarray(i, i + 1))),
    );
    expect(await collect(oneByte.agents.iterateLogs(agentId))).toEqual(expected);
  });

  it("read an empty array, whatever the whitespace around it", async () => {
    const build = ctx.fake.inspect.workspace("admin/dev")!.latest_build;
    const path = `/api/v2/workspacebuilds/${build.id}/logs`;
    for (const body of ["[]", " [ ] ", "\n[\n]\n"]) {
      const fault = ctx.fake.faults.add({
        path,
        status: 200,
        body,
        headers: { "content-type": "application/json" },
      });
      expect(await collect(ctx.owner.builds.iterateLogs(build.id))).toEqual([]);
      fault.remove();
    }
  });

  it("reject a malformed body with a CoderResponseError naming the endpoint", async () => {
    const build = ctx.fake.inspect.workspace("admin/dev")!.latest_build;
    const path = `/api/v2/workspacebuilds/${build.id}/logs`;
    const endpoint = `GET ${ctx.fake.url}${path}`;
    const cases: [unknown, string][] = [
      ["", "empty body where JSON was expected"],
      ['{"message":"not a list"}', 'expected a JSON array but found "{"'],
      ["[1,]", 'unexpected "]"'],
      ['[{"id":1} {"id":2}]', 'expected "," or "]" but found "{"'],
      ["[{]", "body is not valid JSON (item 0)"],
      ['[{"id":1', "body ended in the middle of the JSON"],
      ["[] []", "unexpected data after the end of the JSON"],
    ];
    for (const [body, problem] of cases) {
      const fault = ctx.fake.faults.add({
        path,
        status: 200,
        body,
        headers: { "content-type": "application/json" },
      });
      const error = await collect(ctx.owner.builds.iterateLogs(build.id)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CoderResponseError);
      expect((error as Error).message).toContain(`${endpoint}: unexpected response: ${problem}`);
      fault.remove();
    }
    // The fake's own truncated body, as a proxy might cut one.
    ctx.fake.faults.add({ path, malformedJson: true });
    const truncated = await collect(ctx.owner.builds.iterateLogs(build.id)).catch((e: unknown) => e);
    expect(truncated).toBeInstanceOf(CoderResponseError);
    expect((truncated as Error).message).toContain(endpoint);
  });

  it("name the item and field that fail the schema", async () => {
    const build = ctx.fake.inspect.workspace("admin/dev")!.latest_build;
    const logs = await ctx.owner.builds.logs(build.id);
    const broken = [logs[0], { ...logs[1], output: 42 }];
    ctx.fake.faults.add({ path: `/api/v2/workspacebuilds/${build.id}/logs`, status: 200, body: broken });
    const seen: number[] = [];
    const error = await (async () => {
      for await (const log of ctx.owner.builds.iterateLogs(build.id)) seen.push(log.id);
    })().catch((e: unknown) => e);
    // Items before the bad one have already been handed out; the error says which one failed.
    expect(seen).toEqual([logs[0]!.id]);
    expect(error).toBeInstanceOf(CoderResponseError);
    expect((error as CoderResponseError).fields).toEqual(["1.output"]);
  });

  it("pass Coder's error statuses through before anything is read", async () => {
    const error = await collect(ctx.owner.builds.iterateLogs("3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b")).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CoderApiError);
    expect((error as CoderApiError).status).toBe(404);
  });

  it("stop reading when the consumer stops, and on abort reject the pending read with the reason", async () => {
    const build = ctx.fake.inspect.workspace("admin/dev")!.latest_build;
    // What the body's source was cancelled with; a list when ky tees the body for its hooks.
    let cancelled: unknown[] | undefined;
    // The body's first bytes, then a network that goes quiet until the reader gives up.
    const stalling: typeof fetch = async (input, init) => {
      const response = await ctx.fake.fetch(new Request(input, init));
      const text = await response.text();
      const firstItem = text.slice(0, text.indexOf("},") + 2);
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(firstItem));
        },
        cancel(reason) {
          cancelled = [reason].flat();
        },
      });
      return new Response(body, { status: 200, headers: response.headers });
    };
    const client = clientWith(ctx.fake, stalling);

    for await (const _log of client.builds.iterateLogs(build.id)) break;
    expect(cancelled).toBeDefined();
    cancelled = undefined;

    const controller = new AbortController();
    const logs = client.builds.iterateLogs(build.id, { signal: controller.signal });
    expect((await logs.next()).done).toBe(false);
    const pending = logs.next();
    const reason = new Error("user gave up");
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(cancelled).toContain(reason);
  });

  it("report a connection that drops mid-body as a network error", async () => {
    const build = ctx.fake.inspect.workspace("admin/dev")!.latest_build;
    const dropping: typeof fetch = async (input, init) => {
      const response = await ctx.fake.fetch(new Request(input, init));
      const text = await response.text();
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(text.slice(0, 40)));
          controller.error(new TypeError("terminated"));
        },
      });
      return new Response(body, { status: 200, headers: response.headers });
    };
    const error = await collect(clientWith(ctx.fake, dropping).builds.iterateLogs(build.id)).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CoderNetworkError);
  });
});

describe("streaming reads of object bodies", () => {
  const ctx = useFakeCoder({ agentApi: "tasks", taskReply: (input) => `ack: ${input}` });

  it("tasks.iterate yields the tasks of GET /tasks", async () => {
    ctx.fake.seed.task({ owner: "alice", prompt: "One" });
    ctx.fake.seed.task({ owner: "alice", prompt: "Two" });
    const listed = await ctx.member.tasks.list({ q: 'owner:"me"' });
    expect(listed.tasks).toHaveLength(2);
    expect(await collect(ctx.member.tasks.iterate({ q: 'owner:"me"' }))).toEqual(listed.tasks);
  });

  it("tasks.iterateLogs yields the messages and returns the members after them", async () => {
    const task = ctx.fake.seed.task({ owner: "alice", prompt: "Refactor", name: "refactor" });
    await ctx.fake.idle();
    const pause = await ctx.fake.fetch(`/api/experimental/tasks/me/${task.id}/pause`, {
      method: "POST",
      headers: { "Coder-Session-Token": ctx.fake.member.token },
    });
    expect(pause.status).toBe(202);
    for (let i = 0; i < 200 && (await ctx.member.tasks.get("me", task.id)).status !== "paused"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const whole = await ctx.member.tasks.logs("me", task.id);
    expect(whole.snapshot).toBe(true);
    const messages = ctx.member.tasks.iterateLogs("me", task.id);
    const seen = [];
    let next = await messages.next();
    for (; !next.done; next = await messages.next()) seen.push(next.value);
    expect(seen).toEqual(whole.logs);
    expect(next.value).toEqual({ snapshot: true, snapshot_at: whole.snapshot_at });
  });
});
