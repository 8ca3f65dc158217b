import { z } from "zod";
import { SlimRole, Timestamp, Uuid } from "./common.js";

/** An organization (`codersdk.Organization`). Older servers send only id, name and timestamps. */
export const Organization = z.looseObject({
  id: Uuid,
  name: z.string(),
  created_at: Timestamp,
  updated_at: Timestamp,
  display_name: z.string().optional(),
  description: z.string().optional(),
  icon: z.string().optional(),
  is_default: z.boolean().optional(),
});
export type Organization = z.infer<typeof Organization>;

/**
 * A member of an organization with the user's details
 * (`codersdk.OrganizationMemberWithUserData`), from `GET /organizations/{org}/members`.
 */
export const OrganizationMember = z.looseObject({
  user_id: Uuid,
  organization_id: Uuid,
  username: z.string(),
  name: z.string().optional(),
  email: z.string().optional(),
  avatar_url: z.string().optional(),
  roles: z.array(SlimRole).optional(),
  global_roles: z.array(SlimRole).optional(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
});
export type OrganizationMember = z.infer<typeof OrganizationMember>;
