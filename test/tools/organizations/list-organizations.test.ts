import { describe, expect, it } from "vitest";
import { READ_ONLY } from "../../../src/tools/index.js";
import { listOrganizations, organizationsToolset } from "../../../src/tools/organizations/index.js";
import { useToolHarness } from "../../support/tool-harness.js";
import { call, ok } from "../results.js";

describe("organizations toolset", () => {
  it("has the read-only list tool", () => {
    expect(organizationsToolset.tools.map((t) => [t.name, t.toolset])).toEqual([
      ["coder_list_organizations", "organizations"],
    ]);
    for (const tool of organizationsToolset.tools) expect(tool.annotations).toEqual(READ_ONLY);
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
