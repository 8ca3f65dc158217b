/**
 * Drives three fake deployments through every endpoint they implement and records each exchange:
 * a fast one (builds finish in milliseconds, so every flow completes), a frozen one (jobs never
 * leave `pending`, so in-progress shapes, 409s and 412s are deterministic), and one serving
 * current Coder's Coder Agents chats (where the Tasks API is gone).
 */
import { randomUUID } from "node:crypto";
import {
  createFakeCoder,
  type FakeCoder,
  type Task,
  type Template,
  type TemplateVersion,
  type User,
  type Workspace,
  type WorkspaceBuild,
} from "../../src/testing/index.js";
import { makeTar } from "../support/tar.js";

/** One request the scenario made, with the response as received. */
export interface Exchange {
  /** Which deployment served it. */
  deployment: "fast" | "frozen" | "chats";
  method: string;
  /** Concrete pathname, e.g. `/api/v2/workspaces/5b1e…`. */
  path: string;
  search: string;
  status: number;
  /** The status the scenario expected; undefined when any status is fine. */
  expected: number | undefined;
  contentType: string;
  /** The body as text when it is JSON, else empty (see `bytes`). */
  text: string;
  /** Body length in bytes. */
  bytes: number;
  /** Parsed JSON body; undefined when the body is empty or not JSON. */
  json: unknown;
  /** Set when the content type says JSON but the body does not parse. */
  jsonError?: string;
}

interface CallOptions {
  /** Session token; `null` sends none. Default: the owner's token. */
  token?: string | null;
  body?: unknown;
  raw?: Uint8Array;
  contentType?: string;
  expect?: number;
}

interface Result<T> {
  status: number;
  body: T;
}

class Driver {
  constructor(
    private readonly fake: FakeCoder,
    private readonly deployment: Exchange["deployment"],
    private readonly log: Exchange[],
  ) {}

  async call<T = unknown>(method: string, target: string, options: CallOptions = {}): Promise<Result<T>> {
    const headers: Record<string, string> = {};
    const token = options.token === undefined ? this.fake.owner.token : options.token;
    if (token !== null) headers["Coder-Session-Token"] = token;
    let body: BodyInit | undefined;
    if (options.raw) {
      body = new Uint8Array(options.raw);
      headers["Content-Type"] = options.contentType ?? "application/octet-stream";
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers["Content-Type"] = "application/json";
    }
    const res = await this.fake.fetch(target, { method, headers, ...(body !== undefined ? { body } : {}) });
    const contentType = res.headers.get("content-type") ?? "";
    const url = new URL(target, this.fake.url);
    const raw = new Uint8Array(await res.arrayBuffer());
    let text = "";
    let json: unknown;
    let jsonError: string | undefined;
    if (contentType.startsWith("application/json")) {
      text = new TextDecoder().decode(raw);
      if (text.trim() !== "") {
        try {
          json = JSON.parse(text) as unknown;
        } catch (err) {
          jsonError = (err as Error).message;
        }
      }
    }
    this.log.push({
      deployment: this.deployment,
      method,
      path: url.pathname,
      search: url.search,
      status: res.status,
      expected: options.expect,
      contentType,
      text,
      bytes: raw.byteLength,
      json,
      ...(jsonError ? { jsonError } : {}),
    });
    return { status: res.status, body: json as T };
  }

  get<T = unknown>(target: string, expect = 200, token?: string | null): Promise<Result<T>> {
    return this.call<T>("GET", target, { expect, ...(token !== undefined ? { token } : {}) });
  }
}

