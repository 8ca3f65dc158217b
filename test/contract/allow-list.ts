/**
 * Known, investigated differences between the old swagger copy (coder-swagger.json, about
 * Coder v2.9–v2.10) and what current coderd sends, which the fake follows. Every entry says why.
 * A difference not listed here fails the contract test: fix the fake, or — after checking coderd
 * or coder-api.md — add an entry with its reason. Unused entries fail the test too, so the list
 * stays short.
 */
import type { IssueKind } from "./schema-check.js";
import type { Schema } from "./swagger-spec.js";

/** Accepts one kind of issue on one field of one definition. */
export interface FieldAllowance {
  kind: IssueKind;
  def: string;
  field: string;
  /** For `enum`: only these values are accepted. */
  values?: string[];
  reason: string;
}

/** Replaces what the spec declares for one operation's success response. */
export interface EndpointRule {
  method: string;
  specPath: string;
  /** Check the body against this schema instead of the declared one. */
  schema?: Schema;
  /** `null`: the body must be JSON `null`; `raw`: the body is not JSON and is not checked. */
  body?: "null" | "raw";
  reason: string;
}

export const ENDPOINT_RULES: EndpointRule[] = [
  {
    method: "GET",
    specPath: "/templates/{template}/versions/{templateversionname}",
    schema: { $ref: "#/definitions/codersdk.TemplateVersion" },
    reason:
      "The spec's `@Success 200 {array}` annotation is wrong: coderd writes one TemplateVersion and " +
      "codersdk.TemplateVersionByName decodes a single object (coder-api.md §3.4: 'S1 declares an array').",
  },
  {
    method: "GET",
    specPath: "/workspacebuilds/{workspacebuild}/state",
    body: "raw",
    reason:
      "coderd writes the raw Terraform state bytes (coder-api.md §3.7), not the codersdk.WorkspaceBuild the " +
      "annotation declares; the fake's state is empty.",
  },
  {
    method: "PATCH",
    specPath: "/workspaceagents/me/logs",
    body: "null",
    reason:
      "patchWorkspaceAgentLogs ends with httpapi.Write(ctx, rw, http.StatusOK, nil): the body is `null`, " +
      "not the codersdk.Response the annotation declares.",
  },
];

export const FIELD_ALLOWANCES: FieldAllowance[] = [
  // Nullable in Go, but swaggo never writes x-nullable (the spec has none at all).
  {
    kind: "null",
    def: "codersdk.WorkspaceBuild",
    field: "deadline",
    reason: "codersdk.NullTime: null while no autostop deadline is set (coder-api.md §4.7).",
  },
  {
    kind: "null",
    def: "codersdk.WorkspaceBuild",
    field: "max_deadline",
    reason: "codersdk.NullTime, like deadline (coder-api.md §4.7).",
  },
  {
    kind: "null",
    def: "codersdk.Workspace",
    field: "deleting_at",
    reason: "*time.Time without omitempty: null unless dormant with auto-delete (coder-api.md §4.6).",
  },
  {
    kind: "null",
    def: "codersdk.Workspace",
    field: "dormant_at",
    reason: "*time.Time without omitempty: null unless dormant (coder-api.md §4.6).",
  },
  // Enum values newer than (or missing from) the spec's field-level `enums` tags.
  {
    kind: "enum",
    def: "codersdk.User",
    field: "status",
    values: ["dormant"],
    reason:
      'The field\'s swaggo `enums:"active,suspended"` tag is stale; codersdk.UserStatus itself lists dormant, ' +
      "and users created through POST /users start dormant (coder-api.md §4.1).",
  },
];

/**
 * Fake routes the spec does not have, because they are newer than it, with the coder-api.md
 * section each follows. (`/api/experimental/tasks/*` mirrors `/api/v2/tasks/*`, §3.12.)
 */
