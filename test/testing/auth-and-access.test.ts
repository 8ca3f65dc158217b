import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createFakeCoder,
  type FakeCoder,
  type Organization,
  type User,
  type Workspace,
} from "../../src/testing/index.js";
import { apiClient } from "./helpers.js";

const SIGNED_OUT = "You are signed out or your session has expired. Please sign in again to continue.";

describe("fake coder: authentication and visibility", () => {
  let fake: FakeCoder;
  beforeEach(() => {
    fake = createFakeCoder({ buildStepMs: 5 });
  });
  afterEach(() => fake.close());

  it("serves buildinfo without a token", async () => {
    const res = await fake.fetch("/api/v2/buildinfo");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { version: string; dashboard_url: string; deployment_id: string };
    expect(body.version).toMatch(/^v2\./);
    expect(body.dashboard_url).toBe("http://coder.fake");
    expect(body.deployment_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("answers 401 with Coder's message for missing, malformed and unknown tokens", async () => {
    const missing = await apiClient(fake.fetch, "")("GET", "/api/v2/users/me");
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({
      message: SIGNED_OUT,
      detail: 'Cookie "coder_session_token" or query parameter must be provided.',
    });

    const malformed = await apiClient(fake.fetch, "", "nodash")("GET", "/api/v2/users/me");
    expect(malformed.body.detail).toBe(
      "Invalid API key format: incorrect amount of API key parts, expected 2 got 1",
    );

    const unknown = await apiClient(
      fake.fetch,
      "",
      "abcdefghij-abcdefghijklmnopqrstuv",
    )("GET", "/api/v2/users/me");
    expect(unknown.status).toBe(401);
    expect(unknown.body.detail).toBe("API key is invalid.");

    const wrongSecret = await apiClient(
      fake.fetch,
      "",
      `${fake.owner.token.split("-")[0]}-abcdefghijklmnopqrstuv`,
    )("GET", "/api/v2/users/me");
    expect(wrongSecret.body.detail).toBe("API key secret is invalid.");
  });

  it("accepts the token as header, cookie or query parameter, and `me` as a user alias", async () => {
    const header = await fake.fetch("/api/v2/users/me", {
      headers: { "Coder-Session-Token": fake.member.token },
    });
    expect(((await header.json()) as User).username).toBe("alice");
    const cookie = await fake.fetch("/api/v2/users/me", {
      headers: { Cookie: `coder_session_token=${fake.owner.token}` },
    });
    expect(((await cookie.json()) as User).username).toBe("admin");
    const query = await fake.fetch(`/api/v2/users/alice?coder_session_token=${fake.owner.token}`);
    const alice = (await query.json()) as User;
    expect(alice).toMatchObject({ username: "alice", email: "alice@coder.com", status: "active", roles: [] });
    expect(alice.organization_ids).toEqual([fake.organization.id]);
    // The request log never keeps the token: not from the query, a header or a cookie.
    expect(fake.requests.at(-1)).toEqual({
      method: "GET",
      path: "/api/v2/users/alice",
      search: "",
      headers: expect.any(Object),
      status: 200,
    });
    expect(fake.requests.at(-3)?.headers["coder-session-token"]).toBe("[REDACTED]");
    expect(fake.requests.at(-2)?.headers.cookie).toBe("[REDACTED]");
    const logged = JSON.stringify(fake.requests);
    expect(logged).not.toContain(fake.owner.token);
    expect(logged).not.toContain(fake.member.token);
  });

  it("hides the owner's workspaces from a member with a 404, while the owner sees everything", async () => {
    const owner = apiClient(fake.fetch, "", fake.owner.token);
    const member = apiClient(fake.fetch, "", fake.member.token);
    const all = await owner<{ workspaces: Workspace[]; count: number }>("GET", "/api/v2/workspaces");
    expect(all.body.count).toBe(4);
    const adminDev = all.body.workspaces.find((w) => w.name === "dev")!;

    const mine = await member<{ workspaces: Workspace[]; count: number }>("GET", "/api/v2/workspaces");
    expect(mine.body.workspaces.map((w) => w.name).sort()).toEqual(["alice-dev", "legacy"]);

    const hidden = await member("GET", `/api/v2/workspaces/${adminDev.id}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body.message).toBe("Resource not found or you do not have access to this resource");
    const byName = await member("GET", "/api/v2/users/admin/workspace/dev");
    expect(byName.status).toBe(404);
    const visible = await owner<Workspace>("GET", "/api/v2/users/alice/workspace/alice-dev");
    expect(visible.body.owner_name).toBe("alice");
  });

  it("forbids members from creating templates with a 403", async () => {
    const member = apiClient(fake.fetch, "", fake.member.token);
    const version = fake.inspect.templates()[0]!.active_version_id;
    const res = await member("POST", "/api/v2/organizations/coder/templates", {
      name: "mine",
      template_version_id: version,
    });
    expect(res.status).toBe(403);
    expect(res.body.message).toBe("Forbidden.");
  });

  it("lists organizations and members, by id or name", async () => {
    const owner = apiClient(fake.fetch, "", fake.owner.token);
    const orgs = await owner<Organization[]>("GET", "/api/v2/organizations");
    expect(orgs.body).toEqual([
      expect.objectContaining({ name: "coder", is_default: true, display_name: "Coder" }),
    ]);
    const byName = await owner<Organization>("GET", "/api/v2/organizations/coder");
    expect(byName.body.id).toBe(fake.organization.id);
    const members = await owner<{ username: string; global_roles: { name: string }[] }[]>(
      "GET",
      `/api/v2/organizations/${fake.organization.id}/members`,
    );
    expect(members.body.map((m) => m.username).sort()).toEqual(["admin", "alice"]);
    expect(members.body.find((m) => m.username === "admin")!.global_roles).toEqual([
      { name: "owner", display_name: "Owner" },
    ]);
    const userOrgs = await owner<Organization[]>("GET", "/api/v2/users/alice/organizations");
    expect(userOrgs.body.map((o) => o.name)).toEqual(["coder"]);
  });

  it("answers unknown routes, bad UUIDs and bad JSON like coderd", async () => {
    const owner = apiClient(fake.fetch, "", fake.owner.token);
    expect((await owner("GET", "/api/v2/nope")).body).toEqual({ message: "Route not found." });
    const badId = await owner("GET", "/api/v2/workspaces/not-a-uuid");
    expect(badId.status).toBe(400);
    expect(badId.body).toEqual({ message: 'Invalid UUID "not-a-uuid".', detail: "invalid UUID length: 10" });
    const res = await fake.fetch("/api/v2/users/me/workspaces", {
      method: "POST",
      headers: { "Coder-Session-Token": fake.owner.token },
      body: "{not json",
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toBe("Request body must be valid JSON.");
  });

  it("manages API tokens of a user", async () => {
    const member = apiClient(fake.fetch, "", fake.member.token);
    const created = await member<{ key: string }>("POST", "/api/v2/users/me/keys/tokens", {
      token_name: "ci",
      lifetime: 3600e9,
    });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^[A-Za-z0-9]{10}-[A-Za-z0-9]{22}$/);
    const viaToken = await apiClient(fake.fetch, "", created.body.key)<User>("GET", "/api/v2/users/me");
    expect(viaToken.body.username).toBe("alice");
    const list = await member<
      { id: string; token_name: string; username: string; lifetime_seconds: number }[]
    >("GET", "/api/v2/users/me/keys/tokens");
    expect(list.body).toEqual([
      expect.objectContaining({ token_name: "ci", username: "alice", lifetime_seconds: 3600 }),
    ]);
    const byName = await member<{ id: string }>("GET", "/api/v2/users/me/keys/tokens/ci");
    expect(byName.body.id).toBe(list.body[0]!.id);
    expect((await member("DELETE", `/api/v2/users/me/keys/${byName.body.id}`)).status).toBe(204);
    expect((await apiClient(fake.fetch, "", created.body.key)("GET", "/api/v2/users/me")).status).toBe(401);
    expect((await member("GET", "/api/v2/users/admin/keys/tokens")).status).toBe(404);
  });
});
