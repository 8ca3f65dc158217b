import { z } from "zod";
import { READ_ONLY } from "./annotations.js";
import { defineTool } from "./define-tool.js";
import { compact } from "./shaping.js";

/** Who the tools act as, and which organizations that user belongs to. */

const RoleOutput = z.object({
  name: z.string(),
  display_name: z.string().optional(),
  organization_id: z.string().optional().describe("Set for organization roles; absent for site-wide roles"),
});

/** `coder_get_authenticated_user`: the user the token belongs to, like `coder whoami`. */
export const getAuthenticatedUser = defineTool({
  name: "coder_get_authenticated_user",
  title: "Get authenticated user",
  description:
    "Return the Coder user these tools act as (like `whoami`): id, username, name, email, account " +
    "status, login type, roles (site-wide and per organization), organization_ids and created_at. " +
    "Use it to learn your own username (for owner/name workspace references), whether you are an " +
    "administrator (the owner role), or which organizations you belong to.",
  toolset: "users",
  annotations: READ_ONLY,
  input: z.object({}),
  output: z.object({
    id: z.string(),
    username: z.string(),
    name: z.string().optional(),
    email: z.string(),
    status: z.string().optional().describe("active, dormant or suspended"),
    login_type: z.string().optional(),
    roles: z.array(RoleOutput),
    organization_ids: z.array(z.string()),
    created_at: z.string(),
    last_seen_at: z.string().optional(),
  }),
  async handler(_input, { client, signal }) {
    const user = await client.users.me({ signal });
    return compact({
      id: user.id,
      username: user.username,
      name: user.name || undefined,
      email: user.email,
      status: user.status || undefined,
      login_type: user.login_type || undefined,
      roles: (user.roles ?? []).map((role) =>
        compact({
          name: role.name,
          display_name: role.display_name || undefined,
          organization_id: role.organization_id || undefined,
        }),
      ),
      organization_ids: user.organization_ids ?? [],
      created_at: user.created_at,
      last_seen_at: user.last_seen_at || undefined,
    });
  },
});

/** `coder_list_organizations`: the organizations the caller is a member of. */
export const listOrganizations = defineTool({
  name: "coder_list_organizations",
  title: "List organizations",
  description:
    "List the organizations the authenticated user is a member of. Returns { organizations: [...] } " +
    "with each organization's id, name, display_name, description and whether it is the default " +
    "one. Use it to find the organization_id that tools such as coder_create_template_version and " +
    "coder_create_template ask for when you belong to several organizations. Membership alone does " +
    "not grant every organization action (creating templates needs the template admin role).",
  toolset: "organizations",
  annotations: READ_ONLY,
  input: z.object({}),
  output: z.object({
    organizations: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        display_name: z.string().optional(),
        description: z.string().optional(),
        is_default: z.boolean().optional(),
      }),
    ),
  }),
  async handler(_input, { client, signal }) {
    const organizations = await client.users.organizations("me", { signal });
    return {
      organizations: organizations.map((org) =>
        compact({
          id: org.id,
          name: org.name,
          display_name: org.display_name || undefined,
          description: org.description || undefined,
          is_default: org.is_default,
        }),
      ),
    };
  },
});

/** The user and organization tools. */
export const userTools = [getAuthenticatedUser, listOrganizations] as const;
