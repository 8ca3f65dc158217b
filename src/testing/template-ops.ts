import {
  coderError,
  field,
  forbidden,
  type JsonObject,
  type ValidationError,
  validationDetail,
  validationFailed,
} from "./http-util.js";
import { normalizeParameter, normalizePreset } from "./parameters.js";
import type {
  JobRec,
  OrgRec,
  ParameterSpec,
  PresetSpec,
  ResourceSpec,
  TemplateRec,
  UserRec,
  VersionRec,
} from "./records.js";
import { specFromTar, type TemplateSpec } from "./template-spec.js";
import { isUuid, nameValid, newId, nowIso, randomName, sameName, ZERO_UUID } from "./util.js";
import type { OpsEnv } from "./workspace-ops.js";

/** Everything a template version carries besides its identity. */
export interface VersionContent {
  parameters?: ParameterSpec[];
  presets?: PresetSpec[];
  resources?: ResourceSpec[];
  aiTaskAppSlug?: string | null;
  readme?: string;
  failBuilds?: string | null;
  buildOutput?: string[];
  externalAuth?: VersionRec["externalAuth"];
}

/** What an upload without Terraform the fake understands builds: one container with one agent. */
export const DEFAULT_RESOURCES: ResourceSpec[] = [
  {
    type: "docker_container",
    name: "workspace",
    agents: [
      {
        name: "main",
        apps: [
          {
            slug: "code-server",
            displayName: "code-server",
            url: "http://localhost:13337/?folder=/home/coder",
            icon: "/icon/code.svg",
            healthcheck: { url: "http://localhost:13337/healthz", interval: 5, threshold: 6 },
          },
        ],
      },
    ],
  },
  { type: "docker_volume", name: "home_volume", persistent: true },
];

/** Inserts a version and its (pending, not yet queued) import job. */
export function insertVersion(
  env: OpsEnv,
  input: {
    org: OrgRec;
    templateId: string | null;
    name?: string;
    message?: string;
    createdBy: string;
    content: VersionContent;
    fileId?: string;
    failImport?: string | null;
  },
): VersionRec {
  const now = nowIso();
  const version: VersionRec = {
    id: newId(),
    templateId: input.templateId,
    orgId: input.org.id,
    name: input.name || randomName(),
    message: input.message ?? "",
    readme: input.content.readme ?? "",
    jobId: newId(),
    createdBy: input.createdBy,
    createdAt: now,
    updatedAt: now,
    archived: false,
    parameters: (input.content.parameters ?? []).map(normalizeParameter),
    presets: (input.content.presets ?? []).map((p) =>
      normalizePreset(p.name, p.parameters, {
        isDefault: p.default ?? false,
        description: p.description ?? "",
        icon: p.icon ?? "",
        desiredPrebuildInstances: p.desiredPrebuildInstances ?? null,
      }),
    ),
    resources: input.content.resources ?? DEFAULT_RESOURCES,
    externalAuth: input.content.externalAuth ?? [],
    aiTaskAppSlug: input.content.aiTaskAppSlug ?? null,
    failBuilds: input.content.failBuilds ?? null,
    ...(input.content.buildOutput ? { buildOutput: input.content.buildOutput } : {}),
  };
  const job: JobRec = {
    id: version.jobId,
    type: "template_version_import",
    status: "pending",
    createdAt: now,
    startedAt: null,
    completedAt: null,
    canceledAt: null,
    error: null,
    fileId: input.fileId ?? newId(),
    orgId: input.org.id,
    workerId: null,
    tags: { owner: "", scope: "organization" },
    logs: [],
    listeners: new Set(),
    failWith: input.failImport ?? null,
    step: 0,
    templateVersionId: version.id,
    buildId: null,
  };
  env.store.versions.set(version.id, version);
  env.store.jobs.set(job.id, job);
  return version;
}

/** The content of the template's active version, reused when an upload declares nothing. */
function inheritedContent(env: OpsEnv, templateId: string | null): VersionContent {
  const active = templateId
    ? env.store.versions.get(env.store.templates.get(templateId)!.activeVersionId)
    : undefined;
  if (!active) return {};
  return {
    parameters: active.parameters,
    presets: active.presets.map((p) => ({
      name: p.name,
      parameters: Object.fromEntries(p.parameters.map((x) => [x.name, x.value])),
      default: p.isDefault,
      description: p.description,
      icon: p.icon,
      ...(p.desiredPrebuildInstances === null
        ? {}
        : { desiredPrebuildInstances: p.desiredPrebuildInstances }),
    })),
    resources: active.resources,
    aiTaskAppSlug: active.aiTaskAppSlug,
    readme: active.readme,
  };
}

