import { describe, expect, it } from "vitest";
import { z } from "zod";
import { redactSecrets } from "../../../src/client/redact.js";
import { elideMiddle } from "../../../src/tools/framework/shaping.js";
import {
  defineTool,
  getWorkspace,
  getWorkspaceAgentLogs,
  listTasks,
  READ_ONLY,
  uploadTarFile,
  workspaceListApps,
} from "../../../src/tools/index.js";
import { useToolHarness } from "../../support/tool-harness.js";
import { call, failed, ok } from "../results.js";

// Defects found by trying the package as a user (issue 7, section 1). Each test failed before its fix.

describe("arguments that are valid JSON but not valid text", () => {
  const h = useToolHarness();

  it("a lone surrogate is an input error naming the field, not a crash, and no request is made", async () => {
    const before = h.fake.requests.length;
    for (const args of ['{"workspace_id":"\\ud800"}', { workspace_id: "dev\udc00" }]) {
      const failure = failed(await call(h, getWorkspace, args));
      expect(failure.error).toMatchObject({ kind: "input" });
      expect(failure.text).toBe(
        "invalid arguments: $.workspace_id: text contains an unpaired UTF-16 surrogate (not valid Unicode); send well-formed text",
      );
    }
    // Nested values and other tools too.
    const nested = failed(await call(h, workspaceListApps, { workspace: "\ud83d" }));
    expect(nested.text).toContain("$.workspace: text contains an unpaired UTF-16 surrogate");
    expect(h.fake.requests.length).toBe(before);
  });

  it("a well-formed astral character is fine", async () => {
    const failure = failed(await call(h, getWorkspace, { workspace_id: "alice/😀" }));
    expect(failure.error.kind).not.toBe("crash");
    expect(failure.error.kind).not.toBe("input");
  });

  it("a 1 MB identifier is refused by the schema before any request", async () => {
    const before = h.fake.requests.length;
    const failure = failed(await call(h, getWorkspace, { workspace_id: "x".repeat(1 << 20) }));
    expect(failure.error).toMatchObject({ kind: "input" });
    expect(failure.text).toBe(
      "invalid arguments: $.workspace_id: above maximum: at most 256 characters, received 1048576 characters",
    );
    expect(failure.text.length).toBeLessThan(300);
    expect(h.fake.requests.length).toBe(before);
  });
});

describe("token redaction", () => {
  const h = useToolHarness();

  it("catches a token-shaped key right after a percent-escape", () => {
    const key = "AbCdEfGhIj-0123456789abcdefghijkl";
    expect(redactSecrets(`q=owner%3A%22${key}%22`)).toBe("q=owner%3A%22[REDACTED]%22");
    expect(redactSecrets(`/users/%2F${key}/x`)).toBe("/users/%2F[REDACTED]/x");
    expect(redactSecrets(`a%20${key}`)).toBe("a%20[REDACTED]");
    // Still not inside longer alphanumeric runs.
    expect(redactSecrets(`x${key}`)).toBe(`x${key}`);
  });

  it("another user's token passed as an argument does not come back in the error text", async () => {
    const other = h.fake.member.token;
    const failure = failed(await call(h, listTasks, { user: other }));
    expect(failure.text).not.toContain(other);
    expect(JSON.stringify(failure.error)).not.toContain(other);
  });

  it("a token used as an argument key is redacted in the issue paths too (found by the fuzz test)", async () => {
    const token = h.fake.owner.token;
    const failure = failed(await call(h, uploadTarFile, { files: { [token]: 42 } }));
    expect(failure.error.kind).toBe("input");
    expect(JSON.stringify(failure)).not.toContain(token);
    expect(failure.text).toContain('$.files["[REDACTED]"]: wrong type: expected string');
  });

  it("successful results are redacted with the context's exact tokens (an agent log echoing one)", async () => {
    const token = h.fake.owner.token;
    const agentToken = h.fake.agentToken("admin/dev");
    const ws = ok(await call(h, getWorkspace, { workspace_id: "admin/dev" }));
    const agentId = ws.agents[0]?.id ?? "";
    const lookalike = "ZzZzZzZzZz-lookslikeatokenbutisdata0";
    const response = await h.fake.fetch(
      new Request(`${h.fake.url}/api/v2/workspaceagents/me/logs`, {
        method: "PATCH",
        headers: { "Coder-Session-Token": agentToken, "Content-Type": "application/json" },
        body: JSON.stringify({
          logs: [{ output: `export CODER_SESSION_TOKEN=${token} # ${lookalike}`, level: "info" }],
        }),
      }),
    );
    expect(response.status).toBe(200);
    const result = await call(h, getWorkspaceAgentLogs, { workspace_agent_id: agentId });
    if (!result.ok) throw new Error(result.text);
    expect(result.text).not.toContain(token);
    expect(result.text).toContain("export CODER_SESSION_TOKEN=[REDACTED]");
    expect(JSON.stringify(result.value)).not.toContain(token);
    expect(JSON.stringify(result.structured)).not.toContain(token);
    // Data that only looks like a token is left alone in results.
    expect(result.text).toContain(lookalike);
  });
});

describe("error texts that stay useful when a value in them is huge", () => {
  const h = useToolHarness();
  const lookup = defineTool({
    name: "t_lookup",
    title: "Look up",
    description: "Looks a workspace up by any text, without a length limit (a tool of a careless author).",
    toolset: "test",
    annotations: READ_ONLY,
    input: z.object({ id: z.string() }),
    output: z.object({ name: z.string() }),
    async handler({ id }, { client, signal }) {
      const ws = await client.workspaces.get(id, { signal });
      return { name: ws.name };
    },
  });

  it("keeps status, Coder's message and the end of the URL, elides the middle, and stays within the cap", async () => {
    // 6,000 characters: under msw's URL limit, far over the 500 a URL may take in a failure.
    const huge = `${"a".repeat(6_000)}-end`;
    const failure = failed(await call(h, lookup, { id: huge }));
    expect(failure.error).toMatchObject({ kind: "api", status: 400 });
    // URL, message and detail each echo the value; each is elided on its own.
    expect(failure.text.length).toBeLessThan(5_000);
    expect(failure.text.match(/characters elided/g)?.length).toBeGreaterThanOrEqual(2);
    expect(failure.text).toMatch(/^Coder API error 400 \(GET http:\/\/.*characters elided\]….*-end\): /);
    expect(failure.text).toContain((failure.error as { message: string }).message);
    expect((failure.error as { message: string }).message.length).toBeGreaterThan(0);
  });

  it("a failure text cut by a small cap says so", async () => {
    const failure = failed(
      await call(h, lookup, { id: "nope" }, h.context({ limits: { maxResultBytes: 60 } })),
    );
    expect(Buffer.byteLength(failure.text)).toBeLessThanOrEqual(60);
    expect(failure.text).toMatch(/\n\[truncated: \d+ of \d+ bytes omitted\]$/);
  });

  it("elideMiddle keeps both ends and surrogate pairs whole", () => {
    expect(elideMiddle("short", 10)).toBe("short");
    const out = elideMiddle(`${"😀".repeat(50)}`, 40);
    expect(out.length).toBeLessThanOrEqual(40);
    expect(out.isWellFormed()).toBe(true);
    expect(out).toMatch(/^😀+…\[\d+ characters elided\]…😀+$/u);
  });
});
