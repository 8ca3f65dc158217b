import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { checkLayering, layerOf, readSourceImports } from "./layering.js";

describe("layering (DESIGN.md: the house)", () => {
  it("src/ keeps every import rule", () => {
    const sources = readSourceImports(resolve(import.meta.dirname, "../../src"));
    expect(sources.length).toBeGreaterThan(50);
    expect(sources.some((s) => s.file === "tools/framework/call-tool.ts")).toBe(true);
    expect(checkLayering(sources)).toEqual([]);
  });

  it("names layers by folder", () => {
    expect(layerOf("index.ts")).toBe("root");
    expect(layerOf("client/models/user.ts")).toBe("client");
    expect(layerOf("tools/catalog.ts")).toBe("tools");
    expect(layerOf("tools/framework/policy.ts")).toBe("tools/framework");
    expect(layerOf("tools/workspaces/apps.ts")).toBe("tools/workspaces");
    expect(layerOf("adapters/mcp/index.ts")).toBe("adapters");
  });

  // Each rule, broken once by a small fixture, so the checker is known to catch it.
  it.each([
    [
      "client imports tools",
      { file: "client/http.ts", imports: ["../tools/framework/result.js"] },
      "client may import only root",
    ],
    [
      "testing imports the client",
      { file: "testing/core.ts", imports: ["../client/errors.js"] },
      "testing may import only root",
    ],
    [
      "framework imports a family",
      { file: "tools/framework/policy.ts", imports: ["../workspaces/index.js"] },
      "tools/framework may import only client, workspace, root",
    ],
    [
      "framework imports support",
      { file: "tools/framework/policy.ts", imports: ["../support/resolve.js"] },
      "tools/framework may import only",
    ],
    [
      "framework imports the catalogue",
      { file: "tools/framework/policy.ts", imports: ["../catalog.js"] },
      "tools/framework may import only",
    ],
    [
      "a family imports another",
      { file: "tools/chatgpt/connector.ts", imports: ["../templates/views.js"] },
      "tools/chatgpt may import only tools/framework, tools/support, client, workspace, root",
    ],
    [
      "tools import an adapter",
      { file: "tools/catalog.ts", imports: ["../adapters/mcp/index.js"] },
      "only adapters, server, proxy, cli may import adapters",
    ],
    [
      "client imports the server",
      { file: "client/http.ts", imports: ["../server/http.js"] },
      "may import server",
    ],
    [
      "tools load the MCP SDK",
      { file: "tools/framework/call-tool.ts", imports: ["@modelcontextprotocol/sdk/server/mcp.js"] },
      "may load the MCP or AI SDK",
    ],
    ["the root entry loads the AI SDK", { file: "index.ts", imports: ["ai"] }, "may load the MCP or AI SDK"],
    [
      "a dynamic import of @ai-sdk",
      { file: "workspace/pty.ts", imports: ["@ai-sdk/provider"] },
      "may load the MCP or AI SDK",
    ],
  ])("catches: %s", (_, source, message) => {
    const problems = checkLayering([source]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(message);
  });

  it("allows what the house allows", () => {
    expect(
      checkLayering([
        { file: "client/http.ts", imports: ["../version.js", "./errors.js", "ky", "zod"] },
        {
          file: "tools/workspaces/apps.ts",
          imports: [
            "../framework/define-tool.js",
            "../support/resolve.js",
            "../../client/errors.js",
            "./views.js",
          ],
        },
        { file: "tools/catalog.ts", imports: ["./workspaces/index.js", "./framework/define-tool.js"] },
        {
          file: "adapters/mcp/index.ts",
          imports: ["../../tools/index.js", "@modelcontextprotocol/sdk/server/mcp.js"],
        },
        { file: "cli/serve.ts", imports: ["../server/stdio.js", "../proxy/manager.js"] },
      ]),
    ).toEqual([]);
  });

  it("reads static, re-export, type-only and dynamic imports", () => {
    const sources = readSourceImports(resolve(import.meta.dirname, "fixtures/layering"));
    expect(sources).toEqual([
      {
        file: "tools/framework/sample.ts",
        imports: [
          "zod",
          "../../client/errors.js",
          "../workspaces/index.js",
          "./define-tool.js",
          "@modelcontextprotocol/sdk/types.js",
        ],
      },
    ]);
    expect(checkLayering(sources)).toEqual([
      "tools/framework/sample.ts: imports ../workspaces/index.js (tools/framework may import only client, workspace, root)",
      "tools/framework/sample.ts: imports @modelcontextprotocol/sdk/types.js (only adapters, server, proxy, cli may load the MCP or AI SDK)",
    ]);
  });
});
