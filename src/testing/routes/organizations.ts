import { memberJson, orgJson } from "../convert.js";
import type { FakeCore } from "../core.js";
import { jsonResponse, notFound } from "../http-util.js";
import type { Router } from "../router.js";
import { orgParam, userParam } from "./helpers.js";

/** Organizations and their members. */
export function registerOrganizationRoutes(router: Router, core: FakeCore): void {
  const { store } = core;

  router.get("/api/v2/organizations", (ctx) => {
    const orgs = [...store.orgs.values()].filter((o) => store.canReadOrg(ctx.actor(), o));
    return jsonResponse(200, orgs.map(orgJson));
  });

  router.get("/api/v2/organizations/:organization", (ctx) => jsonResponse(200, orgJson(orgParam(core, ctx))));

  router.get("/api/v2/organizations/:organization/members", (ctx) => {
    const org = orgParam(core, ctx);
    const members = store.members.filter((m) => m.orgId === org.id).map((m) => memberJson(store, m));
    return jsonResponse(200, members);
  });

  router.get("/api/v2/organizations/:organization/members/:user", (ctx) => {
    const org = orgParam(core, ctx);
    const user = userParam(core, ctx);
    const member = store.members.find((m) => m.orgId === org.id && m.userId === user.id);
    if (!member) throw notFound();
    return jsonResponse(200, memberJson(store, member));
  });
}
