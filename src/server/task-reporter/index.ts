export {
  type AgentApiSignal,
  type AgentApiWatchOptions,
  agentApiEventsUrl,
  type Backoff,
  DEFAULT_BACKOFF,
  watchAgentApi,
} from "./agentapi-watcher.js";
export {
  type AcceptedReport,
  DEFAULT_QUEUE_CAPACITY,
  type DropReason,
  type PushOutcome,
  ReportQueue,
  type StatusReport,
} from "./report-queue.js";
export { type RunningTaskReporter, startTaskReporter, type TaskReporterOptions } from "./task-reporter.js";
