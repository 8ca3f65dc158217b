import {
  coderError,
  field,
  type JsonObject,
  type ValidationError,
  validationDetail,
  validationFailed,
} from "./http-util.js";
import { type BuildParameter, ParameterError, resolveParameters } from "./parameters.js";
import type { Provisioner } from "./provisioner.js";
import type { BuildRec, JobRec, TemplateRec, UserRec, VersionRec, WorkspaceRec } from "./records.js";
import type { Store } from "./store.js";
import { isUuid, nameValid, newId, nowIso, ZERO_UUID } from "./util.js";

/** What workspace and build operations need from the fake. */
export interface OpsEnv {
  store: Store;
  provisioner: Provisioner;
  /** One-shot failures queued by `fake.failNextBuild()`; null workspace = any. */
  pendingFailures: { workspaceId: string | null; error: string }[];
}

const STRUCT_WS = "codersdk.CreateWorkspaceRequest";
const STRUCT_BUILD = "codersdk.CreateWorkspaceBuildRequest";

/** Go's uuid.UUID UnmarshalText: a malformed id fails the JSON decode. */
function uuidField(body: JsonObject, key: string, struct: string): string | undefined {
  const value = field.string(body, key, struct);
  if (value === undefined || value === "") return undefined;
  if (!isUuid(value)) {
    const detail = value.length !== 36 ? `invalid UUID length: ${value.length}` : "invalid UUID format";
    throw coderError(400, "Request body must be valid JSON.", detail);
  }
  const lower = value.toLowerCase();
  return lower === ZERO_UUID ? undefined : lower;
}

/** schedule.Weekly's checks, enough to reject the schedules coderd rejects. */
export function validateSchedule(schedule: string): string | null {
  let spec = schedule.trim();
  if (spec.startsWith("CRON_TZ=")) {
    const space = spec.indexOf(" ");
    if (space < 0) return "parse schedule: missing schedule after CRON_TZ";
    spec = spec.slice(space + 1).trim();
  }
  const fields = spec.split(/\s+/);
  if (fields.length !== 5)
    return `parse schedule: expected exactly 5 fields, found ${fields.length}: ${JSON.stringify(fields)}`;
  if (fields[2] !== "*" || fields[3] !== "*") return "expected day-of-month and month values to be *";
  if (!/^[\d*,\-/]+$/.test(fields[0]!) || !/^[\d*,\-/]+$/.test(fields[1]!))
    return `parse schedule: failed to parse "${spec}"`;
  return null;
}

/** validWorkspaceTTLMillis: autostop must be at least a minute when set. */
export function validateTtl(ttlMs: number | undefined | null): string | null {
  if (ttlMs === undefined || ttlMs === null) return null;
  return ttlMs < 60_000 ? "time until shutdown must be at least one minute" : null;
}

function insertBuild(
  env: OpsEnv,
  ws: WorkspaceRec,
  input: {
    transition: BuildRec["transition"];
    version: VersionRec;
    parameters: BuildParameter[];
    presetId: string | null;
    initiatorId: string;
  },
): BuildRec {
  const { store } = env;
  const now = nowIso();
  const previous = store.buildsOf(ws.id);
  const failIndex = env.pendingFailures.findIndex((f) => f.workspaceId === null || f.workspaceId === ws.id);
  let failWith = input.transition === "start" ? input.version.failBuilds : null;
  if (failIndex >= 0) failWith = env.pendingFailures.splice(failIndex, 1)[0]!.error;
  const build: BuildRec = {
    id: newId(),
    workspaceId: ws.id,
    number: (previous[previous.length - 1]?.number ?? 0) + 1,
    transition: input.transition,
    templateVersionId: input.version.id,
    jobId: newId(),
    initiatorId: input.initiatorId,
    reason: "initiator",
    createdAt: now,
    updatedAt: now,
    deadline: null,
    maxDeadline: null,
    parameters: input.parameters,
    presetId: input.presetId,
    resources: [],
  };
  const job: JobRec = {
    id: build.jobId,
    type: "workspace_build",
    status: "pending",
    createdAt: now,
    startedAt: null,
    completedAt: null,
    canceledAt: null,
    error: null,
    // Builds run the template version's uploaded archive.
    fileId: store.jobs.get(input.version.jobId)?.fileId ?? newId(),
    orgId: ws.orgId,
    workerId: null,
    tags: { owner: "", scope: "organization" },
    logs: [],
    listeners: new Set(),
    failWith,
    step: 0,
    templateVersionId: input.version.id,
    buildId: build.id,
  };
  store.jobs.set(job.id, job);
  store.builds.set(build.id, build);
  ws.updatedAt = now;
  ws.lastUsedAt = now;
  return build;
}

