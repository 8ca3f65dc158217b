import type { FakeCore } from "../core.js";
import { jsonResponse } from "../http-util.js";
import type { Router } from "../router.js";

/** Deployment-wide routes: build info, the API root and the app host. */
export function registerGeneralRoutes(router: Router, core: FakeCore): void {
  router.get("/api/v2", () => jsonResponse(200, { message: "👋" }), { auth: "none" });

  router.get(
    "/api/v2/buildinfo",
    (ctx) =>
      jsonResponse(200, {
        external_url: "https://github.com/coder/coder/commit/fa4e7c2b",
        version: "v2.26.0+fa4e7c2",
        dashboard_url: ctx.url.origin,
        workspace_proxy: false,
        agent_api_version: "2.6",
        provisioner_api_version: "1.9",
        upgrade_message: "",
        deployment_id: core.store.deploymentId,
      }),
    { auth: "none" },
  );

  router.get("/api/v2/applications/host", () => jsonResponse(200, { host: core.options.appHost }));
}
