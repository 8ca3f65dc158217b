import type {
  AgentLifecycle,
  AgentStatus,
  Organization,
  OrganizationMember,
  Task,
  Template,
  TemplateVersion,
  Workspace,
} from "./api-types.js";
import type { Chat, ChatModel, ChatModelProviderDescriptor } from "./api-types-chat.js";
import { memberJson, orgJson, templateJson, versionJson } from "./convert.js";
import { workspaceJson } from "./convert-workspace.js";
import type { FakeCore } from "./core.js";
import type {
  AgentRec,
  AppSpec,
  OrgRec,
  ParameterSpec,
  PresetSpec,
  ResourceSpec,
  TemplateRec,
  UserRec,
  VersionRec,
} from "./records.js";
import {
  type SeedChatInput,
  type SeedChatModelInput,
  type SeedChatProviderInput,
  seedChat,
  seedChatModel,
  seedChatProvider,
} from "./seed-chats.js";
import { createTask, taskJson } from "./tasks.js";
import { DEFAULT_RESOURCES, insertVersion, type VersionContent } from "./template-ops.js";
import { addMs, newApiKeyParts, newId, nowIso, sameName } from "./util.js";
import { createWorkspace, seedWorkspace } from "./workspace-ops.js";

/** A seeded user and a session token for it. */
export interface SeededUser {
  id: string;
  username: string;
  email: string;
  token: string;
}

/** A template version as seed helpers describe it. */
export interface SeedVersionInput {
  /** Version name; generated when omitted. */
  name?: string;
  message?: string;
  readme?: string;
  parameters?: ParameterSpec[];
  presets?: PresetSpec[];
  /** Full resource list; overrides `apps`. */
  resources?: ResourceSpec[];
  /** Shortcut: one container with one agent named `main` running these apps. */
  apps?: AppSpec[];
  /** Slug of the app a `coder_ai_task` points at: makes the version usable for tasks. */
  aiTaskApp?: string;
  /** Start builds of this version fail (with this message, or a generic one for `true`). */
  failBuilds?: string | boolean;
  /** The import job fails with this error. */
  failImport?: string;
  /**
   * Extra lines every start build of this version writes to its provisioner log while applying,
   * like a chatty Terraform or image build: a way to give builds long logs.
   */
  buildOutput?: string[];
  externalAuth?: VersionRec["externalAuth"];
}

/** A template with its first (active) version. */
export interface SeedTemplateInput extends SeedVersionInput {
  name: string;
  /** Organization id or name; the default organization when omitted. */
  organization?: string;
  displayName?: string;
  description?: string;
  icon?: string;
  /** Creator's id or username; the owner when omitted. */
  createdBy?: string;
  defaultTtlMs?: number;
  deprecationMessage?: string;
  /** Version name of the first version. */
  versionName?: string;
  /** Whether Coder Agents may create workspaces from the template (default true, as in Coder). */
  agentsAllowed?: boolean;
}

/** Workspace states a seed can produce without waiting. */
export type SeedWorkspaceState = "running" | "stopped" | "failed" | "starting";

/**
 * What the agents of a seeded running workspace report instead of `connected` and `ready`, e.g.
 * `{ lifecycleState: "start_error" }` or `{ status: "timeout" }`.
 */
export interface SeedAgentState {
  /** Agent name; every agent of the workspace when omitted. */
  name?: string;
  /** Connection status: `connecting`, `connected`, `disconnected` or `timeout`. */
  status?: AgentStatus;
  /**
   * Lifecycle state: `created`, `starting`, `start_timeout`, `start_error`, `ready`, … When only
   * `status` is given, agents that never connected (`connecting`, `timeout`) are `created`.
   */
  lifecycleState?: AgentLifecycle;
}

/** A workspace to seed. */
export interface SeedWorkspaceInput {
  /** Owner id or username. */
  owner: string;
  /** Template id or name. */
  template: string;
  name: string;
  /** `running` (default), `stopped`, `failed`, or `starting` (a live build that progresses on timers). */
  state?: SeedWorkspaceState;
  parameters?: Record<string, string>;
  /** Template version id or name; the active version when omitted. */
  version?: string;
  ttlMs?: number;
  /** Agent states of a `running` workspace (default: connected and ready). */
  agent?: SeedAgentState;
}

