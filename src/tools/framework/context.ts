import type { AgentClient, AppStatusState } from "../../client/agent-client.js";
import type { CoderClient } from "../../client/coder-client.js";
import { sleep } from "../../client/sleep.js";
import type { WorkspaceTransport } from "../../workspace/transport.js";

/** A progress report from an agent, shown in the Coder Tasks UI. */
export interface TaskReport {
  /** What the agent is doing or has done, in one short line. */
  summary: string;
  /** A link to the result (a pull request, a preview URL); empty when there is none. */
  link: string;
  /** Where the task stands: Coder's app status states (see `APP_STATUS_STATES`). */
  state: AppStatusState;
}

/**
 * Sends a {@link TaskReport} somewhere (usually `PATCH /api/v2/workspaceagents/me/app-status`).
 * Injected by the server that hosts the tools, because only it knows the agent token and app slug.
 */
export type TaskReporter = (report: TaskReport, options?: { signal?: AbortSignal }) => Promise<void>;

/** Time as the tools see it; replaced in tests so waits do not take real time. */
export interface Clock {
  /** The current time. */
  now(): Date;
  /** Resolve after `ms` milliseconds; reject with the signal's reason if it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** A progress update for long-running tools (MCP `notifications/progress`). */
export interface ToolProgress {
  /** Work done so far, in whatever unit `total` uses. */
  progress: number;
  /** Total work, when known. */
  total?: number;
  /** A short human-readable note. */
  message?: string;
}

/** Budgets every tool respects, so one call cannot flood the model's context or block forever. */
export interface ToolLimits {
  /** Upper bound on the text of one tool result, in UTF-8 bytes. */
  maxResultBytes: number;
  /** Budget for log output inside a result (head + tail are kept), in UTF-8 bytes. */
  logBudgetBytes: number;
  /** How long a tool may wait for a build or job to finish before returning its current state. */
  jobWaitMs: number;
}

/** The limits used when a context does not set its own. */
export const DEFAULT_TOOL_LIMITS: Readonly<ToolLimits> = Object.freeze({
  maxResultBytes: 64 * 1024,
  logBudgetBytes: 16 * 1024,
  jobWaitMs: 120_000,
});

/**
 * Everything a tool handler may use. Handlers read nothing else (no env, no module state), which
 * keeps them testable and lets one process serve many users with different clients.
 */
export interface ToolContext {
  /** Coder REST client, authenticated as the user the tools act for. */
  client: CoderClient;
  /** Client authenticated with a workspace agent token, when running inside a workspace. */
  agent?: AgentClient;
  /** Runs commands and file operations in workspaces, when configured. */
  transport?: WorkspaceTransport;
  /** Publishes task status, when the host supports it. */
  reporter?: TaskReporter;
  /** Aborts when the caller gives up on the tool call. */
  signal: AbortSignal;
  /** Budgets for result size, log size and waiting. */
  limits: ToolLimits;
  /** Source of time and sleeps. */
  clock: Clock;
  /** Receives progress updates, when the caller listens for them. */
  progress?: (update: ToolProgress) => void;
}

/** What {@link createToolContext} needs: a client, and optionally anything else to override. */
export type ToolContextInit = Partial<Omit<ToolContext, "client" | "limits">> & {
  client: CoderClient;
  limits?: Partial<ToolLimits>;
};

/** A {@link Clock} backed by the system time and `setTimeout`. */
export const systemClock: Clock = Object.freeze({
  now: () => new Date(),
  sleep: (ms: number, signal?: AbortSignal) => sleep(ms, signal),
});

/**
 * Build a {@link ToolContext}, filling what is not given: the system clock, default limits
 * (individual limits can be overridden) and a signal that never aborts.
 */
export function createToolContext(init: ToolContextInit): ToolContext {
  const { limits, signal, clock, ...rest } = init;
  return {
    ...rest,
    signal: signal ?? new AbortController().signal,
    clock: clock ?? systemClock,
    limits: mergeLimits(limits),
  };
}

// An explicit `undefined` in the overrides means "not set", not "no limit".
function mergeLimits(overrides: Partial<ToolLimits> | undefined): ToolLimits {
  const merged: ToolLimits = { ...DEFAULT_TOOL_LIMITS };
  for (const key of Object.keys(merged) as (keyof ToolLimits)[]) {
    const value = overrides?.[key];
    if (value !== undefined) merged[key] = value;
  }
  return merged;
}
