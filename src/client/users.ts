import { z } from "zod";
import type { CallOptions, HttpCore } from "./http.js";
import type { Pagination } from "./models/common.js";
import { Organization } from "./models/organization.js";
import { User, UsersResponse } from "./models/user.js";
import { type IterateOptions, paginate } from "./pagination.js";
import { apiPath } from "./path.js";

/** Filter and page for `GET /users`. */
export interface ListUsersOptions extends Pagination, CallOptions {
  /** Search query, e.g. `status:active role:owner alice` (bare words search names and emails). */
  q?: string;
}

/** Filter for iterating all users. */
export interface IterateUsersOptions extends IterateOptions {
  q?: string;
}

/** User endpoints (`/users`). A `user` argument is a UUID, a username, or `"me"`. */
export class UsersApi {
  readonly #http: HttpCore;

  /** @internal Created by {@link CoderClient}. */
  constructor(http: HttpCore) {
    this.#http = http;
  }

  /** `GET /users/me`: the user the token belongs to. */
  me(options: CallOptions = {}): Promise<User> {
    return this.get("me", options);
  }

  /** `GET /users/{user}`: one user by UUID, username, or `"me"`. */
  get(user: string, options: CallOptions = {}): Promise<User> {
    return this.#http.json("GET", apiPath`/users/${user}`, User, { signal: options.signal });
  }

  /** `GET /users`: one page of users and the total `count` matching `q`. */
  list(options: ListUsersOptions = {}): Promise<UsersResponse> {
    const { q, limit, offset, after_id, signal } = options;
    return this.#http.json("GET", "/users", UsersResponse, { query: { q, limit, offset, after_id }, signal });
  }

  /** Every user matching `q`, fetched page by page with `GET /users`. */
  iterate(options: IterateUsersOptions = {}): AsyncGenerator<User, void, undefined> {
    const { q, ...rest } = options;
    return paginate(async ({ offset, limit }, call) => {
      const page = await this.list({ q, offset, limit, ...call });
      return { items: page.users, count: page.count };
    }, rest);
  }

  /** `GET /users/{user}/organizations`: the organizations the user belongs to. */
  organizations(user: string, options: CallOptions = {}): Promise<Organization[]> {
    return this.#http.json("GET", apiPath`/users/${user}/organizations`, z.array(Organization), {
      signal: options.signal,
    });
  }
}
