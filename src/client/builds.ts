import { z } from "zod";
import type { CallOptions, HttpCore } from "./http.js";
import { streamJsonArray } from "./json-stream.js";
import {
  type FollowLogsOptions,
  followLogStream,
  type LogRangeOptions,
  type LogStreamContext,
} from "./log-stream.js";
import { NameValue } from "./models/common.js";
import { isTerminalJobStatus, ProvisionerJobLog } from "./models/provisioner-job.js";
import { WorkspaceResource } from "./models/resource.js";
import { WorkspaceBuild } from "./models/workspace-build.js";
import { apiPath } from "./path.js";

/** Workspace build endpoints (`/workspacebuilds`). Create builds with `workspaces.createBuild`. */
export class BuildsApi {
  readonly #http: HttpCore;
  readonly #streams: LogStreamContext;

  /** @internal Created by {@link CoderClient}. */
  constructor(streams: LogStreamContext) {
    this.#http = streams.http;
    this.#streams = streams;
  }

  /** `GET /workspacebuilds/{id}`: one build with its job and resources. */
  get(buildId: string, options: CallOptions = {}): Promise<WorkspaceBuild> {
    return this.#http.json("GET", apiPath`/workspacebuilds/${buildId}`, WorkspaceBuild, {
      signal: options.signal,
    });
  }

  /** `GET /workspacebuilds/{id}/logs`: the build logs written so far (no waiting). */
  logs(buildId: string, options: LogRangeOptions = {}): Promise<ProvisionerJobLog[]> {
    const { after, before, signal } = options;
    return this.#http.json("GET", apiPath`/workspacebuilds/${buildId}/logs`, z.array(ProvisionerJobLog), {
      query: { after, before },
      signal,
    });
  }

  /**
   * `GET /workspacebuilds/{id}/logs`, read item by item while the body arrives: the same logs as
   * {@link logs} without holding them all, for builds whose logs run to many megabytes.
   */
  iterateLogs(buildId: string, options: LogRangeOptions = {}): AsyncGenerator<ProvisionerJobLog, void> {
    const { after, before, signal } = options;
    const path = apiPath`/workspacebuilds/${buildId}/logs`;
    return streamJsonArray(
      this.#http,
      { path, query: { after, before }, item: ProvisionerJobLog },
      { signal },
    );
  }

  /**
   * Follow the build logs over a WebSocket (`GET /workspacebuilds/{id}/logs?follow`): yields each
   * log as the provisioner writes it and ends when the build's job finishes. Where a proxy refuses
   * WebSockets, it polls `GET /workspacebuilds/{id}/logs?after=` until the job's status is terminal
   * (see {@link FollowLogsOptions.onFallback}).
   */
  followLogs(buildId: string, options: FollowLogsOptions = {}): AsyncGenerator<ProvisionerJobLog, void> {
    return followLogStream(
      this.#streams,
      {
        path: apiPath`/workspacebuilds/${buildId}/logs`,
        schema: ProvisionerJobLog,
        framing: "one",
        finished: async (signal) => isTerminalJobStatus((await this.get(buildId, { signal })).job.status),
      },
      options,
    );
  }

  /** `GET /workspacebuilds/{id}/resources`: the Terraform resources (and agents) of the build. */
  resources(buildId: string, options: CallOptions = {}): Promise<WorkspaceResource[]> {
    return this.#http.json(
      "GET",
      apiPath`/workspacebuilds/${buildId}/resources`,
      z.array(WorkspaceResource),
      {
        signal: options.signal,
      },
    );
  }

  /**
   * `GET /workspacebuilds/{id}/parameters`: the rich parameter values the build used
   * (`codersdk.WorkspaceBuildParameter[]`, `{ name, value }`).
   */
  parameters(buildId: string, options: CallOptions = {}): Promise<NameValue[]> {
    return this.#http.json("GET", apiPath`/workspacebuilds/${buildId}/parameters`, z.array(NameValue), {
      signal: options.signal,
    });
  }

  /** `PATCH /workspacebuilds/{id}/cancel`: ask the provisioner to stop a pending or running build. */
  async cancel(buildId: string, options: CallOptions = {}): Promise<void> {
    await this.#http.void("PATCH", apiPath`/workspacebuilds/${buildId}/cancel`, { signal: options.signal });
  }
}
