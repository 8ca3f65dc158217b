import { describe, expect, it } from "vitest";
import { chatgptFetch, chatgptSearch, chatgptToolset } from "../../../src/tools/chatgpt/index.js";
import { utf8ByteLength } from "../../../src/tools/framework/shaping.js";
import { READ_ONLY } from "../../../src/tools/index.js";
import { useToolHarness } from "../../support/tool-harness.js";
import { call, failed, ok } from "../results.js";
import { seededTemplate, UNKNOWN_ID } from "../templates/fixtures.js";

describe("chatgpt tools: definitions", () => {
  it("are search and fetch, read-only, in their own toolset", () => {
    expect(chatgptToolset.tools.map((t) => [t.name, t.toolset])).toEqual([
      ["search", "chatgpt"],
      ["fetch", "chatgpt"],
    ]);
    for (const tool of chatgptToolset.tools) expect(tool.annotations).toEqual(READ_ONLY);
  });
});

describe("search", () => {
  const h = useToolHarness();

  it("lists templates with ids, titles, descriptions and UI links", async () => {
    const { results, note } = ok(await call(h, chatgptSearch, { query: "templates" }));
    const docker = seededTemplate(h, "docker");
    expect(note).toBeUndefined();
    expect(results.map((r) => r.title).sort()).toEqual(["Docker Containers", "Kubernetes (Deployment)"]);
    expect(results.find((r) => r.id === `template:${docker.id}`)).toEqual({
      id: `template:${docker.id}`,
      title: "Docker Containers",
      text: "Develop in a Docker container on the host.",
      url: `${h.fake.url}/templates/coder/docker`,
    });
  });

  it("passes the filter to Coder, keeping any further slashes", async () => {
    const { results } = ok(await call(h, chatgptSearch, { query: "templates/name:kube" }));
    expect(results.map((r) => r.title)).toEqual(["Kubernetes (Deployment)"]);
    await call(h, chatgptSearch, { query: "templates/search:a/b" });
    const last = h.fake.requests.filter((r) => r.path === "/api/v2/templates").at(-1);
    expect(new URLSearchParams(last?.search).get("q")).toBe("search:a/b");
  });

  it("adds the template abstract after the description when Coder sends one", async () => {
    const body = h.fake.inspect.templates().map((t) => ({ ...t, abstract: `  About ${t.name}.  ` }));
    h.fake.faults.add({ method: "GET", path: "/api/v2/templates", status: 200, body, times: 1 });
    const { results } = ok(await call(h, chatgptSearch, { query: "templates" }));
    expect(results.find((r) => r.title === "Docker Containers")?.text).toBe(
      "Develop in a Docker container on the host.\n\nAbout docker.",
    );
  });

  it("lists your own workspaces for a bare workspaces query", async () => {
    const { results } = ok(await call(h, chatgptSearch, { query: "workspaces" }));
    const dev = h.fake.inspect.workspace("admin/dev");
    expect(results.map((r) => r.title).sort()).toEqual(["dev", "k8s-lab"]);
    expect(results.find((r) => r.title === "dev")).toEqual({
      id: `workspace:${dev?.id}`,
      title: "dev",
      text: "Owner: admin\nTemplate: Docker Containers\nLatest transition: start",
      url: `${h.fake.url}/admin/dev`,
    });
    const last = h.fake.requests.filter((r) => r.path === "/api/v2/workspaces").at(-1);
    expect(new URLSearchParams(last?.search).get("q")).toBe("owner:me");
  });

  it("filters workspaces with Coder's syntax", async () => {
    const { results } = ok(await call(h, chatgptSearch, { query: "workspaces/owner:alice" }));
    expect(results.map((r) => r.title).sort()).toEqual(["alice-dev", "legacy"]);
    const stopped = ok(await call(h, chatgptSearch, { query: "workspaces/owner:alice status:stopped" }));
    expect(stopped.results.map((r) => r.text)).toEqual([
      "Owner: alice\nTemplate: Docker Containers\nLatest transition: stop",
    ]);
  });

  it("rejects other object types with Coder's wording", async () => {
    const failure = failed(await call(h, chatgptSearch, { query: "users/alice" }));
    expect(failure.error.kind).toBe("input");
    expect(failure.text).toContain("invalid query: users/alice");
    expect(failed(await call(h, chatgptSearch, {})).text).toContain("$.query");
  });

  it("keeps within the result budget and says how many were left out", async () => {
    const ctx = h.context({ limits: { maxResultBytes: 800 } });
    const result = await call(h, chatgptSearch, { query: "workspaces/owner:alice" }, ctx);
    const value = ok(result);
    expect(value.results).toHaveLength(1);
    expect(value.note).toContain("1 more workspaces matched");
    expect(result.ok && result.truncated).toBeFalsy();
  });
});

