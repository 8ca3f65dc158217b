import type { IncomingMessage, ServerResponse } from "node:http";
import { toNodeHandler } from "@modelcontextprotocol/node";
import {
  type AuthInfo,
  createMcpHandler,
  localhostAllowedHostnames,
  localhostAllowedOrigins,
  validateHostHeader,
  validateOriginHeader,
} from "@modelcontextprotocol/server";
import { registerCoderTools } from "../../adapters/mcp/register.js";
import type { McpServerLike } from "../../adapters/mcp/server-like.js";
import { type CoderCapabilities, detectCapabilities } from "../../client/index.js";
import type { McpProxy } from "../../proxy/manager.js";
import { allTools, type ToolCallEvent } from "../../tools/index.js";
import { VERSION } from "../../version.js";
import { buildMcpServer } from "../mcp-server.js";
import { expandToolsets, policyFor, type ServerSelection, toolsetNames } from "../selection.js";
import { isCaller, TokenValidator, tokenFromHeaders } from "./auth.js";
import { CancelRegistry, readJsonBody } from "./body.js";
import { HEALTH_PATH, MCP_PATH, RESOURCE_METADATA_PATH } from "./paths.js";

/** Options of {@link createHttpApp}. */
export interface HttpAppOptions {
  /** The Coder deployment every request's token belongs to. */
  coderUrl: string;
  /** What the server offers; `?toolset=` picks among it per request. */
  selection: ServerSelection;
  instructions?: string;
  /**
   * Host names accepted in `Host` and `Origin`. Default: the localhost names when `loopback`,
   * anything otherwise (access is controlled by the bearer token, as on coderd).
   */
  allowedHosts?: readonly string[];
  /** Whether the server listens on a loopback address (DNS-rebinding protection applies). */
  loopback: boolean;
  /** Largest request body, in bytes. */
  maxBodyBytes: number;
  /** One JSON line per request and per problem; never contains a token. */
  log(line: string): void;
  /** Passed to each Coder client (tests use the fake's fetch). */
  fetch?: typeof fetch;
  /**
   * MCP servers of this machine to serve next to Coder's tools (`serve --http --mcp-config`). Every
   * caller with a token Coder accepts reaches them, with this process's rights: configure only
   * servers you would hand to every such user.
   */
  proxy?: McpProxy;
}

/** What the node handler hands to the per-request MCP server through `authInfo.extra`. */
interface RequestExtra {
  toolset?: string;
  cancel?: AbortSignal;
  capabilities?: CoderCapabilities;
}

/** How long what the deployment serves is believed before asking again. */
const CAPABILITIES_TTL_MS = 5 * 60_000;