/** A task to seed; it starts like one created through the API. */
export interface SeedTaskInput {
  owner: string;
  prompt: string;
  /** Template id or name; the first template with an AI task when omitted. */
  template?: string;
  name?: string;
  displayName?: string;
}

const GENERIC_FAILURE = "terraform apply: exit status 1";

/** Lifecycle states reached after the startup scripts ended, when `ready_at` is set. */
const READY_AT_STATES = new Set<AgentLifecycle>(["ready", "start_timeout", "start_error"]);

/** Apps with a healthcheck are `initializing` again while their agent has not started. */
function resetAppHealth(agent: AgentRec): void {
  for (const app of agent.apps) if (app.spec.healthcheck) app.health = "initializing";
}

/** Seed helpers, shared by the default seed and `fake.seed`. */
export class Seeder {
  constructor(private readonly core: FakeCore) {}

  private get store() {
    return this.core.store;
  }

  /** The in-process base URL, for absolute links such as external-auth URLs. */
  get baseUrl(): string {
    return this.core.options.url;
  }

  // Record lookups are plumbing for the seed helpers below, not part of `fake.seed`.
  private userRec(ref: string): UserRec {
    const user = this.store.findUser(ref);
    if (!user) throw new Error(`fake coder: no user "${ref}"`);
    return user;
  }

  private orgRec(ref?: string): OrgRec {
    const org = ref ? this.store.findOrg(ref) : [...this.store.orgs.values()].find((o) => o.isDefault);
    if (!org) throw new Error(`fake coder: no organization "${ref ?? "(default)"}"`);
    return org;
  }

  private templateRec(ref: string): TemplateRec {
    const template =
      this.store.templates.get(ref) ??
      [...this.store.templates.values()].find((t) => !t.deleted && sameName(t.name, ref));
    if (!template) throw new Error(`fake coder: no template "${ref}"`);
    return template;
  }

  /** Adds an organization. */
  organization(input: {
    name: string;
    displayName?: string;
    description?: string;
    icon?: string;
    isDefault?: boolean;
  }): Organization {
    const now = nowIso();
    const org: OrgRec = {
      id: newId(),
      name: input.name,
      displayName: input.displayName ?? input.name,
      description: input.description ?? "",
      icon: input.icon ?? "",
      isDefault: input.isDefault ?? false,
      createdAt: now,
      updatedAt: now,
    };
    this.store.orgs.set(org.id, org);
    return orgJson(org);
  }

  /** Adds a user with a session token; members of the default organization unless told otherwise. */
  user(input: {
    username: string;
    email?: string;
    name?: string;
    roles?: string[];
    organizations?: string[];
    status?: UserRec["status"];
  }): SeededUser {
    const now = nowIso();
    const user: UserRec = {
      id: newId(),
      username: input.username,
      email: input.email ?? `${input.username}@coder.com`,
      name: input.name ?? "",
      avatarUrl: "",
      createdAt: now,
      updatedAt: now,
      lastSeenAt: now,
      status: input.status ?? "active",
      loginType: "password",
      siteRoles: input.roles ?? [],
    };
    this.store.users.set(user.id, user);
    for (const org of input.organizations ?? [this.orgRec().id]) this.membership(user.id, org);
    return { id: user.id, username: user.username, email: user.email, token: this.token(user.id, "session") };
  }

  /** Creates an API key for a user and returns the `<id>-<secret>` token. */
  token(userRef: string, loginType: "session" | "token" = "token", tokenName = ""): string {
    const user = this.userRec(userRef);
    const { id, secret } = newApiKeyParts();
    const now = nowIso();
    const lifetimeMs = 30 * 24 * 3_600_000;
    this.store.apiKeys.set(id, {
      id,
      secret,
      userId: user.id,
      tokenName: loginType === "token" ? tokenName || `token-${id.toLowerCase()}` : "",
      scope: "all",
      loginType: loginType === "token" ? "token" : "password",
      lifetimeSeconds: lifetimeMs / 1000,
      createdAt: now,
      updatedAt: now,
      expiresAt: addMs(now, lifetimeMs),
      lastUsed: now,
    });
    return `${id}-${secret}`;
  }

