import type { z } from "zod";
import type { JsonSchemaCarrier, ToolAnnotations, ToolContentBlock } from "../../tools/index.js";

// Structural types for the parts of an `McpServer` we use. Both `@modelcontextprotocol/sdk` 1.x
// (`McpServer` from `server/mcp.js`) and `@modelcontextprotocol/server` 2.x satisfy them, so this
// adapter imports neither SDK at run time. Field names are the SDKs' own; where the majors differ
// (the handler's second argument), both spellings are listed and read with `??`.

/** An MCP progress token, as the client sent it in `_meta.progressToken`. */
export type McpProgressToken = string | number;

/** The `_meta` of a request, as far as we read it. */
export interface McpRequestMeta {
  progressToken?: McpProgressToken;
}

/** A `notifications/progress` message. */
export interface McpProgressNotification {
  method: "notifications/progress";
  params: { progressToken: McpProgressToken; progress: number; total?: number; message?: string };
}

/** Validated bearer-token information an HTTP transport attaches to a request. */
export interface McpAuthInfo {
  /** The access token. */
  token: string;
  /** The OAuth client the token was issued to. */
  clientId: string;
  /** The token's scopes. */
  scopes: string[];
  /** Expiry, in seconds since the epoch. */
  expiresAt?: number;
  /** Anything else the verifier attached. */
  extra?: Record<string, unknown>;
}

/** A form-mode elicitation request asking the user to confirm (no fields to fill in). */
export interface McpConfirmationRequest {
  mode?: "form";
  message: string;
  requestedSchema: { type: "object"; properties: Record<string, never> };
}

/** The user's answer to an elicitation. */
export interface McpElicitationAnswer {
  action: "accept" | "decline" | "cancel";
}

/** Options for a server-to-client request. */
export interface McpRequestOptions {
  signal?: AbortSignal;
  relatedRequestId?: string | number;
}

/**
 * The second argument of a tool callback: SDK v1's `RequestHandlerExtra` (`signal`, `_meta`,
 * `sendNotification`, `requestId`, `authInfo`, `requestInfo`) or SDK v2's `ServerContext`
 * (`mcpReq`, `http`).
 */
export interface McpToolExtra {
  /** v1: aborts when the client cancels. */
  signal?: AbortSignal;
  /** v1: the JSON-RPC id of the request. */
  requestId?: string | number;
  /** v1: the request's `_meta`. */
  _meta?: McpRequestMeta;
  /** v1: send a notification tied to this request. */
  sendNotification?: (notification: McpProgressNotification) => Promise<void>;
  /** v1: validated bearer token, on HTTP transports with auth. */
  authInfo?: McpAuthInfo;
  /** v1: the HTTP request's headers (lower-case names). */
  requestInfo?: { headers?: Record<string, string | string[] | undefined> };
  /** v2: the request being handled. */
  mcpReq?: {
    id?: string | number;
    signal?: AbortSignal;
    _meta?: McpRequestMeta;
    notify?: (notification: McpProgressNotification) => Promise<void>;
    elicitInput?: (
      request: McpConfirmationRequest,
      options?: McpRequestOptions,
    ) => Promise<McpElicitationAnswer>;
  };
  /** v2: HTTP details, on HTTP transports. */
  http?: { authInfo?: McpAuthInfo; req?: { headers: { get(name: string): string | null } } };
}

/** What a tool callback returns. */
export interface McpToolResult {
  [key: string]: unknown;
  /** Our JSON text as one text block, or a proxied MCP tool's blocks as they came. */
  content: ToolContentBlock[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

/** The configuration `registerTool` takes, as we fill it. */
export interface McpToolConfig {
  title?: string;
  description?: string;
  inputSchema?: JsonSchemaCarrier;
  outputSchema?: JsonSchemaCarrier;
  annotations?: ToolAnnotations & { title?: string };
}

/** The configuration `registerPrompt` takes: arguments as a raw zod shape of strings. */
export interface McpPromptConfig {
  title?: string;
  description?: string;
  argsSchema?: McpPromptShape;
}

/** What a prompt callback returns. */
export interface McpPromptResult {
  [key: string]: unknown;
  description?: string;
  messages: { role: "user"; content: { type: "text"; text: string } }[];
}

/**
 * The part of an `McpServer` (SDK v1 or v2) that {@link registerCoderTools} uses. Pass your
 * server instance as it is.
 */
export interface McpServerLike {
  registerTool(
    name: string,
    config: McpToolConfig,
    callback: (args: Record<string, unknown>, extra: McpToolExtra) => Promise<McpToolResult>,
  ): unknown;
  registerPrompt(
    name: string,
    config: McpPromptConfig,
    callback: (args: Record<string, string | undefined>, extra: McpToolExtra) => McpPromptResult,
  ): unknown;
  /** The low-level server: client capabilities, and elicitation for SDK v1. */
  readonly server: {
    getClientCapabilities(): { elicitation?: { form?: object; url?: object } } | undefined;
    elicitInput(request: McpConfirmationRequest, options?: McpRequestOptions): Promise<McpElicitationAnswer>;
  };
}

/** A raw zod shape of string prompt arguments (what both SDKs accept as `argsSchema`). */
export type McpPromptShape = Record<string, McpPromptField>;

/** One prompt argument's schema: a zod string, optional when the argument is. */
export type McpPromptField = z.ZodString | z.ZodOptional<z.ZodString>;
