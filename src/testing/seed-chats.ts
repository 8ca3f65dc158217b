import type { Chat, ChatModel, ChatModelProviderDescriptor } from "./api-types-chat.js";
import type { FakeCore } from "./core.js";
import type { OrgRec, UserRec } from "./records.js";
import { newId, nowIso } from "./util.js";

/** An AI provider to seed in an organization's chat model picker. */
export interface SeedChatProviderInput {
  /** Organization id or name; the default organization when omitted. */
  organization?: string;
  /** Provider type, e.g. `anthropic`, `openai`. */
  type: string;
  displayName?: string;
  /** Default true. A disabled provider's models are not offered by `coder_list_chat_model_configs`. */
  enabled?: boolean;
}

/** A chat model config to seed. */
export interface SeedChatModelInput {
  organization?: string;
  /** Provider type or id in that organization (added, enabled, when it does not exist). */
  provider: string;
  model: string;
  displayName?: string;
  /** Default true. */
  enabled?: boolean;
  /** The organization's default model; the first model of an organization becomes it anyway. */
  isDefault?: boolean;
  /** Reasoning efforts Coder applies exactly (default none). */
  reasoningEfforts?: string[];
  /** The configured default effort. */
  defaultReasoningEffort?: string;
}

/** A chat to seed; it starts like one created through the API (the agent answers on timers). */
export interface SeedChatInput {
  /** Owner id or username. */
  owner: string;
  /** The first message; left out, the chat starts idle with no messages. */
  prompt?: string;
  organization?: string;
  labels?: Record<string, string>;
  /** Model config id; the organization's default when omitted. */
  modelConfigId?: string;
}

export function seedChatProvider(
  core: FakeCore,
  org: OrgRec,
  input: SeedChatProviderInput,
): ChatModelProviderDescriptor {
  const enabled = input.enabled ?? true;
  const provider = {
    orgId: org.id,
    id: newId(),
    type: input.type,
    display_name: input.displayName ?? input.type,
    icon: `/icon/${input.type}.svg`,
    enabled,
    has_api_key: true,
    has_user_api_key: false,
    has_effective_api_key: true,
    allow_user_api_key: false,
    available: enabled,
    ...(enabled ? {} : { unavailable_reason: "provider_disabled" }),
  };
  core.chats.providers.push(provider);
  const { orgId: _, ...json } = provider;
  return json;
}

export function seedChatModel(core: FakeCore, org: OrgRec, input: SeedChatModelInput): ChatModel {
  const { chats } = core;
  const find = () =>
    chats.providers.find((p) => p.orgId === org.id && (p.id === input.provider || p.type === input.provider));
  if (!find()) seedChatProvider(core, org, { type: input.provider });
  const provider = find()!;
  const first = !chats.models.some((m) => m.organization_id === org.id);
  const isDefault = input.isDefault ?? first;
  if (isDefault) for (const m of chats.models) if (m.organization_id === org.id) m.is_default = false;
  const now = nowIso();
  const efforts = input.reasoningEfforts ?? [];
  const model: ChatModel = {
    ...(efforts.length > 0 ? { exact_reasoning_efforts: [...efforts] } : {}),
    id: newId(),
    organization_id: org.id,
    ai_provider_id: provider.id,
    model: input.model,
    display_name: input.displayName ?? input.model,
    enabled: input.enabled ?? true,
    is_default: isDefault,
    context_limit: 200_000,
    compression_threshold: 70,
    ...(input.defaultReasoningEffort
      ? {
          model_config: {
            reasoning_effort: {
              default: input.defaultReasoningEffort,
              max: efforts[efforts.length - 1] ?? input.defaultReasoningEffort,
            },
          },
        }
      : {}),
    ...(efforts.length > 0 ? { reasoning_efforts: [...efforts] } : {}),
    created_at: now,
    updated_at: now,
  };
  chats.models.push(model);
  return model;
}

export function seedChat(core: FakeCore, owner: UserRec, org: OrgRec, input: SeedChatInput): Chat {
  const chat = core.chats.create({
    orgId: org.id,
    owner,
    submission: {
      parts: input.prompt ? [{ type: "text", text: input.prompt }] : [],
      modelConfigId: input.modelConfigId,
      reasoningEffort: undefined,
      requestId: undefined,
      exact: false,
    },
    workspaceId: null,
    labels: input.labels ?? {},
  });
  return core.chats.json(chat);
}