  /** Makes a user a member of an organization. */
  membership(userRef: string, orgRef: string, roles: string[] = []): OrganizationMember {
    const user = this.userRec(userRef);
    const org = this.orgRec(orgRef);
    let member = this.store.members.find((m) => m.userId === user.id && m.orgId === org.id);
    if (!member) {
      const now = nowIso();
      member = { userId: user.id, orgId: org.id, roles, createdAt: now, updatedAt: now };
      this.store.members.push(member);
    } else {
      member.roles = roles;
    }
    return memberJson(this.store, member);
  }

  private content(input: SeedVersionInput): VersionContent {
    const resources =
      input.resources ??
      (input.apps
        ? [
            { type: "docker_container", name: "workspace", agents: [{ name: "main", apps: input.apps }] },
            DEFAULT_RESOURCES[1]!,
          ]
        : undefined);
    return {
      parameters: input.parameters ?? [],
      presets: input.presets ?? [],
      ...(resources ? { resources } : {}),
      aiTaskAppSlug: input.aiTaskApp ?? null,
      readme: input.readme ?? "",
      failBuilds: input.failBuilds === true ? GENERIC_FAILURE : input.failBuilds || null,
      ...(input.buildOutput ? { buildOutput: input.buildOutput } : {}),
      externalAuth: input.externalAuth ?? [],
    };
  }

  private finishedVersion(
    org: OrgRec,
    templateId: string | null,
    createdBy: string,
    input: SeedVersionInput & { name?: string },
  ): VersionRec {
    const version = insertVersion(this.core.env, {
      org,
      templateId,
      name: input.name,
      message: input.message,
      createdBy,
      content: this.content(input),
      failImport: input.failImport ?? null,
    });
    this.core.provisioner.finishNow(this.store.jobs.get(version.jobId)!);
    return version;
  }

  /** Adds a template whose first version has already imported. */
  template(input: SeedTemplateInput): { template: Template; version: TemplateVersion } {
    const org = this.orgRec(input.organization);
    const creator = input.createdBy
      ? this.userRec(input.createdBy)
      : [...this.store.users.values()].find((u) => this.store.isOwner(u))!;
    const version = this.finishedVersion(org, null, creator.id, { ...input, name: input.versionName });
    const now = nowIso();
    const template: TemplateRec = {
      id: newId(),
      orgId: org.id,
      name: input.name,
      displayName: input.displayName ?? "",
      description: input.description ?? "",
      icon: input.icon ?? "",
      activeVersionId: version.id,
      createdBy: creator.id,
      createdAt: now,
      updatedAt: now,
      deleted: false,
      deprecationMessage: input.deprecationMessage ?? "",
      defaultTtlMs: input.defaultTtlMs ?? 0,
      activityBumpMs: 3_600_000,
      allowUserCancelWorkspaceJobs: true,
      requireActiveVersion: false,
      agentsAllowed: input.agentsAllowed ?? true,
    };
    this.store.templates.set(template.id, template);
    version.templateId = template.id;
    return { template: templateJson(this.store, template), version: versionJson(this.store, version) };
  }

  /** Adds an imported version to a template; `activate` promotes it. */
  templateVersion(templateRef: string, input: SeedVersionInput & { activate?: boolean }): TemplateVersion {
    const template = this.templateRec(templateRef);
    const version = this.finishedVersion(
      this.store.orgs.get(template.orgId)!,
      template.id,
      template.createdBy,
      input,
    );
    if (input.activate) template.activeVersionId = version.id;
    return versionJson(this.store, version);
  }

  /** Adds a workspace in the given state; agents of running workspaces are connected and ready. */
  workspace(input: SeedWorkspaceInput): Workspace {
    const owner = this.userRec(input.owner);
    const template = this.templateRec(input.template);
    const version = input.version
      ? [...this.store.versions.values()].find(
          (v) => v.templateId === template.id && (v.id === input.version || v.name === input.version),
        )
      : this.store.versions.get(template.activeVersionId);
    if (!version) throw new Error(`fake coder: no version "${input.version}" of template "${template.name}"`);
    const parameters = Object.entries(input.parameters ?? {}).map(([name, value]) => ({ name, value }));
    const state = input.state ?? "running";
    if (input.agent && state !== "running") {
      throw new Error(`fake coder: agent states can only be seeded on running workspaces, not "${state}"`);
    }
    if (state === "starting") {
      const ws = createWorkspace(this.core.env, owner, owner, {
        name: input.name,
        template_version_id: version.id,
        rich_parameter_values: parameters,
        ...(input.ttlMs ? { ttl_ms: input.ttlMs } : {}),
      });
      return workspaceJson(this.store, ws);
    }
    const ws = seedWorkspace(this.core.env, {
      owner,
      template,
      version,
      name: input.name,
      parameters,
      transitions: state === "stopped" ? ["start", "stop"] : ["start"],
      ...(state === "failed" ? { failLast: version.failBuilds ?? GENERIC_FAILURE } : {}),
    });
    ws.ttlMs = input.ttlMs ?? null;
    if (input.agent) this.agentState(ws.id, input.agent);
    return workspaceJson(this.store, ws);
  }

