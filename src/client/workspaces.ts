import { z } from "zod";
import type { CallOptions, HttpCore } from "./http.js";
import type { Pagination } from "./models/common.js";
import { type CreateWorkspaceRequest, Workspace, WorkspacesResponse } from "./models/workspace.js";
import { type CreateWorkspaceBuildRequest, WorkspaceBuild } from "./models/workspace-build.js";
import { type IterateOptions, paginate } from "./pagination.js";
import { apiPath } from "./path.js";

/** Filter and page for `GET /workspaces`. */
export interface ListWorkspacesOptions extends CallOptions {
  /** Search query, e.g. `owner:me status:running`, `template:docker`, `alice/dev`. */
  q?: string;
  limit?: number;
  offset?: number;
}

/** Filter for iterating all workspaces. */
export interface IterateWorkspacesOptions extends IterateOptions {
  q?: string;
}

/** Options for getting one workspace. */
export interface GetWorkspaceOptions extends CallOptions {
  /** Return a deleted workspace instead of a 404. */
  include_deleted?: boolean;
}

/** Page for `GET /workspaces/{id}/builds`. */
export interface ListBuildsOptions extends Pagination, CallOptions {
  /** Only builds created after this RFC 3339 time. */
  since?: string;
}

/** Workspace endpoints (`/workspaces`, `/users/{user}/workspace…`). */
export class WorkspacesApi {
  readonly #http: HttpCore;

  /** @internal Created by {@link CoderClient}. */
  constructor(http: HttpCore) {
    this.#http = http;
  }

  /** `GET /workspaces`: one page of workspaces and the total `count` matching `q`. */
  list(options: ListWorkspacesOptions = {}): Promise<WorkspacesResponse> {
    const { q, limit, offset, signal } = options;
    return this.#http.json("GET", "/workspaces", WorkspacesResponse, { query: { q, limit, offset }, signal });
  }

  /** Every workspace matching `q`, fetched page by page with `GET /workspaces`. */
  iterate(options: IterateWorkspacesOptions = {}): AsyncGenerator<Workspace, void, undefined> {
    const { q, ...rest } = options;
    return paginate(async ({ offset, limit }, call) => {
      const page = await this.list({ q, offset, limit, ...call });
      return { items: page.workspaces, count: page.count };
    }, rest);
  }

  /** `GET /workspaces/{id}`: one workspace with its latest build, resources and agents. */
  get(workspaceId: string, options: GetWorkspaceOptions = {}): Promise<Workspace> {
    return this.#http.json("GET", apiPath`/workspaces/${workspaceId}`, Workspace, {
      query: { include_deleted: options.include_deleted || undefined },
      signal: options.signal,
    });
  }

  /** `GET /users/{owner}/workspace/{name}`: one workspace by owner (username, UUID or `me`) and name. */
  getByOwnerAndName(owner: string, name: string, options: GetWorkspaceOptions = {}): Promise<Workspace> {
    return this.#http.json("GET", apiPath`/users/${owner}/workspace/${name}`, Workspace, {
      query: { include_deleted: options.include_deleted || undefined },
      signal: options.signal,
    });
  }

  /**
   * `POST /users/{user}/workspaces`: create a workspace for `user` (`me` for yourself). The first
   * build starts at once; the returned workspace's `latest_build` is usually still pending.
   */
  create(user: string, request: CreateWorkspaceRequest, options: CallOptions = {}): Promise<Workspace> {
    return this.#http.json("POST", apiPath`/users/${user}/workspaces`, Workspace, {
      json: request,
      signal: options.signal,
    });
  }

  /** `GET /workspaces/{id}/builds`: one page of builds, newest first. */
  builds(workspaceId: string, options: ListBuildsOptions = {}): Promise<WorkspaceBuild[]> {
    const { limit, offset, after_id, since, signal } = options;
    return this.#http.json("GET", apiPath`/workspaces/${workspaceId}/builds`, z.array(WorkspaceBuild), {
      query: { limit, offset, after_id, since },
      signal,
    });
  }

  /**
   * `POST /workspaces/{id}/builds`: start, stop or delete the workspace. Returns the new build;
   * follow its logs with `builds.followLogs(build.id)`.
   */
  createBuild(
    workspaceId: string,
    request: CreateWorkspaceBuildRequest,
    options: CallOptions = {},
  ): Promise<WorkspaceBuild> {
    return this.#http.json("POST", apiPath`/workspaces/${workspaceId}/builds`, WorkspaceBuild, {
      json: request,
      signal: options.signal,
    });
  }

  /**
   * `PUT /workspaces/{id}/autostart`: set the autostart schedule
   * (`CRON_TZ=<tz> <min> <hour> * * <dow>`), or `null` to turn autostart off.
   */
  async updateAutostart(
    workspaceId: string,
    schedule: string | null,
    options: CallOptions = {},
  ): Promise<void> {
    await this.#http.void("PUT", apiPath`/workspaces/${workspaceId}/autostart`, {
      // Coder reads a missing schedule as "off".
      json: schedule === null ? {} : { schedule },
      signal: options.signal,
    });
  }

  /** `PUT /workspaces/{id}/ttl`: set the autostop delay in ms, or `null` to turn autostop off. */
  async updateTtl(workspaceId: string, ttlMs: number | null, options: CallOptions = {}): Promise<void> {
    await this.#http.void("PUT", apiPath`/workspaces/${workspaceId}/ttl`, {
      json: { ttl_ms: ttlMs },
      signal: options.signal,
    });
  }
}
