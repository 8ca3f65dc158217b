import { setupServer } from "msw/node";
import { afterEach, beforeEach } from "vitest";
import { CoderClient } from "../../src/client/index.js";
import { createFakeCoder, type FakeCoder, type FakeCoderOptions } from "../../src/testing/index.js";

/** What each test gets: a fresh fake deployment served through msw, and clients for its users. */
export interface FakeContext {
  fake: FakeCoder;
  /** Client of the seeded owner (`admin`). */
  owner: CoderClient;
  /** Client of the seeded member (`alice`). */
  member: CoderClient;
  /** A client for any token. */
  clientFor(token: string): CoderClient;
}

/**
 * Register hooks that give every test a fresh fake Coder, intercepted in-process by msw (HTTP and
 * WebSocket log follows), and return a live view of it.
 */
export function useFakeCoder(options: FakeCoderOptions = {}): FakeContext {
  const ctx = {} as FakeContext;
  let server: ReturnType<typeof setupServer> | undefined;
  beforeEach(() => {
    const fake = createFakeCoder({ buildStepMs: 5, ...options });
    // One msw server per test: closing it also drops msw's WebSocket channel listeners.
    server = setupServer(...fake.handlers);
    server.listen({ onUnhandledFrame: "error" });
    const clientFor = (token: string) => new CoderClient({ url: fake.url, token, retry: false });
    Object.assign(ctx, {
      fake,
      clientFor,
      owner: clientFor(fake.owner.token),
      member: clientFor(fake.member.token),
    });
  });
  afterEach(async () => {
    server?.close();
    await ctx.fake.close();
  });
  return ctx;
}

/** Collect an async iterable into an array. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
