import { defineToolset } from "../framework/toolset.js";
import { listOrganizations } from "./list-organizations.js";

export { listOrganizations };

/** Toolset `organizations`: the organizations the user belongs to. */
export const organizationsToolset = defineToolset({
  id: "organizations",
  title: "Organizations",
  description: "The organizations the user is a member of, for tools that ask for an organization_id.",
  standard: true,
  instructions:
    "Call coder_list_organizations when a tool asks for organization_id and you belong to more than " +
    "one organization; with a single membership the tools pick it for you.",
  tools: [listOrganizations],
});
