/** `@masterflow/client`: the masterflow API for TypeScript, in browsers and in Node 20 or newer. */
export { MasterflowError, type Problem } from './errors.js';
export {
  type AnalyticsFilter, type AuditFilter, type CommandOptions, type CreateFlowInput, type FlowFilter, FlowHandle, FlowService,
  type GetFlowOptions,
} from './flows.js';
export type { LiveFilter, SubscribeOptions, Subscription } from './live.js';
export { LiveFeed, type FeedListener } from './live-feed.js';
export { Paginated, type Page } from './pages.js';
export type { RetryOptions } from './retry.js';
export type { ClientOptions } from './transport.js';
export type * from './types.js';
export { runWorker, type RunningWorker, TaskFailure, type TaskContext, type TaskHandler, type TaskOutcome, type WorkerOptions } from './worker.js';
/** The generated types of every path, operation and schema of the API description, for calls this client does not wrap. */
export type { components, operations, paths } from './generated/openapi.js';
