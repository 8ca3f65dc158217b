# A fragment of a Coder template: an AI agent in the workspace uses coder-toolsdk as its MCP
# server and reports task status to the Coder dashboard under the coder_app below. Add it to a
# template that already has a coder_agent "main" (and the coder provider), as Coder's custom-agent
# docs describe for `coder exp mcp server`. The agent's token and URL are present in the workspace;
# the slug must match the coder_app's.

locals {
  agent_app_slug = "my-agent"
}

# The app whose status the dashboard shows while the agent works.
resource "coder_app" "agent" {
  agent_id     = coder_agent.main.id
  slug         = local.agent_app_slug
  display_name = "My agent"
  icon         = "/icon/terminal.svg"
  command      = "my-agent --mcp-config ~/.config/my-agent/mcp.json"
}

# The server reads these the way `coder exp mcp server` does.
resource "coder_env" "mcp_app_status_slug" {
  agent_id = coder_agent.main.id
  name     = "CODER_MCP_APP_STATUS_SLUG"
  value    = local.agent_app_slug
}

# Optional: with AgentAPI in front of the agent, idle/working follow its screen status.
resource "coder_env" "mcp_agentapi_url" {
  agent_id = coder_agent.main.id
  name     = "CODER_MCP_AI_AGENTAPI_URL"
  value    = "http://localhost:3284"
}

# Point the agent at the server. Your agent's own MCP config format goes here; this one is the
# common { "mcpServers": { name: { command, args } } } shape.
resource "coder_script" "mcp_config" {
  agent_id     = coder_agent.main.id
  display_name = "Configure the Coder MCP server"
  run_on_start = true
  script       = <<-EOT
    mkdir -p ~/.config/my-agent
    cat > ~/.config/my-agent/mcp.json <<'JSON'
    {
      "mcpServers": {
        "coder": {
          "command": "npx",
          "args": ["--yes", "coder-toolsdk@0.1.0", "serve"]
        }
      }
    }
    JSON
  EOT
}
