import { setupServer } from "msw/node";
import { afterEach, beforeEach } from "vitest";
import type { z } from "zod";
import { AgentClient, CoderClient } from "../../src/client/index.js";
import { createFakeCoder, type FakeCoder, type FakeCoderOptions } from "../../src/testing/index.js";
import type { ToolLimits } from "../../src/tools/context.js";
import {
  callTool,
  createToolContext,
  type ToolContext,
  type ToolDefinition,
  type ToolInputSchema,
  type ToolResult,
} from "../../src/tools/index.js";

/** What each tool test gets: a fresh fake Coder (served in-process by msw), clients and a context. */
export interface ToolHarness {
  fake: FakeCoder;
  /** Client of the seeded owner (`admin`). */
  owner: CoderClient;
  /** Client of the seeded member (`alice`). */
  member: CoderClient;
  /** A client for any token. */
  clientFor(token: string): CoderClient;
  /** An agent-token client for a workspace's agent. */
  agentFor(workspaceRef: string, agentName?: string): AgentClient;
  /** A tool context for `client` (default: the owner), with fast limits unless overridden. */
  context(overrides?: Partial<Omit<ToolContext, "limits">> & { limits?: Partial<ToolLimits> }): ToolContext;
  /**
   * Call a tool through the generic call path (exactly as adapters do) as the owner, or with the
   * given context.
   */
  call<I extends ToolInputSchema, O extends z.ZodType>(
    tool: ToolDefinition<I, O>,
    args: unknown,
    ctx?: ToolContext,
  ): Promise<ToolResult<z.output<O>>>;
}

/**
 * Register hooks that give every test a fresh fake Coder, intercepted in-process by msw (HTTP and
 * WebSocket log follows), and return a live view of it.
 */
export function useToolHarness(options: FakeCoderOptions = {}): ToolHarness {
  const h = {} as ToolHarness;
  let server: ReturnType<typeof setupServer> | undefined;
  beforeEach(() => {
    const fake = createFakeCoder({ buildStepMs: 5, ...options });
    server = setupServer(...fake.handlers);
    server.listen({ onUnhandledFrame: "error" });
    const clientFor = (token: string) => new CoderClient({ url: fake.url, token, retry: false });
    const owner = clientFor(fake.owner.token);
    Object.assign(h, {
      fake,
      owner,
      member: clientFor(fake.member.token),
      clientFor,
      agentFor: (workspaceRef: string, agentName?: string) =>
        new AgentClient({ url: fake.url, token: fake.agentToken(workspaceRef, agentName), retry: false }),
      context: (overrides: Parameters<ToolHarness["context"]>[0] = {}) =>
        createToolContext({
          client: owner,
          ...overrides,
          limits: { jobWaitMs: 5_000, ...overrides.limits },
        }),
    });
    h.call = <I extends ToolInputSchema, O extends z.ZodType>(
      tool: ToolDefinition<I, O>,
      args: unknown,
      ctx?: ToolContext,
    ) => {
      return callTool(tool, args, ctx ?? h.context());
    };
  });
  afterEach(async () => {
    server?.close();
    await h.fake.close();
  });
  return h;
}
