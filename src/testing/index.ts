/**
 * `coder-toolsdk/testing`: an in-memory Coder deployment for tests, usable through msw handlers,
 * an in-process `fetch`, or a loopback HTTP + WebSocket server.
 */
export type * from "./api-types.js";
export type { ChatReply, ChatReplyFile, ChatReplySpec, ChatTurnInfo } from "./chat-records.js";
export type { FakeAgentApi, RequestLogEntry } from "./core.js";
export {
  createFakeCoder,
  type FakeCoder,
  type FakeCoderInspect,
  type FakeCoderOptions,
  type FakeMswHandler,
} from "./fake-coder.js";
export type { FaultHandle, FaultSpec, WebSocketFault } from "./faults.js";
export type { AgentSpec, AppSpec, ParameterSpec, PresetSpec, ResourceSpec } from "./records.js";
export type {
  SeedAgentState,
  SeededUser,
  Seeder,
  SeedTaskInput,
  SeedTemplateInput,
  SeedVersionInput,
  SeedWorkspaceInput,
  SeedWorkspaceState,
} from "./seed.js";
export type { SeedChatInput, SeedChatModelInput, SeedChatProviderInput } from "./seed-chats.js";
export type { ListeningServer } from "./server.js";
export type { TerminalFault } from "./terminal.js";
