import { z } from "zod";

/** `GET /api/v2/buildinfo` (`codersdk.BuildInfoResponse`). */
export const BuildInfo = z.looseObject({
  external_url: z.string(),
  version: z.string(),
  dashboard_url: z.string(),
  workspace_proxy: z.boolean().optional(),
  agent_api_version: z.string().optional(),
  upgrade_message: z.string().optional(),
  deployment_id: z.string().optional(),
});
export type BuildInfo = z.infer<typeof BuildInfo>;
