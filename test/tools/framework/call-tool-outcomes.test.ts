import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { CoderApiError, CoderTimeoutError } from "../../../src/client/errors.js";
import {
  callTool,
  defineTool,
  MUTATION,
  READ_ONLY,
  ToolError,
  type ToolFailure,
  ToolInputError,
  type ToolResult,
} from "../../../src/tools/index.js";
import { makeValidationTool, testContext } from "./helpers.js";

function expectFailure(result: ToolResult): ToolFailure {
  if (result.ok) throw new Error(`expected a failure, got ${result.text}`);
  return result;
}

describe("handler outcomes", () => {
  const TOKEN = "abcdefghij-0123456789abcdefghijkl";

  function throwingTool(thrown: () => unknown) {
    return defineTool({
      name: "thrower",
      title: "Thrower",
      description: "Throws.",
      toolset: "workspaces",
      annotations: MUTATION,
      input: z.object({}),
      output: z.object({}),
      handler() {
        throw thrown();
      },
    });
  }

  it("maps a CoderApiError, keeping status, message, detail and validations", async () => {
    const tool = throwingTool(
      () =>
        new CoderApiError({
          method: "POST",
          url: "https://coder.example.com/api/v2/users/me/workspaces",
          status: 400,
          body: {
            message: "Invalid workspace name.",
            detail: `token ${TOKEN} was used`,
            validations: [{ field: "name", detail: "must be lowercase" }],
          },
        }),
    );
    const result = expectFailure(await callTool(tool, {}, testContext()));
    expect(result.error).toEqual({
      kind: "api",
      status: 400,
      message: "Invalid workspace name.",
      detail: "token [REDACTED] was used",
      validations: [{ field: "name", detail: "must be lowercase" }],
      method: "POST",
      url: "https://coder.example.com/api/v2/users/me/workspaces",
    });
    expect(result.text).toBe(
      "Coder API error 400 (POST https://coder.example.com/api/v2/users/me/workspaces): Invalid workspace name.\n" +
        "detail: token [REDACTED] was used\n" +
        "validation: name: must be lowercase",
    );
    expect(result.text).not.toContain(TOKEN);
  });

  it("keeps a ToolError's hint", async () => {
    const tool = throwingTool(
      () => new ToolError('workspace "dev" not found', { hint: "call coder_list_workspaces to find names" }),
    );
    const result = expectFailure(await callTool(tool, {}, testContext()));
    expect(result.error).toEqual({
      kind: "tool",
      message: 'workspace "dev" not found',
      hint: "call coder_list_workspaces to find names",
    });
    expect(result.text).toBe('workspace "dev" not found\nhint: call coder_list_workspaces to find names');
  });

  it("treats a ToolInputError from the handler as an input error", async () => {
    const tool = throwingTool(() =>
      ToolInputError.at("$", "exactly one of template_id or template_version_id must be provided"),
    );
    const result = expectFailure(await callTool(tool, {}, testContext()));
    expect(result.error.kind).toBe("input");
    expect(result.text).toBe(
      "invalid arguments: $: exactly one of template_id or template_version_id must be provided",
    );
  });

  it("maps the client's other errors to kind client, keeping their name", async () => {
    const tool = throwingTool(() => new CoderTimeoutError({ method: "GET", url: "/x", timeoutMs: 10 }));
    const result = expectFailure(await callTool(tool, {}, testContext()));
    expect(result.error).toEqual({
      kind: "client",
      name: "CoderTimeoutError",
      message: "GET /x: timed out after 10 ms",
    });
  });

  describe("crashes", () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    beforeEach(() => {
      unhandled.length = 0;
      process.on("unhandledRejection", listener);
    });
    afterEach(() => {
      process.off("unhandledRejection", listener);
    });

    it("turns sync throws, async rejections and non-Error throws into error results", async () => {
      const syncTool = throwingTool(() => new TypeError(`cannot read x of undefined (${TOKEN})`));
      const asyncTool = defineTool({
        ...syncTool,
        name: "async_thrower",
        async handler() {
          await Promise.resolve();
          throw new RangeError("boom");
        },
      });
      const stringTool = throwingTool(() => "just a string");
      const ctx = testContext();
      const results = [
        await callTool(syncTool, {}, ctx),
        await callTool(asyncTool, {}, ctx),
        await callTool(stringTool, {}, ctx),
      ].map((r) => expectFailure(r));
      expect(results.map((r) => r.error)).toEqual([
        { kind: "crash", message: "tool handler crashed: cannot read x of undefined ([REDACTED])" },
        { kind: "crash", message: "tool handler crashed: boom" },
        { kind: "crash", message: "tool handler crashed: just a string" },
      ]);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    });

    it("reports output that does not match the output schema", async () => {
      const tool = defineTool({
        name: "bad_output",
        title: "Bad output",
        description: "Returns the wrong shape.",
        toolset: "users",
        annotations: READ_ONLY,
        input: z.object({}),
        output: z.object({ count: z.int() }),
        handler: () => ({ count: "three" }) as unknown as { count: number },
      });
      const result = expectFailure(await callTool(tool, {}, testContext()));
      expect(result.error).toEqual({
        kind: "crash",
        message:
          'tool returned output that does not match its output schema: $.count: wrong type: expected integer, received string "three"',
      });
    });
  });

  it("reports an output that cannot be serialized", async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const tool = defineTool({
      name: "cyclic",
      title: "Cyclic",
      description: "Returns a cycle.",
      toolset: "users",
      annotations: READ_ONLY,
      input: z.object({}),
      output: z.record(z.string(), z.unknown()),
      handler: () => cyclic,
    });
    const result = expectFailure(await callTool(tool, {}, testContext()));
    expect(result.error.kind).toBe("crash");
    expect(result.text).toMatch(/^tool returned output that could not be processed: .*circular/i);
  });

  describe("cancellation", () => {
    it("does not call the handler when already aborted", async () => {
      const { tool, calls } = makeValidationTool();
      const controller = new AbortController();
      controller.abort();
      const result = expectFailure(
        await callTool(tool, { mode: "allowed", value: 1 }, testContext({ signal: controller.signal })),
      );
      expect(result.error).toEqual({ kind: "cancelled", message: "tool call cancelled" });
      expect(calls).toEqual([]);
    });

    it("settles as cancelled when aborted mid-call, even if the handler ignores the signal", async () => {
      const unhandled: unknown[] = [];
      const listener = (reason: unknown) => unhandled.push(reason);
      process.on("unhandledRejection", listener);
      try {
        let started!: () => void;
        const running = new Promise<void>((resolve) => {
          started = resolve;
        });
        const tool = defineTool({
          name: "slow",
          title: "Slow",
          description: "Never finishes on its own.",
          toolset: "users",
          annotations: READ_ONLY,
          input: z.object({}),
          output: z.object({}),
          async handler() {
            started();
            await new Promise((resolve) => setTimeout(resolve, 50));
            throw new Error("late failure after the caller left");
          },
        });
        const controller = new AbortController();
        const pending = callTool(tool, {}, testContext({ signal: controller.signal }));
        await running;
        controller.abort(new DOMException("The operation timed out.", "TimeoutError"));
        const result = expectFailure(await pending);
        expect(result.error).toEqual({ kind: "cancelled", message: "tool call cancelled: timed out" });
        await new Promise((resolve) => setTimeout(resolve, 80));
        expect(unhandled).toEqual([]);
      } finally {
        process.off("unhandledRejection", listener);
      }
    });
  });
});

