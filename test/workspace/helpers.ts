import type { FakeCoder } from "../../src/testing/index.js";

/** The id of the first agent of a seeded workspace (default: the owner's running `dev`). */
export function agentOf(fake: FakeCoder, ref = "admin/dev"): string {
  const agent = fake.inspect.workspace(ref)?.latest_build.resources.flatMap((r) => r.agents ?? [])[0];
  if (!agent) throw new Error(`no agent in ${ref}`);
  return agent.id;
}
