import { defineToolset } from "../framework/toolset.js";
import { chatgptFetch, chatgptSearch } from "./connector.js";

export { chatgptFetch, chatgptSearch };

/** Toolset `chatgpt`: the `search` and `fetch` pair ChatGPT connectors require. */
export const chatgptToolset = defineToolset({
  id: "chatgpt",
  title: "ChatGPT connector",
  description:
    "The `search` and `fetch` tools that ChatGPT's connectors and deep research expect, over " +
    "workspaces and templates. Served alone, not in the standard selection (their names are generic).",
  standard: false,
  instructions:
    "Call search with `templates` or `workspaces`, optionally followed by `/` and a Coder filter " +
    "(`workspaces/owner:me status:running`), then fetch with a result id to read the whole object.",
  tools: [chatgptSearch, chatgptFetch],
});
