import { describe, expect, it } from "vitest";
import { READ_ONLY } from "../../../src/tools/index.js";
import { getAuthenticatedUser, usersToolset } from "../../../src/tools/users/index.js";
import { useToolHarness } from "../../support/tool-harness.js";
import { call, failed, ok } from "../results.js";

describe("users toolset", () => {
  it("has the read-only whoami tool", () => {
    expect(usersToolset.tools.map((t) => [t.name, t.toolset])).toEqual([
      ["coder_get_authenticated_user", "users"],
    ]);
    for (const tool of usersToolset.tools) expect(tool.annotations).toEqual(READ_ONLY);
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