/** A Node request listener plus the switch that drains it. */
export interface HttpApp {
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Requests being served right now. */
  readonly inFlight: number;
  /** Refuse new MCP requests (503, `/healthz` too) and resolve once the in-flight ones finished. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** The request's own origin (`https://host`), as the client reached us (proxies may set X-Forwarded-Proto). */
function publicBase(req: IncomingMessage): string {
  const forwarded = req.headers["x-forwarded-proto"];
  const proto = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim() || "http";
  return `${proto === "https" ? "https" : "http"}://${req.headers.host ?? "localhost"}`;
}

/**
 * The Streamable HTTP server of `coder-toolsdk serve --http`: stateless MCP at `/mcp` on the MCP
 * SDK's `createMcpHandler` (2026-07-28 and, statelessly, the 2025 revisions; progress and
 * cancellation reach the tools in both), a new MCP server and Coder client per request built from
 * the caller's own token, `GET /healthz`, and RFC 9728 metadata naming the Coder deployment as the
 * authorization server.
 */
export function createHttpApp(options: HttpAppOptions): HttpApp {
  const validator = new TokenValidator({
    coderUrl: options.coderUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const allowedHosts = options.allowedHosts?.length
    ? [...options.allowedHosts]
    : options.loopback
      ? localhostAllowedHostnames()
      : undefined;
  const allowedOrigins = options.allowedHosts?.length
    ? [...options.allowedHosts]
    : options.loopback
      ? localhostAllowedOrigins()
      : undefined;
  const names = toolsetNames();
  // Fail at start-up, not on the first request, when the selection names something unknown.
  policyFor(options.selection, false);

  const logToolCall = (user: string) => (event: ToolCallEvent) => {
    if (event.phase !== "end") return;
    options.log(
      JSON.stringify({
        time: new Date().toISOString(),
        level: "info",
        msg: "tool",
        tool: event.tool,
        outcome: event.outcome,
        duration_ms: event.durationMs,
        user,
      }),
    );
  };
  const mcp = createMcpHandler(
    (ctx) => {
      const extra = ctx.authInfo?.extra as RequestExtra | undefined;
      const token = ctx.authInfo?.token ?? "";
      const toolsets = extra?.toolset ? [extra.toolset] : options.selection.toolsets;
      const client = validator.clientFor(token);
      const onToolCall = logToolCall(ctx.authInfo?.clientId ?? "");
      const server = buildMcpServer({
        client,
        tools: allTools,
        ...policyFor({ ...options.selection, ...(toolsets ? { toolsets } : {}) }, false),
        ...(options.instructions ? { instructions: options.instructions } : {}),
        ...(extra?.cancel ? { cancel: extra.cancel } : {}),
        ...(extra?.capabilities ? { capabilities: extra.capabilities } : {}),
        onToolCall,
      });
      // A server lives for one request, so the proxy's current tools are registered as they are
      // (no subscription to reloads: the next request sees the next list). Only --read-only
      // applies to them: the other selection flags name Coder's catalogue.
      if (options.proxy && !extra?.toolset) {
        registerCoderTools(server as unknown as McpServerLike, {
          client,
          tools: options.proxy.tools,
          prompts: [],
          ...(options.selection.readOnly ? { readOnly: true } : {}),
          onToolCall,
        });
      }
      return server;
    },
    { onerror: (error) => options.log(JSON.stringify({ level: "warn", msg: "mcp", error: error.message })) },
  );
  const cancels = new CancelRegistry();
  // What the deployment serves is the same for every caller: probed with the first caller's token,
  // kept a while, and never kept when the probe failed (then every selected tool is offered).
  let probed: { at: number; value: Promise<CoderCapabilities | undefined> } | undefined;
  const capabilitiesWith = (token: string) => {
    if (!probed || Date.now() - probed.at > CAPABILITIES_TTL_MS) {
      const value = detectCapabilities(validator.clientFor(token)).catch(() => {
        probed = undefined;
        return undefined;
      });
      probed = { at: Date.now(), value };
    }
    return probed.value;
  };
  const serveMcp = toNodeHandler(mcp, { maxRequestBodySize: options.maxBodyBytes });

  let inFlight = 0;
  let draining = false;
  const idle: (() => void)[] = [];
  const settle = () => {
    inFlight -= 1;
    if (inFlight === 0) for (const resolve of idle.splice(0)) resolve();
  };

  const route = async (
    req: IncomingMessage,
    res: ServerResponse,
    note: Record<string, unknown>,
  ): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === HEALTH_PATH) {
      if (draining) return json(res, 503, { status: "draining" });
      return json(res, 200, { status: "ok", version: VERSION });
    }
    if (allowedHosts) {
      const host = validateHostHeader(req.headers.host, allowedHosts);
      if (!host.ok) return json(res, 403, { error: "forbidden", error_description: host.message });
      const origin = validateOriginHeader(req.headers.origin, allowedOrigins ?? []);
      if (!origin.ok) return json(res, 403, { error: "forbidden", error_description: origin.message });
    }
    if (url.pathname === RESOURCE_METADATA_PATH || url.pathname === `${RESOURCE_METADATA_PATH}${MCP_PATH}`) {
      return json(res, 200, {
        resource: `${publicBase(req)}${MCP_PATH}`,
        authorization_servers: [options.coderUrl],
        bearer_methods_supported: ["header"],
        resource_name: "Coder (coder-toolsdk)",
      });
    }
    if (url.pathname !== MCP_PATH)
      return json(res, 404, { error: "not_found", error_description: `try ${MCP_PATH}` });
    if (draining)
      return json(
        res,
        503,
        { error: "unavailable", error_description: "the server is shutting down" },
        { connection: "close" },
      );

    const toolset = url.searchParams.get("toolset") ?? undefined;
    if (toolset !== undefined) {
      note.toolset = toolset;
      try {
        expandToolsets([toolset]);
      } catch {
        return json(res, 400, {
          error: "invalid_toolset",
          error_description: `unknown toolset ${JSON.stringify(toolset)}; valid: ${names.join(", ")}`,
        });
      }
    }
    const length = Number(req.headers["content-length"] ?? 0);
    // Refused before the token is checked: an oversized body costs no call to Coder.
    if (length > options.maxBodyBytes) {
      return json(
        res,
        413,
        {
          error: "payload_too_large",
          error_description: `request bodies are limited to ${options.maxBodyBytes} bytes`,
        },
        { connection: "close" },
      );
    }

    const checked = await validator.check(tokenFromHeaders(req.headers));
    if (!isCaller(checked)) {
      if (checked.kind === "unavailable") {
        return json(res, 502, {
          error: "coder_unavailable",
          error_description: `cannot reach the Coder deployment to check the token: ${checked.message}`,
        });
      }
      const challenge = [`Bearer resource_metadata="${publicBase(req)}${RESOURCE_METADATA_PATH}"`];
      if (checked.kind === "rejected") challenge.push('error="invalid_token"');
      const description =
        checked.kind === "missing"
          ? "send your Coder token in the Coder-Session-Token header or as Authorization: Bearer <token>"
          : `the Coder deployment rejected the token: ${checked.message}`;
      return json(
        res,
        401,
        { error: "invalid_token", error_description: description },
        { "www-authenticate": challenge.join(", ") },
      );
    }
    note.user = checked.username;
    // The body is read here, under the limit, so a 2025-era cancel (its own POST) can be routed to
    // the call it names; the SDK gets the parsed value.
    const body = req.method === "POST" ? await readJsonBody(req, options.maxBodyBytes) : undefined;
    if (body?.kind === "too-large") {
      return json(
        res,
        413,
        {
          error: "payload_too_large",
          error_description: `request bodies are limited to ${options.maxBodyBytes} bytes`,
        },
        { connection: "close" },
      );
    }
    if (body?.kind === "invalid") {
      return json(res, 400, {
        jsonrpc: "2.0",
        id: null,
        error: { code: -32700, message: `Parse error: ${body.message}` },
      });
    }
    const caller = cancels.callerKey(checked.token);
    const call = body ? cancels.track(caller, body.value, res) : undefined;
    const capabilities = await capabilitiesWith(checked.token);
    const extra: RequestExtra = {
      ...(toolset ? { toolset } : {}),
      ...(call ? { cancel: call } : {}),
      ...(capabilities ? { capabilities } : {}),
    };
    const auth: AuthInfo = {
      token: checked.token,
      clientId: checked.username,
      scopes: [],
      extra: { ...extra },
    };
    (req as IncomingMessage & { auth?: AuthInfo }).auth = auth;
    await serveMcp(req as IncomingMessage & { auth?: AuthInfo }, res, body?.value);
  };

  return {
    get inFlight() {
      return inFlight;
    },
    handle(req, res) {
      inFlight += 1;
      const started = performance.now();
      const note: Record<string, unknown> = {};
      res.on("close", () => {
        const path = (req.url ?? "/").split("?")[0];
        options.log(
          JSON.stringify({
            time: new Date().toISOString(),
            level: "info",
            msg: "request",
            method: req.method,
            path,
            status: res.statusCode,
            duration_ms: Math.round((performance.now() - started) * 10) / 10,
            ...note,
            remote: req.socket?.remoteAddress,
            pid: process.pid,
          }),
        );
        settle();
      });
      route(req, res, note).catch((error: unknown) => {
        options.log(
          JSON.stringify({
            level: "error",
            msg: "request failed",
            error: error instanceof Error ? error.message : String(error),
          }),
        );
        if (!res.headersSent)
          json(res, 500, {
            error: "internal_error",
            error_description: "the request failed; see the server log",
          });
        else res.end();
      });
    },
    drain() {
      draining = true;
      if (inFlight === 0) return Promise.resolve();
      return new Promise((resolve) => idle.push(resolve));
    },
    close: () => mcp.close(),
  };
}
