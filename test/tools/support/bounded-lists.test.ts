import { describe, expect, it } from "vitest";
import { chatgptSearch } from "../../../src/tools/chatgpt/index.js";
import { fitJsonPrefix } from "../../../src/tools/framework/shaping.js";
import { MAX_PAGE_SIZE } from "../../../src/tools/support/bounded-lists.js";
import { listTasks } from "../../../src/tools/tasks/index.js";
import { listTemplates } from "../../../src/tools/templates/index.js";
import { toMinimalTemplate } from "../../../src/tools/templates/views.js";
import { listWorkspaces } from "../../../src/tools/workspaces/index.js";
import { toWorkspaceSummary } from "../../../src/tools/workspaces/views.js";
import { collect } from "../../support/fake-coder.js";
import { useToolHarness } from "../../support/tool-harness.js";
import { call, ok } from "../results.js";

/**
 * List tools read a bounded amount from Coder: pages with `limit` where Coder pages (workspaces),
 * and the start of the body where it does not (templates, tasks). What they show is what one
 * unbounded read cut at the result budget would show.
 */

// Room the tools keep for their wrapper object and note (LIST_OVERHEAD_BYTES in each tool).
const OVERHEAD = 512;

describe("coder_list_workspaces on an owner with many workspaces", () => {
  const h = useToolHarness();

  function seedMany(owner: string, count: number): void {
    h.fake.seed.user({ username: owner });
    for (let i = 0; i < count; i++) h.fake.seed.workspace({ owner, template: "docker", name: `ws-${i}` });
  }

  const workspaceRequests = () =>
    h.fake.requests
      .filter((r) => r.path === "/api/v2/workspaces")
      .map((r) => Object.fromEntries(new URLSearchParams(r.search)));

  it("asks for bounded pages and says how many were left out, from Coder's count", async () => {
    seedMany("busy", 300);
    const before = h.fake.requests.length;
    const result = ok(await call(h, listWorkspaces, { owner: "busy" }));
    const pages = h.fake.requests
      .slice(before)
      .filter((r) => r.path === "/api/v2/workspaces")
      .map((r) => new URLSearchParams(r.search));

    expect(result.count).toBe(300);
    expect(result.workspaces.length).toBeGreaterThan(0);
    expect(result.workspaces.length).toBeLessThan(300);
    expect(result.note).toBe(
      `${300 - result.workspaces.length} more workspaces were left out to keep the result small; pass owner to narrow the list, or call coder_get_workspace with a name.`,
    );
    // Every request is a bounded page; together they ask for little more than was shown.
    expect(pages.length).toBeGreaterThan(0);
    for (const page of pages) {
      expect(Number(page.get("limit"))).toBeGreaterThan(0);
      expect(Number(page.get("limit"))).toBeLessThanOrEqual(MAX_PAGE_SIZE);
      expect(page.get("q")).toBe('owner:"busy"');
    }
    const asked = pages.reduce((n, p) => n + Number(p.get("limit")), 0);
    expect(asked).toBeLessThanOrEqual(result.workspaces.length + MAX_PAGE_SIZE);
    expect(pages.map((p) => Number(p.get("offset") ?? 0))).toEqual(
      pages.map((_, i) => pages.slice(0, i).reduce((n, p) => n + Number(p.get("limit")), 0)),
    );
  });

  it("shows exactly what reading every workspace and cutting at the budget would show", async () => {
    seedMany("busy", 300);
    const limits = { maxResultBytes: 20_000 };
    const result = ok(await call(h, listWorkspaces, { owner: "busy" }, h.context({ limits })));
    const pages = workspaceRequests();
    const all = await collect(h.owner.workspaces.iterate({ q: 'owner:"busy"' }));
    const expected = fitJsonPrefix(all.map(toWorkspaceSummary), limits.maxResultBytes - OVERHEAD);
    expect(result.workspaces).toEqual(expected);
    expect(result.note).toContain(`${300 - expected.length} more workspaces were left out`);
    // A small budget asks for small pages: the first page is sized by the budget.
    expect(pages.reduce((n, p) => n + Number(p.limit), 0)).toBeLessThanOrEqual(
      expected.length + MAX_PAGE_SIZE,
    );
  });

  it("reads everything and adds no note when everything fits", async () => {
    seedMany("few", 3);
    const result = ok(await call(h, listWorkspaces, { owner: "few" }));
    expect(result.count).toBe(3);
    expect(result.workspaces.map((w) => w.name).sort()).toEqual(["ws-0", "ws-1", "ws-2"]);
    expect(result.note).toBeUndefined();
    expect(workspaceRequests()).toHaveLength(1);
  });
});

