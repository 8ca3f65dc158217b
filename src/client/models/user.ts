import { z } from "zod";
import { openEnum, SlimRole, Timestamp, Uuid } from "./common.js";

/** Account state (`codersdk.UserStatus`). */
export const UserStatus = openEnum(["active", "dormant", "suspended"]);
/** Account state. */
export type UserStatus = z.infer<typeof UserStatus>;

/** How a user signs in (`codersdk.LoginType`); `""` on very old servers. */
export const LoginType = openEnum(["", "password", "github", "oidc", "token", "none"]);
/** How a user signs in. */
export type LoginType = z.infer<typeof LoginType>;

/** A Coder user (`codersdk.User`), from `GET /users/{user}` and `GET /users`. */
export const User = z.looseObject({
  id: Uuid,
  username: z.string(),
  email: z.string(),
  created_at: Timestamp,
  name: z.string().optional(),
  avatar_url: z.string().optional(),
  last_seen_at: z.string().optional(),
  status: UserStatus.optional(),
  login_type: LoginType.optional(),
  theme_preference: z.string().optional(),
  updated_at: z.string().optional(),
  organization_ids: z.array(Uuid).optional(),
  roles: z.array(SlimRole).optional(),
});
export type User = z.infer<typeof User>;

/** One page of `GET /users`: the users and the total number matching the filter. */
export const UsersResponse = z.looseObject({
  users: z.array(User),
  count: z.number(),
});
export type UsersResponse = z.infer<typeof UsersResponse>;