/** wsbuilder's checkTemplateJobStatus. */
function checkVersionJob(store: Store, version: VersionRec): void {
  const job = store.jobs.get(version.jobId)!;
  if (job.status === "pending" || job.status === "running") {
    throw coderError(
      406,
      `The provided template version is ${job.status}. Wait for it to complete importing!`,
    );
  }
  if (job.status === "failed" || job.status === "canceled") {
    const msg = `The provided template version "${version.name}" has failed to import: "${job.error ?? ""}". You cannot build workspaces with it!`;
    throw coderError(400, msg, msg);
  }
}

/** Resolves parameters (preset values beat conflicting rich values) or throws wsbuilder's 400. */
function buildParameters(
  version: VersionRec,
  provided: BuildParameter[],
  previous: BuildParameter[],
  presetId: string | undefined,
): BuildParameter[] {
  let values = provided;
  if (presetId) {
    const preset = version.presets.find((p) => p.id === presetId);
    if (!preset) throw coderError(400, `Preset "${presetId}" not found for template version.`);
    values = [
      ...provided.filter((v) => !preset.parameters.some((p) => p.name === v.name)),
      ...preset.parameters,
    ];
  }
  try {
    return resolveParameters(version, values, previous);
  } catch (err) {
    if (err instanceof ParameterError)
      throw coderError(400, `Unable to validate parameter "${err.parameter}"`, err.message);
    throw err;
  }
}

/** coderd's requestTemplate: finds the template from template_id or template_version_id. */
function requestTemplate(store: Store, actor: UserRec, templateId?: string, versionId?: string): TemplateRec {
  let id = templateId;
  if (!id) {
    const version = versionId ? store.versions.get(versionId) : undefined;
    const visible = version?.templateId ? store.templates.get(version.templateId) : undefined;
    if (!version || !visible || !store.canReadTemplate(actor, visible)) {
      throw coderError(400, `Template version "${versionId ?? ZERO_UUID}" doesn't exist.`, undefined, [
        { field: "template_version_id", detail: "template not found" },
      ]);
    }
    if (version.archived) {
      throw coderError(500, "Archived template versions cannot be used to make a workspace.", undefined, [
        { field: "template_version_id", detail: "template version archived" },
      ]);
    }
    id = visible.id;
  }
  const template = store.templates.get(id);
  if (!template || !(store.isOwner(actor) || store.isMember(actor.id, template.orgId))) {
    throw coderError(400, `Template "${id}" doesn't exist.`, undefined, [
      { field: "template_id", detail: "template not found" },
    ]);
  }
  if (template.deleted) throw coderError(404, `Template "${template.name}" has been deleted!`);
  return template;
}

