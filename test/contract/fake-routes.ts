/**
 * The fake's own route table, read from its router, so the contract test can name each request
 * after the route that served it and notice routes the scenario never exercised.
 */
import { FakeCore } from "../../src/testing/core.js";

export interface FakeRoute {
  method: string;
  /** As registered, e.g. `/api/v2/workspaces/:workspace`. */
  path: string;
  /** Whether the route also upgrades `?follow` requests to a WebSocket. */
  follows: boolean;
  /** Whether the route is a WebSocket endpoint only (chat watch and stream). */
  socket: boolean;
}

/** `/api/v2/workspaces/:workspace` → `/workspaces/{workspace}` (paths outside /api/v2 stay whole). */
export function displayPath(routePath: string): string {
  const chi = routePath.replace(/:([A-Za-z_]\w*)/g, "{$1}");
  if (chi === "/api/v2") return "/";
  return chi.startsWith("/api/v2/") ? chi.slice("/api/v2".length) : chi;
}

/** The route table, and the route serving a given request. */
export class FakeRouteTable {
  private readonly core = new FakeCore({ url: "http://routes.fake", buildStepMs: 1, appHost: "" });
  /** Some routes exist only in one API generation (`agentApi`); one core per generation finds them. */
  private readonly generations = (["tasks", "chats", "experimental-chats"] as const).map(
    (agentApi) => new FakeCore({ url: "http://routes.fake", buildStepMs: 1, appHost: "", agentApi }),
  );

  /** Every registered route. The router keeps them private; this reads them structurally. */
  all(): FakeRoute[] {
    const router = this.core.router as unknown as {
      routes?: { method: string; path: string; follow?: unknown; socket?: unknown }[];
    };
    if (!Array.isArray(router.routes)) {
      throw new Error(
        "contract test: the fake's Router no longer keeps a `routes` array; update fake-routes.ts",
      );
    }
    return router.routes.map((r) => ({
      method: r.method,
      path: r.path,
      follows: r.follow !== undefined,
      socket: r.socket !== undefined,
    }));
  }

  /** The registered path of the route serving `method pathname`, if any. */
  routeOf(method: string, pathname: string): string | undefined {
    for (const core of this.generations) {
      const match = core.router.match(method, pathname);
      if (match && match !== "method") return match.route.path;
    }
    return undefined;
  }

  close(): void {
    this.core.close();
    for (const core of this.generations) core.close();
  }
}
