import { CoderClient } from "../src/client/index.js";
import { createFakeCoder, type FakeCoder, type FakeCoderOptions } from "../src/testing/index.js";
import { callTool, createToolContext, type ToolContext, type ToolResult } from "../src/tools/index.js";

/**
 * Shared setup for bench modules: a fake deployment served in process (`fake.fetch`, no sockets),
 * clients for it, and fetches that record or replay response bodies.
 */

/** A fake deployment and an owner client that reaches it in process. */
export interface BenchDeployment {
  fake: FakeCoder;
  client: CoderClient;
  ctx: ToolContext;
}

/** A fresh fake deployment with its default seed and an in-process owner client. */
export function deployment(options: FakeCoderOptions = {}): BenchDeployment {
  const fake = createFakeCoder({ buildStepMs: 5, ...options });
  const client = clientFor(fake, fake.fetch);
  return { fake, client, ctx: createToolContext({ client }) };
}

/** An owner client of `fake` that sends its requests through `fetch`. */
export function clientFor(fake: FakeCoder, fetch: typeof globalThis.fetch): CoderClient {
  return new CoderClient({ url: fake.url, token: fake.owner.token, fetch, retry: false });
}

/** Seed `count` more running workspaces for `owner` from the template of `admin/dev`. */
export function seedWorkspaces(fake: FakeCoder, owner: string, count: number, prefix = "bench"): void {
  const template = fake.inspect.workspace("admin/dev")!.template_name;
  for (let i = 0; i < count; i++) fake.seed.workspace({ owner, template, name: `${prefix}-${i}` });
}

/** Response bodies by request URL, as a {@link recordingFetch} saw them. */
export type RecordedBodies = Map<string, string>;

/** A fetch that serves `fake` and keeps every response body (by URL) in `bodies`. */
export function recordingFetch(fake: FakeCoder, bodies: RecordedBodies): typeof globalThis.fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const response = await fake.fetch(request);
    const text = await response.text();
    bodies.set(request.url, text);
    return new Response(text, { status: response.status, headers: response.headers });
  };
}

/**
 * A fetch that answers from recorded bodies without any server work, so a timed tool call
 * measures the library alone (HTTP layer, parsing, validation, projection, output).
 */
export function replayFetch(bodies: RecordedBodies): typeof globalThis.fetch {
  return async (input, init) => {
    const url = new Request(input, init).url;
    const text = bodies.get(url);
    if (text === undefined) throw new Error(`bench: no recorded response for ${url}`);
    return new Response(text, { status: 200, headers: { "content-type": "application/json" } });
  };
}

/** The tool result's value, or an error that says why the bench could not run. */
export function expectOk<O>(result: ToolResult<O>, what: string): { value: O; text: string } {
  if (!result.ok) throw new Error(`bench: ${what} failed: ${result.text}`);
  return result;
}

export { callTool };