describe("fetch", () => {
  const h = useToolHarness();

  it("returns a template as JSON with its bare id and UI link", async () => {
    const docker = seededTemplate(h, "docker");
    const result = ok(await call(h, chatgptFetch, { id: `template:${docker.id}` }));
    expect(result).toMatchObject({
      id: docker.id,
      title: "Docker Containers",
      url: `${h.fake.url}/templates/coder/docker`,
    });
    expect(result.metadata).toBeUndefined();
    expect(JSON.parse(result.text)).toMatchObject({
      id: docker.id,
      name: "docker",
      active_version_id: docker.active_version_id,
    });
  });

  it("accepts the UUID spellings Go accepts", async () => {
    const docker = seededTemplate(h, "docker");
    const id = `template:${docker.id.toUpperCase().replace(/-/g, "")}`;
    expect(ok(await call(h, chatgptFetch, { id })).id).toBe(docker.id);
  });

  it("returns a workspace as JSON", async () => {
    const dev = h.fake.inspect.workspace("alice/alice-dev");
    const result = ok(
      await call(h, chatgptFetch, { id: `workspace:${dev?.id}` }, h.context({ client: h.member })),
    );
    expect(result).toMatchObject({ id: dev?.id, title: "alice-dev", url: `${h.fake.url}/alice/alice-dev` });
    expect(JSON.parse(result.text)).toMatchObject({ owner_name: "alice", template_name: "docker" });
  });

  it.each([
    ["nope", "invalid ID: nope"],
    ["template", "invalid ID: template"],
    ["user:3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b", "invalid ID: user:"],
    ["template:a:b", "invalid ID: template:a:b"],
    ["template:abc", "invalid template ID, must be a valid UUID"],
    ["workspace:abc", "invalid workspace ID, must be a valid UUID"],
  ])("rejects %s", async (id, message) => {
    const failure = failed(await call(h, chatgptFetch, { id }));
    expect(failure.error.kind).toBe("input");
    expect(failure.text).toContain(message);
  });

  it("explains an id that does not exist", async () => {
    const failure = failed(await call(h, chatgptFetch, { id: `workspace:${UNKNOWN_ID}` }));
    expect(failure.error).toMatchObject({ kind: "tool", hint: expect.stringContaining("search") });
  });

  it("cuts the JSON text to the result budget and says so in metadata", async () => {
    const dev = h.fake.inspect.workspace("admin/dev");
    const maxResultBytes = 1500;
    const result = await call(
      h,
      chatgptFetch,
      { id: `workspace:${dev?.id}` },
      h.context({ limits: { maxResultBytes } }),
    );
    const value = ok(result);
    expect(value.metadata).toMatchObject({ truncated: "true" });
    expect(Number(value.metadata?.omitted_bytes)).toBeGreaterThan(0);
    expect(Number(value.metadata?.total_bytes)).toBe(
      Number(value.metadata?.omitted_bytes) + utf8ByteLength(value.text),
    );
    // The whole result still fits, so the client gets structured content rather than cut text.
    expect(result.ok && result.truncated).toBeFalsy();
    expect(result.ok && utf8ByteLength(result.text)).toBeLessThanOrEqual(maxResultBytes);
  });
});
