import { describe, expect, it } from "vitest";
import {
  CoderApiError,
  CoderNetworkError,
  CoderResponseError,
  CoderTimeoutError,
} from "../../src/client/index.js";
import { attempts, rejection, useListeningFake, useMswFake } from "./reliability-harness.js";

// How every kind of failure reaches the caller: Coder's error bodies (and the Go SDK's fallbacks for
// bodies that are not Coder's), dropped connections, bad 2xx bodies and timeouts.

const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

describe("error mapping: Coder's error bodies", () => {
  const ctx = useMswFake();

  it("400 keeps Coder's message, detail and each validation's field and detail", async () => {
    const coder = ctx.client({ retry: false });
    ctx.fake.faults.add({
      method: "POST",
      path: "/api/v2/users/me/workspaces",
      status: 400,
      body: {
        message: "Invalid workspace name.",
        detail: "name must be lowercase",
        validations: [
          { field: "name", detail: 'Validation failed for tag "workspace_name" with value: "Dev"' },
        ],
      },
    });
    const docker = await coder.templates.getByName("coder", "docker");
    const error = await rejection(coder.workspaces.create("me", { name: "Dev", template_id: docker.id }));
    expect(error).toBeInstanceOf(CoderApiError);
    const api = error as CoderApiError;
    expect(api).toMatchObject({
      status: 400,
      method: "POST",
      url: "http://coder.fake/api/v2/users/me/workspaces",
      message: "Invalid workspace name.",
      detail: "name must be lowercase",
      helper: undefined,
    });
    expect(api.validations).toEqual([
      { field: "name", detail: 'Validation failed for tag "workspace_name" with value: "Dev"' },
    ]);
    expect(String(api)).toBe(
      "CoderApiError: POST http://coder.fake/api/v2/users/me/workspaces: unexpected status code 400: " +
        "Invalid workspace name.\n\tError: name must be lowercase\n" +
        '\tname: Validation failed for tag "workspace_name" with value: "Dev"',
    );
    expect(JSON.parse(JSON.stringify(api))).toMatchObject({ status: 400, validations: api.validations });
  });

  it("400 from the fake's own validation (a bad autostart schedule) names the field", async () => {
    const coder = ctx.client({ retry: false });
    const dev = await coder.workspaces.getByOwnerAndName("admin", "dev");
    const error = (await rejection(coder.workspaces.updateAutostart(dev.id, "every day"))) as CoderApiError;
    expect(error).toBeInstanceOf(CoderApiError);
    expect(error.status).toBe(400);
    expect(error.method).toBe("PUT");
    expect(error.message.length).toBeGreaterThan(0);
    expect(error.validations.map((v) => v.field)).toEqual(["schedule"]);
  });

  it("401 adds the Go SDK's helper text to Coder's message", async () => {
    // Well-formed, but not a key the deployment knows.
    const coder = ctx.client({ token: "abcdefghij-0123456789abcdefghijkl", retry: false });
    const error = (await rejection(coder.users.me())) as CoderApiError;
    expect(error).toBeInstanceOf(CoderApiError);
    expect(error.status).toBe(401);
    expect(error.message).toBe(
      "You are signed out or your session has expired. Please sign in again to continue.",
    );
    expect(error.helper).toBe("Try logging in using 'coder login'.");
    expect(error.detail).toBe("API key is invalid.");
    expect(String(error)).toContain(": Try logging in using 'coder login'.\n\tError: API key is invalid.");
    expect(error.toJSON()).toMatchObject({ helper: "Try logging in using 'coder login'." });
  });

  it("403 and 404 carry no helper", async () => {
    const coder = ctx.client({ retry: false });
    const missing = (await rejection(coder.workspaces.get(UNKNOWN_ID))) as CoderApiError;
    expect(missing).toBeInstanceOf(CoderApiError);
    expect(missing.status).toBe(404);
    expect(missing.url).toBe(`http://coder.fake/api/v2/workspaces/${UNKNOWN_ID}`);
    expect(missing.message.length).toBeGreaterThan(0);
    expect(missing.helper).toBeUndefined();

    ctx.fake.faults.add({ path: "/api/v2/users/me", status: 403, body: { message: "Forbidden." } });
    const forbidden = (await rejection(coder.users.me())) as CoderApiError;
    expect(forbidden).toMatchObject({ status: 403, message: "Forbidden.", helper: undefined });
  });

  it("500 keeps Coder's detail", async () => {
    ctx.fake.faults.add({ path: "/api/v2/workspaces", status: 500 });
    const error = (await rejection(ctx.client({ retry: false }).workspaces.list())) as CoderApiError;
    expect(error).toBeInstanceOf(CoderApiError);
    expect(error).toMatchObject({
      status: 500,
      message: "An internal server error occurred.",
      detail: "fault injected by the fake Coder deployment",
    });
  });

  it("a JSON body without a message gets the Go SDK's fallback and the raw body as detail", async () => {
    ctx.fake.faults.add({ path: "/api/v2/users/me", status: 500, body: { error: "boom" } });
    const error = (await rejection(ctx.client({ retry: false }).users.me())) as CoderApiError;
    expect(error.message).toBe("unexpected status code 500, response has no message");
    expect(error.detail).toBe('{"error":"boom"}');
  });
});

