import { buildJson, resourceJson } from "../convert-workspace.js";
import type { FakeCore } from "../core.js";
import { coderError, jsonResponse } from "../http-util.js";
import { followJob, logsAfter } from "../log-streams.js";
import type { Router } from "../router.js";
import { buildParam, jobLogAfter } from "./helpers.js";

/** `/workspacebuilds/{id}`: the build, its logs (JSON or live), resources, parameters, cancel. */
export function registerBuildRoutes(router: Router, core: FakeCore): void {
  const { store } = core;

  router.get("/api/v2/workspacebuilds/:workspacebuild", (ctx) =>
    jsonResponse(200, buildJson(store, buildParam(core, ctx))),
  );

  router.get(
    "/api/v2/workspacebuilds/:workspacebuild/logs",
    (ctx) => {
      const job = store.jobOf(buildParam(core, ctx));
      return jsonResponse(200, logsAfter(job.logs, jobLogAfter(ctx)));
    },
    { follow: (ctx) => followJob(store.jobOf(buildParam(core, ctx)), jobLogAfter(ctx)) },
  );

  router.get("/api/v2/workspacebuilds/:workspacebuild/resources", (ctx) =>
    jsonResponse(200, buildParam(core, ctx).resources.map(resourceJson)),
  );

  router.get("/api/v2/workspacebuilds/:workspacebuild/parameters", (ctx) =>
    jsonResponse(200, buildParam(core, ctx).parameters),
  );

  router.get("/api/v2/workspacebuilds/:workspacebuild/state", (ctx) => {
    buildParam(core, ctx);
    return new Response(new Uint8Array(0), { status: 200, headers: { "content-type": "application/json" } });
  });

  router.patch("/api/v2/workspacebuilds/:workspacebuild/cancel", (ctx) => {
    const build = buildParam(core, ctx);
    const ws = store.workspaces.get(build.workspaceId)!;
    if (!store.templateOf(ws).allowUserCancelWorkspaceJobs && !store.isOwner(ctx.actor())) {
      throw coderError(403, "User is not allowed to cancel workspace builds. Owner role is required.");
    }
    const job = store.jobOf(build);
    const expect = ctx.url.searchParams.get("expect_status");
    if (expect && expect !== job.status) {
      throw coderError(
        412,
        "Job is not in the expected state.",
        `Expected status "${expect}", but job is "${job.status}".`,
      );
    }
    if (job.completedAt) throw coderError(400, "Job has already completed!");
    if (job.canceledAt) throw coderError(400, "Job has already been marked as canceled!");
    core.provisioner.cancel(job);
    return jsonResponse(200, { message: "Job has been marked as canceled..." });
  });
}