/** A template the fake's Terraform reader understands: parameters, a preset, an agent with an app. */
const MAIN_TF = `
data "coder_parameter" "size" {
  name         = "size"
  display_name = "Size"
  type         = "string"
  default      = "small"
  mutable      = true
  option {
    name  = "Small"
    value = "small"
  }
  option {
    name  = "Large"
    value = "large"
  }
}

data "coder_parameter" "replicas" {
  name    = "replicas"
  type    = "number"
  default = "1"
  validation {
    min = 1
    max = 3
  }
}

data "coder_workspace_preset" "small" {
  name = "Small"
  parameters = {
    "size" = "small"
  }
}

resource "coder_agent" "main" {
  os   = "linux"
  arch = "amd64"
  dir  = "/home/coder"
}

resource "coder_app" "code" {
  agent_id     = coder_agent.main.id
  slug         = "code-server"
  display_name = "code-server"
  url          = "http://localhost:13337"
  healthcheck {
    url       = "http://localhost:13337/healthz"
    interval  = 5
    threshold = 6
  }
}

resource "docker_container" "workspace" {
  image = "codercom/enterprise-base:ubuntu"
}

resource "docker_volume" "home" {
}
`;

const V2 = "/api/v2";

const firstAgentId = (ws: Workspace): string => {
  const agent = ws.latest_build.resources.flatMap((r) => r.agents ?? [])[0];
  if (!agent) throw new Error(`contract scenario: workspace ${ws.name} has no agent`);
  return agent.id;
};

