import { z } from "zod";
import { WorkspaceAgent } from "./agent.js";
import { openEnum, Timestamp, Uuid } from "./common.js";

/** What a build does (`codersdk.WorkspaceTransition`). */
export const WorkspaceTransition = openEnum(["start", "stop", "delete"]);
/** What a build does. */
export type WorkspaceTransition = z.infer<typeof WorkspaceTransition>;

/** `{ key, value, sensitive }` shown on a resource (`codersdk.WorkspaceResourceMetadata`). */
export const WorkspaceResourceMetadata = z.looseObject({
  key: z.string(),
  value: z.string(),
  sensitive: z.boolean().optional(),
});
export type WorkspaceResourceMetadata = z.infer<typeof WorkspaceResourceMetadata>;

/** A Terraform resource of a build (`codersdk.WorkspaceResource`); compute resources carry agents. */
export const WorkspaceResource = z.looseObject({
  id: Uuid,
  created_at: Timestamp,
  job_id: z.string(),
  workspace_transition: WorkspaceTransition,
  type: z.string(),
  name: z.string(),
  hide: z.boolean().optional(),
  icon: z.string().optional(),
  agents: z.array(WorkspaceAgent).nullish(),
  metadata: z.array(WorkspaceResourceMetadata).nullish(),
  daily_cost: z.number().optional(),
});
export type WorkspaceResource = z.infer<typeof WorkspaceResource>;
