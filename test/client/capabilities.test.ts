import { describe, expect, it } from "vitest";
import { CoderApiError, CoderClient, detectCapabilities } from "../../src/client/index.js";
import { createFakeCoder, type FakeAgentApi } from "../../src/testing/index.js";
import { useFakeCoder } from "../support/fake-coder.js";
import { rejection } from "./reliability-harness.js";

// detectCapabilities against the fake in each of its API generations, plus its caching.

describe.each<[FakeAgentApi, { tasks: boolean; chats: string | null }]>([
  ["chats", { tasks: false, chats: "/api/v2" }],
  ["experimental-chats", { tasks: false, chats: "/api/experimental" }],
  ["tasks", { tasks: true, chats: null }],
])("detectCapabilities on a %s deployment", (agentApi, expected) => {
  const ctx = useFakeCoder({ agentApi, appHost: "*.apps.coder.fake" });

  it(`finds tasks=${expected.tasks}, chats=${expected.chats}, and the app host`, async () => {
    const caps = await detectCapabilities(ctx.member);
    expect(caps).toEqual({ ...expected, appHost: "*.apps.coder.fake" });
  });

  it("asks once per client, with cheap requests, and reuses the chat prefix for chat calls", async () => {
    await detectCapabilities(ctx.member);
    const before = ctx.fake.requests.length;
    await detectCapabilities(ctx.member);
    expect(ctx.fake.requests.length).toBe(before);
    // At most: the tasks probe, the app host, and up to two chat probes.
    expect(before).toBeLessThanOrEqual(4);
    expect(ctx.fake.requests.every((r) => r.method === "GET")).toBe(true);
    if (expected.chats) {
      await ctx.member.chats.list();
      expect(ctx.fake.requests.slice(before).map((r) => r.path)).toEqual([`${expected.chats}/chats`]);
    }
    // Another client asks again.
    await detectCapabilities(ctx.owner);
    expect(ctx.fake.requests.length).toBeGreaterThan(before);
  });
});

describe("detectCapabilities failures", () => {
  it("throws a refused probe (401) and asks again next time", async () => {
    const fake = createFakeCoder({ agentApi: "chats" });
    try {
      const bad = new CoderClient({
        url: fake.url,
        token: "abcdefghij-0123456789012345678901",
        fetch: fake.fetch,
        retry: false,
      });
      const error = await rejection(detectCapabilities(bad));
      expect(error).toBeInstanceOf(CoderApiError);
      expect((error as CoderApiError).status).toBe(401);
      const calls = fake.requests.length;
      await rejection(detectCapabilities(bad));
      expect(fake.requests.length).toBeGreaterThan(calls);

      const good = new CoderClient({ url: fake.url, token: fake.member.token, fetch: fake.fetch });
      expect((await detectCapabilities(good)).appHost).toBeNull();
    } finally {
      await fake.close();
    }
  });
});
