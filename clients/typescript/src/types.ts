import type { components } from './generated/openapi.js';

type Schemas = components['schemas'];

/** A flow with every phase, as `get` and `state` answer it. */
export type Flow = Schemas['FlowDetails'];
/** A flow as lists show it. */
export type FlowSummary = Schemas['FlowItem'];
export type FlowStatus = Flow['status'];
export type Phase = Schemas['PhaseDetails'];
export type PhaseState = Phase['state'];
/** What a live stream says of a flow that changed. */
export type FlowChange = Schemas['FlowChangeItem'];
/** A command's answer: the flow and its version after the command. */
export type FlowAccepted = Schemas['FlowAccepted'];
export type PhaseExecution = Schemas['PhaseExecution'];
/** A stored inventory: `inventoryRef` is what a phase input names it by. */
export type InventoryStored = Schemas['InventoryStored'];
export type HistoryEvent = Schemas['HistoryEvent'];
export type AnalyticsReport = Schemas['AnalyticsReport'];
export type AuditEntry = Schemas['AuditItem'];
export type FlowTypeSummary = Schemas['FlowTypeSummary'];
export type FlowTypeVersions = Schemas['FlowTypeVersions'];
export type Asset = Schemas['AssetItem'];
/** A task leased to a worker. */
export type Task = Schemas['ClaimedTask'];
export type DiscoveredAsset = Schemas['AssetRequest'];

/** JSON objects the API passes through as they are (configuration, input, output). */
export type JsonObject = Record<string, unknown>;

/** A time as the API takes it: an ISO-8601 string, or a Date. */
export type Instant = string | Date;
