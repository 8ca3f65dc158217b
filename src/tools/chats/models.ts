import { z } from "zod";
import { READ_ONLY } from "../framework/annotations.js";
import { defineTool } from "../framework/define-tool.js";
import { resolveOrganization } from "../support/resolve.js";
import { chatStep } from "./views.js";

/** `coder_list_chat_model_configs`: the chat models an organization offers. */
export const listChatModelConfigs = defineTool({
  name: "coder_list_chat_model_configs",
  title: "List chat model configs",
  description:
    "List the chat models a Coder Agents chat can use in an organization (enabled models of enabled providers only), with the reasoning efforts each applies exactly. " +
    "Pass a model config id as coder_create_chat's model_config_id, together with the organization_id returned here, since model configs belong to one organization. " +
    "Your own provider credentials are checked only when the chat is created, so coder_create_chat can still refuse a listed model and say why.",
  toolset: "chats",
  requires: ["chats"],
  annotations: READ_ONLY,
  input: z.object({
    organization_id: z
      .string()
      .optional()
      .describe("Organization UUID; may be left out when you belong to one organization."),
  }),
  output: z.object({
    organization_id: z.string(),
    model_configs: z.array(
      z.object({
        supported_reasoning_efforts: z
          .array(z.string())
          .describe("Efforts Coder applies exactly (for reasoning_effort)"),
        configured_default_reasoning_effort: z.string().optional(),
        id: z.string(),
        model: z.string(),
        display_name: z.string(),
        is_default: z.boolean(),
      }),
    ),
  }),
  async handler({ organization_id }, { client, signal }) {
    const organizationId = await resolveOrganization(client, organization_id || undefined, signal);
    const response = await chatStep("list chat model configs", () =>
      client.chats.models(organizationId, { signal }),
    );
    const enabledProviders = new Set((response.providers ?? []).filter((p) => p.enabled).map((p) => p.id));
    const modelConfigs = (response.models ?? [])
      .filter((m) => m.enabled && enabledProviders.has(m.ai_provider_id))
      .map((m) => {
        const effort = m.model_config?.reasoning_effort?.default;
        return {
          supported_reasoning_efforts: [...(m.exact_reasoning_efforts ?? [])],
          ...(effort ? { configured_default_reasoning_effort: effort } : {}),
          id: m.id,
          model: m.model,
          display_name: m.display_name,
          is_default: m.is_default,
        };
      });
    return { organization_id: organizationId, model_configs: modelConfigs };
  },
});