/** `POST /users/{user}/workspaces`: validates like coderd, then inserts the workspace and its first build. */
export function createWorkspace(env: OpsEnv, actor: UserRec, owner: UserRec, body: JsonObject): WorkspaceRec {
  const { store } = env;
  const templateId = uuidField(body, "template_id", STRUCT_WS);
  const versionId = uuidField(body, "template_version_id", STRUCT_WS);
  const name = field.string(body, "name", STRUCT_WS) ?? "";
  const provided = field.params(body, "rich_parameter_values", STRUCT_WS) ?? [];
  const presetId = uuidField(body, "template_version_preset_id", STRUCT_WS);
  const schedule = field.string(body, "autostart_schedule", STRUCT_WS);
  const ttlMs = field.number(body, "ttl_ms", STRUCT_WS);
  const automaticUpdates = field.string(body, "automatic_updates", STRUCT_WS);

  // go-playground/validator tags, in struct field order.
  const validations: ValidationError[] = [];
  if (templateId && versionId) {
    validations.push({ field: "template_id", detail: validationDetail("excluded_with", templateId) });
    validations.push({ field: "template_version_id", detail: validationDetail("excluded_with", versionId) });
  } else if (!templateId && !versionId) {
    validations.push({ field: "template_id", detail: validationDetail("required_without", ZERO_UUID) });
    validations.push({
      field: "template_version_id",
      detail: validationDetail("required_without", ZERO_UUID),
    });
  }
  if (!nameValid(name)) validations.push({ field: "name", detail: validationDetail("workspace_name", name) });
  if (validations.length > 0) throw validationFailed(validations);

  const template = requestTemplate(store, actor, templateId, versionId);
  if (owner.id !== actor.id && !store.isOwner(actor)) {
    throw coderError(
      403,
      "Unauthorized to create workspace.",
      "You are unable to create a workspace in this organization. It is possible to have access to the template, but not be able to create a workspace. Please contact an administrator about your permissions if you feel this is an error.",
    );
  }
  if (template.deprecationMessage) {
    throw coderError(
      400,
      `Template "${template.name}" has been deprecated, and cannot be used to create a new workspace.`,
      template.deprecationMessage,
    );
  }
  if (schedule) {
    const err = validateSchedule(schedule);
    if (err)
      throw coderError(400, "Invalid Autostart Schedule.", undefined, [{ field: "schedule", detail: err }]);
  }
  const ttlErr = validateTtl(ttlMs);
  if (ttlErr)
    throw coderError(400, "Invalid Workspace Time to Shutdown.", undefined, [
      { field: "ttl_ms", detail: ttlErr },
    ]);
  if (
    automaticUpdates !== undefined &&
    automaticUpdates !== "" &&
    automaticUpdates !== "always" &&
    automaticUpdates !== "never"
  ) {
    throw coderError(400, "Invalid Workspace Automatic Updates setting.", undefined, [
      { field: "automatic_updates", detail: `invalid automatic update value: "${automaticUpdates}"` },
    ]);
  }
  const clash = [...store.workspaces.values()].find(
    (w) => !w.deleted && w.ownerId === owner.id && w.name === name,
  );
  if (clash) {
    throw coderError(409, `Workspace "${name}" already exists.`, undefined, [
      { field: "name", detail: "This value is already in use and should be unique." },
    ]);
  }
  const version = store.versions.get(versionId ?? template.activeVersionId)!;
  if (version.templateId !== template.id) throw coderError(400, "template version doesn't match template");
  checkVersionJob(store, version);
  const parameters = buildParameters(version, provided, [], presetId);

  const now = nowIso();
  const ws: WorkspaceRec = {
    id: newId(),
    ownerId: owner.id,
    orgId: template.orgId,
    templateId: template.id,
    name,
    createdAt: now,
    updatedAt: now,
    lastUsedAt: now,
    autostartSchedule: schedule || null,
    ttlMs: ttlMs ?? (template.defaultTtlMs > 0 ? template.defaultTtlMs : null),
    deleted: false,
    automaticUpdates: automaticUpdates === "always" ? "always" : "never",
  };
  store.workspaces.set(ws.id, ws);
  const build = insertBuild(env, ws, {
    transition: "start",
    version,
    parameters,
    presetId: presetId ?? null,
    initiatorId: actor.id,
  });
  env.provisioner.enqueue(store.jobOf(build));
  return ws;
}

