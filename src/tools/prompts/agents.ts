import { definePrompt, optionalPromptArgument, requiredPromptArgument } from "../framework/prompt.js";

// Prompt names, arguments and required tools follow Coder's Go toolsdk prompts.go (the later
// version described by prompts_test.go, with organization_id); the wording is our own.

/** `coder_agents_delegate`: hand a task to a Coder Agents chat and follow it to the end. */
export const agentsDelegatePrompt = definePrompt({
  name: "coder_agents_delegate",
  title: "Delegate a task to Coder Agents",
  description:
    "Hand a coding task to a Coder Agents chat (an autonomous agent running on the Coder deployment), share its link, follow it until it finishes and report the outcome.",
  arguments: [
    { name: "task", description: "What the agent should do, in plain words.", required: true },
    {
      name: "model_config_id",
      description: "UUID of the chat model configuration to use; leave empty for the default.",
      required: false,
    },
    {
      name: "organization_id",
      description: "UUID of the organization to create the chat in; leave empty to pick it automatically.",
      required: false,
    },
  ],
  requiredTools: [
    "coder_create_chat",
    "coder_get_chat",
    "coder_get_chat_messages",
    "coder_send_chat_message",
    "coder_list_chat_model_configs",
  ],
  render(args) {
    const task = requiredPromptArgument(args, "task");
    const model = optionalPromptArgument(args, "model_config_id");
    const org = optionalPromptArgument(args, "organization_id");
    const orgStep = org
      ? ` Pass organization_id "${org}".`
      : " If the organization is unclear, call coder_list_organizations: when the user belongs to exactly one organization, leave organization_id out; otherwise ask which one.";
    const modelStep = model
      ? ` Pass model_config_id "${model}".`
      : " Omit model_config_id to use the default model (or the user's personal override); only if the user asked for a particular model, call coder_list_chat_model_configs and pass the matching id.";
    return [
      "Delegate the task below to a Coder Agents chat and see it through.",
      "",
      "<task>",
      task,
      "</task>",
      "",
      `1. Create the chat with coder_create_chat, with the task as the prompt.${orgStep}${modelStep}`,
      "2. Give the user the chat's URL right away, so they can watch it.",
      "3. Call coder_get_chat until its status says the run is over (not running); report a last_error if there is one.",
      "4. Read the transcript with coder_get_chat_messages; page back to older messages with before_id.",
      "5. When the agent asks a question or needs input, answer with coder_send_chat_message.",
      "6. Tell the user how it went (what was done, what is left) and include the chat URL.",
    ].join("\n");
  },
});

/** `coder_agents_check`: report where an existing Coder Agents chat stands. */
export const agentsCheckPrompt = definePrompt({
  name: "coder_agents_check",
  title: "Check a Coder Agents chat",
  description: "Look up a Coder Agents chat and summarize its status, recent messages and what it needs.",
  arguments: [{ name: "chat_id", description: "UUID of the chat to check.", required: true }],
  requiredTools: ["coder_get_chat", "coder_get_chat_messages"],
  render(args) {
    const chatId = requiredPromptArgument(args, "chat_id");
    return [
      `Check on the Coder Agents chat ${chatId}.`,
      "",
      `1. Call coder_get_chat with chat_id "${chatId}" for its status, last error and summary.`,
      "2. Call coder_get_chat_messages for the latest messages, including queued_messages that have not been delivered yet.",
      "3. Summarize for the user where the chat stands and whether it needs anything, with the chat URL.",
    ].join("\n");
  },
});
