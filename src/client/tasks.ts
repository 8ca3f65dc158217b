import type { CallOptions, HttpCore } from "./http.js";
import { streamJsonItems } from "./json-stream.js";
import {
  type CreateTaskRequest,
  Task,
  TaskLogEntry,
  TaskLogsResponse,
  TasksResponse,
} from "./models/task.js";
import { apiPath } from "./path.js";

/** Filter for `GET /api/v2/tasks`. */
export interface ListTasksOptions extends CallOptions {
  /** e.g. `owner:me status:active`, `organization:acme`. */
  q?: string;
}

const TaskLogsMeta = TaskLogsResponse.pick({ snapshot: true, snapshot_at: true });

/**
 * AI task endpoints (stable `/api/v2/tasks`). `user` is a username, UUID or `me`; `task` is a task
 * UUID or name.
 */
export class TasksApi {
  readonly #http: HttpCore;

  /** @internal Created by {@link CoderClient}. */
  constructor(http: HttpCore) {
    this.#http = http;
  }

  /** `GET /api/v2/tasks`: tasks matching `q` and their total `count`. */
  list(options: ListTasksOptions = {}): Promise<TasksResponse> {
    return this.#http.json("GET", "/tasks", TasksResponse, {
      query: { q: options.q },
      signal: options.signal,
    });
  }

  /**
   * `GET /api/v2/tasks`, read task by task while the body arrives. Coder does not page this
   * endpoint (its `count` is the number of tasks sent), so this is the way to look at the first
   * few tasks without holding all of them: break out of the loop and the rest is not read.
   */
  async *iterate(options: ListTasksOptions = {}): AsyncGenerator<Task, void> {
    yield* streamJsonItems(
      this.#http,
      { path: "/tasks", query: { q: options.q }, item: Task, key: "tasks" },
      { signal: options.signal },
    );
  }

  /** `POST /api/v2/tasks/{user}`: start a task; its workspace is built in the background. */
  create(user: string, request: CreateTaskRequest, options: CallOptions = {}): Promise<Task> {
    return this.#http.json("POST", apiPath`/tasks/${user}`, Task, { json: request, signal: options.signal });
  }

  /** `GET /api/v2/tasks/{user}/{task}`: one task by UUID or name. */
  get(user: string, task: string, options: CallOptions = {}): Promise<Task> {
    return this.#http.json("GET", apiPath`/tasks/${user}/${task}`, Task, { signal: options.signal });
  }

  /** `DELETE /api/v2/tasks/{user}/{task}`: Coder accepts (202) and deletes the task's workspace. */
  async delete(user: string, task: string, options: CallOptions = {}): Promise<void> {
    await this.#http.void("DELETE", apiPath`/tasks/${user}/${task}`, { signal: options.signal });
  }

  /** `POST /api/v2/tasks/{user}/{task}/send`: send text to the task's AI agent (204). */
  async send(user: string, task: string, input: string, options: CallOptions = {}): Promise<void> {
    await this.#http.void("POST", apiPath`/tasks/${user}/${task}/send`, {
      json: { input },
      signal: options.signal,
    });
  }

  /** `PATCH /api/v2/tasks/{user}/{task}/input`: replace the task's prompt (204). */
  async updateInput(user: string, task: string, input: string, options: CallOptions = {}): Promise<void> {
    await this.#http.void("PATCH", apiPath`/tasks/${user}/${task}/input`, {
      json: { input },
      signal: options.signal,
    });
  }

  /**
   * `GET /api/v2/tasks/{user}/{task}/logs`, read message by message while the body arrives. The
   * generator's return value (seen with `next()`, not `for await`) holds `snapshot` and
   * `snapshot_at`, which Coder sends after the messages.
   */
  async *iterateLogs(
    user: string,
    task: string,
    options: CallOptions = {},
  ): AsyncGenerator<TaskLogEntry, Pick<TaskLogsResponse, "snapshot" | "snapshot_at">, undefined> {
    const path = apiPath`/tasks/${user}/${task}/logs`;
    const rest = yield* streamJsonItems(
      this.#http,
      { path, item: TaskLogEntry, key: "logs" },
      { signal: options.signal },
    );
    const meta = TaskLogsMeta.safeParse(rest);
    // The messages were valid; odd extra members are not worth failing the read for.
    return meta.success ? { snapshot: meta.data.snapshot, snapshot_at: meta.data.snapshot_at } : {};
  }

  /** `GET /api/v2/tasks/{user}/{task}/logs`: the conversation between the user and the AI agent. */
  logs(user: string, task: string, options: CallOptions = {}): Promise<TaskLogsResponse> {
    return this.#http.json("GET", apiPath`/tasks/${user}/${task}/logs`, TaskLogsResponse, {
      signal: options.signal,
    });
  }
}
