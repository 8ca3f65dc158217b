import type { Workspace, WorkspaceAgent, WorkspaceApp } from "../../client/models/index.js";

/**
 * Browser addresses on a Coder deployment, built the way Coder's web UI builds them. Pure string
 * work: the caller supplies the client URL and, for subdomain addresses, the wildcard app host
 * from `GET /applications/host`.
 */

/** Base URL of the Coder web UI: the client URL without path or query (as Go's `ServerURL`). */
export function serverUrl(clientUrl: string): string {
  const url = new URL(clientUrl);
  return `${url.protocol}//${url.host}`;
}

/**
 * The wildcard-subdomain URL Coder proxies to an app or port of an agent: the client URL's
 * scheme, then `appHost` with `*` replaced by `label` (Coder's `appurl` form,
 * `<slug or port>--<agent>--<workspace>--<owner>`, unless the server named it).
 */
export function subdomainUrl(clientUrl: string, appHost: string, label: string): string {
  const scheme = new URL(clientUrl).protocol;
  return `${scheme}//${appHost.replace("*", label)}`;
}

/** Coder's subdomain label for `slugOrPort` on an agent of a workspace. */
export function subdomainLabel(slugOrPort: string, agent: WorkspaceAgent, workspace: Workspace): string {
  return `${slugOrPort}--${agent.name}--${workspace.name}--${workspace.owner_name}`;
}

/**
 * Where a user opens an app through Coder, as the web UI links it: an external app's own URL; the
 * web terminal running a command app's command; a subdomain app on the wildcard app host; any
 * other app under `/@owner/workspace.agent/apps/<slug>/`. `undefined` when the deployment cannot
 * serve it (a subdomain app without an app host, an external app without a URL). Session-token
 * placeholders in external URLs are left as they are: a token never goes into a tool result.
 */
export function appBrowserUrl(
  app: WorkspaceApp,
  where: { clientUrl: string; appHost: string; workspace: Workspace; agent: WorkspaceAgent },
): string | undefined {
  const { clientUrl, appHost, workspace, agent } = where;
  if (app.external) return app.url || undefined;
  const base = `${serverUrl(clientUrl)}/@${encodeURIComponent(workspace.owner_name)}/${encodeURIComponent(workspace.name)}.${encodeURIComponent(agent.name)}`;
  if (app.command) return `${base}/terminal?command=${encodeURIComponent(app.command)}`;
  if (app.subdomain) {
    if (!appHost) return undefined;
    return `${subdomainUrl(clientUrl, appHost, app.subdomain_name || subdomainLabel(app.slug, agent, workspace))}/`;
  }
  // Coder redirects to the trailing-slash form, so link to it directly.
  return `${base}/apps/${encodeURIComponent(app.slug)}/`;
}