/** Every endpoint of the fast deployment, in flows that complete. */
async function fastFlows(fake: FakeCoder, log: Exchange[]): Promise<void> {
  const d = new Driver(fake, "fast", log);
  const member = fake.member.token;

  // General.
  await d.get(`${V2}`, 200, null);
  await d.get(`${V2}/buildinfo`, 200, null);
  await d.get(`${V2}/applications/host`);

  // Users.
  await d.get<User>(`${V2}/users/me`);
  await d.get(`${V2}/users/alice`);
  await d.get(`${V2}/users/${fake.member.id}`, 200, member);
  await d.get(`${V2}/users`);
  await d.get(`${V2}/users?q=${encodeURIComponent("status:active")}&limit=1`);
  await d.call("POST", `${V2}/users`, {
    body: {
      email: "bob@coder.com",
      username: "bob",
      password: "SomeSecurePassword!1",
      organization_ids: [fake.organization.id],
    },
    expect: 201,
  });
  await d.call("POST", `${V2}/users`, { body: { email: "not-an-email", username: "" }, expect: 400 });
  await d.get(`${V2}/users/me/organizations`);
  await d.get(`${V2}/users/me/organizations/coder`);

  // Organizations and members.
  await d.get(`${V2}/organizations`);
  await d.get(`${V2}/organizations/coder`);
  await d.get(`${V2}/organizations/${fake.organization.id}`);
  await d.get(`${V2}/organizations/coder/members`);
  await d.get(`${V2}/organizations/coder/members/alice`);

  // API tokens.
  const token = await d.call<{ key: string }>("POST", `${V2}/users/me/keys/tokens`, {
    body: { token_name: "contract", lifetime: 24 * 3600 * 1e9 },
    expect: 201,
  });
  await d.call("POST", `${V2}/users/me/keys/tokens`, { body: { token_name: "contract" }, expect: 409 });
  const keyId = token.body.key.split("-")[0]!;
  await d.get(`${V2}/users/me/keys/tokens`);
  await d.get(`${V2}/users/me/keys/tokens?include_all=true`);
  await d.get(`${V2}/users/me/keys/tokens/tokenconfig`);
  await d.get(`${V2}/users/me/keys/tokens/contract`);
  await d.get(`${V2}/users/me/keys/${keyId}`);
  await d.call("DELETE", `${V2}/users/me/keys/${keyId}`, { expect: 204 });
  await d.get(`${V2}/users/me/keys/${keyId}`, 404);

  // Templates and the seeded versions.
  const templates = await d.get<Template[]>(`${V2}/templates`);
  const docker = templates.body.find((t) => t.name === "docker");
  if (!docker) throw new Error("contract scenario: no seeded docker template");
  await d.get(`${V2}/templates?q=${encodeURIComponent("deprecated:false")}`, 200, member);
  await d.get(`${V2}/organizations/coder/templates`);
  await d.get(`${V2}/organizations/coder/templates/docker`);
  await d.get(`${V2}/templates/${docker.id}`);
  await d.get(`${V2}/templates/${docker.id}/versions`);
  await d.get(`${V2}/templates/${docker.id}/versions/v1`);
  await d.get(`${V2}/organizations/coder/templates/docker/versions/v2`);
  const active = docker.active_version_id;
  await d.get(`${V2}/templateversions/${active}`);
  for (const sub of ["rich-parameters", "external-auth", "variables", "resources", "presets", "logs"]) {
    await d.get(`${V2}/templateversions/${active}/${sub}`);
  }

  // Files, a new version, a new template; promotion, archive, delete.
  const archive = await makeTar({ "main.tf": MAIN_TF, "README.md": "# Contract\n" });
  const upload = await d.call<{ hash: string }>("POST", `${V2}/files`, {
    raw: archive,
    contentType: "application/x-tar",
    expect: 201,
  });
  await d.call("POST", `${V2}/files`, { raw: archive, contentType: "application/x-tar", expect: 200 });
  await d.call("POST", `${V2}/files`, { raw: archive, contentType: "text/plain", expect: 400 });
  await d.get(`${V2}/files/${upload.body.hash}`);
  const fileId = upload.body.hash;
  const v1 = await d.call<TemplateVersion>("POST", `${V2}/organizations/coder/templateversions`, {
    body: { storage_method: "file", file_id: fileId, provisioner: "terraform", tags: {}, name: "contract-1" },
    expect: 201,
  });
  await d.call("POST", `${V2}/organizations/coder/templateversions`, {
    body: { storage_method: "nope", provisioner: "terraform", tags: {} },
    expect: 400,
  });
  await fake.idle();
  await d.get(`${V2}/templateversions/${v1.body.id}`);
  for (const sub of ["rich-parameters", "external-auth", "variables", "resources", "presets", "logs"]) {
    await d.get(`${V2}/templateversions/${v1.body.id}/${sub}`);
  }
  await d.call("PATCH", `${V2}/templateversions/${v1.body.id}`, {
    body: { message: "Contract test version" },
    expect: 200,
  });
  const created = await d.call<Template>("POST", `${V2}/organizations/coder/templates`, {
    body: { name: "contract", display_name: "Contract", template_version_id: v1.body.id },
    expect: 201,
  });
  const tpl = created.body.id;
  await d.call("PATCH", `${V2}/templates/${tpl}`, {
    body: { description: "Made by the contract test" },
    expect: 200,
  });
  await d.call("PATCH", `${V2}/templates/${tpl}`, {
    body: { description: "no" },
    token: member,
    expect: 403,
  });
  const v2 = await d.call<TemplateVersion>("POST", `${V2}/organizations/coder/templateversions`, {
    body: { storage_method: "file", file_id: fileId, provisioner: "terraform", tags: {}, template_id: tpl },
    expect: 201,
  });
  await fake.idle();
  await d.call("PATCH", `${V2}/templates/${tpl}/versions`, { body: {}, expect: 400 });
  await d.call("PATCH", `${V2}/templates/${tpl}/versions`, { body: { id: v2.body.id }, expect: 200 });
  await d.call("POST", `${V2}/templateversions/${v2.body.id}/archive`, { expect: 400 });
  await d.call("POST", `${V2}/templateversions/${v1.body.id}/archive`, { expect: 200 });
  await d.get(`${V2}/templates/${tpl}/versions?include_archived=true`);
  await d.call("POST", `${V2}/templateversions/${v1.body.id}/unarchive`, { expect: 200 });
  await d.call("DELETE", `${V2}/templates/${tpl}`, { expect: 200 });

  // Workspaces: lookups of the seeded ones.
  const list = await d.get<{ workspaces: Workspace[] }>(`${V2}/workspaces`);
  await d.get(`${V2}/workspaces?q=${encodeURIComponent("owner:me status:running")}`);
  await d.get(`${V2}/workspaces?limit=1&offset=1`, 200, member);
  await d.get(`${V2}/workspaces?q=${encodeURIComponent("bogus:key")}`, 400);
  const dev = list.body.workspaces.find((w) => w.name === "dev");
  if (!dev) throw new Error("contract scenario: no seeded workspace dev");
  await d.get(`${V2}/workspaces/${dev.id}`);
  await d.get(`${V2}/users/admin/workspace/dev`);
  await d.get(`${V2}/users/admin/workspace/k8s-lab`);
  await d.get(`${V2}/users/admin/workspace/dev/builds/1`);
  await d.get(`${V2}/users/admin/workspace/dev/builds/99`, 404);
  await d.get(`${V2}/users/admin/workspace/dev/builds/one`, 400);

  // Workspaces: create (both routes), schedule, builds, agents.
  const ws = await d.call<Workspace>("POST", `${V2}/users/me/workspaces`, {
    body: {
      name: "contract-ws",
      template_id: docker.id,
      rich_parameter_values: [{ name: "cpu", value: "4" }],
    },
    expect: 201,
  });
  await d.get(`${V2}/workspaces/${ws.body.id}`);
  await d.call("POST", `${V2}/organizations/coder/members/me/workspaces`, {
    body: { name: "contract-org-ws", template_version_id: active },
    expect: 201,
  });
  await d.call("POST", `${V2}/users/me/workspaces`, {
    body: { name: "not a valid name!", template_id: docker.id },
    expect: 400,
  });
  await fake.idle();
  const wsId = ws.body.id;
  await d.call("PUT", `${V2}/workspaces/${wsId}/autostart`, {
    body: { schedule: "CRON_TZ=Europe/Berlin 30 9 * * 1-5" },
    expect: 204,
  });
  await d.call("PUT", `${V2}/workspaces/${wsId}/autostart`, {
    body: { schedule: "every morning" },
    expect: 400,
  });
  await d.call("PUT", `${V2}/workspaces/${wsId}/ttl`, { body: { ttl_ms: 3_600_000 }, expect: 204 });
  await d.call("PUT", `${V2}/workspaces/${wsId}/ttl`, { body: { ttl_ms: 1 }, expect: 400 });
  const running = await d.get<Workspace>(`${V2}/workspaces/${wsId}`);
  await d.get(`${V2}/workspaces/${wsId}/builds`);
  const build = running.body.latest_build.id;
  await d.get(`${V2}/workspacebuilds/${build}`);
  await d.get(`${V2}/workspacebuilds/${build}/logs`);
  await d.get(`${V2}/workspacebuilds/${build}/logs?after=abc`, 400);
  await d.get(`${V2}/workspacebuilds/${build}/resources`);
  await d.get(`${V2}/workspacebuilds/${build}/parameters`);
  await d.get(`${V2}/workspacebuilds/${build}/state`);
  await d.call("PATCH", `${V2}/workspacebuilds/${build}/cancel`, { expect: 400 });
  const agentId = firstAgentId(running.body);
  await d.get(`${V2}/workspaceagents/${agentId}`);
  await d.get(`${V2}/workspaceagents/${agentId}/logs`);
  await d.get(`${V2}/workspaceagents/${agentId}/logs?after=-1`, 400);
  await d.get(`${V2}/workspaceagents/${agentId}/listening-ports`);
  await d.get(`${V2}/workspaceagents/${agentId}/connection`);
  await d.get(`${V2}/workspaceagents/connection`);
  // The terminal is a WebSocket (test/testing/terminal.test.ts); over plain HTTP coderd checks the
  // query, then fails to upgrade.
  await d.get(`${V2}/workspaceagents/${agentId}/pty`, 400);
  await d.get(`${V2}/workspaceagents/${agentId}/pty?reconnect=not-a-uuid`, 400);

  // The agent's own endpoints.
  const agentToken = fake.agentToken(wsId);
  const sourceId = randomUUID();
  await d.call("POST", `${V2}/workspaceagents/me/log-source`, {
    token: agentToken,
    body: { id: sourceId, display_name: "Contract", icon: "/icon/terminal.svg" },
    expect: 201,
  });
  await d.call("PATCH", `${V2}/workspaceagents/me/logs`, {
    token: agentToken,
    body: {
      log_source_id: sourceId,
      logs: [{ created_at: new Date().toISOString(), output: "hello from the contract test", level: "info" }],
    },
    expect: 200,
  });
  await d.call("PATCH", `${V2}/workspaceagents/me/logs`, {
    token: agentToken,
    body: { logs: [] },
    expect: 400,
  });
  await d.call("PATCH", `${V2}/workspaceagents/me/app-status`, {
    token: agentToken,
    body: { app_slug: "claude-code", state: "working", message: "Reading the code", uri: "" },
    expect: 200,
  });
  await d.call("PATCH", `${V2}/workspaceagents/me/app-status`, {
    token: agentToken,
    body: { app_slug: "claude-code", state: "sleeping", message: "", uri: "" },
    expect: 400,
  });
  await d.call("PATCH", `${V2}/workspaceagents/me/app-status`, {
    token: null,
    body: { app_slug: "claude-code", state: "working" },
    expect: 401,
  });
  await d.get(`${V2}/workspaceagents/${agentId}/logs`);
  await d.get(`${V2}/workspaceagents/${agentId}`);
  await d.get(`${V2}/workspaces/${wsId}`);

  // Build transitions: stop, a failing start, delete.
  await d.call("POST", `${V2}/workspaces/${wsId}/builds`, { body: { transition: "bogus" }, expect: 400 });
  await d.call<WorkspaceBuild>("POST", `${V2}/workspaces/${wsId}/builds`, {
    body: { transition: "stop" },
    expect: 201,
  });
  await fake.idle();
  const stopped = await d.get<Workspace>(`${V2}/workspaces/${wsId}`);
  await d.get(`${V2}/workspacebuilds/${stopped.body.latest_build.id}/resources`);
  await d.get(`${V2}/workspaceagents/${agentId}/listening-ports`, 400);
  fake.failNextBuild({ workspace: wsId, error: "terraform apply: exit status 1" });
  const failing = await d.call<WorkspaceBuild>("POST", `${V2}/workspaces/${wsId}/builds`, {
    body: { transition: "start" },
    expect: 201,
  });
  await fake.idle();
  await d.get(`${V2}/workspacebuilds/${failing.body.id}`);
  await d.get(`${V2}/workspacebuilds/${failing.body.id}/logs`);
  await d.get(`${V2}/workspaces/${wsId}/builds?limit=2`);
  await d.call("POST", `${V2}/workspaces/${wsId}/builds`, { body: { transition: "delete" }, expect: 201 });
  await fake.idle();
  await d.get(`${V2}/workspaces/${wsId}`, 410);
  await d.get(`${V2}/workspaces/${wsId}?include_deleted=true`);

  // Tasks (newer than the spec), as the member.
  const task = await d.call<Task>("POST", `${V2}/tasks/me`, {
    token: member,
    body: { template_version_id: active, input: "Fix the flaky test", name: "contract-task" },
    expect: 201,
  });
  await d.call("POST", `${V2}/tasks/me`, {
    token: member,
    body: { template_version_id: v1.body.id, input: "No AI task here" },
    expect: 400,
  });
  await d.get(`${V2}/tasks`, 200, member);
  await d.get(`${V2}/tasks/me/contract-task`, 200, member);
  await fake.idle();
  await d.get(`${V2}/tasks/alice/${task.body.id}`, 200, member);
  await d.call("POST", `${V2}/tasks/me/contract-task/send`, {
    token: member,
    body: { input: "Also update the docs" },
    expect: 204,
  });
  await d.get(`${V2}/tasks/me/contract-task/logs`, 200, member);
  await d.call("PATCH", `${V2}/tasks/me/contract-task/input`, {
    token: member,
    body: { input: "x" },
    expect: 409,
  });
  await d.call("POST", `${V2}/tasks/me/contract-task/pause`, { token: member, expect: 202 });
  await fake.idle();
  await d.get(`${V2}/tasks/me/contract-task`, 200, member);
  await d.get(`${V2}/tasks/me/contract-task/logs`, 200, member);
  await d.call("PATCH", `${V2}/tasks/me/contract-task/input`, {
    token: member,
    body: { input: "Fix the flaky test, then update the docs" },
    expect: 204,
  });
  await d.call("POST", `${V2}/tasks/me/contract-task/resume`, { token: member, expect: 202 });
  await fake.idle();
  await d.call("DELETE", `${V2}/tasks/me/contract-task`, { token: member, expect: 202 });
  await d.get(`${V2}/tasks/me/contract-task`, 404, member);
  await d.get("/api/experimental/tasks", 200, member);

  // Authentication and lookup errors.
  await d.get(`${V2}/users/me`, 401, null);
  await d.get(`${V2}/users/me`, 401, "not-a-token");
  await d.get(`${V2}/users/me`, 401, "abcdefghij-0123456789012345678901");
  await d.get(`${V2}/workspaces/${randomUUID()}`, 404);
  await d.get(`${V2}/workspaces/not-a-uuid`, 400);
  await d.get(`${V2}/files/not-a-uuid`, 400);
  await d.get(`${V2}/templates/${randomUUID()}`, 404, member);
  await d.get(`${V2}/users/nobody-here`, 404);
  await d.get(`${V2}/does-not-exist`, 404);
}