/** `POST /workspaces/{workspace}/builds`, following wsbuilder's order of checks. */
export function createBuild(env: OpsEnv, actor: UserRec, ws: WorkspaceRec, body: JsonObject): BuildRec {
  const { store } = env;
  const transition = field.string(body, "transition", STRUCT_BUILD) ?? "";
  const versionId = uuidField(body, "template_version_id", STRUCT_BUILD);
  const provided = field.params(body, "rich_parameter_values", STRUCT_BUILD) ?? [];
  const presetId = uuidField(body, "template_version_preset_id", STRUCT_BUILD);
  const logLevel = field.string(body, "log_level", STRUCT_BUILD);
  field.boolean(body, "orphan", STRUCT_BUILD);
  field.boolean(body, "dry_run", STRUCT_BUILD);

  const validations: ValidationError[] = [];
  if (transition !== "start" && transition !== "stop" && transition !== "delete") {
    validations.push({ field: "transition", detail: validationDetail("oneof", transition) });
  }
  if (logLevel && logLevel !== "debug")
    validations.push({ field: "log_level", detail: validationDetail("oneof", logLevel) });
  if (validations.length > 0) throw validationFailed(validations);
  if (logLevel && !store.isOwner(actor)) {
    throw coderError(400, "Workspace builds with a custom log level are restricted to administrators only.");
  }
  if (logLevel) throw coderError(400, "Terraform debug mode is disabled in the deployment configuration.");

  const template = store.templateOf(ws);
  const last = store.latestBuild(ws.id);
  let version: VersionRec;
  if (versionId) {
    const found = store.versions.get(versionId);
    if (!found) throw coderError(400, "template version does not exist");
    if (found.templateId !== template.id) throw coderError(400, "template version doesn't match template");
    version = found;
  } else {
    version = store.versions.get(last.templateVersionId)!;
  }
  checkVersionJob(store, version);
  const lastJob = store.jobOf(last);
  if (lastJob.status === "pending" || lastJob.status === "running" || lastJob.status === "canceling") {
    throw coderError(409, "A workspace build is already active.", "A workspace build is already active.");
  }
  const parameters = buildParameters(version, provided, last.parameters, presetId);
  const build = insertBuild(env, ws, {
    transition: transition as BuildRec["transition"],
    version,
    parameters,
    presetId: presetId ?? null,
    initiatorId: actor.id,
  });
  env.provisioner.enqueue(store.jobOf(build));
  return build;
}

/** Seed path: a workspace whose builds already ran, with no timers involved. */
export function seedWorkspace(
  env: OpsEnv,
  input: {
    owner: UserRec;
    template: TemplateRec;
    version: VersionRec;
    name: string;
    parameters: BuildParameter[];
    transitions: BuildRec["transition"][];
    failLast?: string;
  },
): WorkspaceRec {
  const { store } = env;
  const now = nowIso();
  const ws: WorkspaceRec = {
    id: newId(),
    ownerId: input.owner.id,
    orgId: input.template.orgId,
    templateId: input.template.id,
    name: input.name,
    createdAt: now,
    updatedAt: now,
    lastUsedAt: now,
    autostartSchedule: null,
    ttlMs: null,
    deleted: false,
    automaticUpdates: "never",
  };
  store.workspaces.set(ws.id, ws);
  // Seeds skip wsbuilder's HTTP errors but still validate the values.
  const params = resolveParameters(input.version, input.parameters, []);
  input.transitions.forEach((transition, i) => {
    const build = insertBuild(env, ws, {
      transition,
      version: input.version,
      parameters: params,
      presetId: null,
      initiatorId: input.owner.id,
    });
    const job = store.jobOf(build);
    if (i === input.transitions.length - 1 && input.failLast) job.failWith = input.failLast;
    env.provisioner.finishNow(job);
  });
  return ws;
}
