import { request as httpRequest } from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFakeCoder, type FakeCoder } from "../../src/testing/index.js";

describe("fake coder: fault switches", () => {
  let fake: FakeCoder;
  const headers = (): Record<string, string> => ({ "Coder-Session-Token": fake.owner.token });
  beforeEach(() => {
    fake = createFakeCoder({ buildStepMs: 5 });
  });
  afterEach(() => fake.close());

  it("injects a status for the next n matching requests, then serves normally", async () => {
    const fault = fake.faults.add({
      method: "GET",
      path: "/api/v2/workspaces",
      status: 503,
      headers: { "Retry-After": "1" },
      times: 2,
    });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await fake.fetch("/api/v2/workspaces", { headers: headers() })).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect(fault.hits).toBe(2);
    expect(fake.requests.filter((r) => r.path === "/api/v2/workspaces").map((r) => r.status)).toEqual([
      503, 503, 200,
    ]);
    const first = await (async () => {
      fake.faults.add({ path: "/api/v2/users/me", status: 500, times: 1 });
      return fake.fetch("/api/v2/users/me", { headers: headers() });
    })();
    expect(first.headers.get("content-type")).toContain("application/json");
    expect(((await first.json()) as { message: string }).message).toBe("An internal server error occurred.");
  });

  it("matches RegExp and wildcard paths, and only the given method", async () => {
    fake.faults.add({ path: /\/templates$/, method: "GET", status: 418 });
    fake.faults.add({ path: "/api/v2/users/*", status: 429, body: { message: "slow down" } });
    expect((await fake.fetch("/api/v2/templates", { headers: headers() })).status).toBe(418);
    const limited = await fake.fetch("/api/v2/users/alice", { headers: headers() });
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({ message: "slow down" });
    expect((await fake.fetch("/api/v2/users", { headers: headers() })).status).toBe(200);
    fake.faults.clear();
    expect((await fake.fetch("/api/v2/templates", { headers: headers() })).status).toBe(200);
  });

  it("delays, resets, and sends HTML or malformed JSON", async () => {
    fake.faults.add({ path: "/api/v2/buildinfo", delayMs: 60, times: 1 });
    const started = Date.now();
    expect((await fake.fetch("/api/v2/buildinfo")).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);

    fake.faults.add({ path: "/api/v2/buildinfo", reset: true, times: 1 });
    await expect(fake.fetch("/api/v2/buildinfo")).rejects.toThrow(TypeError);
    expect(fake.requests.at(-1)).toMatchObject({ path: "/api/v2/buildinfo", status: 0 });

    fake.faults.add({ path: "/api/v2/buildinfo", html: true, times: 1 });
    const html = await fake.fetch("/api/v2/buildinfo");
    expect(html.status).toBe(502);
    expect(html.headers.get("content-type")).toBe("text/html");
    expect(await html.text()).toContain("<h1>502 Bad Gateway</h1>");

    fake.faults.add({ path: "/api/v2/buildinfo", malformedJson: true, times: 1 });
    const broken = await fake.fetch("/api/v2/buildinfo");
    expect(broken.status).toBe(200);
    await expect(broken.json()).rejects.toThrow(SyntaxError);
  });

  it("destroys the socket for a reset in listen mode", async () => {
    const server = await fake.listen();
    fake.faults.add({ path: "/api/v2/buildinfo", reset: true, times: 1 });
    const error = await new Promise<NodeJS.ErrnoException>((resolve) => {
      const req = httpRequest(`${server.url}/api/v2/buildinfo`, (res) => res.resume());
      req.on("error", resolve);
      req.end();
    });
    expect(error.code).toBe("ECONNRESET");
    const ok = await fetch(`${server.url}/api/v2/buildinfo`);
    expect(ok.status).toBe(200);
  });
});
