import { templateJson, versionJson } from "../convert.js";
import type { FakeCore } from "../core.js";
import {
  coderError,
  field,
  forbidden,
  jsonResponse,
  notFound,
  validationDetail,
  validationFailed,
} from "../http-util.js";
import type { TemplateRec } from "../records.js";
import type { Router } from "../router.js";
import { containsFold, paginate, parsePagination, parseTemplateQuery } from "../search.js";
import { createTemplate } from "../template-ops.js";
import { isUuid, nowIso, sameName } from "../util.js";
import { orgParam, templateByName, templateParam } from "./helpers.js";

const byName = (a: TemplateRec, b: TemplateRec): number => a.name.localeCompare(b.name);

/** Templates: listing, lookup, create, update, delete, versions and promotion. */
export function registerTemplateRoutes(router: Router, core: FakeCore): void {
  const { store } = core;

  router.get("/api/v2/templates", (ctx) => {
    const actor = ctx.actor();
    const f = parseTemplateQuery(store, actor.id, ctx.url.searchParams.get("q") ?? "");
    const list = [...store.templates.values()]
      .filter((t) => t.deleted === f.deleted && (store.isOwner(actor) || store.isMember(actor.id, t.orgId)))
      .filter((t) => !f.organizationId || t.orgId === f.organizationId)
      .filter((t) => !f.exactName || sameName(t.name, f.exactName))
      .filter((t) => !f.exactDisplayName || sameName(t.displayName, f.exactDisplayName))
      .filter((t) => !f.fuzzyName || containsFold(t.name, f.fuzzyName))
      .filter((t) => !f.fuzzyDisplayName || containsFold(t.displayName, f.fuzzyDisplayName))
      .filter((t) => f.ids.length === 0 || f.ids.includes(t.id))
      .filter((t) => f.deprecated === undefined || (t.deprecationMessage !== "") === f.deprecated)
      .filter(
        (t) =>
          f.hasAiTask === undefined ||
          (store.versions.get(t.activeVersionId)?.aiTaskAppSlug !== null) === f.hasAiTask,
      )
      .filter((t) => !f.authorId || t.createdBy === f.authorId)
      .sort(byName);
    return jsonResponse(
      200,
      list.map((t) => templateJson(store, t)),
    );
  });

  router.get("/api/v2/organizations/:organization/templates", (ctx) => {
    const org = orgParam(core, ctx);
    const list = [...store.templates.values()].filter((t) => t.orgId === org.id && !t.deleted).sort(byName);
    return jsonResponse(
      200,
      list.map((t) => templateJson(store, t)),
    );
  });

  router.get("/api/v2/organizations/:organization/templates/:templatename", (ctx) =>
    jsonResponse(200, templateJson(store, templateByName(core, ctx, orgParam(core, ctx)))),
  );

  router.post("/api/v2/organizations/:organization/templates", async (ctx) => {
    const org = orgParam(core, ctx);
    const template = createTemplate(core.env, ctx.actor(), org, await ctx.body());
    return jsonResponse(201, templateJson(store, template));
  });

  router.get("/api/v2/templates/:template", (ctx) =>
    jsonResponse(200, templateJson(store, templateParam(core, ctx))),
  );

  router.patch("/api/v2/templates/:template", async (ctx) => {
    const template = templateParam(core, ctx);
    if (!store.canManageTemplates(ctx.actor(), template.orgId)) throw forbidden();
    const body = await ctx.body();
    const struct = "codersdk.UpdateTemplateMeta";
    const name = field.string(body, "name", struct);
    if (name !== undefined && name !== template.name) {
      if (
        [...store.templates.values()].some(
          (t) => t.orgId === template.orgId && !t.deleted && sameName(t.name, name),
        )
      ) {
        throw coderError(409, `Template with name "${name}" already exists.`, undefined, [
          { field: "name", detail: "This value is already in use and should be unique." },
        ]);
      }
      template.name = name;
    }
    template.displayName = field.string(body, "display_name", struct) ?? template.displayName;
    template.description = field.string(body, "description", struct) ?? template.description;
    template.icon = field.string(body, "icon", struct) ?? template.icon;
    template.deprecationMessage =
      field.string(body, "deprecation_message", struct) ?? template.deprecationMessage;
    template.defaultTtlMs = field.number(body, "default_ttl_ms", struct) ?? template.defaultTtlMs;
    template.requireActiveVersion =
      field.boolean(body, "require_active_version", struct) ?? template.requireActiveVersion;
    template.allowUserCancelWorkspaceJobs =
      field.boolean(body, "allow_user_cancel_workspace_jobs", struct) ??
      template.allowUserCancelWorkspaceJobs;
    // `agents_allowed *bool`: left alone when omitted.
    template.agentsAllowed = field.boolean(body, "agents_allowed", struct) ?? template.agentsAllowed;
    template.updatedAt = nowIso();
    return jsonResponse(200, templateJson(store, template));
  });

  router.delete("/api/v2/templates/:template", (ctx) => {
    const template = templateParam(core, ctx);
    if (!store.canManageTemplates(ctx.actor(), template.orgId)) throw forbidden();
    // coderd counts every non-deleted workspace as the system user, not only those the caller sees.
    if ([...store.workspaces.values()].some((w) => w.templateId === template.id && !w.deleted)) {
      throw coderError(400, "All workspaces must be deleted before a template can be removed.");
    }
    template.deleted = true;
    template.updatedAt = nowIso();
    return jsonResponse(200, { message: "Template has been deleted!" });
  });

  router.get("/api/v2/templates/:template/versions", (ctx) => {
    const template = templateParam(core, ctx);
    const page = parsePagination(ctx.url);
    const includeArchived = ctx.url.searchParams.get("include_archived") === "true";
    const versions = [...store.versions.values()]
      .filter((v) => v.templateId === template.id && (includeArchived || !v.archived))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    return jsonResponse(
      200,
      paginate(versions, page).map((v) => versionJson(store, v)),
    );
  });

  router.patch("/api/v2/templates/:template/versions", async (ctx) => {
    const template = templateParam(core, ctx);
    if (!store.canManageTemplates(ctx.actor(), template.orgId)) throw forbidden();
    const id = field.string(await ctx.body(), "id", "codersdk.UpdateActiveTemplateVersion") ?? "";
    if (!id)
      throw validationFailed([
        { field: "id", detail: validationDetail("required", "00000000-0000-0000-0000-000000000000") },
      ]);
    const version = isUuid(id) ? store.versions.get(id.toLowerCase()) : undefined;
    if (!version) throw coderError(404, `Template version ${JSON.stringify(id)} not found.`);
    if (version.templateId !== template.id) {
      throw coderError(400, "The provided template version doesn't belong to the specified template.");
    }
    if (version.archived) throw coderError(400, "The provided template version is archived.");
    const job = store.jobs.get(version.jobId)!;
    if (job.status !== "succeeded") {
      throw coderError(
        400,
        "Only versions that have been built successfully can be promoted.",
        `Attempted to promote a version with a ${job.status} build`,
      );
    }
    template.activeVersionId = version.id;
    template.updatedAt = nowIso();
    return jsonResponse(200, { message: "Updated the active template version!" });
  });

  router.get("/api/v2/templates/:template/versions/:templateversionname", (ctx) => {
    const template = templateParam(core, ctx);
    const version = [...store.versions.values()].find(
      (v) => v.templateId === template.id && v.name === ctx.params.templateversionname,
    );
    if (!version) throw notFound();
    return jsonResponse(200, versionJson(store, version));
  });

  router.get(
    "/api/v2/organizations/:organization/templates/:templatename/versions/:templateversionname",
    (ctx) => {
      const template = templateByName(core, ctx, orgParam(core, ctx));
      const version = [...store.versions.values()].find(
        (v) => v.templateId === template.id && v.name === ctx.params.templateversionname,
      );
      if (!version) throw notFound();
      return jsonResponse(200, versionJson(store, version));
    },
  );
}
