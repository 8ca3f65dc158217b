import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Command, Option } from "commander";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { buildProgram } from "../../src/cli/program.js";

const root = resolve(import.meta.dirname, "../..");
const serverJson: unknown = JSON.parse(readFileSync(join(root, "server.json"), "utf8"));
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as Record<string, unknown>;

// The fields of server.json as the MCP Registry documents them (server.schema.json, 2025-12-11
// revision: ServerDetail, RegistryPackage, StdioTransport, PositionalArgument, KeyValueInput), as
// strict objects so a misspelt or invented field fails here instead of at publish time.
const VERSION_RANGE = /^[\^~><=]|\.x$|\*|^latest$/;
const Input = {
  description: z.string().optional(),
  isRequired: z.boolean().optional(),
  format: z.enum(["string", "number", "boolean", "filepath"]).optional(),
  value: z.string().optional(),
  isSecret: z.boolean().optional(),
  default: z.string().optional(),
  placeholder: z.string().optional(),
  choices: z.array(z.string()).optional(),
};
const KeyValueInput = z.strictObject({ ...Input, name: z.string().min(1) });
const PositionalArgument = z.strictObject({
  ...Input,
  type: z.literal("positional"),
  valueHint: z.string().optional(),
  isRepeated: z.boolean().optional(),
});
const NamedArgument = z.strictObject({
  ...Input,
  type: z.literal("named"),
  name: z.string(),
  isRepeated: z.boolean().optional(),
});
const RegistryPackage = z.strictObject({
  registryType: z.enum(["npm", "pypi", "nuget"]),
  registryBaseUrl: z.url().optional(),
  identifier: z.string().min(1),
  version: z
    .string()
    .min(1)
    .refine((v) => !VERSION_RANGE.test(v), "a package version must be exact"),
  runtimeHint: z.string().optional(),
  transport: z.strictObject({ type: z.literal("stdio") }),
  runtimeArguments: z.array(z.union([PositionalArgument, NamedArgument])).optional(),
  packageArguments: z.array(z.union([PositionalArgument, NamedArgument])).optional(),
  environmentVariables: z.array(KeyValueInput).optional(),
});
const ServerDetail = z.strictObject({
  $schema: z.url(),
  name: z
    .string()
    .min(3)
    .max(200)
    .regex(/^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/),
  title: z.string().min(1).max(100).optional(),
  description: z.string().min(1).max(100),
  version: z
    .string()
    .max(255)
    .refine((v) => !VERSION_RANGE.test(v), "the server version must be exact"),
  repository: z
    .strictObject({
      url: z.url(),
      source: z.string(),
      id: z.string().optional(),
      subfolder: z.string().optional(),
    })
    .optional(),
  websiteUrl: z.url().optional(),
  packages: z.array(RegistryPackage).optional(),
});

/** Environment variables the serve command declares (commander's `env:`). */
function serveEnvNames(): string[] {
  const program = buildProgram({ stdout: () => {}, stderr: () => {}, host: undefined as never });
  const serve = program.commands.find((c: Command) => c.name() === "serve")!;
  return serve.options.map((o: Option) => o.envVar).filter((v): v is string => typeof v === "string");
}

describe("server.json for the MCP Registry", () => {
  const server = ServerDetail.parse(serverJson);

  it("uses only the registry's documented fields, within their limits", () => {
    expect(server.$schema).toBe(
      "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json",
    );
    expect(server.packages).toHaveLength(1);
  });

  it("matches package.json: mcpName (the registry's ownership check), name and version", () => {
    expect(pkg.mcpName).toBe(server.name);
    // GitHub-authenticated publishing requires the io.github.<owner>/ namespace of the repository.
    const owner = /github\.com\/([^/]+)\//.exec(String(server.repository?.url))?.[1];
    expect(server.name.startsWith(`io.github.${owner}/`)).toBe(true);
    const [npm] = server.packages!;
    expect(npm).toMatchObject({ registryType: "npm", identifier: pkg.name, version: pkg.version });
    expect(server.version).toBe(pkg.version);
  });

  it("starts the stdio server the bin really has, and lists only environment variables it reads", () => {
    const [npm] = server.packages!;
    expect(pkg.bin).toEqual({ "coder-toolsdk": "./dist/cli.js" });
    expect(npm!.packageArguments).toEqual([{ type: "positional", value: "serve" }]);
    const clientConfig = readFileSync(join(root, "src/client/config.ts"), "utf8");
    const readByClient = (name: string) => clientConfig.includes(`env.${name}`);
    const declared = serveEnvNames();
    for (const { name } of npm!.environmentVariables ?? []) {
      expect(
        declared.includes(name) || readByClient(name),
        `${name} is read by serve or the client config`,
      ).toBe(true);
    }
    const secrets = (npm!.environmentVariables ?? []).filter((v) => v.isSecret).map((v) => v.name);
    expect(secrets).toEqual(["CODER_SESSION_TOKEN", "CODER_AGENT_TOKEN"]);
  });
});
