import type { ProvisionerJobLog, WorkspaceAgentLog } from "./api-types.js";
import type { AgentLogListener, AgentRec, JobListener, JobRec } from "./records.js";
import type { WsPeer } from "./router.js";

/** Go's json.Encoder (coderd's wsjson) ends every message with a newline. */
const encode = (value: unknown): string => `${JSON.stringify(value)}\n`;

const isTerminal = (job: JobRec): boolean =>
  job.status === "succeeded" || job.status === "failed" || job.status === "canceled";

/** Logs with an id above `after`, as the non-follow endpoints return them (coderd reads no `before`). */
export function logsAfter<T extends { id: number }>(logs: T[], after: number): T[] {
  return logs.filter((l) => l.id > after);
}

/**
 * coderd's logFollower: existing logs after `after` first, then live ones, one JSON object per
 * text message; the socket closes normally ("done") when the job ends.
 */
export function followJob(job: JobRec, after: number): (peer: WsPeer) => void {
  return (peer) => {
    let last = after;
    const send = (log: ProvisionerJobLog): void => {
      if (log.id <= last) return;
      last = log.id;
      peer.send(encode(log));
    };
    for (const log of job.logs) send(log);
    if (isTerminal(job)) {
      peer.close(1000, "done");
      return;
    }
    const listener: JobListener = {
      onLog: send,
      onDone: () => peer.close(1000, "done"),
    };
    job.listeners.add(listener);
    peer.onClose(() => job.listeners.delete(listener));
  };
}

/**
 * Agent log follow: each message is a JSON array of WorkspaceAgentLog. The stream stays open
 * while the agent lives and closes normally when it disconnects.
 */
export function followAgent(agent: AgentRec, after: number): (peer: WsPeer) => void {
  return (peer) => {
    const existing = agent.logs.filter((l) => l.id > after);
    if (existing.length > 0) peer.send(encode(existing));
    if (agent.status === "disconnected") {
      peer.close(1000, "agent disconnected");
      return;
    }
    const listener: AgentLogListener = {
      onLogs: (logs: WorkspaceAgentLog[]) => peer.send(encode(logs)),
      onClose: () => peer.close(1000, "agent disconnected"),
    };
    agent.listeners.add(listener);
    peer.onClose(() => agent.listeners.delete(listener));
  };
}
