import { z } from "zod";
import { CoderClient } from "../../../src/client/coder-client.js";
import {
  type AnyToolDefinition,
  createToolContext,
  DESTRUCTIVE,
  defineTool,
  MUTATION,
  READ_ONLY,
  type ToolContext,
  type ToolContextInit,
} from "../../../src/tools/index.js";

/** A context whose client points nowhere: framework tests never reach the network. */
export function testContext(overrides: Partial<ToolContextInit> = {}): ToolContext {
  return createToolContext({
    client: new CoderClient({ url: "https://coder.example.com", token: "test-token" }),
    ...overrides,
  });
}

/** The catalog's §6.1 validation tool: `mode` enum ["allowed"], `value` integer >= 1, both required. */
export function makeValidationTool() {
  const calls: unknown[] = [];
  const tool = defineTool({
    name: "test_validation",
    title: "Validation test",
    description: "Echoes its arguments.",
    toolset: "users",
    annotations: READ_ONLY,
    input: z.object({
      mode: z.enum(["allowed"]).describe("Must be allowed"),
      value: z.int().min(1).describe("A positive integer"),
    }),
    output: z.object({ mode: z.string(), value: z.number() }),
    handler(input) {
      calls.push(input);
      return input;
    },
  });
  return { tool, calls };
}

/** A small family of tools across toolsets and annotation classes, for policy tests. */
export function makeToolFamily(): AnyToolDefinition[] {
  const out = z.object({ ok: z.boolean() });
  const ok = () => ({ ok: true });
  return [
    defineTool({
      name: "t_whoami",
      title: "Who am I",
      description: "Current user.",
      toolset: "users",
      annotations: READ_ONLY,
      input: z.object({}),
      output: out,
      handler: ok,
    }),
    defineTool({
      name: "t_list_workspaces",
      title: "List workspaces",
      description: "Lists workspaces.",
      toolset: "workspaces",
      annotations: READ_ONLY,
      input: z.object({ owner: z.string().default("me") }),
      output: out,
      handler: ok,
    }),
    defineTool({
      name: "t_create_workspace",
      title: "Create workspace",
      description: "Creates a workspace.",
      toolset: "workspaces",
      annotations: MUTATION,
      input: z.object({
        user: z.string().default("me"),
        organization_id: z.uuid().optional(),
        name: z.string(),
      }),
      output: out,
      handler: ok,
    }),
    defineTool({
      name: "t_delete_template",
      title: "Delete template",
      description: "Deletes a template.",
      toolset: "templates",
      annotations: DESTRUCTIVE,
      input: z.object({ template_id: z.string() }),
      output: out,
      handler: ok,
    }),
  ];
}
