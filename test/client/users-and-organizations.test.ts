import { describe, expect, it } from "vitest";
import { CoderApiError } from "../../src/client/index.js";
import { collect, useFakeCoder } from "../support/fake-coder.js";

describe("users", () => {
  const ctx = useFakeCoder();

  it("me() and get() return the caller, by 'me', username or id", async () => {
    const me = await ctx.member.users.me();
    expect(me.username).toBe("alice");
    expect(me.email).toBe("alice@coder.com");
    expect(me.id).toBe(ctx.fake.member.id);
    expect((await ctx.owner.users.get("alice")).id).toBe(me.id);
    expect((await ctx.owner.users.get(me.id)).username).toBe("alice");
    expect((await ctx.owner.users.get("me")).username).toBe("admin");
  });

  it("maps an unknown user to CoderApiError 404 and a bad token to 401", async () => {
    const missing = await ctx.owner.users.get("nobody").catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(CoderApiError);
    expect((missing as CoderApiError).status).toBe(404);
    const denied = await ctx
      .clientFor("0123456789-abcdefghijklmnopqrstuv")
      .users.me()
      .catch((e: unknown) => e);
    expect((denied as CoderApiError).status).toBe(401);
    expect((denied as CoderApiError).helper).toContain("coder login");
  });

  it("list() filters with q and reports the total count", async () => {
    for (const name of ["bob", "carol", "dave"]) ctx.fake.seed.user({ username: name });
    const all = await ctx.owner.users.list();
    expect(all.count).toBe(5);
    expect(all.users.map((u) => u.username).sort()).toEqual(["admin", "alice", "bob", "carol", "dave"]);
    const found = await ctx.owner.users.list({ q: "carol" });
    expect(found.users.map((u) => u.username)).toEqual(["carol"]);
    expect(found.count).toBe(1);
  });

  it("list() pages with limit and offset; iterate() walks every page", async () => {
    for (let i = 0; i < 7; i++) ctx.fake.seed.user({ username: `user-${i}` });
    const page = await ctx.owner.users.list({ limit: 3, offset: 3 });
    expect(page.users).toHaveLength(3);
    expect(page.count).toBe(9);
    const iterated = await collect(ctx.owner.users.iterate({ pageSize: 2 }));
    expect(iterated).toHaveLength(9);
    expect(new Set(iterated.map((u) => u.id)).size).toBe(9);
    const listCalls = ctx.fake.requests.filter(
      (r) => r.path === "/api/v2/users" && r.search.includes("limit=2"),
    );
    expect(listCalls).toHaveLength(5);
    const filtered = await collect(ctx.owner.users.iterate({ q: "user-", pageSize: 4 }));
    expect(filtered.map((u) => u.username).sort()).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `user-${i}`));
  });

  it("iterate() stops with the signal's reason when aborted", async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    const error = await (async () => {
      for await (const user of ctx.owner.users.iterate({ pageSize: 1, signal: controller.signal })) {
        seen.push(user.username);
        controller.abort(new Error("enough"));
      }
    })().catch((e: unknown) => e);
    expect((error as Error).message).toBe("enough");
    expect(seen).toHaveLength(1);
  });

  it("organizations() lists the user's organizations", async () => {
    const orgs = await ctx.member.users.organizations("me");
    expect(orgs.map((o) => o.name)).toEqual(["coder"]);
    expect(orgs[0]?.is_default).toBe(true);
  });
});

describe("organizations", () => {
  const ctx = useFakeCoder({ seed: false });

  it("list(), get() by id or name, and members()", async () => {
    ctx.fake.seed.organization({ name: "research", displayName: "Research" });
    ctx.fake.seed.membership("alice", "research", ["organization-admin"]);
    const orgs = await ctx.owner.organizations.list();
    expect(orgs.map((o) => o.name).sort()).toEqual(["coder", "research"]);
    const research = await ctx.owner.organizations.get("research");
    expect(research.display_name).toBe("Research");
    expect((await ctx.owner.organizations.get(research.id)).name).toBe("research");
    const members = await ctx.owner.organizations.members("research");
    expect(members.map((m) => m.username)).toEqual(["alice"]);
    expect(members[0]?.roles?.map((r) => r.name)).toEqual(["organization-admin"]);
    const defaultMembers = await ctx.owner.organizations.members(ctx.fake.organization.id);
    expect(defaultMembers.map((m) => m.username).sort()).toEqual(["admin", "alice"]);
  });

  it("get() of an unknown organization is a 404 CoderApiError", async () => {
    const error = await ctx.owner.organizations.get("nope").catch((e: unknown) => e);
    expect((error as CoderApiError).status).toBe(404);
  });
});

describe("deployment", () => {
  const ctx = useFakeCoder({ seed: false, appHost: "*.apps.coder.fake" });

  it("buildInfo() and applications.host()", async () => {
    const info = await ctx.member.buildInfo();
    expect(info.version).toMatch(/^v?\d+\.\d+/);
    expect((await ctx.member.applications.host()).host).toBe("*.apps.coder.fake");
  });
});
