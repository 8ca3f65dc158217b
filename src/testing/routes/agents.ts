import type { WorkspaceAppStatus } from "../api-types.js";
import { agentJson } from "../convert-workspace.js";
import type { FakeCore } from "../core.js";
import { coderError, field, jsonResponse, validationDetail, validationFailed } from "../http-util.js";
import { followAgent, logsAfter } from "../log-streams.js";
import type { Router } from "../router.js";
import { isUuid, newId, nowIso } from "../util.js";
import { agentLogAfter, agentParam } from "./helpers.js";

/**
 * `workspacesdk.AgentConnectionInfo`. tailcfg's DERP structs have no json names, so the keys are Go
 * field names; `DERPHomeParams.RegionScore map[int]float64 json:",omitempty"` and
 * `DERPNode.DERPPort int json:",omitempty"` are left out when nil / 0 rather than sent as null / 0.
 */
const CONNECTION_INFO = {
  derp_map: {
    HomeParams: {},
    Regions: {
      "999": {
        EmbeddedRelay: true,
        RegionID: 999,
        RegionCode: "coder",
        RegionName: "Coder Embedded Relay",
        Nodes: [{ Name: "999b", RegionID: 999, HostName: "127.0.0.1", STUNPort: -1, ForceHTTP: true }],
      },
    },
  },
  derp_force_websockets: false,
  disable_direct_connections: false,
  hostname_suffix: "coder",
};

const APP_STATES = ["working", "idle", "complete", "failure"];

/** Agents as users see them, and the agent-token endpoints under `/workspaceagents/me`. */
export function registerAgentRoutes(router: Router, core: FakeCore): void {
  const { store } = core;

  router.get("/api/v2/workspaceagents/connection", () => jsonResponse(200, CONNECTION_INFO));

  router.patch(
    "/api/v2/workspaceagents/me/app-status",
    async (ctx) => {
      const agent = ctx.agent();
      const body = await ctx.body();
      const struct = "agentsdk.PatchAppStatus";
      const slug = field.string(body, "app_slug", struct) ?? "";
      const state = field.string(body, "state", struct) ?? "";
      const message = field.string(body, "message", struct) ?? "";
      const uri = field.string(body, "uri", struct) ?? "";
      const app = agent.apps.find((a) => a.spec.slug === slug);
      if (!app) throw coderError(400, "Failed to get workspace app.", `No app found with slug "${slug}"`);
      if (!APP_STATES.includes(state)) {
        throw coderError(400, "Invalid state provided.", `invalid state: "${state}"`, [
          { field: "state", detail: `invalid state: "${state}"` },
        ]);
      }
      if (message.length > 160) {
        throw coderError(400, "Message is too long.", "Message must be less than 160 characters.", [
          { field: "message", detail: "Message must be less than 160 characters." },
        ]);
      }
      const status: WorkspaceAppStatus = {
        id: newId(),
        created_at: nowIso(),
        workspace_id: agent.workspaceId,
        agent_id: agent.id,
        app_id: app.id,
        state: state as WorkspaceAppStatus["state"],
        message,
        uri,
        icon: "",
        needs_user_attention: false,
      };
      app.statuses.push(status);
      store.workspaces.get(agent.workspaceId)!.updatedAt = status.created_at;
      // coderd answers with httpapi.Write(ctx, rw, http.StatusOK, nil).
      return jsonResponse(200, null);
    },
    { auth: "agent" },
  );

  router.post(
    "/api/v2/workspaceagents/me/log-source",
    async (ctx) => {
      const agent = ctx.agent();
      const body = await ctx.body();
      const id = field.string(body, "id", "agentsdk.PostLogSourceRequest") ?? "";
      if (!isUuid(id)) throw validationFailed([{ field: "id", detail: validationDetail("required", id) }]);
      const source = {
        id: id.toLowerCase(),
        displayName: field.string(body, "display_name", "agentsdk.PostLogSourceRequest") ?? "",
        icon: field.string(body, "icon", "agentsdk.PostLogSourceRequest") ?? "",
        createdAt: nowIso(),
      };
      if (!agent.logSources.some((s) => s.id === source.id)) agent.logSources.push(source);
      return jsonResponse(201, {
        workspace_agent_id: agent.id,
        id: source.id,
        created_at: source.createdAt,
        display_name: source.displayName,
        icon: source.icon,
      });
    },
    { auth: "agent" },
  );

  router.patch(
    "/api/v2/workspaceagents/me/logs",
    async (ctx) => {
      const agent = ctx.agent();
      const body = await ctx.body();
      const sourceId = field.string(body, "log_source_id", "agentsdk.PatchLogs");
      const logs = Array.isArray(body.logs) ? (body.logs as { output?: unknown; level?: unknown }[]) : [];
      if (logs.length === 0) throw coderError(400, "No logs provided.");
      core.provisioner.writeAgentLogs(
        agent,
        logs.map((l) => ({
          output: String(l.output ?? ""),
          level: (["trace", "debug", "info", "warn", "error"].includes(String(l.level))
            ? l.level
            : "info") as "info",
          ...(sourceId ? { sourceId } : {}),
        })),
      );
      return jsonResponse(200, null);
    },
    { auth: "agent" },
  );

  router.get("/api/v2/workspaceagents/:workspaceagent", (ctx) =>
    jsonResponse(200, agentJson(agentParam(core, ctx))),
  );

  router.get(
    "/api/v2/workspaceagents/:workspaceagent/logs",
    (ctx) => {
      const agent = agentParam(core, ctx);
      return jsonResponse(200, logsAfter(agent.logs, agentLogAfter(ctx)));
    },
    { follow: (ctx) => followAgent(agentParam(core, ctx), agentLogAfter(ctx)) },
  );

  router.get("/api/v2/workspaceagents/:workspaceagent/listening-ports", (ctx) => {
    const agent = agentParam(core, ctx);
    if (agent.status !== "connected") {
      throw coderError(400, `Agent state is "${agent.status}", it must be in the "connected" state.`);
    }
    const ports = agent.spec.listeningPorts ?? [{ process_name: "code-server", network: "tcp", port: 13337 }];
    return jsonResponse(200, { ports });
  });

  router.get("/api/v2/workspaceagents/:workspaceagent/connection", (ctx) => {
    agentParam(core, ctx);
    return jsonResponse(200, CONNECTION_INFO);
  });
}
