import type { ProvisionerJobLog } from "./api-types.js";
import {
  type AgentRec,
  type AppRec,
  type BuildRec,
  type JobRec,
  newAgentRecord,
  type ResourceRec,
} from "./records.js";
import type { Scheduler, Store } from "./store.js";
import { addMs, newId, nowIso } from "./util.js";

interface Stage {
  stage: string;
  lines: string[];
}

/** Called when an agent finishes starting, so tasks can seed their chat. */
export type AgentReadyHook = (agent: AgentRec) => void;

/**
 * Moves provisioner jobs and agents through their states over real (unref'd) timers, one
 * `stepMs` tick per stage, writing provisioner logs as a real provisionerd would.
 */
export class Provisioner {
  onAgentReady: AgentReadyHook = () => {};

  constructor(
    private readonly store: Store,
    private readonly scheduler: Scheduler,
    private readonly stepMs: number,
  ) {}

  /** Queues a job; it starts running on the next tick. */
  enqueue(job: JobRec): void {
    this.scheduler.after(this.stepMs, () => this.tick(job, false));
  }

  /** Runs a job (and its agents) to the end synchronously; used by seed helpers. */
  finishNow(job: JobRec): void {
    while (this.advance(job, true)) {
      // each call runs one stage
    }
  }

  /** `PATCH …/cancel`: pending jobs cancel at once, running ones go through canceling. */
  cancel(job: JobRec): void {
    const now = nowIso();
    job.canceledAt = now;
    if (job.status === "pending") {
      job.status = "canceled";
      job.completedAt = now;
      this.finish(job);
    } else {
      job.status = "canceling";
    }
  }

  private tick(job: JobRec, sync: boolean): void {
    if (this.advance(job, sync)) this.scheduler.after(this.stepMs, () => this.tick(job, sync));
  }

  /** Runs one stage; returns true while the job has more to do. */
  private advance(job: JobRec, sync: boolean): boolean {
    if (job.status === "canceling") {
      this.log(job, "provisioner_daemon", "error", "Cleaning Up", "Job was canceled.");
      job.status = "canceled";
      job.completedAt = nowIso();
      this.finish(job);
      return false;
    }
    if (job.status !== "pending" && job.status !== "running") return false;
    const stages = this.stagesOf(job);
    const stage = stages[job.step];
    if (!stage) return false;
    if (job.step === 0) {
      job.status = "running";
      job.startedAt = nowIso();
      job.workerId = `${this.store.deploymentId.slice(0, 24)}d0d0d0d0d0d0`;
      this.onRunning(job);
    }
    this.log(job, "provisioner_daemon", "info", stage.stage, "");
    for (const line of stage.lines) this.log(job, "provisioner", "info", stage.stage, line);
    const failAt = job.type === "workspace_build" ? 2 : 1;
    if (job.failWith && job.step === failAt) {
      this.log(job, "provisioner", "error", stage.stage, `Error: ${job.failWith}`);
      job.status = "failed";
      job.error = job.failWith;
      job.completedAt = nowIso();
      this.finish(job, sync);
      return false;
    }
    job.step += 1;
    if (job.step >= stages.length) {
      job.status = "succeeded";
      job.completedAt = nowIso();
      this.finish(job, sync);
      return false;
    }
    return true;
  }

  private stagesOf(job: JobRec): Stage[] {
    const version = this.store.versions.get(job.templateVersionId)!;
    if (job.type === "template_version_import") {
      return [
        {
          stage: "Setting up",
          lines: ["Initializing the backend...", "Terraform has been successfully initialized!"],
        },
        { stage: "Parsing template parameters", lines: [`Found ${version.parameters.length} parameter(s)`] },
        {
          stage: "Detecting persistent resources",
          lines: ["Terraform 1.11.4", "coder_agent.main: Plan to create"],
        },
        { stage: "Detecting ephemeral resources", lines: [] },
        { stage: "Cleaning Up", lines: [] },
      ];
    }
    const build = this.store.builds.get(job.buildId!)!;
    const resources = version.resources.filter((r) => build.transition === "start" || r.persistent);
    const verb = { start: "Starting", stop: "Stopping", delete: "Destroying" }[build.transition];
    const action = build.transition === "delete" ? "Destroying..." : "Creating...";
    const done = build.transition === "delete" ? "Destruction complete" : "Creation complete";
    return [
      {
        stage: "Setting up",
        lines: ["Initializing the backend...", "Terraform has been successfully initialized!"],
      },
      {
        stage: "Planning infrastructure",
        lines: [`Plan: ${resources.length} to add, 0 to change, 0 to destroy.`],
      },
      {
        stage: `${verb} workspace`,
        lines: [
          ...resources.flatMap((r) => [
            `${r.type}.${r.name}: ${action}`,
            `${r.type}.${r.name}: ${done} after 0s`,
          ]),
          ...(build.transition === "start" ? (version.buildOutput ?? []) : []),
        ],
      },
      { stage: "Cleaning Up", lines: [] },
    ];
  }

