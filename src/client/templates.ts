import { z } from "zod";
import { CoderResponseError } from "./errors.js";
import type { CallOptions, HttpCore } from "./http.js";
import { streamJsonArray } from "./json-stream.js";
import {
  type FollowLogsOptions,
  followLogStream,
  type LogRangeOptions,
  type LogStreamContext,
} from "./log-stream.js";
import type { Pagination } from "./models/common.js";
import { isTerminalJobStatus, ProvisionerJobLog } from "./models/provisioner-job.js";
import { type CreateTemplateRequest, Template } from "./models/template.js";
import {
  type CreateTemplateVersionRequest,
  Preset,
  TemplateVersion,
  TemplateVersionExternalAuth,
  TemplateVersionParameter,
  TemplateVersionVariable,
} from "./models/template-version.js";
import { apiPath } from "./path.js";

/** Filter for `GET /templates`. */
export interface ListTemplatesOptions extends CallOptions {
  /** Search query, e.g. `exact_name:docker`, `organization:acme`, `deprecated:false`. */
  q?: string;
}

/** Page for `GET /templates/{id}/versions`. */
export interface ListTemplateVersionsOptions extends Pagination, CallOptions {
  /** Include archived versions. */
  include_archived?: boolean;
}

/** Template and template-version endpoints (`/templates`, `/templateversions`). */
export class TemplatesApi {
  readonly #http: HttpCore;
  readonly #streams: LogStreamContext;

  /** @internal Created by {@link CoderClient}. */
  constructor(streams: LogStreamContext) {
    this.#http = streams.http;
    this.#streams = streams;
  }

