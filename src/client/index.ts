/**
 * The client's public surface: the clients, their options, errors and guards, and the types of
 * Coder's resources. The zod schemas of those resources are published from `coder-toolsdk/models`;
 * the `*Api` groups are reachable as `client.workspaces` and so on, and exported as types only.
 */
export {
  AgentClient,
  type AgentClientOptions,
  APP_STATUS_STATES,
  type AppStatusState,
  type PatchAppStatusRequest,
} from "./agent-client.js";
export type { AgentsApi, ApplicationsApi } from "./agents.js";
export type { BuildsApi } from "./builds.js";
export { type CoderCapabilities, detectCapabilities } from "./capabilities.js";
export type {
  ChatMessagesOptions,
  ChatStreamFallback,
  ChatStreamFallbackOptions,
  ChatsApi,
  ChatsApiPrefix,
  IterateChatsOptions,
  ListChatsOptions,
  StreamChatOptions,
  WatchChatsOptions,
} from "./chats.js";
export { CoderClient, type CoderClientOptions } from "./coder-client.js";
export type { Env } from "./config.js";
export {
  CoderApiError,
  CoderConfigError,
  CoderError,
  CoderNetworkError,
  CoderRequestError,
  type CoderRequestInfo,
  type CoderResponseBody,
  CoderResponseError,
  CoderTimeoutError,
  type CoderValidation,
  CoderWebSocketError,
  isCoderApiError,
  isCoderConfigError,
  isCoderError,
  isCoderNetworkError,
  isCoderRequestError,
  isCoderResponseError,
  isCoderTimeoutError,
  isCoderWebSocketError,
} from "./errors.js";
export type { FilesApi, UploadOptions } from "./files.js";
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
export type * from "./models/index.js";
export type { OrganizationsApi } from "./organizations.js";
export type { CountedPage, IterateOptions } from "./pagination.js";
export type { PtyClose, PtyConnection, PtyOptions } from "./pty.js";
export type { RedactOptions } from "./redact.js";
export type { ListTasksOptions, TasksApi } from "./tasks.js";
export type { ListTemplatesOptions, ListTemplateVersionsOptions, TemplatesApi } from "./templates.js";
export type { ListTokensOptions, TokensApi } from "./tokens.js";
export type { IterateUsersOptions, ListUsersOptions, UsersApi } from "./users.js";
export type {
  GetWorkspaceOptions,
  IterateWorkspacesOptions,
  ListBuildsOptions,
  ListWorkspacesOptions,
  WorkspacesApi,
} from "./workspaces.js";