  private log(
    job: JobRec,
    source: ProvisionerJobLog["log_source"],
    level: ProvisionerJobLog["log_level"],
    stage: string,
    output: string,
  ): void {
    const entry: ProvisionerJobLog = {
      id: this.store.nextLogId(),
      created_at: nowIso(),
      log_source: source,
      log_level: level,
      stage,
      output,
    };
    job.logs.push(entry);
    for (const listener of job.listeners) listener.onLog(entry);
  }

  private onRunning(job: JobRec): void {
    if (job.type !== "workspace_build") return;
    const build = this.store.builds.get(job.buildId!)!;
    if (build.transition === "start") return;
    for (const agent of this.store.currentAgents(build.workspaceId)) {
      if (agent.lifecycle !== "off") agent.lifecycle = "shutting_down";
      agent.updatedAt = nowIso();
    }
  }

  private finish(job: JobRec, sync = false): void {
    if (job.type === "workspace_build") this.finishBuild(this.store.builds.get(job.buildId!)!, job, sync);
    for (const listener of job.listeners) listener.onDone();
    job.listeners.clear();
  }

  private finishBuild(build: BuildRec, job: JobRec, sync: boolean): void {
    const now = nowIso();
    build.updatedAt = now;
    const ws = this.store.workspaces.get(build.workspaceId)!;
    ws.updatedAt = now;
    if (job.status !== "succeeded") return;
    const version = this.store.versions.get(build.templateVersionId)!;
    if (build.transition !== "start") {
      for (const agent of this.store.currentAgents(ws.id)) this.disconnect(agent);
    }
    const specs = version.resources.filter(
      (r) => build.transition === "start" || (build.transition === "stop" && r.persistent),
    );
    build.resources = specs.map((spec) => this.createResource(build, job, spec));
    if (build.transition === "start") {
      if (ws.ttlMs) build.deadline = addMs(now, ws.ttlMs);
      for (const agent of build.resources.flatMap((r) => r.agents)) this.startAgent(agent, sync);
    }
    if (build.transition === "delete") {
      ws.deleted = true;
      const task = this.store.taskOfWorkspace(ws.id);
      if (task) task.deletedAt = now;
    }
  }

  private createResource(build: BuildRec, job: JobRec, spec: ResourceRec["spec"]): ResourceRec {
    const resource: ResourceRec = {
      id: newId(),
      jobId: job.id,
      createdAt: nowIso(),
      transition: build.transition,
      spec,
      agents: [],
    };
    resource.agents = (spec.agents ?? []).map((agentSpec) => {
      const agentId = newId();
      const now = nowIso();
      const apps: AppRec[] = (agentSpec.apps ?? []).map((appSpec) => ({
        id: newId(),
        agentId,
        spec: appSpec,
        health: appSpec.healthcheck ? "initializing" : "disabled",
        statuses: [],
      }));
      return newAgentRecord(
        agentSpec,
        {
          id: agentId,
          resourceId: resource.id,
          workspaceId: build.workspaceId,
          buildId: build.id,
          token: newId(),
          apps,
          logSources: [
            { id: newId(), displayName: "Startup Script", icon: "/emojis/25b6.png", createdAt: now },
          ],
        },
        now,
      );
    });
    return resource;
  }

  private startAgent(agent: AgentRec, sync: boolean): void {
    const connect = (): void => {
      if (agent.status !== "connecting") return;
      const now = nowIso();
      agent.status = "connected";
      agent.lifecycle = "starting";
      agent.firstConnectedAt = now;
      agent.lastConnectedAt = now;
      agent.startedAt = now;
      agent.updatedAt = now;
      const lines = agent.spec.startupLogs ?? [
        "Installing code-server...",
        "code-server listening on :13337",
      ];
      this.writeAgentLogs(
        agent,
        lines.map((output) => ({ output, level: "info" as const })),
      );
    };
    const ready = (): void => {
      if (agent.lifecycle !== "starting") return;
      const now = nowIso();
      agent.lifecycle = "ready";
      agent.readyAt = now;
      agent.updatedAt = now;
      for (const app of agent.apps) if (app.health === "initializing") app.health = "healthy";
      this.onAgentReady(agent);
    };
    if (sync) {
      connect();
      ready();
      return;
    }
    this.scheduler.after(this.stepMs, () => {
      connect();
      this.scheduler.after(this.stepMs, ready);
    });
  }

  private disconnect(agent: AgentRec): void {
    const now = nowIso();
    if (agent.status === "connected") agent.disconnectedAt = now;
    agent.status = "disconnected";
    agent.lifecycle = "off";
    agent.updatedAt = now;
    for (const listener of agent.listeners) listener.onClose();
    agent.listeners.clear();
  }

  /** Appends agent log lines (startup script or `PATCH /workspaceagents/me/logs`). */
  writeAgentLogs(
    agent: AgentRec,
    lines: { output: string; level: "trace" | "debug" | "info" | "warn" | "error"; sourceId?: string }[],
  ): void {
    const now = nowIso();
    const source = agent.logSources[0]?.id ?? newId();
    const logs = lines.map((line) => ({
      id: this.store.nextAgentLogId(),
      created_at: now,
      output: line.output,
      level: line.level,
      source_id: line.sourceId ?? source,
    }));
    agent.logs.push(...logs);
    for (const listener of agent.listeners) listener.onLogs(logs);
  }
}
