import { coderError } from "./http-util.js";
import type { AgentRec, UserRec } from "./records.js";
import type { Store } from "./store.js";
import { isUuid, nowIso } from "./util.js";

/** httpmw.SignedOutErrorMessage. */
export const SIGNED_OUT = "You are signed out or your session has expired. Please sign in again to continue.";

function cookie(request: Request, name: string): string | undefined {
  const header = request.headers.get("cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return undefined;
}

/**
 * httpmw.APITokenFromRequest order: cookie, query parameter, Coder-Session-Token header; then
 * `Authorization: Bearer`, which newer deployments accept.
 */
export function tokenFromRequest(request: Request, url: URL): string {
  const fromCookie = cookie(request, "coder_session_token");
  if (fromCookie) return fromCookie;
  const fromQuery = url.searchParams.get("coder_session_token");
  if (fromQuery) return fromQuery;
  const fromHeader = request.headers.get("coder-session-token");
  if (fromHeader) return fromHeader;
  const bearer = request.headers.get("authorization");
  if (bearer?.toLowerCase().startsWith("bearer ")) return bearer.slice(7).trim();
  return "";
}

/** httpmw.ExtractAPIKey: every failure is a 401 with the signed-out message and a specific detail. */
export function authenticateUser(store: Store, request: Request, url: URL): UserRec {
  const token = tokenFromRequest(request, url);
  if (token === "")
    throw coderError(401, SIGNED_OUT, 'Cookie "coder_session_token" or query parameter must be provided.');
  const parts = token.split("-");
  if (parts.length !== 2) {
    throw coderError(
      401,
      SIGNED_OUT,
      `Invalid API key format: incorrect amount of API key parts, expected 2 got ${parts.length}`,
    );
  }
  const [id, secret] = parts as [string, string];
  if (id.length !== 10)
    throw coderError(
      401,
      SIGNED_OUT,
      `Invalid API key format: invalid API key ID length, expected 10 got ${id.length}`,
    );
  if (secret.length !== 22) {
    throw coderError(
      401,
      SIGNED_OUT,
      `Invalid API key format: invalid API key secret length, expected 22 got ${secret.length}`,
    );
  }
  const key = store.apiKeys.get(id);
  if (!key) throw coderError(401, SIGNED_OUT, "API key is invalid.");
  if (key.secret !== secret) throw coderError(401, SIGNED_OUT, "API key secret is invalid.");
  if (Date.parse(key.expiresAt) < Date.now())
    throw coderError(401, SIGNED_OUT, `API key expired at "${key.expiresAt}".`);
  const user = store.users.get(key.userId);
  if (!user) throw coderError(401, SIGNED_OUT, "API key is invalid.");
  if (user.status !== "active") {
    throw coderError(
      401,
      `User is not active (status = "${user.status}"). Contact an admin to reactivate your account.`,
    );
  }
  const now = nowIso();
  key.lastUsed = now;
  user.lastSeenAt = now;
  return user;
}

/** httpmw.ExtractWorkspaceAgentAndLatestBuild: agent tokens are UUIDs of the latest build's agents. */
export function authenticateAgent(store: Store, request: Request, url: URL): AgentRec {
  const token = tokenFromRequest(request, url);
  if (token === "") throw coderError(401, 'Cookie "coder_session_token" must be provided.');
  if (!isUuid(token)) {
    throw coderError(
      401,
      "Workspace agent token invalid.",
      `An agent token must be a valid UUIDv4. (len ${token.length})`,
    );
  }
  const agent = store.findAgentByToken(token.toLowerCase());
  const latest = agent ? store.latestBuild(agent.workspaceId) : undefined;
  if (!agent || latest?.id !== agent.buildId) {
    throw coderError(
      401,
      "Workspace agent not authorized.",
      "The agent cannot authenticate until the workspace provision job has been completed. If the job is no longer running, this agent is invalid.",
    );
  }
  return agent;
}
