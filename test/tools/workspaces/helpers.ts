import type { Clock } from "../../../src/tools/index.js";
import type { ToolHarness } from "../../support/tool-harness.js";

/**
 * A clock where a sleep of `ms` takes only `ms / 200` of real time (so the fake's builds still
 * progress between polls) and moves the clock forward by the full `ms`. `slept` records each sleep.
 */
export function virtualClock(): Clock & { slept: number[] } {
  let now = Date.now();
  const slept: number[] = [];
  return {
    slept,
    now: () => new Date(now),
    async sleep(ms, signal) {
      if (signal?.aborted) throw signal.reason;
      slept.push(ms);
      now += ms;
      await new Promise((resolve) => setTimeout(resolve, ms / 200));
    },
  };
}

/** A build's parameter values by name, read from `GET /workspacebuilds/{id}/parameters`. */
export async function buildParameters(h: ToolHarness, buildId: string): Promise<Record<string, string>> {
  const response = await h.fake.fetch(`/api/v2/workspacebuilds/${buildId}/parameters`, {
    headers: { "Coder-Session-Token": h.fake.owner.token },
  });
  const list = (await response.json()) as { name: string; value: string }[];
  return Object.fromEntries(list.map((p) => [p.name, p.value]));
}

/** Seed a template `twin` whose workspaces have two agents, `dev` and `dev2`, each with one app. */
export function seedTwinTemplate(h: ToolHarness): void {
  h.fake.seed.template({
    name: "twin",
    resources: [
      {
        type: "docker_container",
        name: "box",
        agents: [
          { name: "dev", apps: [{ slug: "web", displayName: "Web", url: "http://localhost:3000" }] },
          { name: "dev2", apps: [{ slug: "api", url: "http://localhost:4000" }] },
        ],
      },
    ],
  });
}
