import { z } from "zod";
import { READ_ONLY } from "../framework/annotations.js";
import { defineTool } from "../framework/define-tool.js";
import { compact } from "../framework/shaping.js";

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
