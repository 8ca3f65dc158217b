import type { AgentClient } from "../../client/agent-client.js";
import type { CoderClient } from "../../client/coder-client.js";
import type { WorkspaceTransport } from "../../workspace/transport.js";
import type { ToolApprover, ToolCallHooks } from "./call-hooks.js";
import { callTool } from "./call-tool.js";
import {
  type Clock,
  createToolContext,
  DEFAULT_TOOL_LIMITS,
  type TaskReporter,
  type ToolLimits,
  type ToolProgress,
} from "./context.js";
import type { AnyToolDefinition } from "./define-tool.js";
import { type SelectToolsOptions, selectTools } from "./policy.js";
import { failure, type ToolResult, toFailureReason } from "./result.js";

/**
 * Builds the Coder client for one call, from what the door knows about the request (an MCP
 * server passes the HTTP headers and auth info, so each user acts with their own token).
 */
export type CoderClientFactory<Request> = (request: Request) => CoderClient | Promise<CoderClient>;

/**
 * What every door (MCP, AI SDK, router) takes: who the tools act as, what they may use, which
 * tools to offer, and the shared hooks.
 */
export interface CoderToolsOptions<Request = undefined> extends SelectToolsOptions, ToolCallHooks {
  /** The Coder client the tools act with, or a function that builds one per request. */
  client: CoderClient | CoderClientFactory<Request>;
  /** Client authenticated with a workspace agent token (for `coder_report_task`). */
  agent?: AgentClient;
  /** Runs commands and file operations in workspaces. */
  transport?: WorkspaceTransport;
  /** Publishes task status (for `coder_report_task`). */
  reporter?: TaskReporter;
  /** Overrides of the default result, log and wait budgets. */
  limits?: Partial<ToolLimits>;
  /** Source of time (tests pass a fake one). */
  clock?: Clock;
  /**
   * The tools to select from. Default: the standard selection (every toolset marked standard);
   * pass `allTools` for everything, or your own definitions.
   */
  tools?: readonly AnyToolDefinition[];
}

/** What a door knows about one call. */
export interface HostedCall<Request> {
  /** Aborts when the caller gives up on the call. */
  signal?: AbortSignal;
  /** Receives progress updates from long-running tools. */
  progress?: (update: ToolProgress) => void;
  /** The door's id for the call (carried by `onToolCall` events). */
  callId?: string;
  /** Request details handed to a client factory. */
  request: Request;
  /** Replaces `options.approve` for this call (a door's default, e.g. MCP elicitation). */
  approve?: ToolApprover;
}

/** The selected tools and one way to call them, shared by every door. */
export interface ToolHost<Request> {
  /** The tools after selection, in catalogue order. */
  readonly tools: readonly AnyToolDefinition[];
  /** The selected tool called `name`, if there is one. */
  find(name: string): AnyToolDefinition | undefined;
  /** Run one call with a fresh context and the options' hooks. Never rejects. */
  call(tool: AnyToolDefinition, rawArgs: unknown, call: HostedCall<Request>): Promise<ToolResult>;
}

/**
 * Select the tools (`options.tools`, else `defaultTools`) and bind them to the options, so a door
 * only translates: it hands over the raw arguments, a signal and a progress sink and maps the
 * {@link ToolResult} back.
 *
 * @throws {TypeError} when `options.client` is missing.
 * @throws {ToolSelectionError} for unknown toolsets or tool names, or an invalid pin.
 */
export function createToolHost<Request>(
  options: CoderToolsOptions<Request>,
  defaultTools: readonly AnyToolDefinition[],
): ToolHost<Request> {
  const { client } = options;
  if (typeof client !== "function" && (typeof client !== "object" || client === null)) {
    throw new TypeError(
      "options.client is required: a CoderClient, or a function that returns one for each request",
    );
  }
  const tools = Object.freeze(selectTools(options.tools ?? defaultTools, options));
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  return {
    tools,
    find: (name) => byName.get(name),
    async call(tool, rawArgs, call) {
      let coder: CoderClient;
      try {
        coder = typeof client === "function" ? await client(call.request) : client;
      } catch (error) {
        return failure(
          toFailureReason(error),
          options.limits?.maxResultBytes ?? DEFAULT_TOOL_LIMITS.maxResultBytes,
        );
      }
      const ctx = createToolContext({
        client: coder,
        ...(options.agent ? { agent: options.agent } : {}),
        ...(options.transport ? { transport: options.transport } : {}),
        ...(options.reporter ? { reporter: options.reporter } : {}),
        ...(options.clock ? { clock: options.clock } : {}),
        ...(call.signal ? { signal: call.signal } : {}),
        ...(call.progress ? { progress: call.progress } : {}),
        ...(options.limits ? { limits: options.limits } : {}),
      });
      const approve = call.approve ?? options.approve;
      return callTool(tool, rawArgs, ctx, {
        ...(approve ? { approve } : {}),
        ...(options.onToolCall ? { onToolCall: options.onToolCall } : {}),
        ...(call.callId ? { callId: call.callId } : {}),
      });
    },
  };
}