/** In-progress shapes: nothing ever leaves `pending` in this deployment. */
async function frozenFlows(fake: FakeCoder, log: Exchange[]): Promise<void> {
  const d = new Driver(fake, "frozen", log);
  const archive = await makeTar({ "main.tf": MAIN_TF });
  const upload = await d.call<{ hash: string }>("POST", `${V2}/files`, {
    raw: archive,
    contentType: "application/x-tar",
    expect: 201,
  });
  const version = await d.call<TemplateVersion>("POST", `${V2}/organizations/coder/templateversions`, {
    body: { storage_method: "file", file_id: upload.body.hash, provisioner: "terraform", tags: {} },
    expect: 201,
  });
  const id = version.body.id;
  await d.get(`${V2}/templateversions/${id}`);
  await d.get(`${V2}/templateversions/${id}/logs`);
  await d.get(`${V2}/templateversions/${id}/rich-parameters`, 412);
  await d.get(`${V2}/templateversions/${id}/resources`, 412);
  await d.call("PATCH", `${V2}/templateversions/${id}/cancel`, { expect: 200 });
  await d.get(`${V2}/templateversions/${id}`);
  await d.call("PATCH", `${V2}/templateversions/${id}/cancel`, { expect: 412 });

  const templates = await d.get<Template[]>(`${V2}/organizations/coder/templates`);
  const docker = templates.body.find((t) => t.name === "docker");
  if (!docker) throw new Error("contract scenario: no seeded docker template");
  const ws = await d.call<Workspace>("POST", `${V2}/users/me/workspaces`, {
    body: { name: "frozen", template_id: docker.id },
    expect: 201,
  });
  await d.get(`${V2}/workspaces/${ws.body.id}`);
  const build = ws.body.latest_build.id;
  await d.get(`${V2}/workspacebuilds/${build}`);
  await d.get(`${V2}/workspacebuilds/${build}/resources`);
  await d.call("POST", `${V2}/workspaces/${ws.body.id}/builds`, {
    body: { transition: "stop" },
    expect: 409,
  });
  await d.call("PATCH", `${V2}/workspacebuilds/${build}/cancel`, { expect: 200 });
  await d.get(`${V2}/workspacebuilds/${build}`);
  await d.get(`${V2}/workspaces/${ws.body.id}/builds`);

  const member = fake.member.token;
  await d.call("POST", `${V2}/tasks/me`, {
    token: member,
    body: {
      template_version_id: docker.active_version_id,
      input: "Write the release notes",
      name: "frozen-task",
    },
    expect: 201,
  });
  await d.get(`${V2}/tasks/me/frozen-task`, 200, member);
  await d.call("POST", `${V2}/tasks/me/frozen-task/send`, {
    token: member,
    body: { input: "hi" },
    expect: 409,
  });
  await d.get(`${V2}/tasks/me/frozen-task/logs`, 200, member);
  await d.get(`${V2}/tasks?q=${encodeURIComponent("status:pending")}`, 200, member);
}

