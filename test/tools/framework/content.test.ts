import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  callTool,
  contentToText,
  defineTool,
  isToolContentResult,
  READ_ONLY,
  type ToolContentBlock,
  toolContentResult,
  toolInputJsonSchema,
} from "../../../src/tools/index.js";
import { testContext } from "./helpers.js";

// Tools that answer with MCP content blocks and list a JSON Schema given from elsewhere (what the
// proxy builds for another server's tools).

const blocks: ToolContentBlock[] = [
  { type: "text", text: "hello" },
  { type: "image", data: "AAAA", mimeType: "image/png" },
  { type: "resource", resource: { uri: "file:///a.bin", mimeType: "application/zip", blob: "AAAAAA==" } },
  { type: "resource_link", uri: "https://example.com/x", name: "x" },
];

const given = {
  $schema: "http://json-schema.org/draft-07/schema#",
  type: "object",
  properties: { query: { type: "string" }, owner: { type: "string" } },
  required: ["query"],
};

function blocksTool(isError = false) {
  const seen: unknown[] = [];
  const tool = defineTool({
    name: "test_blocks",
    title: "Blocks",
    description: "Answers with content blocks.",
    toolset: "users",
    annotations: READ_ONLY,
    input: z.looseObject({}),
    inputJsonSchema: given,
    output: z.unknown(),
    handler(input) {
      seen.push(input);
      return toolContentResult(blocks, { isError, ...(isError ? {} : { structuredContent: { n: 1 } }) });
    },
  });
  return { tool, seen };
}

describe("content results", () => {
  it("pass the blocks through with a text rendering and structured content", async () => {
    const { tool } = blocksTool();
    const result = await callTool(tool, { query: "q" }, testContext());
    expect(result).toEqual({
      ok: true,
      value: { n: 1 },
      structured: { n: 1 },
      content: blocks,
      text: [
        "hello",
        "[image: image/png, 3 bytes]",
        "[embedded resource: file:///a.bin (application/zip, 4 bytes)]",
        "[resource link: https://example.com/x (x)]",
      ].join("\n"),
    });
  });

  it("turn isError into a tool failure that keeps the blocks", async () => {
    const result = await callTool(blocksTool(true).tool, {}, testContext());
    expect(result.ok).toBe(false);
    expect(result.content).toEqual(blocks);
    if (!result.ok) expect(result.error).toEqual({ kind: "tool", message: result.text });
  });

  it("cap the text rendering, never the blocks", () => {
    const text = contentToText([{ type: "text", text: "x".repeat(500) }], 100);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(100);
    expect(text).toContain("[truncated: ");
  });

  it("are recognised structurally and frozen", () => {
    const result = toolContentResult([{ type: "text", text: "a" }]);
    expect(isToolContentResult(result)).toBe(true);
    expect(isToolContentResult({ content: [] })).toBe(false);
    expect(Object.isFrozen(result)).toBe(true);
  });
});

describe("a given input JSON Schema", () => {
  it("is listed as given (without $schema) and unknown fields reach the handler", async () => {
    const { tool, seen } = blocksTool();
    const { $schema: _dialect, ...rest } = given;
    expect(toolInputJsonSchema(tool)).toEqual(rest);
    // Pinning does not apply: the given schema would still show the field.
    expect(toolInputJsonSchema(tool, { owner: "me" })).toEqual(rest);
    await callTool(tool, { query: "q", extra: 1 }, testContext());
    expect(seen).toEqual([{ query: "q", extra: 1 }]);
  });
});