  /** `GET /templates`: templates in every organization the caller can see, filtered by `q`. */
  list(options: ListTemplatesOptions = {}): Promise<Template[]> {
    return this.#http.json("GET", "/templates", z.array(Template), {
      query: { q: options.q },
      signal: options.signal,
    });
  }

  /**
   * `GET /templates`, read item by item while the body arrives. Coder does not page this endpoint
   * (it reads only `q`), so this is the way to look at the first few templates of a large
   * deployment without holding all of them: break out of the loop and the rest is not read.
   */
  iterate(options: ListTemplatesOptions = {}): AsyncGenerator<Template, void> {
    return streamJsonArray(
      this.#http,
      { path: "/templates", query: { q: options.q }, item: Template },
      { signal: options.signal },
    );
  }

  /** `GET /organizations/{org}/templates`: the templates of one organization (UUID or name). */
  listByOrganization(org: string, options: CallOptions = {}): Promise<Template[]> {
    return this.#http.json("GET", apiPath`/organizations/${org}/templates`, z.array(Template), {
      signal: options.signal,
    });
  }

  /** `GET /templates/{id}`: one template. */
  get(templateId: string, options: CallOptions = {}): Promise<Template> {
    return this.#http.json("GET", apiPath`/templates/${templateId}`, Template, { signal: options.signal });
  }

  /** `GET /organizations/{org}/templates/{name}`: one template by name (case-insensitive). */
  getByName(org: string, name: string, options: CallOptions = {}): Promise<Template> {
    return this.#http.json("GET", apiPath`/organizations/${org}/templates/${name}`, Template, {
      signal: options.signal,
    });
  }

  /** `POST /organizations/{org}/templates`: create a template from an imported version. */
  create(org: string, request: CreateTemplateRequest, options: CallOptions = {}): Promise<Template> {
    return this.#http.json("POST", apiPath`/organizations/${org}/templates`, Template, {
      json: request,
      signal: options.signal,
    });
  }

  /**
   * `DELETE /templates/{id}`. Coder refuses (a {@link CoderApiError}) while workspaces still use
   * the template.
   */
  async delete(templateId: string, options: CallOptions = {}): Promise<void> {
    await this.#http.void("DELETE", apiPath`/templates/${templateId}`, { signal: options.signal });
  }

  /** `PATCH /templates/{id}/versions`: make `versionId` the active version new workspaces use. */
  async updateActiveVersion(templateId: string, versionId: string, options: CallOptions = {}): Promise<void> {
    await this.#http.void("PATCH", apiPath`/templates/${templateId}/versions`, {
      json: { id: versionId },
      signal: options.signal,
    });
  }

  /** `GET /templates/{id}/versions`: one page of the template's versions. */
  versions(templateId: string, options: ListTemplateVersionsOptions = {}): Promise<TemplateVersion[]> {
    const { limit, offset, after_id, include_archived, signal } = options;
    return this.#http.json("GET", apiPath`/templates/${templateId}/versions`, z.array(TemplateVersion), {
      query: { limit, offset, after_id, include_archived },
      signal,
    });
  }

  /** `GET /templateversions/{id}`: one version, with its import job. */
  version(versionId: string, options: CallOptions = {}): Promise<TemplateVersion> {
    return this.#http.json("GET", apiPath`/templateversions/${versionId}`, TemplateVersion, {
      signal: options.signal,
    });
  }

  /**
   * `GET /templates/{id}/versions/{name}`: one version by name. Coder answers with a single object
   * (Go `TemplateVersionByName`); the swagger declares an array, so an array is accepted too and
   * its first element returned.
   */
  async versionByName(templateId: string, name: string, options: CallOptions = {}): Promise<TemplateVersion> {
    const path = apiPath`/templates/${templateId}/versions/${name}`;
    const data = await this.#http.json("GET", path, z.union([TemplateVersion, z.array(TemplateVersion)]), {
      signal: options.signal,
    });
    if (!Array.isArray(data)) return data;
    const first = data[0];
    if (!first) {
      throw new CoderResponseError({
        method: "GET",
        url: this.#http.url(path).href,
        problem: "empty array where a template version was expected",
      });
    }
    return first;
  }

  /**
   * `POST /organizations/{org}/templateversions`: upload-backed version. Defaults:
   * `storage_method: "file"`, `provisioner: "terraform"`, `tags: {}`. The import runs
   * asynchronously: poll {@link version} or follow {@link followVersionLogs}.
   */
  createVersion(
    org: string,
    request: CreateTemplateVersionRequest,
    options: CallOptions = {},
  ): Promise<TemplateVersion> {
    return this.#http.json("POST", apiPath`/organizations/${org}/templateversions`, TemplateVersion, {
      json: {
        ...request,
        storage_method: request.storage_method ?? "file",
        provisioner: request.provisioner ?? "terraform",
        tags: request.tags ?? {},
      },
      signal: options.signal,
    });
  }

  /** `GET /templateversions/{id}/rich-parameters`: the parameters a workspace build needs. */
  richParameters(versionId: string, options: CallOptions = {}): Promise<TemplateVersionParameter[]> {
    const path = apiPath`/templateversions/${versionId}/rich-parameters`;
    return this.#http.json("GET", path, z.array(TemplateVersionParameter), { signal: options.signal });
  }

  /** `GET /templateversions/{id}/presets`: named sets of parameter values. */
  presets(versionId: string, options: CallOptions = {}): Promise<Preset[]> {
    const path = apiPath`/templateversions/${versionId}/presets`;
    return this.#http.json("GET", path, z.array(Preset), { signal: options.signal });
  }

  /** `GET /templateversions/{id}/external-auth`: providers the caller must be signed in to. */
  externalAuth(versionId: string, options: CallOptions = {}): Promise<TemplateVersionExternalAuth[]> {
    const path = apiPath`/templateversions/${versionId}/external-auth`;
    return this.#http.json("GET", path, z.array(TemplateVersionExternalAuth), { signal: options.signal });
  }

  /** `GET /templateversions/{id}/variables`: the Terraform variables of the version. */
  variables(versionId: string, options: CallOptions = {}): Promise<TemplateVersionVariable[]> {
    const path = apiPath`/templateversions/${versionId}/variables`;
    return this.#http.json("GET", path, z.array(TemplateVersionVariable), { signal: options.signal });
  }

  /** `GET /templateversions/{id}/logs`: the import logs written so far (no waiting). */
  versionLogs(versionId: string, options: LogRangeOptions = {}): Promise<ProvisionerJobLog[]> {
    const { after, before, signal } = options;
    return this.#http.json("GET", apiPath`/templateversions/${versionId}/logs`, z.array(ProvisionerJobLog), {
      query: { after, before },
      signal,
    });
  }

  /**
   * `GET /templateversions/{id}/logs`, read item by item while the body arrives: the same logs as
   * {@link versionLogs} without holding them all.
   */
  iterateVersionLogs(
    versionId: string,
    options: LogRangeOptions = {},
  ): AsyncGenerator<ProvisionerJobLog, void> {
    const { after, before, signal } = options;
    const path = apiPath`/templateversions/${versionId}/logs`;
    return streamJsonArray(
      this.#http,
      { path, query: { after, before }, item: ProvisionerJobLog },
      { signal },
    );
  }

  /**
   * Follow the import logs over a WebSocket (`GET /templateversions/{id}/logs?follow`): yields each
   * log as it is written and ends when the import job finishes. Where a proxy refuses WebSockets,
   * it polls `GET /templateversions/{id}/logs?after=` until the job's status is terminal (see
   * {@link FollowLogsOptions.onFallback}).
   */
  followVersionLogs(
    versionId: string,
    options: FollowLogsOptions = {},
  ): AsyncGenerator<ProvisionerJobLog, void> {
    return followLogStream(
      this.#streams,
      {
        path: apiPath`/templateversions/${versionId}/logs`,
        schema: ProvisionerJobLog,
        framing: "one",
        finished: async (signal) =>
          isTerminalJobStatus((await this.version(versionId, { signal })).job.status),
      },
      options,
    );
  }
}
