import { defineToolset } from "../framework/toolset.js";
import { getAuthenticatedUser } from "./authenticated-user.js";

export { getAuthenticatedUser };

/** Toolset `users`: who the tools act as. */
export const usersToolset = defineToolset({
  id: "users",
  title: "Users",
  description: "The user the tools act as: id, username, roles and organization memberships.",
  standard: true,
  instructions:
    "Call coder_get_authenticated_user first when you need to know who you act as: its username is " +
    "what `owner` and `user` fields accept (or `me`), and its roles tell you which admin tools can succeed.",
  tools: [getAuthenticatedUser],
});
