import type { Organization } from "./api-types.js";
import type { AppSpec, ParameterSpec, ResourceSpec } from "./records.js";
import type { SeededUser, Seeder } from "./seed.js";

const CODE_SERVER: AppSpec = {
  slug: "code-server",
  displayName: "code-server",
  url: "http://localhost:13337/?folder=/home/coder",
  icon: "/icon/code.svg",
  sharingLevel: "owner",
  healthcheck: { url: "http://localhost:13337/healthz", interval: 5, threshold: 6 },
};

const CLAUDE: AppSpec = {
  slug: "claude-code",
  displayName: "Claude Code",
  url: "http://localhost:3284",
  icon: "/icon/claude.svg",
  sharingLevel: "owner",
  healthcheck: { url: "http://localhost:3284/status", interval: 3, threshold: 20 },
};

const DOCS: AppSpec = {
  slug: "docs",
  displayName: "Coder Docs",
  url: "https://coder.com/docs",
  icon: "/icon/book.svg",
  external: true,
  sharingLevel: "authenticated",
  openIn: "tab",
};

const DOCKER_PARAMETERS: ParameterSpec[] = [
  {
    name: "region",
    display_name: "Region",
    description: "Where the container runs. Cannot be changed later.",
    type: "string",
    default_value: "us-pittsburgh",
    mutable: false,
    icon: "/emojis/1f30e.png",
    options: [
      { name: "Pittsburgh", value: "us-pittsburgh", description: "", icon: "/emojis/1f1fa-1f1f8.png" },
      { name: "Helsinki", value: "eu-helsinki", description: "", icon: "/emojis/1f1eb-1f1ee.png" },
      { name: "Sydney", value: "ap-sydney", description: "", icon: "/emojis/1f1e6-1f1fa.png" },
    ],
  },
  {
    name: "cpu",
    display_name: "CPU cores",
    description: "Number of CPU cores.",
    type: "number",
    default_value: "2",
    mutable: true,
    validation_min: 1,
    validation_max: 8,
  },
  {
    name: "image",
    display_name: "Image",
    description: "Docker image of the workspace.",
    type: "string",
    default_value: "codercom/enterprise-base:ubuntu",
    mutable: true,
    validation_regex: "^[a-z0-9./:_-]+$",
    validation_error: "Image must be a lowercase Docker reference",
  },
  {
    name: "enable_gpu",
    display_name: "Enable GPU",
    description: "Attach a GPU.",
    type: "bool",
    default_value: "false",
    mutable: true,
  },
  {
    name: "ides",
    display_name: "IDEs",
    description: "IDEs to install.",
    type: "list(string)",
    default_value: '["vscode"]',
    mutable: true,
    options: [
      { name: "VS Code", value: "vscode", description: "", icon: "" },
      { name: "JetBrains", value: "jetbrains", description: "", icon: "" },
      { name: "Cursor", value: "cursor", description: "", icon: "" },
    ],
  },
  {
    name: "rebuild",
    display_name: "Force rebuild",
    description: "Recreate the container on this build only.",
    type: "bool",
    default_value: "false",
    mutable: true,
    ephemeral: true,
  },
  {
    name: "dotfiles_uri",
    display_name: "Dotfiles URL",
    description: "Optional dotfiles repository.",
    type: "string",
    default_value: "",
    mutable: true,
  },
];

const DOCKER_RESOURCES: ResourceSpec[] = [
  {
    type: "docker_container",
    name: "workspace",
    icon: "/icon/docker.png",
    metadata: [{ key: "image", value: "codercom/enterprise-base:ubuntu", sensitive: false }],
    agents: [{ name: "main", directory: "/home/coder", apps: [CODE_SERVER, CLAUDE, DOCS] }],
  },
  { type: "docker_volume", name: "home_volume", icon: "/icon/database.svg", persistent: true },
];

const KUBERNETES_PARAMETERS: ParameterSpec[] = [
  {
    name: "namespace",
    display_name: "Namespace",
    description: "Kubernetes namespace.",
    type: "string",
    required: true,
    mutable: true,
  },
  {
    name: "replicas",
    display_name: "Replicas",
    description: "Pod replicas.",
    type: "number",
    default_value: "1",
    validation_min: 1,
    validation_max: 3,
  },
  {
    name: "storage_class",
    display_name: "Storage class",
    description: "Storage class of the home volume.",
    type: "string",
    default_value: "standard",
    mutable: false,
    options: [
      { name: "Standard", value: "standard", description: "", icon: "" },
      { name: "Fast SSD", value: "fast", description: "", icon: "" },
    ],
  },
  {
    name: "home_size",
    display_name: "Home size (GiB)",
    description: "Size of the home volume; it can only grow.",
    type: "number",
    default_value: "10",
    validation_min: 1,
    validation_max: 100,
    validation_monotonic: "increasing",
  },
];

