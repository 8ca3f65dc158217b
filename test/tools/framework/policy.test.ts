import { describe, expect, it } from "vitest";
import { PIN_FIELDS } from "../../../src/tools/framework/pin.js";
import {
  allTools,
  callTool,
  pinTool,
  selectTools,
  ToolSelectionError,
  toolInputJsonSchema,
} from "../../../src/tools/index.js";
import { makeToolFamily, testContext } from "./helpers.js";

const names = (list: { name: string }[]) => list.map((t) => t.name);
const ORG = "5f0c9a43-1111-4222-8333-944455556666";

describe("selectTools", () => {
  const tools = makeToolFamily();

  it("returns every tool, in order, when nothing is given", () => {
    expect(names(selectTools(tools))).toEqual([
      "t_whoami",
      "t_list_workspaces",
      "t_create_workspace",
      "t_delete_template",
    ]);
    expect(names(selectTools(tools, { toolsets: [], allow: [] }))).toHaveLength(4);
  });

  it("selects by toolset", () => {
    expect(names(selectTools(tools, { toolsets: ["workspaces"] }))).toEqual([
      "t_list_workspaces",
      "t_create_workspace",
    ]);
  });

  it("allow alone is an allowlist; with toolsets it adds", () => {
    expect(names(selectTools(tools, { allow: ["t_delete_template"] }))).toEqual(["t_delete_template"]);
    expect(names(selectTools(tools, { toolsets: ["users"], allow: ["t_delete_template"] }))).toEqual([
      "t_whoami",
      "t_delete_template",
    ]);
  });

  it("deny beats allow and toolsets", () => {
    expect(
      names(
        selectTools(tools, {
          toolsets: ["workspaces"],
          allow: ["t_whoami"],
          deny: ["t_whoami", "t_create_workspace"],
        }),
      ),
    ).toEqual(["t_list_workspaces"]);
    expect(names(selectTools(tools, { deny: ["t_delete_template"] }))).toEqual([
      "t_whoami",
      "t_list_workspaces",
      "t_create_workspace",
    ]);
  });

  it("readOnly keeps only readOnlyHint tools, even ones named in allow", () => {
    expect(names(selectTools(tools, { readOnly: true }))).toEqual(["t_whoami", "t_list_workspaces"]);
    expect(names(selectTools(tools, { readOnly: true, allow: ["t_create_workspace", "t_whoami"] }))).toEqual([
      "t_whoami",
    ]);
  });

  it("throws on unknown tool names, listing the valid ones", () => {
    const valid = "valid tool names: t_whoami, t_list_workspaces, t_create_workspace, t_delete_template";
    expect(() => selectTools(tools, { allow: ["t_whoami", "nope"] })).toThrow(ToolSelectionError);
    expect(() => selectTools(tools, { allow: ["nope"] })).toThrow(
      `unknown tool name(s) in allow: nope; ${valid}`,
    );
    expect(() => selectTools(tools, { deny: ["gone", "also"] })).toThrow(
      `unknown tool name(s) in deny: gone, also; ${valid}`,
    );
  });

  it("throws on unknown toolsets, listing the toolsets of the given tools", () => {
    expect(() => selectTools(tools, { toolsets: ["workspace"] })).toThrow(
      "unknown toolset(s): workspace; valid toolsets: users, workspaces, templates",
    );
    expect(() => selectTools(allTools, { toolsets: ["workspace", "agents"] })).toThrow(
      "unknown toolset(s): workspace, agents; valid toolsets: users, organizations, templates, workspaces, workspace_agent, tasks, chats, task_status, chatgpt",
    );
  });

  it("throws on duplicate tool names and unknown pin keys", () => {
    expect(() => selectTools([...tools, ...tools.slice(0, 1)])).toThrow("duplicate tool name: t_whoami");
    expect(() => selectTools(tools, { pin: { user: "alice" } as never })).toThrow(
      "unknown pin key(s): user; valid pin keys: owner, organization_id, workspace",
    );
  });
});

describe("pinning", () => {
  const tools = makeToolFamily();

  it("removes pinned fields from the schema and keeps name and annotations", () => {
    const selected = selectTools(tools, { pin: { owner: "alice", organization_id: ORG } });
    const create = selected.find((t) => t.name === "t_create_workspace");
    const original = tools.find((t) => t.name === "t_create_workspace");
    if (!create || !original) throw new Error("missing tool");
    expect(create).not.toBe(original);
    expect(create.annotations).toBe(original.annotations);
    expect(toolInputJsonSchema(create)).toEqual({
      type: "object",
      properties: { name: { type: "string" } },
      required: ["name"],
      additionalProperties: false,
    });
    // `owner` is pinned in the list tool too; whoami has no pinned field and is returned as is.
    expect(toolInputJsonSchema(selected[1] ?? tools[0]!).properties).toEqual({});
    expect(selected[0]).toBe(tools[0]);
    expect(PIN_FIELDS.owner).toEqual(["owner", "user"]);
  });

  it("injects the pinned values into the call and refuses them from the model", async () => {
    const seen: unknown[] = [];
    const original = tools[2]!;
    const spy = {
      ...original,
      handler: (input: unknown) => {
        seen.push(input);
        return { ok: true };
      },
    };
    const pinned = pinTool(spy, { owner: "alice", organization_id: ORG });
    const ok = await callTool(pinned, { name: "dev" }, testContext());
    expect(ok).toMatchObject({ ok: true, structured: { ok: true } });
    expect(seen).toEqual([{ name: "dev", user: "alice", organization_id: ORG }]);

    const override = await callTool(pinned, { name: "dev", user: "mallory" }, testContext());
    expect(override.ok).toBe(false);
    expect(override.text).toBe(
      "invalid arguments: $: unexpected additional properties: user (allowed properties: name)",
    );
    expect(seen).toHaveLength(1);
  });

  it("is memoized, so the pinned schema is cached too", () => {
    const original = tools[2]!;
    const a = pinTool(original, { owner: "alice" });
    expect(pinTool(original, { owner: "alice" })).toBe(a);
    expect(pinTool(original, { owner: "bob" })).not.toBe(a);
    expect(toolInputJsonSchema(original, { owner: "alice" })).toBe(toolInputJsonSchema(a));
  });

  it("validates pinned values against the field at build time", () => {
    expect(() => selectTools(tools, { pin: { organization_id: "not-a-uuid" } })).toThrow(
      /pin\.organization_id "not-a-uuid" is not a valid "organization_id" for tool t_create_workspace/,
    );
  });
});