describe("list tools over Coder's unpaged lists", () => {
  // A deployment from before Coder removed Tasks, so the task list is served.
  const h = useToolHarness({ agentApi: "tasks" });

  function seedTemplates(count: number): void {
    for (let i = 0; i < count; i++) {
      h.fake.seed.template({ name: `tpl-${String(i).padStart(3, "0")}`, description: "d".repeat(200) });
    }
  }

  it("coder_list_templates stops at the budget, says more exist, and sends no paging Coder ignores", async () => {
    seedTemplates(120);
    const limits = { maxResultBytes: 8_000 };
    const result = ok(await call(h, listTemplates, {}, h.context({ limits })));
    const all = await h.owner.templates.list();
    const expected = fitJsonPrefix(all.map(toMinimalTemplate), limits.maxResultBytes - OVERHEAD);
    expect(expected.length).toBeLessThan(all.length);
    expect(result.templates).toEqual(expected);
    expect(result.note).toBe(
      `More templates are available than fit in this result; these are the first ${expected.length}. Ask the user which template they mean, or call coder_get_template with its id.`,
    );
    const requests = h.fake.requests.filter((r) => r.path === "/api/v2/templates");
    expect(requests.map((r) => r.search)).toEqual(["", ""]);
  });

  it("coder_list_templates lists everything, without a note, when it fits", async () => {
    const result = ok(await call(h, listTemplates, {}));
    expect(result.templates.map((t) => t.name).sort()).toEqual(["docker", "kubernetes"]);
    expect(result).not.toHaveProperty("note");
  });

  it("coder_list_tasks stops at the budget and says more matched", async () => {
    for (let i = 0; i < 30; i++)
      h.fake.seed.task({ owner: "admin", prompt: `Task number ${i}: ${"p".repeat(100)}` });
    const limits = { maxResultBytes: 3_000 };
    const result = ok(await call(h, listTasks, {}, h.context({ limits })));
    expect(result.tasks.length).toBeGreaterThan(0);
    expect(result.tasks.length).toBeLessThan(30);
    expect(new TextEncoder().encode(JSON.stringify(result.tasks)).length).toBeLessThanOrEqual(
      3_000 - OVERHEAD,
    );
    expect(result.note).toBe(
      `More tasks matched than fit in this result; these are the first ${result.tasks.length}. Pass status to narrow the list.`,
    );
    const all = (await h.owner.tasks.list({ q: 'owner:"me"' })).tasks;
    expect(result.tasks.map((t) => t.id)).toEqual(all.slice(0, result.tasks.length).map((t) => t.id));
  });

  it("search over templates stops at the budget with a note; over workspaces it asks for one bounded page", async () => {
    seedTemplates(120);
    const limits = { maxResultBytes: 6_000 };
    const templates = ok(await call(h, chatgptSearch, { query: "templates" }, h.context({ limits })));
    expect(templates.results.length).toBeGreaterThan(0);
    expect(templates.results.length).toBeLessThan(122);
    expect(templates.note).toBe(
      "More templates matched but are not shown; add filter terms to narrow the search.",
    );

    await call(h, chatgptSearch, { query: "workspaces/owner:admin" });
    const page = h.fake.requests.filter((r) => r.path === "/api/v2/workspaces").at(-1)!;
    expect(new URLSearchParams(page.search).get("limit")).toBe(String(MAX_PAGE_SIZE));
  });
});
