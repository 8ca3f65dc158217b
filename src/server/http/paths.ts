/** Where `coder-toolsdk serve --http` answers MCP requests (Streamable HTTP). */
export const MCP_PATH = "/mcp";
/** The health check: 200 while the process accepts requests, 503 while it drains. */
export const HEALTH_PATH = "/healthz";
/** RFC 9728 protected-resource metadata for the MCP endpoint. */
export const RESOURCE_METADATA_PATH = "/.well-known/oauth-protected-resource";
