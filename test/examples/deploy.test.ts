import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import type { ServeFlags } from "../../src/cli/commands/serve-options.js";
import { buildProgram } from "../../src/cli/program.js";
import { HEALTH_PATH } from "../../src/server/http/paths.js";

const root = resolve(import.meta.dirname, "../..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { name: string; version: string };

/** Parse `serve` arguments with the real command tree and return the flags its action would get. */
async function parseServe(args: string[]): Promise<ServeFlags> {
  let errors = "";
  const program = buildProgram({
    stdout: () => {},
    stderr: (t) => {
      errors += t;
    },
    host: undefined as never,
  });
  const serve = program.commands.find((c: Command) => c.name() === "serve")!;
  let flags: ServeFlags | undefined;
  serve.action((parsed: ServeFlags) => {
    flags = parsed;
  });
  try {
    await program.parseAsync(["serve", ...args], { from: "user" });
  } catch {
    throw new Error(`serve rejected ${args.join(" ")}: ${errors}`);
  }
  return flags!;
}

/** `npx --yes coder-toolsdk@<version>` (or `-y`): the package and version a command runs. */
function packageSpec(command: string[]): string | undefined {
  return command.find((part) => part.startsWith(`${pkg.name}@`));
}

interface Container {
  command: string[];
  args: string[];
  ports: { name: string; containerPort: number }[];
  readinessProbe: { httpGet: { path: string; port: string | number } };
  livenessProbe: { httpGet: { path: string; port: string | number } };
}

describe("examples/deploy/kubernetes.yaml", () => {
  const docs = parseAllDocuments(readFileSync(join(root, "examples/deploy/kubernetes.yaml"), "utf8")).map(
    (d) => {
      expect(d.errors).toEqual([]);
      return d.toJS() as { kind: string; spec: Record<string, never> };
    },
  );
  const byKind = (kind: string) => docs.find((d) => d.kind === kind);

  it("has a Deployment, a Service and a HorizontalPodAutoscaler that point at each other", () => {
    expect(docs.map((d) => d.kind)).toEqual(["Deployment", "Service", "HorizontalPodAutoscaler"]);
    const deployment = byKind("Deployment") as unknown as {
      metadata: { name: string };
      spec: {
        selector: { matchLabels: Record<string, string> };
        template: { metadata: { labels: Record<string, string> } };
      };
    };
    const service = byKind("Service") as unknown as {
      spec: { selector: Record<string, string>; ports: { targetPort: string }[] };
    };
    const hpa = byKind("HorizontalPodAutoscaler") as unknown as {
      spec: { scaleTargetRef: { kind: string; name: string } };
    };
    expect(service.spec.selector).toEqual(deployment.spec.template.metadata.labels);
    expect(deployment.spec.selector.matchLabels).toEqual(deployment.spec.template.metadata.labels);
    expect(hpa.spec.scaleTargetRef).toMatchObject({ kind: "Deployment", name: deployment.metadata.name });
    expect(service.spec.ports[0]?.targetPort).toBe("http");
  });

  it("runs this package's version of serve --http with flags the CLI has, on the port the probes use", async () => {
    const deployment = byKind("Deployment") as unknown as {
      spec: { template: { spec: { containers: Container[] } } };
    };
    const [container] = deployment.spec.template.spec.containers;
    expect(packageSpec(container!.command)).toBe(`${pkg.name}@${pkg.version}`);
    expect(container!.args[0]).toBe("serve");
    const flags = await parseServe(container!.args.slice(1));
    expect(flags).toMatchObject({ http: true, host: "0.0.0.0", allowedHosts: ["coder-mcp.example.com"] });
    const http = container!.ports.find((p) => p.name === "http");
    expect(flags.port).toBe(http?.containerPort);
    for (const probe of [container!.readinessProbe, container!.livenessProbe]) {
      expect(probe.httpGet).toEqual({ path: HEALTH_PATH, port: "http" });
    }
  });
});

describe("examples/coder-template/main.tf", () => {
  const tf = readFileSync(join(root, "examples/coder-template/main.tf"), "utf8");

  it("starts this package's serve and sets the slug the server reads, matching the coder_app", async () => {
    const args = /"args": (\[[^\]]*\])/.exec(tf)?.[1];
    const command = JSON.parse(args ?? "[]") as string[];
    expect(packageSpec(command)).toBe(`${pkg.name}@${pkg.version}`);
    const serveArgs = command.slice(command.indexOf("serve") + 1);
    await parseServe(serveArgs);
    const envNames = [...tf.matchAll(/name\s*=\s*"(CODER_[A-Z_]+)"/g)].map((m) => m[1]);
    expect(envNames).toEqual(["CODER_MCP_APP_STATUS_SLUG", "CODER_MCP_AI_AGENTAPI_URL"]);
    const program = buildProgram({ stdout: () => {}, stderr: () => {}, host: undefined as never });
    const serve = program.commands.find((c: Command) => c.name() === "serve")!;
    const declared = serve.options.map((o) => o.envVar);
    for (const name of envNames) expect(declared).toContain(name);
    expect(tf).toMatch(/slug\s*=\s*local\.agent_app_slug/);
    expect(tf).toMatch(/value\s*=\s*local\.agent_app_slug/);
  });
});
