import { z } from "zod";
import { READ_ONLY } from "../framework/annotations.js";
import { defineTool } from "../framework/define-tool.js";
import { compact } from "../framework/shaping.js";

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
