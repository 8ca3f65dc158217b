import type { FakeCore } from "../core.js";
import { coderError, upgradeRequired } from "../http-util.js";
import type { AgentRec } from "../records.js";
import type { RouteContext, Router } from "../router.js";
import { isUuid } from "../util.js";
import { agentParam } from "./helpers.js";

interface TerminalQuery {
  agent: AgentRec;
  reconnect: string;
  width: number;
  height: number;
  command: string;
}

/** workspaceAgentPTY's checks: the agent (404 when not visible), then the query (400). */
function parse(core: FakeCore, ctx: RouteContext): TerminalQuery {
  const agent = agentParam(core, ctx);
  const q = ctx.url.searchParams;
  const errors: { field: string; detail: string }[] = [];
  const reconnect = q.get("reconnect") ?? "";
  if (reconnect === "") errors.push({ field: "reconnect", detail: 'Query param "reconnect" is required' });
  else if (!isUuid(reconnect))
    errors.push({ field: "reconnect", detail: 'Query param "reconnect" must be a valid uuid' });
  const uint = (key: string): number => {
    const raw = q.get(key);
    if (raw === null || raw === "") return 80;
    if (!/^\d+$/.test(raw) || Number(raw) > 65535) {
      errors.push({ field: key, detail: `Query param "${key}" must be a valid 16-bit unsigned integer` });
      return 80;
    }
    return Number(raw);
  };
  const height = uint("height");
  const width = uint("width");
  if (errors.length > 0) throw coderError(400, "Invalid query parameters.", undefined, errors);
  return { agent, reconnect: reconnect.toLowerCase(), width, height, command: q.get("command") ?? "" };
}

/**
 * `GET /api/v2/workspaceagents/{id}/pty`: the web terminal. A WebSocket whose binary frames carry
 * JSON `{data}` / `{height,width}` messages in and raw terminal bytes out; the session behind it
 * runs the command under a real pseudo-terminal in the workspace's temporary directory.
 */
export function registerTerminalRoutes(router: Router, core: FakeCore): void {
  router.get(
    "/api/v2/workspaceagents/:workspaceagent/pty",
    (ctx) => {
      parse(core, ctx);
      return upgradeRequired(ctx.request, ctx.url.pathname);
    },
    {
      socket: (ctx) => {
        const query = parse(core, ctx);
        return (peer, fault) => {
          if (query.agent.status !== "connected") {
            peer.close(1011, `dial workspace agent: agent is ${query.agent.status}`);
            return;
          }
          core.terminals.connect({ ...query, fault }, peer);
        };
      },
    },
  );
}
