import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createFakeCoder,
  type FakeCoder,
  type Task,
  type Template,
  type User,
  type Workspace,
} from "../../src/testing/index.js";
import { apiClient, type ErrorBody } from "./helpers.js";

describe("fake coder: q filters and pagination", () => {
  let fake: FakeCoder;
  let api: ReturnType<typeof apiClient>;
  beforeAll(() => {
    fake = createFakeCoder({ agentApi: "tasks", buildStepMs: 5 });
    api = apiClient(fake.fetch, "", fake.owner.token);
  });
  afterAll(() => fake.close());

  const names = async (q: string): Promise<string[]> => {
    const res = await api<{ workspaces: Workspace[]; count: number }>(
      "GET",
      `/api/v2/workspaces?q=${encodeURIComponent(q)}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.count).toBe(res.body.workspaces.length);
    return res.body.workspaces.map((w) => `${w.owner_name}/${w.name}`).sort();
  };

  it("filters workspaces by owner, name, template, status and bare words", async () => {
    expect(await names("owner:me")).toEqual(["admin/dev", "admin/k8s-lab"]);
    expect(await names('owner:"alice"')).toEqual(["alice/alice-dev", "alice/legacy"]);
    expect(await names("name:dev")).toEqual(["admin/dev", "alice/alice-dev"]);
    expect(await names("template:kubernetes")).toEqual(["admin/k8s-lab"]);
    expect(await names("status:stopped")).toEqual(["admin/k8s-lab", "alice/legacy"]);
    expect(await names("owner:alice status:running")).toEqual(["alice/alice-dev"]);
    expect(await names("legacy")).toEqual(["alice/legacy"]);
    expect(await names("alice/dev")).toEqual(["alice/alice-dev"]);
    expect(await names("outdated:true")).toEqual(["alice/legacy"]);
    expect(await names("param:cpu=4")).toEqual(["admin/dev"]);
    expect(await names("has-agent:connected")).toEqual(["admin/dev", "alice/alice-dev"]);
  });

  it("rejects bad workspace queries with 400 and per-field validations", async () => {
    const unknown = await api("GET", `/api/v2/workspaces?q=${encodeURIComponent("color:blue")}`);
    expect(unknown.status).toBe(400);
    // coderd's QueryParamParser.ErrorExcessParams names the unknown key as the field.
    expect(unknown.body).toEqual({
      message: "Invalid workspace search query.",
      validations: [{ field: "color", detail: '"color" is not a valid query param' }],
    });
    const status = await api("GET", "/api/v2/workspaces?q=status:sleeping");
    expect(status.body.validations).toEqual([
      { field: "status", detail: 'Query param "status" has invalid value: "sleeping" is not a valid value' },
    ]);
    const colons = await api("GET", "/api/v2/workspaces?q=a:b:c");
    expect(colons.body.validations).toEqual([
      { field: "q", detail: `Query element "a:b:c" can only contain 1 ':'` },
    ]);
    const edge = await api("GET", "/api/v2/workspaces?q=owner:");
    expect(edge.body.validations![0]!.field).toBe("q");
  });

  it("paginates workspaces with limit/offset and reports the total count", async () => {
    const first = await api<{ workspaces: Workspace[]; count: number }>("GET", "/api/v2/workspaces?limit=3");
    expect(first.body.workspaces).toHaveLength(3);
    expect(first.body.count).toBe(4);
    const second = await api<{ workspaces: Workspace[]; count: number }>(
      "GET",
      "/api/v2/workspaces?limit=3&offset=3",
    );
    expect(second.body.workspaces).toHaveLength(1);
    expect(second.body.count).toBe(4);
    const all = [...first.body.workspaces, ...second.body.workspaces].map((w) => w.id);
    expect(new Set(all).size).toBe(4);
    const bad = await api<ErrorBody>("GET", "/api/v2/workspaces?limit=-1");
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe("Query parameters have invalid values.");
    expect(bad.body.validations![0]!.field).toBe("limit");
  });

  it("filters templates by name, exact_name, organization and deprecated", async () => {
    const list = async (q: string) =>
      (await api<Template[]>("GET", `/api/v2/templates?q=${encodeURIComponent(q)}`)).body.map((t) => t.name);
    expect(await list("")).toEqual(["docker", "kubernetes"]);
    expect(await list("name:kube")).toEqual(["kubernetes"]);
    expect(await list("exact_name:docker")).toEqual(["docker"]);
    expect(await list("exact_name:dock")).toEqual([]);
    expect(await list("organization:coder")).toEqual(["docker", "kubernetes"]);
    expect(await list("deprecated:true")).toEqual([]);
    expect(await list("containers")).toEqual(["docker"]);
    const badOrg = await api("GET", "/api/v2/templates?q=organization:nowhere");
    expect(badOrg.body.validations![0]!.detail).toContain('organization "nowhere" either does not exist');
  });

  it("filters users by search and status, and pages with after_id", async () => {
    for (const name of ["bob", "carol", "dave"]) fake.seed.user({ username: name });
    const page = async (qs: string) =>
      (await api<{ users: User[]; count: number }>("GET", `/api/v2/users${qs}`)).body;
    const all = await page("");
    expect(all.users.map((u) => u.username)).toEqual(["admin", "alice", "bob", "carol", "dave"]);
    expect((await page("?q=search:car")).users.map((u) => u.username)).toEqual(["carol"]);
    expect((await page("?q=al")).users.map((u) => u.username)).toEqual(["alice"]);
    expect((await page("?q=status:suspended")).count).toBe(0);
    const afterAlice = await page(`?after_id=${fake.member.id}&limit=2`);
    expect(afterAlice.users.map((u) => u.username)).toEqual(["bob", "carol"]);
    expect(afterAlice.count).toBe(5);
    const bad = await api("GET", "/api/v2/users?q=role:x%20mood:happy");
    expect(bad.body.validations).toEqual([{ field: "mood", detail: '"mood" is not a valid query param' }]);
  });

  it("filters tasks by owner, status and organization", async () => {
    fake.seed.task({ owner: "alice", prompt: "Write the docs" });
    const list = async (q: string) =>
      (await api<{ tasks: Task[]; count: number }>("GET", `/api/v2/tasks?q=${encodeURIComponent(q)}`)).body;
    expect((await list("owner:alice")).tasks.map((t) => t.initial_prompt)).toEqual(["Write the docs"]);
    expect((await list("owner:me")).count).toBe(0);
    expect((await list("organization:coder")).count).toBe(1);
    expect((await list('status:"error"')).count).toBe(0);
    const bad = await api("GET", "/api/v2/tasks?q=owner:nobody");
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe("Invalid task search query.");
    await fake.idle();
  });
});