/** `POST /organizations/{org}/templateversions` (postTemplateVersionsByOrganization). */
export async function createVersion(
  env: OpsEnv,
  actor: UserRec,
  org: OrgRec,
  body: JsonObject,
): Promise<VersionRec> {
  const { store } = env;
  const struct = "codersdk.CreateTemplateVersionRequest";
  const templateIdRaw = field.string(body, "template_id", struct);
  const name = field.string(body, "name", struct) ?? "";
  const message = field.string(body, "message", struct) ?? "";
  const storage = field.string(body, "storage_method", struct) ?? "";
  const fileId = field.string(body, "file_id", struct) ?? "";
  const exampleId = field.string(body, "example_id", struct) ?? "";
  const provisioner = field.string(body, "provisioner", struct) ?? "";
  const validations: ValidationError[] = [];
  if (storage !== "file")
    validations.push({ field: "storage_method", detail: validationDetail("oneof", storage) });
  if (!fileId && !exampleId)
    validations.push({ field: "file_id", detail: validationDetail("required_without", ZERO_UUID) });
  if (!fileId && !exampleId)
    validations.push({ field: "example_id", detail: validationDetail("required_without", "") });
  if (provisioner !== "terraform" && provisioner !== "echo") {
    validations.push({ field: "provisioner", detail: validationDetail("oneof", provisioner) });
  }
  if (validations.length > 0) throw validationFailed(validations);
  if (!store.canManageTemplates(actor, org.id)) throw forbidden();
  let templateId: string | null = null;
  if (templateIdRaw && templateIdRaw !== ZERO_UUID) {
    const template = isUuid(templateIdRaw) ? store.templates.get(templateIdRaw.toLowerCase()) : undefined;
    if (!template || template.deleted || template.orgId !== org.id)
      throw coderError(404, "Template does not exist.");
    templateId = template.id;
    if (name && [...store.versions.values()].some((v) => v.templateId === templateId && v.name === name)) {
      throw coderError(
        409,
        `A template version with name "${name}" already exists for this template.`,
        undefined,
        [{ field: "name", detail: "This value is already in use and should be unique." }],
      );
    }
  }
  if (exampleId && !fileId) throw coderError(404, `Example not found by id "${exampleId}".`);
  const file = isUuid(fileId) ? store.files.get(fileId.toLowerCase()) : undefined;
  if (!file) throw coderError(404, "File not found.");
  let spec: TemplateSpec | null = null;
  let failImport: string | null = null;
  try {
    spec = await specFromTar(file.data);
  } catch (err) {
    failImport = `unpack template archive: ${(err as Error).message}`;
  }
  const content: VersionContent = spec
    ? {
        ...spec,
        ...(spec.resources.length === 0 ? { resources: inheritedContent(env, templateId).resources } : {}),
      }
    : inheritedContent(env, templateId);
  const version = insertVersion(env, {
    org,
    templateId,
    name,
    message,
    createdBy: actor.id,
    content,
    fileId: file.id,
    failImport: failImport ?? spec?.failImport ?? null,
  });
  env.provisioner.enqueue(store.jobs.get(version.jobId)!);
  return version;
}

/** `POST /organizations/{org}/templates` (postTemplateByOrganization). */
export function createTemplate(env: OpsEnv, actor: UserRec, org: OrgRec, body: JsonObject): TemplateRec {
  const { store } = env;
  const struct = "codersdk.CreateTemplateRequest";
  const name = field.string(body, "name", struct) ?? "";
  const versionId = field.string(body, "template_version_id", struct) ?? "";
  const validations: ValidationError[] = [];
  if (!nameValid(name)) validations.push({ field: "name", detail: validationDetail("template_name", name) });
  if (!versionId || versionId === ZERO_UUID) {
    validations.push({ field: "template_version_id", detail: validationDetail("required", ZERO_UUID) });
  }
  if (validations.length > 0) throw validationFailed(validations);
  if (!store.canManageTemplates(actor, org.id)) throw forbidden();
  if ([...store.templates.values()].some((t) => !t.deleted && t.orgId === org.id && sameName(t.name, name))) {
    throw coderError(409, `Template with name "${name}" already exists.`, undefined, [
      { field: "name", detail: "This value is already in use and should be unique." },
    ]);
  }
  const version = isUuid(versionId) ? store.versions.get(versionId.toLowerCase()) : undefined;
  if (!version || version.orgId !== org.id) {
    throw coderError(404, `Template version "${versionId}" not found.`, undefined, [
      { field: "template_version_id", detail: "Template version does not exist" },
    ]);
  }
  if (version.templateId)
    throw coderError(400, `Template version ${version.id} is already part of a template.`);
  const job = store.jobs.get(version.jobId)!;
  // Creating a template from a version that is still importing is allowed; a failed one is not.
  if (job.status === "failed" || job.status === "canceled") {
    throw coderError(
      400,
      "Only versions that have been built successfully can be promoted.",
      `Attempted to promote a version with a ${job.status} build`,
    );
  }
  const description = field.string(body, "description", struct) ?? "";
  if (description.length > 128) {
    throw validationFailed([{ field: "description", detail: validationDetail("lt", description) }]);
  }
  const now = nowIso();
  const template: TemplateRec = {
    id: newId(),
    orgId: org.id,
    name,
    displayName: field.string(body, "display_name", struct) ?? "",
    description,
    icon: field.string(body, "icon", struct) ?? "",
    activeVersionId: version.id,
    createdBy: actor.id,
    createdAt: now,
    updatedAt: now,
    deleted: false,
    deprecationMessage: "",
    defaultTtlMs: field.number(body, "default_ttl_ms", struct) ?? 0,
    activityBumpMs: field.number(body, "activity_bump_ms", struct) ?? 3_600_000,
    allowUserCancelWorkspaceJobs: field.boolean(body, "allow_user_cancel_workspace_jobs", struct) ?? true,
    requireActiveVersion: field.boolean(body, "require_active_version", struct) ?? false,
    // `agents_allowed *bool`: templates allow Coder Agents unless created with false.
    agentsAllowed: field.boolean(body, "agents_allowed", struct) ?? true,
  };
  store.templates.set(template.id, template);
  version.templateId = template.id;
  return template;
}
