import tar from "tar-stream";
import type { AgentSpec, AppSpec, ParameterSpec, PresetSpec, ResourceSpec } from "./records.js";

/** What an uploaded template declares, as far as the fake understands Terraform. */
export interface TemplateSpec {
  parameters: ParameterSpec[];
  presets: PresetSpec[];
  resources: ResourceSpec[];
  aiTaskAppSlug: string | null;
  readme: string;
  /** Import fails with this error (only settable through `fake-coder.json`). */
  failImport: string | null;
  failBuilds: string | null;
}

/** Reads every regular file of a tar archive as UTF-8 text. */
export async function readTar(data: Uint8Array): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const extract = tar.extract();
  const done = (async () => {
    for await (const entry of extract) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      if (!entry.header.type || entry.header.type === "file") {
        files.set(entry.header.name.replace(/^\.\//, ""), Buffer.concat(chunks).toString("utf8"));
      }
    }
  })();
  extract.end(Buffer.from(data));
  await done;
  return files;
}

interface Block {
  kind: string;
  type: string;
  label: string;
  attrs: Record<string, string>;
  blocks: { name: string; attrs: Record<string, string> }[];
}

/** Splits a block body into top-level `key = value` attributes and nested blocks. */
function parseBody(body: string): Pick<Block, "attrs" | "blocks"> {
  const attrs: Record<string, string> = {};
  const blocks: Block["blocks"] = [];
  let i = 0;
  while (i < body.length) {
    const rest = body.slice(i);
    const nested = /^\s*(\w+)\s*\{/.exec(rest);
    if (nested) {
      const start = i + nested[0].length;
      const end = matchBrace(body, start);
      blocks.push({ name: nested[1]!, attrs: parseBody(body.slice(start, end)).attrs });
      i = end + 1;
      continue;
    }
    const attr = /^\s*(\w+)\s*=\s*/.exec(rest);
    if (attr) {
      const valueStart = i + attr[0].length;
      let end = valueStart;
      if (body[valueStart] === "{") end = matchBrace(body, valueStart + 1) + 1;
      else while (end < body.length && body[end] !== "\n") end += 1;
      attrs[attr[1]!] = body.slice(valueStart, end).trim();
      i = end;
      continue;
    }
    const newline = body.indexOf("\n", i);
    i = newline < 0 ? body.length : newline + 1;
  }
  return { attrs, blocks };
}

/** Index of the `}` closing a block whose body starts at `start`, skipping strings. */
function matchBrace(text: string, start: number): number {
  let depth = 1;
  let quoted = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\\" && quoted) i += 1;
    else if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === "{") depth += 1;
    else if (!quoted && ch === "}" && --depth === 0) return i;
  }
  return text.length;
}

function parseBlocks(source: string): Block[] {
  const out: Block[] = [];
  const header = /(data|resource)\s+"([^"]+)"\s+"([^"]+)"\s*\{/g;
  for (let m = header.exec(source); m; m = header.exec(source)) {
    const start = m.index + m[0].length;
    const end = matchBrace(source, start);
    out.push({ kind: m[1]!, type: m[2]!, label: m[3]!, ...parseBody(source.slice(start, end)) });
    header.lastIndex = end;
  }
  return out;
}

/** A literal HCL value: strings are unquoted, anything else is returned as written. */
function literal(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const m = /^"((?:[^"\\]|\\.)*)"/.exec(value);
  return m ? m[1]!.replace(/\\"/g, '"').replace(/\\\\/g, "\\") : value.replace(/\s*(#|\/\/).*$/, "");
}

const bool = (value: string | undefined): boolean | undefined =>
  value === undefined ? undefined : literal(value) === "true";
const num = (value: string | undefined): number | undefined =>
  value === undefined ? undefined : Number(literal(value));

function parameterOf(block: Block): ParameterSpec {
  const a = block.attrs;
  const validation = block.blocks.find((b) => b.name === "validation")?.attrs ?? {};
  const type = (literal(a.type) ?? "string") as ParameterSpec["type"];
  return {
    name: literal(a.name) ?? block.label,
    display_name: literal(a.display_name),
    description: literal(a.description),
    type,
    default_value: a.default === undefined ? undefined : literal(a.default),
    mutable: bool(a.mutable) ?? false,
    ephemeral: bool(a.ephemeral),
    icon: literal(a.icon),
    required: a.default === undefined,
    options: block.blocks
      .filter((b) => b.name === "option")
      .map((o) => ({
        name: literal(o.attrs.name) ?? "",
        value: literal(o.attrs.value) ?? "",
        description: "",
        icon: "",
      })),
    validation_min: num(validation.min),
    validation_max: num(validation.max),
    validation_regex: literal(validation.regex),
    validation_error: literal(validation.error),
  };
}