describe("error mapping: bodies that are not Coder's", () => {
  const ctx = useMswFake();

  it("an HTML page from a proxy: message names the content type, detail is the page", async () => {
    ctx.fake.faults.add({ path: "/api/v2/buildinfo", html: true });
    const error = (await rejection(ctx.client({ retry: false }).buildInfo())) as CoderApiError;
    expect(error).toBeInstanceOf(CoderApiError);
    expect(error.status).toBe(502);
    expect(error.message).toBe('unexpected non-JSON response "text/html"');
    expect(error.detail).toContain("<h1>502 Bad Gateway</h1>");
  });

  it("a long non-JSON body is cut at 2048 characters with an ellipsis", async () => {
    const page = `<html><body>${"x".repeat(5000)}</body></html>`;
    ctx.fake.faults.add({
      path: "/api/v2/buildinfo",
      status: 503,
      body: page,
      headers: { "content-type": "text/html; charset=utf-8" },
    });
    const error = (await rejection(ctx.client({ retry: false }).buildInfo())) as CoderApiError;
    expect(error.message).toBe('unexpected non-JSON response "text/html; charset=utf-8"');
    expect(error.detail).toBe(`${page.slice(0, 2048)}...`);
  });

  it("a body labelled JSON that does not parse keeps the raw text as detail", async () => {
    ctx.fake.faults.add({ path: "/api/v2/users/me", status: 500, malformedJson: true });
    const error = (await rejection(ctx.client({ retry: false }).users.me())) as CoderApiError;
    expect(error).toBeInstanceOf(CoderApiError);
    expect(error.status).toBe(500);
    expect(error.message).toBe("unexpected status code 500, response body is not valid JSON");
    expect(error.detail).toBe('{"message": "Request was cut sho');
  });

  it("an empty JSON body is 'empty response body'; an empty non-JSON one is 'no response body'", async () => {
    const coder = ctx.client({ retry: false });
    ctx.fake.faults.add({ path: "/api/v2/users/me", status: 502, body: "", times: 1 });
    const empty = (await rejection(coder.users.me())) as CoderApiError;
    expect(empty).toMatchObject({ status: 502, message: "empty response body", detail: undefined });

    ctx.fake.faults.add({
      path: "/api/v2/users/me",
      status: 504,
      body: "",
      headers: { "content-type": "text/plain" },
      times: 1,
    });
    const plain = (await rejection(coder.users.me())) as CoderApiError;
    expect(plain).toMatchObject({
      status: 504,
      message: 'unexpected non-JSON response "text/plain"',
      detail: "no response body",
    });
  });
});

