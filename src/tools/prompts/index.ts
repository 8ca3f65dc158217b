import { agentsCheckPrompt, agentsDelegatePrompt } from "./agents.js";

export { agentsCheckPrompt, agentsDelegatePrompt };

/**
 * Every prompt this package ships. Hosts offer a prompt only when all of its `requiredTools` are
 * selected (`selectPrompts`).
 */
export const allPrompts = Object.freeze([agentsDelegatePrompt, agentsCheckPrompt] as const);
