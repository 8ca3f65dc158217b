import { describe, expect, it } from "vitest";
import { READ_ONLY } from "../../src/tools/index.js";
import { getAuthenticatedUser, listOrganizations, userTools } from "../../src/tools/users.js";
import { useToolHarness } from "./harness.js";
import { call, failed, ok } from "./results.js";

describe("user tools: definitions", () => {
  it("are read-only, in the users and organizations toolsets", () => {
    expect(userTools.map((t) => [t.name, t.toolset])).toEqual([
      ["coder_get_authenticated_user", "users"],
      ["coder_list_organizations", "organizations"],
    ]);
    for (const tool of userTools) expect(tool.annotations).toEqual(READ_ONLY);
  });
});

describe("coder_get_authenticated_user", () => {
  const h = useToolHarness({ seed: false });

  it("returns the member the token belongs to (Go: Whoami)", async () => {
    const user = ok(await call(h, getAuthenticatedUser, {}, h.context({ client: h.member })));
    expect(user).toMatchObject({
      id: h.fake.member.id,
      username: "alice",
      name: "Alice Liddell",
      email: "alice@coder.com",
      status: "active",
      organization_ids: [h.fake.organization.id],
    });
    expect(user.roles.some((r) => r.name === "owner")).toBe(false);
    expect(typeof user.created_at).toBe("string");
  });

  it("shows the owner's site role", async () => {
    const user = ok(await call(h, getAuthenticatedUser, undefined));
    expect(user.username).toBe("admin");
    expect(user.roles.map((r) => r.name)).toContain("owner");
  });

  it("rejects arguments it does not take", async () => {
    const failure = failed(await call(h, getAuthenticatedUser, { user: "bob" }));
    expect(failure.error.kind).toBe("input");
    expect(failure.text).toContain("unexpected additional properties");
  });

  it("passes Coder's 401 through for a bad token", async () => {
    const failure = failed(
      await call(h, getAuthenticatedUser, {}, h.context({ client: h.clientFor("bad-token") })),
    );
    expect(failure.error).toMatchObject({ kind: "api", status: 401 });
  });
});

describe("coder_list_organizations", () => {
  const h = useToolHarness({ seed: false });

  it("lists the caller's memberships, wrapped in an object", async () => {
    const result = ok(await call(h, listOrganizations, {}, h.context({ client: h.member })));
    expect(result.organizations).toEqual([
      expect.objectContaining({
        id: h.fake.organization.id,
        name: "coder",
        display_name: "Coder",
        is_default: true,
      }),
    ]);
  });

  it("includes every organization the user joined", async () => {
    const research = h.fake.seed.organization({ name: "research", displayName: "Research" });
    h.fake.seed.membership("alice", research.id);
    const result = ok(await call(h, listOrganizations, {}, h.context({ client: h.member })));
    expect(result.organizations.map((o) => o.name).sort()).toEqual(["coder", "research"]);
  });

  it("returns an empty list, never null, for a user without organizations", async () => {
    const loner = h.fake.seed.user({ username: "loner", organizations: [] });
    const result = ok(await call(h, listOrganizations, {}, h.context({ client: h.clientFor(loner.token) })));
    expect(result).toEqual({ organizations: [] });
  });
});
