/**
 * Renders docs/tools.md from the tool catalogue (src/tools/catalog.ts), so the catalogue never drifts from the code.
 * `npm run docs:tools` writes it; test/tools/docs.test.ts fails when the committed file is stale.
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { allTools, toolInputJsonSchema, toolsets } from "../src/tools/index.js";

interface PropertySchema {
  type?: string | string[];
  description?: string;
  enum?: unknown[];
  default?: unknown;
  anyOf?: PropertySchema[];
}

function typeOf(schema: PropertySchema): string {
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(" \\| ");
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(" \\| ");
  return Array.isArray(schema.type) ? schema.type.join(" \\| ") : (schema.type ?? "any");
}

function hints(annotations: (typeof allTools)[number]["annotations"]): string {
  if (annotations.readOnlyHint) return "read-only";
  if (annotations.destructiveHint) return "destructive";
  return "mutation";
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
}

/** The markdown catalogue of every registered tool. */
export function renderToolsDoc(): string {
  const out: string[] = [
    "# Tools",
    "",
    "Generated from the tool catalogue by `npm run docs:tools`; do not edit by hand.",
    "",
    `${allTools.length} tools in ${toolsets.length} toolsets. Names, input fields and required sets follow Coder's Go`,
    "`codersdk/toolsdk`; outputs are compact objects (see each description).",
    "",
    "The standard selection (`standardTools`, what a server offers by default) is every toolset marked",
    "*standard* below.",
    "",
    "| Toolset | Title | Standard | Tools |",
    "| --- | --- | --- | --- |",
    ...toolsets.map(
      (set) =>
        `| [\`${set.id}\`](#toolset-${set.id}) | ${set.title} | ${set.standard ? "yes" : "no"} | ${set.tools.length} |`,
    ),
    "",
  ];
  for (const set of toolsets) {
    out.push(
      `## Toolset \`${set.id}\``,
      "",
      `**${set.title}.** ${set.description}${set.standard ? "" : " Not in the standard selection."}`,
      "",
      `> ${set.instructions}`,
      "",
    );
    for (const tool of set.tools as readonly (typeof allTools)[number][]) {
      const schema = toolInputJsonSchema(tool);
      const required = new Set((schema.required ?? []) as string[]);
      out.push(
        `### \`${tool.name}\` — ${tool.title}`,
        "",
        `*${hints(tool.annotations)}*`,
        "",
        tool.description,
        "",
      );
      const properties = Object.entries((schema.properties ?? {}) as Record<string, PropertySchema>);
      if (properties.length === 0) {
        out.push("No arguments.", "");
        continue;
      }
      out.push("| Argument | Type | Required | Description |", "| --- | --- | --- | --- |");
      for (const [name, prop] of properties) {
        const def = prop.default === undefined ? "" : ` Default: \`${JSON.stringify(prop.default)}\`.`;
        out.push(
          `| \`${name}\` | ${cell(typeOf(prop))} | ${required.has(name) ? "yes" : "no"} | ${cell(prop.description ?? "")}${def} |`,
        );
      }
      out.push("");
    }
  }
  return `${out.join("\n").trimEnd()}\n`;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const target = resolve(import.meta.dirname, "../docs/tools.md");
  writeFileSync(target, renderToolsDoc());
  console.log(`wrote ${target}`);
}
