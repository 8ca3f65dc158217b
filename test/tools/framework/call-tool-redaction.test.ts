import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AgentClient, CoderClient } from "../../../src/client/index.js";
import { createFakeCoder } from "../../../src/testing/index.js";
import { callTool, createToolContext, defineTool, MUTATION, ToolError } from "../../../src/tools/index.js";

const OPAQUE = "opaque-oauth-access-token-9f8e7d";
const AGENT = "agent-secret-0a1b2c3d4e5f";

const leaky = defineTool({
  name: "t_leaky",
  title: "Leaky",
  description: "Throws errors that quote the caller's credentials, to check they never reach the model.",
  toolset: "workspaces",
  annotations: MUTATION,
  input: z.object({ how: z.enum(["tool", "crash"]) }),
  output: z.object({}),
  handler({ how }) {
    const text = `token ${OPAQUE} and agent ${AGENT}`;
    if (how === "tool") throw new ToolError(text, { hint: `retry with ${OPAQUE}` });
    throw new Error(text);
  },
});

describe("tool results never carry the context's tokens", () => {
  it.each(["tool", "crash"] as const)(
    "%s errors are scrubbed of opaque client and agent tokens",
    async (how) => {
      const fake = createFakeCoder({ seed: false });
      // A provider's token is learned on first use; one request makes the client know it.
      const client = new CoderClient({ url: fake.url, fetch: fake.fetch, tokenProvider: () => OPAQUE });
      await client.buildInfo();
      const ctx = createToolContext({
        client,
        agent: new AgentClient({ url: "http://coder.fake", token: AGENT }),
      });
      const result = await callTool(leaky, { how }, ctx);
      expect(result.ok).toBe(false);
      expect(result.text).not.toContain(AGENT);
      expect(result.text).not.toContain(OPAQUE);
      expect(JSON.stringify(result)).not.toContain(OPAQUE);
      expect(JSON.stringify(result)).not.toContain(AGENT);
      expect(result.text).toContain("[REDACTED]");
      await fake.close();
    },
  );
});
