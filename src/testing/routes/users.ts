import { orgJson, userJson } from "../convert.js";
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
import type { UserRec } from "../records.js";
import type { Router } from "../router.js";
import { containsFold, paginate, parsePagination, parseUserQuery } from "../search.js";
import { nameValid, newId, nowIso, sameName } from "../util.js";
import { userParam } from "./helpers.js";

/** Users and their organizations. */
export function registerUserRoutes(router: Router, core: FakeCore): void {
  const { store } = core;

  router.get("/api/v2/users", (ctx) => {
    const filter = parseUserQuery(ctx.url.searchParams.get("q") ?? "");
    const page = parsePagination(ctx.url);
    const matches = [...store.users.values()]
      .filter(
        (u) =>
          !filter.search || containsFold(u.username, filter.search) || containsFold(u.email, filter.search),
      )
      .filter((u) => !filter.name || containsFold(u.name, filter.name))
      .filter((u) => filter.status.length === 0 || filter.status.includes(u.status))
      .filter((u) => filter.roles.length === 0 || filter.roles.some((r) => u.siteRoles.includes(r)))
      .filter((u) => filter.loginTypes.length === 0 || filter.loginTypes.includes(u.loginType))
      .sort((a, b) => a.username.toLowerCase().localeCompare(b.username.toLowerCase()));
    return jsonResponse(200, {
      users: paginate(matches, page).map((u) => userJson(store, u)),
      count: matches.length,
    });
  });

  router.post("/api/v2/users", async (ctx) => {
    if (!store.isOwner(ctx.actor()) && !ctx.actor().siteRoles.includes("user-admin")) throw forbidden();
    const body = await ctx.body();
    const username = field.string(body, "username", "codersdk.CreateUserRequestWithOrgs") ?? "";
    const email = field.string(body, "email", "codersdk.CreateUserRequestWithOrgs") ?? "";
    const validations = [];
    if (!email.includes("@")) validations.push({ field: "email", detail: validationDetail("email", email) });
    if (!nameValid(username))
      validations.push({ field: "username", detail: validationDetail("username", username) });
    if (validations.length > 0) throw validationFailed(validations);
    if ([...store.users.values()].some((u) => sameName(u.username, username) || sameName(u.email, email))) {
      throw coderError(409, "User already exists.");
    }
    const now = nowIso();
    const user: UserRec = {
      id: newId(),
      username,
      email,
      name: field.string(body, "name", "codersdk.CreateUserRequestWithOrgs") ?? "",
      avatarUrl: "",
      createdAt: now,
      updatedAt: now,
      lastSeenAt: now,
      // coderd's CreateUser passes an empty status unless the request sets one, and the InsertUser
      // query (coderd/database/queries/users.sql) falls back with
      // COALESCE(NULLIF(@status::text, '')::user_status, 'dormant'): new users stay dormant until
      // they log in.
      status: "dormant",
      loginType: field.string(body, "login_type", "codersdk.CreateUserRequestWithOrgs") || "password",
      siteRoles: [],
    };
    store.users.set(user.id, user);
    const defaultOrg = [...store.orgs.values()].find((o) => o.isDefault);
    if (defaultOrg)
      store.members.push({
        userId: user.id,
        orgId: defaultOrg.id,
        roles: [],
        createdAt: now,
        updatedAt: now,
      });
    return jsonResponse(201, userJson(store, user));
  });

  router.get("/api/v2/users/:user", (ctx) => jsonResponse(200, userJson(store, userParam(core, ctx))));

  router.get("/api/v2/users/:user/organizations", (ctx) => {
    const user = userParam(core, ctx);
    const orgs = store.orgIdsOf(user.id).map((id) => orgJson(store.orgs.get(id)!));
    return jsonResponse(200, orgs);
  });

  router.get("/api/v2/users/:user/organizations/:organizationname", (ctx) => {
    const user = userParam(core, ctx);
    const org = store.findOrg(ctx.params.organizationname ?? "");
    if (!org || !store.isMember(user.id, org.id)) throw notFound();
    return jsonResponse(200, orgJson(org));
  });
}
