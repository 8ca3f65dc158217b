import { describe, expect, it } from "vitest";
import { CoderApiError, type CoderClient, type Task } from "../../src/client/index.js";
import { collect, useFakeCoder } from "../support/fake-coder.js";

/** Wait for a task's workspace build to finish and its agent to settle. */
async function settle(coder: CoderClient, task: Task, idle: () => Promise<void>): Promise<Task> {
  const ws = await coder.workspaces.get(task.workspace_id ?? "");
  await collect(coder.builds.followLogs(ws.latest_build.id));
  await idle();
  return coder.tasks.get("me", task.id);
}

describe("tasks", () => {
  const ctx = useFakeCoder({ agentApi: "tasks", taskReply: (input) => `ack: ${input}` });

  it("create → active → send → logs → list/get by name → delete", async () => {
    const coder = ctx.member;
    const docker = await coder.templates.getByName("coder", "docker");
    const created = await coder.tasks.create("me", {
      template_version_id: docker.active_version_id,
      input: "Fix the flaky test",
      name: "fix-flaky",
      display_name: "Fix flaky test",
    });
    expect(created.name).toBe("fix-flaky");
    expect(created.display_name).toBe("Fix flaky test");
    expect(created.initial_prompt).toBe("Fix the flaky test");
    expect(created.owner_name).toBe("alice");
    expect(["pending", "initializing"]).toContain(created.status);

    const active = await settle(coder, created, () => ctx.fake.idle());
    expect(active.status).toBe("active");
    expect(active.workspace_agent_lifecycle).toBe("ready");

    await coder.tasks.send("me", "fix-flaky", "Also update the docs");
    const { logs } = await coder.tasks.logs("me", created.id);
    expect(logs.map((l) => [l.type, l.content])).toEqual([
      ["input", "Fix the flaky test"],
      ["output", "ack: Fix the flaky test"],
      ["input", "Also update the docs"],
      ["output", "ack: Also update the docs"],
    ]);

    const listed = await coder.tasks.list({ q: "owner:me" });
    expect(listed.tasks.map((t) => t.id)).toEqual([created.id]);
    expect(listed.count).toBe(1);
    expect((await ctx.owner.tasks.list({ q: 'owner:"alice" status:active' })).count).toBe(1);
    expect((await coder.tasks.get("alice", "fix-flaky")).id).toBe(created.id);

    await coder.tasks.delete("me", created.id);
    const deleteCall = ctx.fake.requests.find(
      (r) => r.method === "DELETE" && r.path.startsWith("/api/v2/tasks/"),
    );
    expect(deleteCall?.status).toBe(202);
    expect((await coder.tasks.list()).count).toBe(0);
  });

  it("updateInput() changes a paused task's prompt and is refused (409) while it runs", async () => {
    const coder = ctx.member;
    const docker = await coder.templates.getByName("coder", "docker");
    const task = await settle(
      coder,
      await coder.tasks.create("me", {
        template_version_id: docker.active_version_id,
        input: "first prompt",
      }),
      () => ctx.fake.idle(),
    );
    const refused = await coder.tasks.updateInput("me", task.id, "second prompt").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CoderApiError);
    expect((refused as CoderApiError).status).toBe(409);
    expect((refused as CoderApiError).message).toBe("Unable to update task input, task must be paused.");

    const stop = await coder.workspaces.createBuild(task.workspace_id ?? "", { transition: "stop" });
    await collect(coder.builds.followLogs(stop.id));
    expect((await coder.tasks.get("me", task.id)).status).toBe("paused");
    await coder.tasks.updateInput("me", task.name, "second prompt");
    expect((await coder.tasks.get("me", task.id)).initial_prompt).toBe("second prompt");
    const paused = await coder.tasks.logs("me", task.id);
    expect(paused.snapshot).toBe(true);
  });

  it("send() to a task that is still starting is a 409 CoderApiError", async () => {
    const docker = await ctx.member.templates.getByName("coder", "docker");
    const task = await ctx.member.tasks.create("me", {
      template_version_id: docker.active_version_id,
      input: "hi",
    });
    const error = await ctx.member.tasks.send("me", task.id, "too early").catch((e: unknown) => e);
    expect((error as CoderApiError).status).toBe(409);
  });

  it("create() from a template without an AI task is a 400", async () => {
    const k8s = await ctx.member.templates.getByName("coder", "kubernetes");
    const error = await ctx.member.tasks
      .create("me", { template_version_id: k8s.active_version_id, input: "hi" })
      .catch((e: unknown) => e);
    expect((error as CoderApiError).status).toBe(400);
    expect((error as CoderApiError).message).toBe('Template does not have a valid "coder_ai_task" resource.');
  });
});
