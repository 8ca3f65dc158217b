export * from "./agent-client.js";
export { AgentsApi, ApplicationsApi } from "./agents.js";
export { BuildsApi } from "./builds.js";
export * from "./coder-client.js";
export * from "./config.js";
export * from "./errors.js";
export { FilesApi, type UploadOptions } from "./files.js";
export type {
  CallOptions,
  ClientHooks,
  HttpClientOptions,
  Query,
  RequestOptions,
  RetryOptions,
  TokenProvider,
} from "./http.js";
export type {
  FollowLogsOptions,
  LogFollowFallback,
  LogRangeOptions,
  WebSocketConstructor,
} from "./log-stream.js";
export * from "./models/index.js";
export { OrganizationsApi } from "./organizations.js";
export { type CountedPage, DEFAULT_PAGE_SIZE, type IterateOptions } from "./pagination.js";
export { REDACTED, redactSecrets } from "./redact.js";
export { type ListTasksOptions, TasksApi } from "./tasks.js";
export { type ListTemplatesOptions, type ListTemplateVersionsOptions, TemplatesApi } from "./templates.js";
export { type ListTokensOptions, TokensApi } from "./tokens.js";
export { type IterateUsersOptions, type ListUsersOptions, UsersApi } from "./users.js";
export {
  type GetWorkspaceOptions,
  type IterateWorkspacesOptions,
  type ListBuildsOptions,
  type ListWorkspacesOptions,
  WorkspacesApi,
} from "./workspaces.js";
