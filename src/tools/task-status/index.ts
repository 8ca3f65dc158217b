import { defineToolset } from "../framework/toolset.js";
import { reportTask } from "./report-task.js";

export { type AppStatusReporterOptions, createAppStatusReporter } from "./app-status-reporter.js";
export { reportTask };

/** Toolset `task_status`: an agent reporting its own progress to the Coder dashboard. */
export const taskStatusToolset = defineToolset({
  id: "task_status",
  title: "Task status reporting",
  description:
    "Lets an agent running in a workspace report what it is doing to the Coder dashboard. Needs the " +
    "workspace agent's token and an app slug; not in the standard selection.",
  standard: false,
  instructions:
    "Call coder_report_task when you start a piece of work (state working), when you need input " +
    "(idle) and when you finish (complete or failure), with a one-line summary and a link to the result.",
  tools: [reportTask],
});
