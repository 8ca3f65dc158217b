import type { ChatMessagePart } from "../api-types-chat.js";
import type { ChatSubmission } from "../chats.js";
import type { FakeCore } from "../core.js";
import { coderError, field, type JsonObject } from "../http-util.js";
import { isUuid, ZERO_UUID } from "../util.js";

/** Reading chat request bodies the way coderd's httpapi.Read and the chat handlers do. */

/** A UUID body field as Go's uuid.UUID decodes it; a bad one fails the whole body. */
export function uuidField(body: JsonObject, key: string, struct: string): string | undefined {
  const raw = field.string(body, key, struct);
  if (raw === undefined || raw === "") return undefined;
  if (!isUuid(raw)) {
    const detail = raw.length !== 36 ? `invalid UUID length: ${raw.length}` : "invalid UUID format";
    throw coderError(400, "Request body must be valid JSON.", detail);
  }
  const id = raw.toLowerCase();
  return id === ZERO_UUID ? undefined : id;
}

/** `content`: []codersdk.ChatInputPart, as the chat's first or next user message. */
function inputParts(core: FakeCore, body: JsonObject, struct: string): ChatMessagePart[] {
  const raw = body.content;
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    throw coderError(
      400,
      "Request body must be valid JSON.",
      `json: cannot unmarshal ${typeof raw} into Go struct field ${struct}.content of type []codersdk.ChatInputPart`,
    );
  }
  return raw.map((item, i): ChatMessagePart => {
    const part = (item ?? {}) as JsonObject;
    const type = field.string(part, "type", "ChatInputPart") ?? "";
    if (type === "text") {
      const text = field.string(part, "text", "ChatInputPart") ?? "";
      if (text.trim() === "")
        throw coderError(400, "Invalid input part.", `content[${i}]: text must not be empty.`);
      return { type: "text", text };
    }
    if (type === "file") {
      const fileId = uuidField(part, "file_id", "ChatInputPart");
      const file = fileId ? core.chats.files.get(fileId) : undefined;
      if (!file)
        throw coderError(400, "Invalid input part.", `content[${i}]: file ${fileId ?? ""} was not found.`);
      return { type: "file", file_id: file.id, media_type: file.mimeType, name: file.name };
    }
    throw coderError(
      400,
      "Invalid input part.",
      `content[${i}]: unsupported part type ${JSON.stringify(type)}.`,
    );
  });
}

/** request_id / model_config_id / reasoning_effort / exact_settings, checked the way coderd pairs them. */
export function submissionOf(core: FakeCore, body: JsonObject, struct: string): ChatSubmission {
  const requestId = uuidField(body, "request_id", struct);
  const reasoningEffort = field.string(body, "reasoning_effort", struct);
  const exactFlag = field.boolean(body, "exact_settings", struct) ?? false;
  if (exactFlag && !requestId) throw coderError(400, "exact_settings requires request_id.");
  if (reasoningEffort !== undefined && !requestId)
    throw coderError(400, "reasoning_effort requires request_id.");
  return {
    parts: inputParts(core, body, struct),
    modelConfigId: uuidField(body, "model_config_id", struct),
    reasoningEffort,
    requestId,
    exact: exactFlag || reasoningEffort !== undefined,
  };
}

/** `labels`: map[string]string with non-empty keys and values (httpapi.ValidateChatLabels, roughly). */
export function labelsOf(body: JsonObject, key: string): Record<string, string> | undefined {
  const raw = body[key];
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== "object" || Array.isArray(raw)) {
    throw coderError(
      400,
      "Request body must be valid JSON.",
      `json: cannot unmarshal into map[string]string`,
    );
  }
  const labels: Record<string, string> = {};
  const problems: { field: string; detail: string }[] = [];
  for (const [k, v] of Object.entries(raw as JsonObject)) {
    if (typeof v !== "string") {
      throw coderError(
        400,
        "Request body must be valid JSON.",
        `json: cannot unmarshal into Go value of type string`,
      );
    }
    if (k === "" || k.length > 64)
      problems.push({ field: "labels", detail: `Label key ${JSON.stringify(k)} must be 1-64 characters.` });
    else if (v === "" || v.length > 256)
      problems.push({ field: `labels.${k}`, detail: "Label value must be 1-256 characters." });
    labels[k] = v;
  }
  if (problems.length > 0) throw coderError(400, "Invalid labels.", undefined, problems);
  return labels;
}

/**
 * A plain GET of a WebSocket-only chat route: coder/websocket's Accept answers 426 in text, and
 * coderd appends its own JSON error to the same body.
 */
export function upgradeOnly(message: string): Response {
  const wsError = 'WebSocket protocol violation: Connection header "" does not contain Upgrade';
  const json = `${JSON.stringify({ message, detail: `failed to accept WebSocket: ${wsError}` }, null, "\t")}\n`;
  return new Response(`${wsError}\n${json}`, {
    status: 426,
    headers: { "content-type": "text/plain; charset=utf-8", connection: "Upgrade", upgrade: "websocket" },
  });
}