describe("result serialization", () => {
  function valueTool<T extends z.ZodType>(output: T, value: z.input<T>) {
    return defineTool({
      name: "value",
      title: "Value",
      description: "Returns a fixed value.",
      toolset: "users",
      annotations: READ_ONLY,
      input: z.object({}),
      output,
      handler: () => value,
    });
  }

  it("returns compact JSON and structured content for plain objects", async () => {
    const result = await callTool(
      valueTool(z.object({ a: z.int(), b: z.string() }), { a: 1, b: "<&>" }),
      {},
      testContext(),
    );
    expect(result).toEqual({
      ok: true,
      value: { a: 1, b: "<&>" },
      text: '{"a":1,"b":"<&>"}',
      structured: { a: 1, b: "<&>" },
    });
  });

  it("strips fields the output schema does not declare", async () => {
    const tool = valueTool(z.object({ id: z.string() }), { id: "x", secret: "y" } as { id: string });
    const result = await callTool(tool, {}, testContext());
    expect(result).toMatchObject({ ok: true, text: '{"id":"x"}', structured: { id: "x" } });
  });

  it("gives arrays text but no structured content", async () => {
    const result = await callTool(valueTool(z.array(z.string()), ["a", "b"]), {}, testContext());
    expect(result).toEqual({ ok: true, value: ["a", "b"], text: '["a","b"]' });
  });

  it("caps the text at maxResultBytes without splitting a multibyte character", async () => {
    const value = { text: "€".repeat(200) }; // 3 bytes each
    const ctx = testContext({ limits: { maxResultBytes: 256 } });
    const result = await callTool(valueTool(z.object({ text: z.string() }), value), {}, ctx);
    if (!result.ok) throw new Error(result.text);
    const bytes = new TextEncoder().encode(result.text);
    expect(bytes.length).toBeLessThanOrEqual(256);
    expect(result.text).not.toContain("\uFFFD");
    expect(result.text.startsWith('{"text":"€€€')).toBe(true);
    expect(result.truncated).toEqual({ total_bytes: 611, omitted_bytes: expect.any(Number) });
    expect(result.text).toContain(`[truncated: ${result.truncated?.omitted_bytes} of 611 bytes omitted`);
    const shown = result.text.slice(0, result.text.indexOf("\n[truncated"));
    expect(new TextEncoder().encode(shown).length + (result.truncated?.omitted_bytes ?? 0)).toBe(611);
    expect(result.structured).toBeUndefined();
    expect(result.value).toEqual(value);
  });
});
