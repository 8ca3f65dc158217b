import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/**
 * The import rules of DESIGN.md ("the house"), as data a test can check and a fixture can break.
 * Paths are relative to `src/`, with `/` separators.
 */

/** One source file and the specifiers it imports (static, re-exports and dynamic). */
export interface SourceImports {
  /** Path under src/, e.g. `tools/framework/call-tool.ts`. */
  file: string;
  /** Raw specifiers, relative (`../client/errors.js`) or bare (`zod`, `@modelcontextprotocol/sdk/...`). */
  imports: string[];
}

// Type-only imports count too: a type import still ties a layer to another's shape.
const IMPORT =
  /(?:^|\n)\s*(?:import|export)\b[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

/** Read every `.ts` file under `srcDir` with its import specifiers. */
export function readSourceImports(srcDir: string): SourceImports[] {
  const files = readdirSync(srcDir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
  return files.sort().map((file) => {
    const text = readFileSync(join(srcDir, file), "utf8");
    const imports = [...text.matchAll(IMPORT)].map((m) => (m[1] ?? m[2]) as string);
    return { file: file.split("\\").join("/"), imports };
  });
}

/**
 * The layer a file belongs to: `client`, `testing`, `workspace`, `tools/framework`, `tools/support`,
 * `tools/<family>`, `tools` (the catalogue and the tools entry), `adapters`, `server`, `proxy`,
 * `cli`, or `root` (the package entries and version).
 */
export function layerOf(file: string): string {
  const parts = file.split("/");
  const [top, second] = parts;
  if (parts.length === 1) return "root";
  if (top === "tools") return parts.length === 2 ? "tools" : `tools/${second}`;
  return top as string;
}

const SDKS = /^(?:@modelcontextprotocol\/|ai$|ai\/|@ai-sdk\/)/;
const DOORS = ["adapters", "server", "proxy", "cli"];

/** Which layers a layer may import besides itself; `undefined` means no restriction beyond rules 4 and 5. */
function allowedTargets(layer: string): readonly string[] | undefined {
  if (layer === "client" || layer === "testing") return ["root"]; // version.ts, for the User-Agent
  if (layer === "workspace") return ["client", "root"];
  if (layer === "tools/framework") return ["client", "workspace", "root"];
  if (layer === "tools/support") return ["tools/framework", "client", "workspace", "root"];
  if (layer.startsWith("tools/")) return ["tools/framework", "tools/support", "client", "workspace", "root"];
  return undefined;
}

/**
 * Every broken rule, as `file: imports specifier (rule)`. Rules:
 * 1. `client/` and `testing/` import nothing above them (only `version.ts` beside them).
 * 2. `tools/framework/` imports no tool family, no `tools/support/` and no catalogue.
 * 3. A tool family (and `tools/support/`) imports only the framework, support, the client and the
 *    workspace layer: never another family or the catalogue.
 * 4. Only adapters, server, proxy and cli import adapters, server, proxy or cli.
 * 5. Only adapters, server, proxy and cli import the MCP SDK or the AI SDK (`@modelcontextprotocol/*`,
 *    `ai`, `@ai-sdk/*`).
 */
export function checkLayering(sources: readonly SourceImports[]): string[] {
  const problems: string[] = [];
  for (const { file, imports } of sources) {
    const layer = layerOf(file);
    const isDoor = DOORS.includes(layer);
    for (const specifier of imports) {
      if (!specifier.startsWith(".")) {
        if (SDKS.test(specifier) && !isDoor) {
          problems.push(
            `${file}: imports ${specifier} (only ${DOORS.join(", ")} may load the MCP or AI SDK)`,
          );
        }
        continue;
      }
      const target = relative("/", resolve("/", dirname(file), specifier)).replace(/\.js$/, ".ts");
      const targetLayer = layerOf(target);
      if (targetLayer === layer) continue;
      if (DOORS.includes(targetLayer) && !isDoor) {
        problems.push(`${file}: imports ${specifier} (only ${DOORS.join(", ")} may import ${targetLayer})`);
        continue;
      }
      const allowed = allowedTargets(layer);
      if (allowed && !allowed.includes(targetLayer)) {
        problems.push(`${file}: imports ${specifier} (${layer} may import only ${allowed.join(", ")})`);
      }
    }
  }
  return problems;
}