export const NEWER_THAN_SPEC: Record<string, string> = {
  "GET /organizations": "follows coder-api.md §3.3 (GET /organizations list added)",
  "GET /organizations/{organization}/members": "follows coder-api.md §3.3 (OrganizationMemberWithUserData[])",
  "GET /organizations/{organization}/members/{user}":
    "follows coder-api.md §3.3 (one OrganizationMemberWithUserData)",
  "GET /templates": "follows coder-api.md §3.4, §5.2 (all templates, q filter)",
  "GET /templateversions/{templateversion}/presets": "follows coder-api.md §6 (presets, newer than the spec)",
  "POST /users/{user}/workspaces": "follows coder-api.md §3.6 (preferred create route)",
  "PATCH /workspaceagents/me/app-status": "follows coder-api.md §3.9 (app status reporting)",
  "POST /workspaceagents/me/log-source": "follows coder-api.md §3.9 (agent log sources)",
  "GET /tasks": "follows coder-api.md §3.12",
  "POST /tasks/{user}": "follows coder-api.md §3.12",
  "GET /tasks/{user}/{task}": "follows coder-api.md §3.12",
  "DELETE /tasks/{user}/{task}": "follows coder-api.md §3.12",
  "POST /tasks/{user}/{task}/send": "follows coder-api.md §3.12",
  "PATCH /tasks/{user}/{task}/input": "follows coder-api.md §3.12",
  "GET /tasks/{user}/{task}/logs": "follows coder-api.md §3.12",
  // Newer than coder-api.md's §3.12 table: coder/coder#21948 added resume, #22303 moved the dashboard to
  // both; docs/reference/api/tasks.md documents 202 codersdk.PauseTaskResponse / ResumeTaskResponse,
  // `{workspace_build: WorkspaceBuild}`.
  "POST /tasks/{user}/{task}/pause":
    "follows coder docs/reference/api/tasks.md (202 {workspace_build}, a stop build of the task's workspace)",
  "POST /tasks/{user}/{task}/resume":
    "follows coder docs/reference/api/tasks.md (202 {workspace_build}, a start build of the task's workspace)",
  // Coder Agents chats: promoted to /api/v2 in 2026 (coder-current.md §2), long after the spec copy.
  // Shapes follow codersdk/chats.go at coder/coder 09c521c5.
  "GET /chats": "follows coder-current.md §2 (codersdk.Chat[]; q, label, limit/offset/after_id)",
  "POST /chats": "follows coder-current.md §2 (201 codersdk.Chat)",
  "GET /chats/watch": "follows coder-current.md §2 (WebSocket of codersdk.ChatWatchEvent)",
  "GET /chats/{chat}": "follows coder-current.md §2 (codersdk.Chat)",
  "PATCH /chats/{chat}": "follows coder-current.md §2 (codersdk.UpdateChatRequest, 204)",
  "GET /chats/{chat}/messages": "follows coder-current.md §2 (codersdk.ChatMessagesResponse, newest first)",
  "POST /chats/{chat}/messages": "follows coder-current.md §2 (codersdk.CreateChatMessageResponse)",
  "POST /chats/{chat}/interrupt": "follows coder-current.md §2 (codersdk.Chat)",
  "GET /chats/{chat}/stream": "follows coder-current.md §2 (WebSocket of codersdk.ChatStreamEvent batches)",
  "POST /chats/files/{file}/download-url":
    "follows coder-current.md §2 (codersdk.ChatFileDownloadURLResponse)",
  "GET /chats/files/{file}/download":
    "follows coder-current.md §2 (the signed URL: file bytes, no session token)",
  "GET /chats/files/{file}": "follows codersdk.GetChatFile at coder/coder 09c521c5 (file bytes)",
  "GET /organizations/{organization}/chats/models":
    "follows coder-current.md §2 (codersdk.OrganizationChatModelsResponse)",
};

/**
 * Corrections to definitions the spec gets wrong on the wire. swaggo camel-cases Go fields that
 * have no json name (`P50` → `p50`, `Regions` → `regions`), but encoding/json keeps the Go field
 * name. These replace the spec's definitions before checking, so the real keys are checked.
 */
export const SPEC_CORRECTIONS: Record<string, { schema: Schema; reason: string }> = {
  "codersdk.TransitionStats": {
    reason:
      'codersdk/templates.go: `type TransitionStats struct { P50 *int64 `example:"123"`; P95 *int64 }` has no ' +
      "json tags, so the keys are P50 / P95 (null until there are builds), not the spec's p50 / p95.",
    schema: {
      type: "object",
      required: ["P50", "P95"],
      properties: {
        P50: { type: "integer", "x-nullable": true },
        P95: { type: "integer", "x-nullable": true },
      },
    },
  },
  "tailcfg.DERPMap": {
    reason:
      'tailcfg.DERPMap: `HomeParams *DERPHomeParams `json:",omitempty"``, `Regions map[int]*DERPRegion` (no tag), ' +
      '`OmitDefaultRegions bool `json:"omitDefaultRegions,omitempty"``.',
    schema: {
      type: "object",
      required: ["Regions"],
      properties: {
        HomeParams: { $ref: "#/definitions/tailcfg.DERPHomeParams" },
        Regions: { type: "object", additionalProperties: { $ref: "#/definitions/tailcfg.DERPRegion" } },
        omitDefaultRegions: { type: "boolean" },
      },
    },
  },
  "tailcfg.DERPHomeParams": {
    reason:
      'tailcfg.DERPHomeParams: `RegionScore map[int]float64 `json:",omitempty"``: a nil or empty map is left ' +
      "out, so it is never null.",
    schema: {
      type: "object",
      properties: { RegionScore: { type: "object", additionalProperties: { type: "number" } } },
    },
  },
  "tailcfg.DERPRegion": {
    reason:
      "tailcfg.DERPRegion (coder's fork adds EmbeddedRelay): RegionID, RegionCode, RegionName and Nodes have no " +
      "tags and no omitempty.",
    schema: {
      type: "object",
      required: ["RegionID", "RegionCode", "RegionName", "Nodes"],
      properties: {
        EmbeddedRelay: { type: "boolean" },
        RegionID: { type: "integer" },
        RegionCode: { type: "string" },
        RegionName: { type: "string" },
        Avoid: { type: "boolean" },
        Nodes: { type: "array", items: { $ref: "#/definitions/tailcfg.DERPNode" } },
      },
    },
  },
  "tailcfg.DERPNode": {
    reason:
      "tailcfg.DERPNode: Name, RegionID and HostName have no tags and no omitempty; the rest are omitempty.",
    schema: {
      type: "object",
      required: ["Name", "RegionID", "HostName"],
      properties: {
        Name: { type: "string" },
        RegionID: { type: "integer" },
        HostName: { type: "string" },
        CertName: { type: "string" },
        IPv4: { type: "string" },
        IPv6: { type: "string" },
        STUNPort: { type: "integer" },
        STUNOnly: { type: "boolean" },
        DERPPort: { type: "integer" },
        InsecureForTests: { type: "boolean" },
        ForceHTTP: { type: "boolean" },
        STUNTestIP: { type: "string" },
        CanPort80: { type: "boolean" },
      },
    },
  },
};
