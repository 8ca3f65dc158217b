import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AgentClient } from "../../src/client/index.js";
import { type RunningTaskReporter, startTaskReporter } from "../../src/server/task-reporter/index.js";
import { createFakeCoder, type FakeCoder } from "../../src/testing/index.js";
import { type FakeAgentApi, startFakeAgentApi } from "../support/fake-agentapi.js";
import { waitFor } from "../testing/helpers.js";

const WORKSPACE = "admin/dev";
const SLUG = "claude-code";
const fastBackoff = { initialMs: 5, maxMs: 20 };

describe("task reporter against the fake deployment", () => {
  let fake: FakeCoder;
  let coderUrl: string;
  let agent: AgentClient;
  let agentApi: FakeAgentApi | undefined;
  let reporter: RunningTaskReporter | undefined;
  let warnings: string[];

  beforeEach(async () => {
    fake = createFakeCoder({ buildStepMs: 5 });
    coderUrl = (await fake.listen()).url;
    agent = new AgentClient({ url: coderUrl, token: fake.agentToken(WORKSPACE), retry: false });
    warnings = [];
  });
  afterEach(async () => {
    await reporter?.close();
    reporter = undefined;
    await agentApi?.close();
    agentApi = undefined;
    await fake.close();
  });

  const statuses = () =>
    fake.inspect.appStatuses(WORKSPACE).map(({ state, message, uri }) => ({ state, message, uri }));
  const start = (extra: { agentApiUrl?: string; capacity?: number; appSlug?: string } = {}) => {
    reporter = startTaskReporter({
      agent,
      appSlug: extra.appSlug ?? SLUG,
      onWarning: (message) => warnings.push(message),
      backoff: fastBackoff,
      ...extra,
    });
    return reporter;
  };

  describe("without AgentAPI", () => {
    it("sends the agent's reports as given, carrying the summary forward and dropping repeats", async () => {
      const { report } = start();
      await report({ state: "working", summary: "Fixing the login test", link: "" });
      await report({ state: "working", summary: "Fixing the login test", link: "" });
      await report({ state: "complete", summary: "", link: "https://github.com/acme/app/pull/42" });
      expect(statuses()).toEqual([
        { state: "working", message: "Fixing the login test", uri: "" },
        { state: "complete", message: "Fixing the login test", uri: "https://github.com/acme/app/pull/42" },
      ]);
    });

    it("rejects with Coder's error for an unknown slug and warns without the agent token", async () => {
      const { report } = start({ appSlug: "no-such-app" });
      await expect(report({ state: "working", summary: "x", link: "" })).rejects.toThrow(
        "Failed to get workspace app.",
      );
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('failed to report working "x"');
      expect(warnings.join("\n")).not.toContain(fake.agentToken(WORKSPACE));
      expect(statuses()).toEqual([]);
    });

    it("keeps at most `capacity` reports waiting; an evicted report resolves unsent", async () => {
      // Hold the first PATCH so the rest pile up behind it.
      fake.faults.add({
        method: "PATCH",
        path: "/api/v2/workspaceagents/me/app-status",
        delayMs: 150,
        times: 1,
      });
      const { report } = start({ capacity: 2 });
      const sent = ["one", "two", "three", "four"].map((summary) =>
        report({ state: "working", summary, link: "" }),
      );
      await Promise.all(sent);
      // "one" was in flight; "two" was pushed out of the full queue by "four".
      expect(statuses().map((s) => s.message)).toEqual(["one", "three", "four"]);
      expect(warnings).toEqual(["task reporter: queue full, dropped the unsent working report"]);
    });

    it("refuses an empty slug with a message naming the variable", () => {
      expect(() => start({ appSlug: " " })).toThrow(/CODER_MCP_APP_STATUS_SLUG/);
    });

    it("stops accepting reports after close, after sending what was queued", async () => {
      const running = start();
      const pending = running.report({ state: "working", summary: "last words", link: "" });
      await running.close();
      await pending;
      expect(statuses().map((s) => s.message)).toEqual(["last words"]);
      await expect(running.report({ state: "idle", summary: "late", link: "" })).rejects.toThrow(
        "shutting down",
      );
    });
  });

  describe("following AgentAPI's /events", () => {
    beforeEach(async () => {
      agentApi = await startFakeAgentApi();
    });

    it("maps running → working, stable → idle and a user message → working; the agent's reports become working", async () => {
      const api = agentApi!;
      const { report, watching } = start({ agentApiUrl: api.url });
      expect(watching).toBe(true);
      // On connect AgentAPI replays its status (running): the first working is believed.
      await waitFor(() => statuses().length === 1);
      await report({ state: "complete", summary: "Opened a PR", link: "https://example.com/pr/7" });
      api.setStatus("stable");
      await waitFor(() => statuses().length === 3);
      api.say("user", "also fix the docs");
      await waitFor(() => statuses().length === 4);
      // Screen activity alone (running again) does not count as working once something was reported.
      api.setStatus("running");
      api.say("agent", "on it");
      api.setStatus("stable");
      await waitFor(() => statuses().length === 5);
      await reporter!.flush();
      expect(statuses()).toEqual([
        { state: "working", message: "", uri: "" },
        { state: "working", message: "Opened a PR", uri: "https://example.com/pr/7" },
        { state: "idle", message: "Opened a PR", uri: "https://example.com/pr/7" },
        { state: "working", message: "Opened a PR", uri: "https://example.com/pr/7" },
        { state: "idle", message: "Opened a PR", uri: "https://example.com/pr/7" },
      ]);
    });

    it("reconnects after the stream drops, and the replayed conversation sends nothing twice", async () => {
      const api = agentApi!;
      api.say("user", "fix the flaky test");
      api.setStatus("stable");
      start({ agentApiUrl: api.url });
      await api.waitForConnections(1);
      await waitFor(() => statuses().length === 2);
      api.dropConnections();
      await api.waitForConnections(2);
      api.say("user", "and add a test");
      await waitFor(() => statuses().length === 3);
      await reporter!.flush();
      expect(statuses().map((s) => s.state)).toEqual(["working", "idle", "working"]);
      // A destroyed socket surfaces as a failed read ("retrying"), a clean end as "reconnecting".
      expect(warnings.some((w) => /reconnecting|retrying in/.test(w))).toBe(true);
    });

    it("retries while AgentAPI is not up yet, and shrugs off malformed events", async () => {
      const api = agentApi!;
      api.refuseNext(2, 503);
      start({ agentApiUrl: api.url });
      await api.waitForConnections(1);
      expect(warnings.filter((w) => w.includes("answered 503"))).toHaveLength(2);
      api.raw("event: status_change\ndata: {not json\n\n");
      api.raw('event: message_update\ndata: {"role":"user"}\n\n');
      api.setStatus("stable");
      await waitFor(() => statuses().some((s) => s.state === "idle"));
      expect(warnings).toContain("AgentAPI: ignored a status_change event whose data is not JSON");
      expect(warnings).toContain("AgentAPI: ignored a user message_update event without a numeric id");
    });

    it("rejects an AgentAPI URL that is not http(s), naming it", () => {
      expect(() => start({ agentApiUrl: "ftp://agentapi" })).toThrow(
        'AgentAPI URL "ftp://agentapi" must use http or https',
      );
    });
  });
});
