import { presetJson, versionJson } from "../convert.js";
import { agentJson } from "../convert-workspace.js";
import type { FakeCore } from "../core.js";
import { coderError, field, forbidden, jsonResponse } from "../http-util.js";
import { followJob, logsAfter } from "../log-streams.js";
import { newAgentRecord, type VersionRec } from "../records.js";
import type { Router } from "../router.js";
import { createVersion } from "../template-ops.js";
import { newId, nowIso } from "../util.js";
import { jobLogAfter, orgParam, versionParam } from "./helpers.js";

/** Version data that exists only once the import job has finished. */
function requireImported(core: FakeCore, version: VersionRec): void {
  const job = core.store.jobs.get(version.jobId)!;
  if (!job.completedAt) throw coderError(412, "Job hasn't completed!");
}

/** Template versions: create from an uploaded file, inspect, logs, parameters, presets. */
export function registerTemplateVersionRoutes(router: Router, core: FakeCore): void {
  const { store } = core;

  router.post("/api/v2/organizations/:organization/templateversions", async (ctx) => {
    const org = orgParam(core, ctx);
    const version = await createVersion(core.env, ctx.actor(), org, await ctx.body());
    return jsonResponse(201, versionJson(store, version));
  });

  router.get("/api/v2/templateversions/:templateversion", (ctx) =>
    jsonResponse(200, versionJson(store, versionParam(core, ctx))),
  );

  router.patch("/api/v2/templateversions/:templateversion", async (ctx) => {
    const version = versionParam(core, ctx);
    if (!store.canManageTemplates(ctx.actor(), version.orgId)) throw forbidden();
    const body = await ctx.body();
    const name = field.string(body, "name", "codersdk.PatchTemplateVersionRequest");
    if (
      name &&
      name !== version.name &&
      [...store.versions.values()].some((v) => v.templateId === version.templateId && v.name === name)
    ) {
      throw coderError(409, `A template version with name "${name}" already exists for this template.`);
    }
    version.name = name || version.name;
    version.message =
      field.string(body, "message", "codersdk.PatchTemplateVersionRequest") ?? version.message;
    version.updatedAt = nowIso();
    return jsonResponse(200, versionJson(store, version));
  });

  router.patch("/api/v2/templateversions/:templateversion/cancel", (ctx) => {
    const version = versionParam(core, ctx);
    if (!store.canManageTemplates(ctx.actor(), version.orgId)) throw forbidden();
    const job = store.jobs.get(version.jobId)!;
    if (job.completedAt) throw coderError(412, "Job has already completed!");
    if (job.canceledAt) throw coderError(412, "Job has already been marked as canceled!");
    core.provisioner.cancel(job);
    return jsonResponse(200, { message: "Job has been marked as canceled..." });
  });

  for (const action of ["archive", "unarchive"] as const) {
    router.post(`/api/v2/templateversions/:templateversion/${action}`, (ctx) => {
      const version = versionParam(core, ctx);
      if (!store.canManageTemplates(ctx.actor(), version.orgId)) throw forbidden();
      const template = version.templateId ? store.templates.get(version.templateId) : undefined;
      if (action === "archive" && template?.activeVersionId === version.id) {
        throw coderError(400, "You cannot archive the active version of a template.");
      }
      version.archived = action === "archive";
      return jsonResponse(200, { message: `Template version ${action}d.` });
    });
  }

  router.get("/api/v2/templateversions/:templateversion/rich-parameters", (ctx) => {
    const version = versionParam(core, ctx);
    requireImported(core, version);
    return jsonResponse(200, version.parameters);
  });

  router.get("/api/v2/templateversions/:templateversion/presets", (ctx) => {
    const version = versionParam(core, ctx);
    return jsonResponse(200, version.presets.map(presetJson));
  });

  router.get("/api/v2/templateversions/:templateversion/external-auth", (ctx) => {
    const version = versionParam(core, ctx);
    requireImported(core, version);
    return jsonResponse(200, version.externalAuth);
  });

  router.get("/api/v2/templateversions/:templateversion/variables", (ctx) => {
    const version = versionParam(core, ctx);
    requireImported(core, version);
    return jsonResponse(200, []);
  });

  router.get("/api/v2/templateversions/:templateversion/resources", (ctx) => {
    const version = versionParam(core, ctx);
    requireImported(core, version);
    const now = nowIso();
    const resources = version.resources.map((spec) => {
      const resourceId = newId();
      const agents = (spec.agents ?? []).map((agentSpec) =>
        agentJson(
          newAgentRecord(
            agentSpec,
            { id: newId(), resourceId, workspaceId: "", buildId: "", token: "", apps: [], logSources: [] },
            now,
          ),
        ),
      );
      return {
        id: resourceId,
        created_at: now,
        job_id: version.jobId,
        workspace_transition: "start",
        type: spec.type,
        name: spec.name,
        hide: spec.hide ?? false,
        icon: spec.icon ?? "",
        ...(agents.length > 0 ? { agents } : {}),
        daily_cost: spec.dailyCost ?? 0,
      };
    });
    return jsonResponse(200, resources);
  });

  router.get(
    "/api/v2/templateversions/:templateversion/logs",
    (ctx) => {
      const job = store.jobs.get(versionParam(core, ctx).jobId)!;
      return jsonResponse(200, logsAfter(job.logs, jobLogAfter(ctx)));
    },
    {
      follow: (ctx) => followJob(store.jobs.get(versionParam(core, ctx).jobId)!, jobLogAfter(ctx)),
    },
  );
}
