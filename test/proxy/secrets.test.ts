import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { registerCoderTools } from "../../src/adapters/mcp/index.js";
import { createToolRouter } from "../../src/adapters/router/index.js";
import { CoderClient } from "../../src/client/index.js";
import { McpProxy, WITHHELD_ENV } from "../../src/proxy/index.js";
import { sdkV2 } from "../adapters/mcp/sdks.js";

// A project's MCP servers do not get the Coder credentials of the process that serves Coder's tools,
// and a server that echoes a token anyway does not hand it to the model.

const everything = path.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js");
const TOKEN = "abcdefghij-0123456789abcdefghijkl";
const saved = { ...process.env };

afterEach(() => {
  for (const key of ["CODER_SESSION_TOKEN", "PROXY_LEAK"]) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

describe("Coder credentials and proxied servers", () => {
  it("withholds CODER_SESSION_TOKEN from stdio servers and redacts the token from what they return", async () => {
    process.env.CODER_SESSION_TOKEN = TOKEN;
    process.env.PROXY_LEAK = `leaked ${TOKEN}`;
    const proxy = await McpProxy.start({
      servers: [
        {
          name: "env",
          transport: "stdio",
          command: process.execPath,
          args: [everything, "stdio"],
          source: "t",
          format: "mcp.json",
        },
      ],
      initializeTimeoutMs: 10_000,
    });
    try {
      expect(WITHHELD_ENV).toContain("CODER_SESSION_TOKEN");
      const client = new CoderClient({ url: "http://127.0.0.1:9", token: TOKEN, retry: false });
      const router = createToolRouter({ client, tools: proxy.tools });
      const result = await router.call("env__get-env", {});
      expect(result.ok).toBe(true);
      expect(result.text).toContain("PROXY_LEAK");
      expect(result.text).not.toContain("CODER_SESSION_TOKEN");
      expect(result.text).not.toContain(TOKEN);

      const server = sdkV2.newServer();
      registerCoderTools(server, { client, tools: proxy.tools });
      const mcp = await sdkV2.connect(server);
      try {
        const listed = await mcp.callTool("env__get-env", {});
        const texts = JSON.stringify(listed.content);
        expect(texts).toContain("PROXY_LEAK");
        expect(texts).not.toContain(TOKEN);
      } finally {
        await mcp.close();
      }
    } finally {
      await proxy.close();
    }
  });
});
