import { describe, expect, it } from "vitest";
import { ToolError, ToolInputError } from "../../../src/tools/framework/errors.js";
import {
  checkInputs,
  checkWorkspaceId,
  isUuid,
  isZeroUuid,
  normalizeWorkspaceInput,
  optionalUuid,
  parseWorkspaceRef,
  pickAgent,
  requireUuid,
  requireUuids,
  resolveOrganization,
  resolveWorkspace,
  resolveWorkspaceId,
} from "../../../src/tools/support/resolve.js";
import { useToolHarness } from "../../support/tool-harness.js";

describe("normalizeWorkspaceInput (catalog §1.0 / TestNormalizeWorkspaceInput)", () => {
  it.each([
    ["workspace", "workspace"],
    ["workspace.agent", "workspace.agent"],
    ["owner/workspace", "owner/workspace"],
    ["owner--workspace", "owner/workspace"],
    ["owner/workspace.agent", "owner/workspace.agent"],
    ["owner--workspace.agent", "owner/workspace.agent"],
    ["agent.workspace.owner", "owner/workspace.agent"],
  ])("%s → %s", (input, expected) => {
    expect(normalizeWorkspaceInput(input)).toBe(expected);
  });

  it("parses the normalized form into owner, workspace and agent", () => {
    expect(parseWorkspaceRef("dev")).toEqual({ owner: "me", explicitOwner: false, workspace: "dev" });
    expect(parseWorkspaceRef("alice--dev.main")).toEqual({
      owner: "alice",
      explicitOwner: true,
      workspace: "dev",
      agent: "main",
    });
    expect(parseWorkspaceRef("main.dev.alice")).toEqual({
      owner: "alice",
      explicitOwner: true,
      workspace: "dev",
      agent: "main",
    });
  });
});