/** Understands the handful of coder provider blocks a fake needs; other resources become plain resources. */
export function parseTerraform(files: Map<string, string>): TemplateSpec | null {
  const sources = [...files.entries()].filter(([name]) => name.endsWith(".tf")).map(([, text]) => text);
  if (sources.length === 0) return null;
  const blocks = sources.flatMap(parseBlocks);
  const agents = new Map<string, AgentSpec>();
  for (const b of blocks.filter((b) => b.kind === "resource" && b.type === "coder_agent")) {
    agents.set(b.label, {
      name: b.label,
      operatingSystem: literal(b.attrs.os) ?? "linux",
      architecture: literal(b.attrs.arch) ?? "amd64",
      directory: literal(b.attrs.dir),
      apps: [],
    });
  }
  const appSlugs = new Map<string, string>();
  for (const b of blocks.filter((b) => b.kind === "resource" && b.type === "coder_app")) {
    const agentName = /coder_agent\.(\w+)/.exec(b.attrs.agent_id ?? "")?.[1];
    const health = b.blocks.find((x) => x.name === "healthcheck")?.attrs;
    const app: AppSpec = {
      slug: literal(b.attrs.slug) ?? b.label,
      displayName: literal(b.attrs.display_name),
      url: literal(b.attrs.url),
      command: literal(b.attrs.command),
      icon: literal(b.attrs.icon),
      external: bool(b.attrs.external),
      subdomain: bool(b.attrs.subdomain),
      sharingLevel: (literal(b.attrs.share) as AppSpec["sharingLevel"]) ?? "owner",
      ...(health
        ? {
            healthcheck: {
              url: literal(health.url) ?? "",
              interval: num(health.interval) ?? 5,
              threshold: num(health.threshold) ?? 6,
            },
          }
        : {}),
    };
    appSlugs.set(b.label, app.slug);
    const agent = (agentName && agents.get(agentName)) || [...agents.values()][0];
    agent?.apps?.push(app);
  }
  const aiTask = blocks.find((b) => b.kind === "resource" && b.type === "coder_ai_task");
  const aiRef = aiTask ? /coder_app\.(\w+)/.exec(JSON.stringify(aiTask))?.[1] : undefined;
  const resources: ResourceSpec[] = blocks
    .filter((b) => b.kind === "resource" && !b.type.startsWith("coder_"))
    .map((b) => ({ type: b.type, name: b.label, persistent: /volume|disk|pvc|persistent/.test(b.type) }));
  const unattached = [...agents.values()];
  for (const resource of resources) {
    if (resource.persistent || unattached.length === 0) continue;
    resource.agents = unattached.splice(0);
  }
  if (unattached.length > 0) resources.push({ type: "null_resource", name: "workspace", agents: unattached });
  return {
    parameters: blocks.filter((b) => b.kind === "data" && b.type === "coder_parameter").map(parameterOf),
    presets: blocks
      .filter((b) => b.kind === "data" && b.type === "coder_workspace_preset")
      .map((b) => {
        const params: Record<string, string> = {};
        for (const m of (b.attrs.parameters ?? "").matchAll(/"?([\w-]+)"?\s*=\s*"([^"]*)"/g))
          params[m[1]!] = m[2]!;
        const instances = num(b.blocks.find((x) => x.name === "prebuilds")?.attrs.instances);
        return {
          name: literal(b.attrs.name) ?? b.label,
          parameters: params,
          default: bool(b.attrs.default),
          ...(instances !== undefined && Number.isFinite(instances)
            ? { desiredPrebuildInstances: instances }
            : {}),
        };
      }),
    resources,
    aiTaskAppSlug: aiTask ? (aiRef ? (appSlugs.get(aiRef) ?? null) : null) : null,
    readme: files.get("README.md") ?? "",
    failImport: null,
    failBuilds: null,
  };
}

/**
 * The spec of an uploaded template: `fake-coder.json` (a test hook) wins, then the Terraform
 * files; null when the archive declares nothing the fake understands.
 */
export async function specFromTar(data: Uint8Array): Promise<TemplateSpec | null> {
  const files = await readTar(data);
  const hook = files.get("fake-coder.json");
  const parsed = parseTerraform(files);
  if (!hook) return parsed;
  const json = JSON.parse(hook) as Partial<TemplateSpec>;
  return {
    parameters: json.parameters ?? parsed?.parameters ?? [],
    presets: json.presets ?? parsed?.presets ?? [],
    resources: json.resources ?? parsed?.resources ?? [],
    aiTaskAppSlug: json.aiTaskAppSlug ?? parsed?.aiTaskAppSlug ?? null,
    readme: json.readme ?? parsed?.readme ?? "",
    failImport: json.failImport ?? null,
    failBuilds: json.failBuilds ?? null,
  };
}
