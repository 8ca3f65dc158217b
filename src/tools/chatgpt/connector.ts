import { z } from "zod";
import type { Template, Workspace } from "../../client/models/index.js";
import { READ_ONLY } from "../framework/annotations.js";
import { defineTool } from "../framework/define-tool.js";
import { ToolInputError } from "../framework/errors.js";
import { capBytes, fitJsonPrefix, utf8ByteLength } from "../framework/shaping.js";
import { explainNotFound } from "../support/api-errors.js";
import { fitStream, MAX_PAGE_SIZE } from "../support/bounded-lists.js";
import { isUuid, requireUuid } from "../support/resolve.js";
import { serverUrl } from "../support/web-urls.js";

/**
 * The two tools of OpenAI's MCP connector contract (`search` and `fetch`), over Coder templates
 * and workspaces. ChatGPT only accepts connectors that expose exactly these, which is why they
 * form their own toolset.
 */

function templateUrl(server: string, template: Template): string {
  // Old deployments without organizations served templates at /templates/<name>.
  const org = template.organization_name ? `${encodeURIComponent(template.organization_name)}/` : "";
  return `${server}/templates/${org}${encodeURIComponent(template.name)}`;
}

function workspaceUrl(server: string, workspace: Workspace): string {
  return `${server}/${encodeURIComponent(workspace.owner_name)}/${encodeURIComponent(workspace.name)}`;
}

const SearchResult = z.object({
  id: z.string().describe("template:<uuid> or workspace:<uuid>; pass to fetch"),
  title: z.string(),
  text: z.string(),
  url: z.string(),
});
type SearchResult = z.infer<typeof SearchResult>;

// One result's text is a summary, not a document; fetch returns the whole object.
const MAX_RESULT_TEXT_BYTES = 1024;
// Room kept for the wrapping object and the note when results are left out.
const RESULT_OVERHEAD_BYTES = 512;

function templateResult(server: string, template: Template): SearchResult {
  const abstract = typeof template.abstract === "string" ? template.abstract : "";
  const text = [template.description ?? "", abstract]
    .map((part) => part.trim())
    .filter(Boolean)
    .join("\n\n");
  return {
    id: `template:${template.id}`,
    title: template.display_name || template.name,
    text: capBytes(text, MAX_RESULT_TEXT_BYTES).text,
    url: templateUrl(server, template),
  };
}

function workspaceResult(server: string, workspace: Workspace): SearchResult {
  const template = workspace.template_display_name || workspace.template_name;
  return {
    id: `workspace:${workspace.id}`,
    title: workspace.name,
    text: `Owner: ${workspace.owner_name}\nTemplate: ${template}\nLatest transition: ${workspace.latest_build.transition}`,
    url: workspaceUrl(server, workspace),
  };
}

/** `search`: find templates or workspaces with Coder's own filter syntax. */
export const chatgptSearch = defineTool({
  name: "search",
  title: "Search Coder",
  description: `Search Coder templates or workspaces. The query is "templates" or "workspaces", optionally followed by "/" and a Coder filter of space-separated key:value terms. Returns { results: [{ id, title, text, url }] }; pass an id to fetch for the full object.
Template filter keys: search:<text> (name, display name, description; quote multi-word text), name:<part of name>, organization:<name or id>, deprecated:true|false, deleted:true|false, has-ai-task:true|false.
Workspace filter keys: owner:<username or me>, template:<template name>, name:<part of name>, organization:<name or id>, status:<running|stopped|starting|stopping|failed|pending|canceled|deleting|deleted>, has-agent:<connecting|connected|disconnected|timeout>, dormant:true|false, outdated:true|false, last_used_after:<RFC 3339 time>, last_used_before:<RFC 3339 time>, has-ai-task:true|false, param:<name> or param:<name>=<value>.
"workspaces" alone means your own workspaces (owner:me).
Examples: "templates", "templates/name:docker deprecated:false", "workspaces/owner:alice status:running", "workspaces/template:web-dev outdated:true".`,
  toolset: "chatgpt",
  annotations: READ_ONLY,
  input: z.object({
    query: z
      .string()
      .max(4096)
      .describe(
        'templates[/<filter>] or workspaces[/<filter>], e.g. "templates/name:go" or "workspaces/owner:me status:running"',
      ),
  }),
  output: z.object({
    results: z.array(SearchResult),
    note: z.string().optional().describe("Present when matches were left out; narrow the filter to see them"),
  }),
  async handler({ query }, { client, signal, limits }) {
    const [kind = "", ...rest] = query.split("/");
    const filter = rest.join("/");
    const server = serverUrl(client.url);
    const budget = Math.max(0, limits.maxResultBytes - RESULT_OVERHEAD_BYTES);
    if (kind === "templates") {
      // Coder does not page templates: read the body as it arrives and stop once the result is
      // full, so the cost does not grow with the number of templates.
      const { items, more } = await fitStream(
        client.templates.iterate({ q: filter || undefined, signal }),
        (template) => templateResult(server, template),
        budget,
      );
      return {
        results: items,
        ...(more
          ? { note: "More templates matched but are not shown; add filter terms to narrow the search." }
          : {}),
      };
    }
    if (kind === "workspaces") {
      // One bounded page (Coder's `limit`); `count` says how many matched in all.
      const page = await client.workspaces.list({ q: filter || "owner:me", limit: MAX_PAGE_SIZE, signal });
      const results = page.workspaces.map((workspace) => workspaceResult(server, workspace));
      const shown = fitJsonPrefix(results, budget);
      const omitted = Math.max(page.count, results.length) - shown.length;
      return {
        results: shown,
        ...(omitted > 0
          ? {
              note: `${omitted} more workspaces matched but are not shown; add filter terms to narrow the search.`,
            }
          : {}),
      };
    }
    throw ToolInputError.at(
      "$.query",
      `invalid query: ${query} (expected "templates" or "workspaces", optionally followed by "/<filter>")`,
    );
  },
});