describe("UUID checks", () => {
  const id = "3F1C2A9E-5B7D-4E8F-9A0B-1C2D3E4F5A6B";

  it("accepts the spellings Go's uuid.Parse accepts and canonicalizes them", () => {
    const canonical = id.toLowerCase();
    expect(requireUuid(id, "template_id")).toBe(canonical);
    expect(requireUuid(id.replace(/-/g, ""), "template_id")).toBe(canonical);
    expect(requireUuid(`{${id}}`, "template_id")).toBe(canonical);
    expect(requireUuid(`urn:uuid:${id}`, "template_id")).toBe(canonical);
  });

  it.each(["nope", "3f1c2a9e-5b7d4e8f-9a0b-1c2d3e4f5a6b", `{${id}`, `${id}0`])("rejects %s", (value) => {
    expect(isUuid(value)).toBe(false);
  });

  it("words the error like Coder and points at the field", () => {
    const error = (() => {
      try {
        requireUuid("nope", "template_id");
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ToolInputError);
    const input = error as ToolInputError;
    expect(input.message).toContain("template_id must be a valid UUID");
    expect(input.issues[0]?.path).toBe("$.template_id");
  });

  it("treats empty and missing optional ids as not given", () => {
    expect(optionalUuid(undefined, "x")).toBeUndefined();
    expect(optionalUuid("", "x")).toBeUndefined();
    expect(() => optionalUuid("bad", "template_version_preset_id")).toThrow(
      "template_version_preset_id must be a valid UUID",
    );
  });
});

describe("isZeroUuid", () => {
  it("is true for the nil UUID in every spelling and false for anything else", () => {
    expect(isZeroUuid("00000000-0000-0000-0000-000000000000")).toBe(true);
    expect(isZeroUuid("0".repeat(32))).toBe(true);
    expect(isZeroUuid("{00000000-0000-0000-0000-000000000000}")).toBe(true);
    for (const value of ["3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b", "0", "", null, undefined]) {
      expect(isZeroUuid(value)).toBe(false);
    }
  });
});

describe("checkInputs and requireUuids", () => {
  it("returns every check's result in order", () => {
    const [a, b, c] = checkInputs(
      () => requireUuid("3F1C2A9E-5B7D-4E8F-9A0B-1C2D3E4F5A6B", "a"),
      () => optionalUuid(undefined, "b"),
      () => 42,
    );
    expect([a, b, c]).toEqual(["3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b", undefined, 42]);
  });

  it("reports every input error at once, sorted by path", () => {
    const error = (() => {
      try {
        requireUuids({ template_version_id: "v1", template_id: "t1" });
      } catch (e) {
        return e;
      }
    })() as ToolInputError;
    expect(error).toBeInstanceOf(ToolInputError);
    expect(error.issues.map((i) => i.path)).toEqual(["$.template_id", "$.template_version_id"]);
  });

  it("rethrows anything that is not an input error at once", () => {
    const boom = new Error("boom");
    let later = false;
    expect(() =>
      checkInputs(
        () => {
          throw boom;
        },
        () => {
          later = true;
        },
      ),
    ).toThrow(boom);
    expect(later).toBe(false);
  });
});

describe("checkWorkspaceId", () => {
  it("canonicalizes UUIDs and passes [owner/]name[.agent] references through", () => {
    expect(checkWorkspaceId("3F1C2A9E5B7D4E8F9A0B1C2D3E4F5A6B", "workspace_id")).toBe(
      "3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b",
    );
    for (const ref of ["dev", "alice/dev", "alice--dev", "alice/dev.main", "main.dev.alice", "my_ws-2"]) {
      expect(checkWorkspaceId(ref, "workspace_id")).toBe(ref);
    }
  });

  it.each(["", "  ", "a/b/c", "dev box", "alice/", "dev!", "-dev"])(
    "keeps Go's UUID wording for %j, which is neither",
    (value) => {
      expect(() => checkWorkspaceId(value, "workspace_id")).toThrow(
        /\$\.workspace_id: workspace_id must be a valid UUID, or a workspace name as \[owner\/\]workspace: got /,
      );
    },
  );
});

async function thrown(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

describe("resolveOrganization", () => {
  const h = useToolHarness({ seed: false });

  it("checks a given id: UUID, then nonzero", async () => {
    const id = h.fake.organization.id;
    expect(await resolveOrganization(h.owner, id.toUpperCase())).toBe(id);
    const bad = await thrown(resolveOrganization(h.owner, "coder"));
    expect(bad).toBeInstanceOf(ToolInputError);
    expect(bad.message).toContain("organization_id must be a valid UUID");
    const zero = await thrown(resolveOrganization(h.owner, "00000000-0000-0000-0000-000000000000"));
    expect(zero.message).toContain("organization_id must be a valid nonzero UUID");
  });

  it("uses the caller's only organization", async () => {
    expect(await resolveOrganization(h.member, undefined)).toBe(h.fake.organization.id);
    expect(await resolveOrganization(h.member, "")).toBe(h.fake.organization.id);
  });

  it("refuses to guess with several organizations", async () => {
    const other = h.fake.seed.organization({ name: "research" });
    h.fake.seed.membership("alice", other.id);
    const error = await thrown(resolveOrganization(h.member, undefined));
    expect(error).toBeInstanceOf(ToolError);
    expect(error.message).toContain(
      "organization_id is required because you belong to multiple organizations",
    );
    expect((error as ToolError).hint).toContain("coder_list_organizations");
  });

  it("says so when the caller belongs to no organization", async () => {
    const loner = h.fake.seed.user({ username: "loner", organizations: [] });
    const error = await thrown(resolveOrganization(h.clientFor(loner.token), undefined));
    expect(error.message).toContain("organization_id is required because you belong to no organizations");
  });
});

describe("resolveWorkspace and pickAgent", () => {
  const h = useToolHarness();

  it("finds a workspace by id, name, owner/name and owner--name", async () => {
    const dev = h.fake.inspect.workspace("admin/dev")!;
    const aliceDev = h.fake.inspect.workspace("alice/alice-dev")!;
    expect((await resolveWorkspace(h.owner, dev.id)).name).toBe("dev");
    expect((await resolveWorkspace(h.owner, dev.id.replace(/-/g, ""))).id).toBe(dev.id);
    expect((await resolveWorkspace(h.owner, "dev")).id).toBe(dev.id);
    expect((await resolveWorkspace(h.owner, "dev.main")).id).toBe(dev.id);
    expect((await resolveWorkspace(h.owner, "alice/alice-dev")).id).toBe(aliceDev.id);
    expect((await resolveWorkspace(h.owner, "alice--alice-dev")).id).toBe(aliceDev.id);
    expect((await resolveWorkspace(h.owner, "main.alice-dev.alice")).id).toBe(aliceDev.id);
  });

  it("resolves a workspace whose name looks like a dash-less UUID by name", async () => {
    const name = "0123456789abcdef0123456789abcdef";
    const seeded = h.fake.seed.workspace({ owner: "admin", template: "docker", name });
    const ws = await resolveWorkspace(h.owner, name);
    expect(ws.id).toBe(seeded.id);
    expect(ws.name).toBe(name);
  });

  it("turns not found into a tool error that says where to look", async () => {
    const error = await thrown(resolveWorkspace(h.owner, "alice/nope"));
    expect(error).toBeInstanceOf(ToolError);
    expect(error.message).toContain('failed to find workspace "alice/nope"');
    expect((error as ToolError).hint).toContain("coder_list_workspaces");
    const missingId = await thrown(resolveWorkspace(h.owner, "3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b"));
    expect(missingId.message).toContain("failed to find workspace");
  });

  it("resolveWorkspaceId uses a UUID as is and looks a name up", async () => {
    const aliceDev = h.fake.inspect.workspace("alice/alice-dev")!;
    const unknown = "3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";
    expect(await resolveWorkspaceId(h.owner, unknown.toUpperCase())).toBe(unknown);
    expect(h.fake.requests).toEqual([]);
    expect(await resolveWorkspaceId(h.owner, "alice/alice-dev.main")).toBe(aliceDev.id);
    const missing = await thrown(resolveWorkspaceId(h.owner, "alice/ghost"));
    expect(missing).toBeInstanceOf(ToolError);
    expect(missing.message).toContain('failed to find workspace "alice/ghost"');
  });

  it("rejects an empty name", async () => {
    const error = await thrown(resolveWorkspace(h.owner, "  ", undefined, "workspace_id"));
    expect(error).toBeInstanceOf(ToolInputError);
    expect((error as ToolInputError).issues[0]).toMatchObject({
      path: "$.workspace_id",
      message: "workspace name cannot be empty",
    });
  });

  it("picks agents with Coder's messages", async () => {
    h.fake.seed.template({
      name: "twin",
      resources: [{ type: "docker_container", name: "box", agents: [{ name: "dev" }, { name: "dev2" }] }],
    });
    h.fake.seed.workspace({ owner: "admin", template: "twin", name: "pair" });
    const pair = await resolveWorkspace(h.owner, "pair");
    expect(() => pickAgent(pair)).toThrow(
      "multiple agents found, please specify the agent name, available agents: [dev dev2]",
    );
    expect(() => pickAgent(pair, "nope")).toThrow(
      'agent not found by name "nope", available agents: [dev dev2]',
    );
    expect(pickAgent(pair, "dev2").name).toBe("dev2");
    const byId = pickAgent(pair, "dev").id;
    expect(pickAgent(pair, byId).name).toBe("dev");

    const stopped = await resolveWorkspace(h.owner, "k8s-lab");
    expect(() => pickAgent(stopped)).toThrow('workspace "k8s-lab" has no agents');
    expect(pickAgent(await resolveWorkspace(h.owner, "dev")).name).toBe("main");
  });
});
