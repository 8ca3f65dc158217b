import { capWithMarker } from "./result.js";

// MCP content blocks, as a tool may return them (MCP spec 2025-06-18 and later). Declared here,
// structurally, because tools/ never imports an MCP SDK; the MCP adapter passes them on as they are.

/** Optional MCP annotations of a content block. */
export interface ToolContentAnnotations {
  /** Who the block is for. */
  audience?: ("user" | "assistant")[];
  /** Importance from 0 (optional) to 1 (required). */
  priority?: number;
  /** ISO 8601 time of the last change. */
  lastModified?: string;
}

/** Plain text. */
export interface ToolTextContent {
  type: "text";
  text: string;
  annotations?: ToolContentAnnotations;
  _meta?: Record<string, unknown>;
}

/** An image, base64-encoded. */
export interface ToolImageContent {
  type: "image";
  /** Base64 data. */
  data: string;
  mimeType: string;
  annotations?: ToolContentAnnotations;
  _meta?: Record<string, unknown>;
}

/** Audio, base64-encoded. */
export interface ToolAudioContent {
  type: "audio";
  /** Base64 data. */
  data: string;
  mimeType: string;
  annotations?: ToolContentAnnotations;
  _meta?: Record<string, unknown>;
}

/** A resource's contents embedded in the result: text, or a base64 `blob`. */
export interface ToolEmbeddedResource {
  type: "resource";
  resource:
    | { uri: string; mimeType?: string; text: string; _meta?: Record<string, unknown> }
    | { uri: string; mimeType?: string; blob: string; _meta?: Record<string, unknown> };
  annotations?: ToolContentAnnotations;
  _meta?: Record<string, unknown>;
}

/** A link to a resource the client may read. */
export interface ToolResourceLink {
  type: "resource_link";
  uri: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
  size?: number;
  annotations?: ToolContentAnnotations;
  _meta?: Record<string, unknown>;
}

/** One MCP content block. */
export type ToolContentBlock =
  | ToolTextContent
  | ToolImageContent
  | ToolAudioContent
  | ToolEmbeddedResource
  | ToolResourceLink;

const CONTENT_RESULT = Symbol.for("coder-toolsdk.content-result");

/**
 * What a handler returns to answer with MCP content blocks instead of one JSON value (a tool
 * proxied from another MCP server). Build it with {@link toolContentResult}.
 */
export interface ToolContentResult {
  readonly [CONTENT_RESULT]: true;
  /** The blocks, passed to MCP clients unchanged. */
  readonly content: readonly ToolContentBlock[];
  /** The blocks describe a failure (MCP `isError`). */
  readonly isError: boolean;
  /** MCP `structuredContent`, when the producer sent it. */
  readonly structuredContent?: Record<string, unknown>;
}

/**
 * Wrap MCP content blocks as a handler's return value. `callTool` then skips the output schema
 * and answers with the blocks as they are (`ToolSuccess.content` / `ToolFailure.content`), plus a
 * text rendering of them for doors that only carry text (the router, the AI SDK). With `isError`,
 * the call is a failure of kind `tool` whose message is that text.
 */
export function toolContentResult(
  content: readonly ToolContentBlock[],
  options: { isError?: boolean; structuredContent?: Record<string, unknown> } = {},
): ToolContentResult {
  return Object.freeze({
    [CONTENT_RESULT]: true as const,
    content: Object.freeze([...content]),
    isError: options.isError === true,
    ...(options.structuredContent ? { structuredContent: options.structuredContent } : {}),
  });
}

/** Whether a handler returned a {@link ToolContentResult} (also one from another copy of this package). */
export function isToolContentResult(value: unknown): value is ToolContentResult {
  return (
    typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[CONTENT_RESULT] === true
  );
}

/**
 * Content blocks as one text for a model that only reads text: text blocks as they are, an
 * embedded text resource as its text under its URI, and a one-line note for binary data (its type
 * and size, never the base64) and for links. Capped at `maxBytes` with a truncation marker.
 */
export function contentToText(content: readonly ToolContentBlock[], maxBytes: number): string {
  const parts = content.map((block) => {
    switch (block.type) {
      case "text":
        return block.text;
      case "image":
      case "audio":
        return `[${block.type}: ${block.mimeType}, ${base64Bytes(block.data)} bytes]`;
      case "resource": {
        const { resource } = block;
        const mime = resource.mimeType ? `${resource.mimeType}, ` : "";
        if ("text" in resource && typeof resource.text === "string") {
          return `[resource ${resource.uri} (${mime}text)]\n${resource.text}`;
        }
        const blob = "blob" in resource && typeof resource.blob === "string" ? resource.blob : "";
        return `[embedded resource: ${resource.uri} (${mime}${base64Bytes(blob)} bytes)]`;
      }
      case "resource_link":
        return `[resource link: ${block.uri}${block.name ? ` (${block.name})` : ""}]`;
      default:
        return `[unsupported content type: ${String((block as { type?: unknown }).type)}]`;
    }
  });
  return capWithMarker(parts.join("\n"), maxBytes, "");
}

// Decoded size of base64 text, without decoding it.
function base64Bytes(data: string): number {
  const clean = data.replace(/\s/g, "");
  const padding = clean.endsWith("==") ? 2 : clean.endsWith("=") ? 1 : 0;
  return Math.max(0, Math.floor((clean.length * 3) / 4) - padding);
}