describe("error mapping: responses that never came or make no sense", () => {
  const ctx = useMswFake();

  it("a dropped connection is a CoderNetworkError naming the method and URL", async () => {
    ctx.fake.faults.add({ path: "/api/v2/users/me", reset: true });
    const error = (await rejection(ctx.client({ retry: false }).users.me())) as CoderNetworkError;
    expect(error).toBeInstanceOf(CoderNetworkError);
    expect(error.method).toBe("GET");
    expect(error.url).toBe("http://coder.fake/api/v2/users/me");
    expect(error.message).toMatch(/^GET http:\/\/coder\.fake\/api\/v2\/users\/me: request failed: /);
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it("a 2xx missing a required field is a CoderResponseError naming the endpoint and the field", async () => {
    const { username: _, ...withoutUsername } = ctx.fake.inspect.users()[0] ?? {};
    ctx.fake.faults.add({ path: "/api/v2/users/me", status: 200, body: withoutUsername });
    const error = (await rejection(ctx.client().users.me())) as CoderResponseError;
    expect(error).toBeInstanceOf(CoderResponseError);
    expect(error.fields).toEqual(["username"]);
    expect(error.message).toMatch(
      /^GET http:\/\/coder\.fake\/api\/v2\/users\/me: unexpected response: username: /,
    );
    // A 2xx is never retried, even for GET.
    expect(attempts(ctx.fake, "GET", "/api/v2/users/me")).toHaveLength(1);
  });

  it("names the dotted path of a nested field, e.g. in a workspace list", async () => {
    const [first, ...rest] = ctx.fake.inspect.workspaces();
    const broken = { ...first, latest_build: { ...first?.latest_build, id: 42 } };
    ctx.fake.faults.add({
      path: "/api/v2/workspaces",
      status: 200,
      body: { workspaces: [broken, ...rest], count: rest.length + 1 },
    });
    const error = (await rejection(ctx.client().workspaces.list())) as CoderResponseError;
    expect(error).toBeInstanceOf(CoderResponseError);
    expect(error.fields).toEqual(["workspaces.0.latest_build.id"]);
    expect(error.message).toContain("GET http://coder.fake/api/v2/workspaces: unexpected response:");
  });

  it("a 2xx body that is not JSON is a CoderResponseError", async () => {
    ctx.fake.faults.add({ path: "/api/v2/buildinfo", malformedJson: true });
    const error = (await rejection(ctx.client().buildInfo())) as CoderResponseError;
    expect(error).toBeInstanceOf(CoderResponseError);
    expect(error.message).toBe(
      "GET http://coder.fake/api/v2/buildinfo: unexpected response: body is not valid JSON",
    );
  });

  it("no answer within timeoutMs is a CoderTimeoutError", async () => {
    ctx.fake.faults.add({ path: "/api/v2/buildinfo", delayMs: 400 });
    const error = (await rejection(ctx.client({ timeoutMs: 40 }).buildInfo())) as CoderTimeoutError;
    expect(error).toBeInstanceOf(CoderTimeoutError);
    expect(error).toMatchObject({
      method: "GET",
      url: "http://coder.fake/api/v2/buildinfo",
      timeoutMs: 40,
      message: "GET http://coder.fake/api/v2/buildinfo: timed out after 40 ms",
    });
  });
});

describe("error mapping over a real socket", () => {
  const ctx = useListeningFake();

  it("a connection reset is a CoderNetworkError naming the method and URL", async () => {
    ctx.fake.faults.add({ path: "/api/v2/users/me", reset: true });
    const error = (await rejection(ctx.client({ retry: false }).users.me())) as CoderNetworkError;
    expect(error).toBeInstanceOf(CoderNetworkError);
    expect(error.method).toBe("GET");
    expect(error.url).toBe(`${ctx.proxy.url}/api/v2/users/me`);
    expect(error.message.startsWith(`GET ${ctx.proxy.url}/api/v2/users/me: request failed: `)).toBe(true);
    expect(attempts(ctx.fake, "GET", "/api/v2/users/me").map((r) => r.status)).toEqual([0]);
  });

  it("nothing listening is a CoderNetworkError too", async () => {
    const url = ctx.proxy.url;
    await ctx.proxy.close();
    const error = (await rejection(ctx.client({ retry: false }).buildInfo())) as CoderNetworkError;
    expect(error).toBeInstanceOf(CoderNetworkError);
    expect(error.message).toContain(`GET ${url}/api/v2/buildinfo: request failed: `);
    expect(error.message).toContain("ECONNREFUSED");
  });

  it("a timeout over a real socket is a CoderTimeoutError", async () => {
    ctx.fake.faults.add({ path: "/api/v2/buildinfo", delayMs: 400 });
    const error = await rejection(ctx.client({ timeoutMs: 40 }).buildInfo());
    expect(error).toBeInstanceOf(CoderTimeoutError);
  });
});