  /**
   * Adds `count` workspaces like {@link workspace}, named `<namePrefix>-1` … `<namePrefix>-<count>`
   * (prefix `ws` unless given), e.g. to measure listing at scale. Returns them in that order.
   *
   * @example
   * ```ts
   * fake.seed.workspaces(5_000, { owner: "alice", template: "docker", state: "stopped" });
   * ```
   */
  workspaces(count: number, input: Omit<SeedWorkspaceInput, "name"> & { namePrefix?: string }): Workspace[] {
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new Error(`fake coder: seed.workspaces count must be a whole number ≥ 0, got ${String(count)}`);
    }
    const { namePrefix = "ws", ...rest } = input;
    const out: Workspace[] = [];
    for (let n = 1; n <= count; n += 1) out.push(this.workspace({ ...rest, name: `${namePrefix}-${n}` }));
    return out;
  }

  /** Puts the agents of a running workspace into the given state, with timestamps to match. */
  private agentState(workspaceId: string, state: SeedAgentState): void {
    const agents = this.store
      .currentAgents(workspaceId)
      .filter((a) => state.name === undefined || a.name === state.name);
    if (agents.length === 0) throw new Error(`fake coder: no agent "${state.name ?? ""}" to seed a state on`);
    const now = nowIso();
    for (const agent of agents) {
      const status = state.status ?? agent.status;
      const neverConnected = status === "connecting" || status === "timeout";
      const lifecycle = state.lifecycleState ?? (neverConnected ? "created" : agent.lifecycle);
      agent.status = status;
      agent.lifecycle = lifecycle;
      agent.updatedAt = now;
      if (neverConnected) {
        agent.firstConnectedAt = null;
        agent.lastConnectedAt = null;
      }
      agent.disconnectedAt = status === "disconnected" ? now : null;
      agent.startedAt = lifecycle === "created" ? null : (agent.startedAt ?? now);
      // coderd sets ready_at once the startup scripts end, successfully or not.
      agent.readyAt = READY_AT_STATES.has(lifecycle) ? (agent.readyAt ?? now) : null;
      if (lifecycle === "created" || lifecycle === "starting") resetAppHealth(agent);
    }
  }

  /** Adds a task; its workspace builds on timers like one created through the API. */
  task(input: SeedTaskInput): Task {
    const owner = this.userRec(input.owner);
    const template = input.template
      ? this.templateRec(input.template)
      : [...this.store.templates.values()].find(
          (t) => !t.deleted && this.store.versions.get(t.activeVersionId)?.aiTaskAppSlug,
        );
    if (!template) throw new Error("fake coder: no template with an AI task");
    const task = createTask(this.core.env, owner, owner, {
      template_version_id: template.activeVersionId,
      input: input.prompt,
      ...(input.name ? { name: input.name } : {}),
      ...(input.displayName ? { display_name: input.displayName } : {}),
    });
    return taskJson(this.store, task);
  }

  /** Adds an AI provider to an organization's chat model picker. */
  chatProvider(input: SeedChatProviderInput): ChatModelProviderDescriptor {
    return seedChatProvider(this.core, this.orgRec(input.organization), input);
  }

  /** Adds a chat model config to an organization (its provider too, when new). */
  chatModel(input: SeedChatModelInput): ChatModel {
    return seedChatModel(this.core, this.orgRec(input.organization), input);
  }

  /** Adds a chat; with a prompt, the simulated agent starts working on it at once. */
  chat(input: SeedChatInput): Chat {
    return seedChat(this.core, this.userRec(input.owner), this.orgRec(input.organization), input);
  }
}
