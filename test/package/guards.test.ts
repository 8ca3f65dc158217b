import { describe, expect, it, vi } from "vitest";
import * as root from "../../src/index.js";

// Two copies of the package in one process (an ESM and a CJS build, or two versions in one tree):
// `instanceof` fails across them, the guards do not. A second, separate instance of the modules
// stands in for the other copy.
type Root = typeof root;
vi.resetModules();
const other: Root = await import("../../src/index.js");

describe("cross-realm error guards", () => {
  const request = { method: "GET", url: "https://coder.example.com/api/v2/users/me" };

  it("really has a second copy, where instanceof answers false", () => {
    expect(other.CoderApiError).not.toBe(root.CoderApiError);
    const foreign = new other.CoderApiError({ ...request, status: 404, body: { message: "nope" } });
    expect(foreign instanceof root.CoderApiError).toBe(false);
  });

  it("recognise errors from the other copy, with their class hierarchy", () => {
    const api = new other.CoderApiError({ ...request, status: 404, body: { message: "nope" } });
    expect(root.isCoderApiError(api)).toBe(true);
    expect(root.isCoderRequestError(api)).toBe(true);
    expect(root.isCoderError(api)).toBe(true);
    expect(root.isCoderNetworkError(api)).toBe(false);
    expect(root.isToolError(new other.ToolError("refused", { hint: "try x" }))).toBe(true);
    expect(root.isToolInputError(other.ToolInputError.at("$.x", "bad"))).toBe(true);
    expect(root.isToolError(other.ToolInputError.at("$.x", "bad"))).toBe(false);
    expect(root.isWorkspaceTransportError(new other.WorkspaceTransportError("gone"))).toBe(true);
  });

  it("reject look-alikes: plain errors, objects with the same name, null", () => {
    const lookalike = Object.assign(new Error("nope"), { name: "CoderApiError", status: 404 });
    expect(root.isCoderApiError(lookalike)).toBe(false);
    expect(root.isCoderError(null)).toBe(false);
    expect(root.isToolError("ToolError")).toBe(false);
  });

  it("the call path classifies a ToolError from the other copy as a tool failure, not a crash", async () => {
    const tool = root.defineTool({
      name: "t_refuse",
      title: "Refuse",
      description: "Always refuses, with an error class from another copy of the package.",
      toolset: "test",
      annotations: root.READ_ONLY,
      input: (await import("zod")).z.object({}),
      output: (await import("zod")).z.object({}),
      handler: () => {
        throw new other.ToolError("not today", { hint: "ask tomorrow" });
      },
    });
    const client = new root.CoderClient({ url: "http://127.0.0.1:9", token: "unused-token" });
    const result = await root.callTool(tool, {}, root.createToolContext({ client }));
    expect(result).toMatchObject({
      ok: false,
      error: { kind: "tool", message: "not today", hint: "ask tomorrow" },
    });
  });
});