/** Coder Agents chats on a current deployment: every chat route, as the member. */
async function chatFlows(fake: FakeCoder, log: Exchange[]): Promise<void> {
  const d = new Driver(fake, "chats", log);
  const member = fake.member.token;
  const org = fake.organization.id;
  const created = await d.call<{ id: string }>("POST", `${V2}/chats`, {
    token: member,
    body: {
      organization_id: org,
      content: [{ type: "text", text: "Write a report" }],
      labels: { team: "docs" },
    },
    expect: 201,
  });
  const id = created.body.id;
  await d.call("POST", `${V2}/chats`, { token: member, body: { content: [] }, expect: 400 });
  await d.call("POST", `${V2}/chats/${id}/messages`, {
    token: member,
    body: { content: [{ type: "text", text: "and a summary" }] },
    expect: 200,
  });
  await d.call("POST", `${V2}/chats/${id}/messages`, {
    token: member,
    body: { content: [{ type: "text", text: "x" }], busy_behavior: "later" },
    expect: 400,
  });
  await d.get(`${V2}/chats/${id}/messages`, 200, member);
  await d.get(`${V2}/chats/${id}/messages?limit=500`, 400, member);
  await fake.idle();
  await d.get(`${V2}/chats/${id}/messages?after_id=1&limit=2`, 200, member);
  await d.call("POST", `${V2}/chats/${id}/interrupt`, { token: member, expect: 200 });
  await d.get(`${V2}/chats`, 200, member);
  await d.get(`${V2}/chats?q=${encodeURIComponent("archived:false")}&label=team:docs&limit=5`, 200, member);
  await d.get(`${V2}/chats?q=report`, 400, member);
  await d.get(`${V2}/chats/${randomUUID()}`, 404, member);
  const chat = await d.get<{ files?: { id: string }[] }>(`${V2}/chats/${id}`, 200, member);
  const fileId = chat.body.files?.[0]?.id;
  if (!fileId) throw new Error("contract scenario: the chat agent attached no file");
  const link = await d.call<{ url: string }>("POST", `${V2}/chats/files/${fileId}/download-url`, {
    token: member,
    expect: 200,
  });
  await d.get(new URL(link.body.url).pathname + new URL(link.body.url).search, 200, null);
  await d.get(`${V2}/chats/files/${fileId}/download?token=1.forged`, 401, null);
  await d.get(`${V2}/chats/files/${fileId}`, 200, member);
  await d.call("PATCH", `${V2}/chats/${id}`, { token: member, body: { archived: true }, expect: 204 });
  await d.get(`${V2}/organizations/coder/chats/models`, 200, member);
  // Current Coder removed the Tasks API: its routes are unknown routes.
  await d.get(`${V2}/tasks`, 404, member);
}

/** Runs the deployments and returns every exchange in order. */
export async function runScenario(): Promise<Exchange[]> {
  const log: Exchange[] = [];
  // The fast and frozen deployments fake an older Coder that still serves the Tasks API.
  const fast = createFakeCoder({ agentApi: "tasks", buildStepMs: 1, appHost: "*.apps.coder.fake" });
  try {
    await fastFlows(fast, log);
  } finally {
    await fast.close();
  }
  const frozen = createFakeCoder({ agentApi: "tasks", buildStepMs: 3_600_000 });
  try {
    await frozenFlows(frozen, log);
  } finally {
    await frozen.close();
  }
  const chats = createFakeCoder({
    agentApi: "chats",
    buildStepMs: 1,
    chatReply: (prompt) => ({ text: `Done: ${prompt}`, files: [{ name: "report.md", data: "# Report\n" }] }),
  });
  try {
    await chatFlows(chats, log);
  } finally {
    await chats.close();
  }
  return log;
}
