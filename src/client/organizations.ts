import { z } from "zod";
import type { CallOptions, HttpCore } from "./http.js";
import { Organization, OrganizationMember } from "./models/organization.js";
import { apiPath } from "./path.js";

/** Organization endpoints (`/organizations`). An `org` argument is a UUID or a name. */
export class OrganizationsApi {
  readonly #http: HttpCore;

  /** @internal Created by {@link CoderClient}. */
  constructor(http: HttpCore) {
    this.#http = http;
  }

  /** `GET /organizations`: every organization the caller can see (newer servers). */
  list(options: CallOptions = {}): Promise<Organization[]> {
    return this.#http.json("GET", "/organizations", z.array(Organization), { signal: options.signal });
  }

  /** `GET /organizations/{org}`: one organization by UUID or name. */
  get(org: string, options: CallOptions = {}): Promise<Organization> {
    return this.#http.json("GET", apiPath`/organizations/${org}`, Organization, { signal: options.signal });
  }

  /** `GET /organizations/{org}/members`: the members with their user details and roles. */
  members(org: string, options: CallOptions = {}): Promise<OrganizationMember[]> {
    return this.#http.json("GET", apiPath`/organizations/${org}/members`, z.array(OrganizationMember), {
      signal: options.signal,
    });
  }
}