/** Cut `text` so that the JSON string holding it fits in `budget` bytes (escapes included). */
function capJsonText(text: string, budget: number): { text: string; omitted: number } {
  const total = utf8ByteLength(text);
  let room = budget;
  for (let attempt = 0; attempt < 8; attempt++) {
    const cut = capBytes(text, Math.max(0, room));
    const encoded = utf8ByteLength(JSON.stringify(cut.text));
    if (encoded <= budget) return { text: cut.text, omitted: total - utf8ByteLength(cut.text) };
    // Escaping inflates JSON text; shrink in proportion to the overshoot and try again.
    room = Math.floor(room * (budget / encoded) * 0.98);
  }
  return { text: "", omitted: total };
}

/** `fetch`: the whole template or workspace behind a search result id. */
export const chatgptFetch = defineTool({
  name: "fetch",
  title: "Fetch Coder object",
  description:
    'Fetch one template or workspace by the id a search result gave, "template:<uuid>" or ' +
    '"workspace:<uuid>", e.g. {"id": "workspace:fcb6fc42-ba88-4175-9508-88e6a554a61a"}. Returns ' +
    "{ id, title, text, url } where text is the object as JSON (cut to the result size limit, with " +
    "metadata saying so) and url opens it in the Coder web UI.",
  toolset: "chatgpt",
  annotations: READ_ONLY,
  input: z.object({
    id: z.string().max(256).describe('An id from search results: "template:<uuid>" or "workspace:<uuid>"'),
  }),
  output: z.object({
    id: z.string().describe("The object's bare UUID"),
    title: z.string(),
    text: z.string().describe("The object as JSON"),
    url: z.string(),
    metadata: z
      .record(z.string(), z.string())
      .optional()
      .describe("Present when text was cut: truncated, omitted_bytes, total_bytes"),
  }),
  async handler({ id }, { client, signal, limits }) {
    const parts = id.split(":");
    const [kind, idPart = ""] = parts;
    if (parts.length !== 2 || (kind !== "template" && kind !== "workspace")) {
      throw ToolInputError.at("$.id", `invalid ID: ${id} (expected template:<uuid> or workspace:<uuid>)`);
    }
    if (!isUuid(idPart)) {
      throw ToolInputError.at(
        "$.id",
        `invalid ${kind} ID, must be a valid UUID: got ${JSON.stringify(idPart)}`,
        "format",
      );
    }
    // Canonical form (lower case, dashed); cannot throw after the check above.
    const rawId = requireUuid(idPart, "id");
    const server = serverUrl(client.url);
    const hint = `call search with "${kind}s" to find valid ids`;
    let result: { id: string; title: string; object: unknown; url: string };
    if (kind === "template") {
      const template = await client.templates.get(rawId, { signal }).catch((error: unknown) => {
        throw explainNotFound(error, `template ${rawId}`, hint);
      });
      result = {
        id: template.id,
        title: template.display_name || template.name,
        object: template,
        url: templateUrl(server, template),
      };
    } else {
      const workspace = await client.workspaces.get(rawId, { signal }).catch((error: unknown) => {
        throw explainNotFound(error, `workspace ${rawId}`, hint);
      });
      result = {
        id: workspace.id,
        title: workspace.name,
        object: workspace,
        url: workspaceUrl(server, workspace),
      };
    }
    const json = JSON.stringify(result.object);
    const frame = utf8ByteLength(
      JSON.stringify({ id: result.id, title: result.title, text: "", url: result.url }),
    );
    // Leave room for the metadata object that says the text was cut.
    const budget = limits.maxResultBytes - frame - 128;
    const bounded = capJsonText(json, budget);
    return {
      id: result.id,
      title: result.title,
      text: bounded.text,
      url: result.url,
      ...(bounded.omitted > 0
        ? {
            metadata: {
              truncated: "true",
              omitted_bytes: String(bounded.omitted),
              total_bytes: String(utf8ByteLength(json)),
            },
          }
        : {}),
    };
  },
});
