import type { ToolHarness } from "../../support/tool-harness.js";

/** Helpers shared by the task tool tests. */

/** Seed a task and wait until its workspace, agent and app are up. */
export async function activeTask(h: ToolHarness, owner = "admin", name = "fix-login") {
  const task = h.fake.seed.task({ owner, prompt: "Fix the login test", name });
  await h.fake.idle();
  return task;
}