const KUBERNETES_RESOURCES: ResourceSpec[] = [
  {
    type: "kubernetes_deployment",
    name: "main",
    icon: "/icon/k8s.png",
    agents: [
      {
        name: "main",
        apps: [
          CODE_SERVER,
          {
            slug: "jupyter",
            displayName: "Jupyter",
            url: "http://localhost:8888",
            subdomain: true,
            sharingLevel: "authenticated",
            icon: "/icon/jupyter.svg",
          },
        ],
      },
    ],
  },
  { type: "kubernetes_persistent_volume_claim", name: "home", icon: "/icon/database.svg", persistent: true },
];

/** The identities every fake has (also with `seed: false`). */
export function seedIdentities(seeder: Seeder): {
  organization: Organization;
  owner: SeededUser;
  member: SeededUser;
} {
  const organization = seeder.organization({
    name: "coder",
    displayName: "Coder",
    isDefault: true,
    icon: "/emojis/1f3e1.png",
  });
  const owner = seeder.user({ username: "admin", email: "admin@coder.com", name: "Admin", roles: ["owner"] });
  const member = seeder.user({ username: "alice", email: "alice@coder.com", name: "Alice Liddell" });
  return { organization, owner, member };
}

/**
 * Two templates (docker allows Coder Agents, kubernetes does not) and four workspaces, in running
 * and stopped states, for both users. The docker template's default preset keeps 2 prebuilds.
 */
export function seedDefaults(seeder: Seeder): void {
  const docker = seeder.template({
    name: "docker",
    displayName: "Docker Containers",
    description: "Develop in a Docker container on the host.",
    icon: "/icon/docker.png",
    versionName: "v1",
    message: "First version",
    parameters: DOCKER_PARAMETERS.slice(0, 2),
    resources: DOCKER_RESOURCES,
    aiTaskApp: "claude-code",
  });
  seeder.templateVersion("docker", {
    name: "v2",
    message: "Add GPU, image and IDE choices",
    readme: "# Docker\n\nA container with code-server and Claude Code.",
    parameters: DOCKER_PARAMETERS,
    presets: [
      {
        name: "Small (Pittsburgh)",
        parameters: { region: "us-pittsburgh", cpu: "2" },
        default: true,
        description: "2 cores in Pittsburgh",
        desiredPrebuildInstances: 2,
      },
      {
        name: "Large GPU (Helsinki)",
        parameters: { region: "eu-helsinki", cpu: "8", enable_gpu: "true" },
        description: "8 cores and a GPU",
      },
    ],
    resources: DOCKER_RESOURCES,
    aiTaskApp: "claude-code",
    externalAuth: [
      {
        id: "github",
        type: "github",
        display_name: "GitHub",
        display_icon: "/icon/github.svg",
        authenticate_url: `${seeder.baseUrl}/external-auth/github`,
        authenticated: false,
        optional: true,
      },
    ],
    activate: true,
  });
  seeder.template({
    name: "kubernetes",
    displayName: "Kubernetes (Deployment)",
    description: "Develop in a Kubernetes pod.",
    icon: "/icon/k8s.png",
    versionName: "v1",
    parameters: KUBERNETES_PARAMETERS,
    presets: [{ name: "Team default", parameters: { namespace: "coder-workspaces", replicas: "1" } }],
    resources: KUBERNETES_RESOURCES,
    // Coder Agents are allowed by default; one template opts out so both values are seen.
    agentsAllowed: false,
  });
  // Coder Agents chat models: an enabled provider with a default model (exact reasoning efforts),
  // a second model and a disabled one, plus a disabled provider whose model pickers leave out.
  seeder.chatModel({
    provider: "anthropic",
    model: "claude-sonnet-4-5",
    displayName: "Claude Sonnet 4.5",
    reasoningEfforts: ["low", "medium", "high"],
    defaultReasoningEffort: "medium",
  });
  seeder.chatModel({ provider: "anthropic", model: "claude-haiku-4-5", displayName: "Claude Haiku 4.5" });
  seeder.chatModel({
    provider: "anthropic",
    model: "claude-3-opus",
    displayName: "Claude 3 Opus",
    enabled: false,
  });
  seeder.chatProvider({ type: "openai", displayName: "OpenAI", enabled: false });
  seeder.chatModel({ provider: "openai", model: "gpt-5", displayName: "GPT-5" });
  seeder.workspace({ owner: "admin", template: "docker", name: "dev", parameters: { cpu: "4" } });
  seeder.workspace({
    owner: "admin",
    template: "kubernetes",
    name: "k8s-lab",
    state: "stopped",
    parameters: { namespace: "coder-admin" },
  });
  seeder.workspace({ owner: "alice", template: "docker", name: "alice-dev" });
  seeder.workspace({
    owner: "alice",
    template: "docker",
    name: "legacy",
    state: "stopped",
    version: docker.version.id,
  });
}
