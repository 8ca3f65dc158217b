import type { z } from "zod";
import { AgentClient } from "../../src/client/index.js";
import type { FakeCoderOptions } from "../../src/testing/index.js";
import type { ToolLimits } from "../../src/tools/framework/context.js";
import {
  callTool,
  createToolContext,
  type ToolContext,
  type ToolDefinition,
  type ToolInputSchema,
  type ToolResult,
} from "../../src/tools/index.js";
import { type FakeContext, useFakeCoder } from "./fake-coder.js";

/** What each tool test gets: the shared fake deployment harness plus tool contexts and calls. */
export interface ToolHarness extends FakeContext {
  /** An agent-token client for a workspace's agent. */
  agentFor(workspaceRef: string, agentName?: string): AgentClient;
  /** A tool context for `client` (default: the owner), with fast limits unless overridden. */
  context(overrides?: Partial<Omit<ToolContext, "limits">> & { limits?: Partial<ToolLimits> }): ToolContext;
  /**
   * Call a tool through the generic call path (exactly as adapters do) as the owner, or with the
   * given context.
   */
  call<I extends ToolInputSchema, O extends z.ZodType, N extends string>(
    tool: ToolDefinition<I, O, N>,
    args: unknown,
    ctx?: ToolContext,
  ): Promise<ToolResult<z.output<O>>>;
}

/**
 * {@link useFakeCoder} (a fresh fake Coder per test, served in-process by msw) with helpers for
 * calling tools against it.
 */
export function useToolHarness(options: FakeCoderOptions = {}): ToolHarness {
  const fake = useFakeCoder(options);
  const h = fake as ToolHarness;
  h.agentFor = (workspaceRef, agentName) =>
    new AgentClient({ url: h.fake.url, token: h.fake.agentToken(workspaceRef, agentName), retry: false });
  h.context = (overrides = {}) =>
    createToolContext({
      client: h.owner,
      ...overrides,
      limits: { jobWaitMs: 5_000, ...overrides.limits },
    });
  h.call = (tool, args, ctx) => callTool(tool, args, ctx ?? h.context());
  return h;
}
