import type { operations } from './generated/openapi.js';
import { lines } from './lines.js';
import { type LiveFilter, subscribe, type SubscribeOptions, type Subscription } from './live.js';
import { Paginated } from './pages.js';
import { type ClientOptions, Transport } from './transport.js';
import type {
  AnalyticsReport, AuditEntry, Flow, FlowAccepted, FlowChange, FlowStatus, FlowSummary, FlowTypeSummary, FlowTypeVersions,
  HistoryEvent, Instant, InventoryStored, JsonObject, PhaseExecution,
} from './types.js';

export interface CreateFlowInput {
  flowType: string;
  name: string;
  /** The engagement the flow belongs to (sent as X-Engagement-Id); the token must grant it. */
  engagementId: string;
  configuration?: JsonObject;
  /** Start the next phase by itself when one completes. */
  autoAdvance?: boolean;
  /**
   * Makes the creation safe to repeat: the same key and body answer with the same flow. With one, the client retries
   * the call after a network error; without one, it does not, since a repeat would create a second flow.
   */
  idempotencyKey?: string;
  correlationId?: string;
  signal?: AbortSignal;
}

/** What every command on a flow may carry. */
export interface CommandOptions {
  /** The flow's version the change is meant for: a flow that has moved on refuses it with 409. */
  expectedVersion?: number;
  /** Sent as X-Correlation-Id: the flow's events carry it in their metadata. */
  correlationId?: string;
  signal?: AbortSignal;
}

export interface GetFlowOptions {
  /**
   * Read your writes: wait until the read model holds this version (a command's answer carries it). When it does not
   * in time, the answer is the older state: compare the flow's `version`.
   */
  minVersion?: number;
  /** How long to wait for minVersion, 0 to 5000 ms; 5000 when minVersion is given. */
  waitMs?: number;
  signal?: AbortSignal;
}

export interface FlowFilter {
  /** One engagement's flows; all the token grants otherwise. */
  engagement?: string;
  flowType?: string;
  status?: FlowStatus | FlowStatus[];
  /** The current phase. */
  phase?: string;
  /** Text in the flow's name. */
  q?: string;
  createdFrom?: Instant;
  createdTo?: Instant;
  includeDeleted?: boolean;
  sort?: `${'createdAt' | 'updatedAt' | 'name'}${'' | ',asc' | ',desc'}`;
  /** Flows per request, 1 to 200 (50 by default). */
  pageSize?: number;
}

export interface AuditFilter {
  flowId?: string;
  userId?: string;
  eventType?: string;
  /** Included. */
  from?: Instant;
  /** Excluded. */
  to?: Instant;
}

export interface AnalyticsFilter {
  engagement?: string;
  flowType?: string;
  /** The period's start, included. */
  from?: Instant;
  /** The period's end, excluded. */
  to?: Instant;
}

type FlowTypesAnswer = operations['listFlowTypes']['responses'][200]['content']['application/json'];

/**
 * The flows of the token's tenant: commands, reads, history, analytics, the audit trail and the live stream, one
 * method per call of the API. Lists are async iterables over every page; errors are {@link MasterflowError}s.
 *
 * ```ts
 * const flows = new FlowService({ baseUrl: 'http://localhost:8080', token });
 * const { flowId, version } = await flows.create({ flowType: 'planning', name: 'Q3 waves', engagementId });
 * await flows.execute(flowId, { expectedVersion: version });
 * for await (const flow of flows.list({ status: 'RUNNING' })) console.log(flow.name);
 * ```
 */
export class FlowService {
  private readonly transport: Transport;

  constructor(options: ClientOptions | Transport) {
    this.transport = options instanceof Transport ? options : new Transport(options);
  }

  /** A handle on one flow, with the calls about it. */
  flow(flowId: string): FlowHandle {
    return new FlowHandle(this, flowId);
  }

  async create(input: CreateFlowInput): Promise<FlowAccepted> {
    const { data } = await this.transport.send(() => this.transport.api.POST('/api/v1/flows', {
      params: {
        header: {
          'X-Engagement-Id': input.engagementId,
          ...(input.idempotencyKey !== undefined && { 'Idempotency-Key': input.idempotencyKey }),
          ...correlation(input.correlationId),
        },
      },
      body: { flowType: input.flowType, name: input.name, configuration: input.configuration, autoAdvance: input.autoAdvance },
      signal: input.signal,
    }), { repeatable: input.idempotencyKey !== undefined, signal: input.signal });
    return data;
  }

  /** Starts the next pending phase, or `phase` (a retry, or a manual restart of a failed one). */
  async execute(flowId: string, options: CommandOptions & { phase?: string; input?: JsonObject } = {}): Promise<PhaseExecution> {
    const { data } = await this.transport.send(() => this.transport.api.POST('/api/v1/flows/{flowId}/execute', {
      params: { path: { flowId }, header: correlation(options.correlationId) },
      body: { phase: options.phase, input: options.input, expectedVersion: options.expectedVersion },
      signal: options.signal,
    }), { repeatable: false, signal: options.signal });
    return data;
  }

  /**
   * Stores an asset inventory for a phase to import: CSV text (a string, or a Blob such as a File, sent as it is read)
   * or an array of rows. The server streams it into its store; `execute` then names it by the answer's reference,
   * `input: { inventoryRef }`, so the flow's events hold the reference, not the rows. Storing the same bytes again
   * answers the same reference, so a try cut off by the network is repeated.
   */
  async storeInventory(inventory: string | Blob | JsonObject[], options: { signal?: AbortSignal } = {}): Promise<InventoryStored> {
    const rows = Array.isArray(inventory);
    const { data } = await this.transport.send(() => this.transport.api.POST('/api/v1/inventories', {
      body: inventory as never,
      bodySerializer: (body: string | Blob | JsonObject[]) => (Array.isArray(body) ? JSON.stringify(body) : body),
      headers: { 'Content-Type': rows ? 'application/json' : 'text/csv' },
      signal: options.signal,
    }), { repeatable: true, signal: options.signal });
    return data;
  }

  async complete(flowId: string, phase: string, options: CommandOptions & { attempt: number; output?: JsonObject }):
    Promise<FlowAccepted> {
    const { data } = await this.transport.send(() => this.transport.api.POST('/api/v1/flows/{flowId}/phases/{phase}/complete', {
      params: { path: { flowId, phase }, header: correlation(options.correlationId) },
      body: { attempt: options.attempt, output: options.output, expectedVersion: options.expectedVersion },
      signal: options.signal,
    }), { repeatable: false, signal: options.signal });
    return data;
  }

  async fail(flowId: string, phase: string, options: CommandOptions & { attempt: number; error: string; retryable: boolean }):
    Promise<FlowAccepted> {
    const { data } = await this.transport.send(() => this.transport.api.POST('/api/v1/flows/{flowId}/phases/{phase}/fail', {
      params: { path: { flowId, phase }, header: correlation(options.correlationId) },
      body: { attempt: options.attempt, error: options.error, retryable: options.retryable, expectedVersion: options.expectedVersion },
      signal: options.signal,
    }), { repeatable: false, signal: options.signal });
    return data;
  }

  /** Skips the next pending phase, if the flow type makes it optional. */
  async skip(flowId: string, phase: string, options: CommandOptions & { reason?: string } = {}): Promise<FlowAccepted> {
    const { data } = await this.transport.send(() => this.transport.api.POST('/api/v1/flows/{flowId}/phases/{phase}/skip', {
      params: { path: { flowId, phase }, header: correlation(options.correlationId) },
      body: { reason: options.reason, expectedVersion: options.expectedVersion },
      signal: options.signal,
    }), { repeatable: false, signal: options.signal });
    return data;
  }

  async pause(flowId: string, options: CommandOptions & { reason?: string } = {}): Promise<FlowAccepted> {
    const { data } = await this.transport.send(() => this.transport.api.POST('/api/v1/flows/{flowId}/pause', {
      params: { path: { flowId }, header: correlation(options.correlationId) },
      body: { reason: options.reason, expectedVersion: options.expectedVersion },
      signal: options.signal,
    }), { repeatable: false, signal: options.signal });
    return data;
  }

  async resume(flowId: string, options: CommandOptions & { reason?: string } = {}): Promise<FlowAccepted> {
    const { data } = await this.transport.send(() => this.transport.api.POST('/api/v1/flows/{flowId}/resume', {
      params: { path: { flowId }, header: correlation(options.correlationId) },
      body: { reason: options.reason, expectedVersion: options.expectedVersion },
      signal: options.signal,
    }), { repeatable: false, signal: options.signal });
    return data;
  }

  /**
   * Takes the flow back to a phase it has reached: that phase and every later one run again (each with its full retry
   * budget); a running attempt is cancelled. The flow then waits for `execute`.
   */
  async rewind(flowId: string, toPhase: string, options: CommandOptions & { reason?: string } = {}): Promise<FlowAccepted> {
    const { data } = await this.transport.send(() => this.transport.api.POST('/api/v1/flows/{flowId}/rewind', {
      params: { path: { flowId }, header: correlation(options.correlationId) },
      body: { toPhase, reason: options.reason, expectedVersion: options.expectedVersion },
      signal: options.signal,
    }), { repeatable: false, signal: options.signal });
    return data;
  }

  /** Changes the flow's configuration with a JSON merge patch (RFC 7396): a key set to null is removed. */
  async changeConfiguration(flowId: string, patch: JsonObject, options: CommandOptions = {}): Promise<FlowAccepted> {
    const { data } = await this.transport.send(() => this.transport.api.PATCH('/api/v1/flows/{flowId}/configuration', {
      params: { path: { flowId }, query: { expectedVersion: options.expectedVersion }, header: correlation(options.correlationId) },
      body: patch,
      headers: { 'Content-Type': 'application/merge-patch+json' },
      signal: options.signal,
    }), { repeatable: false, signal: options.signal });
    return data;
  }

  /** Soft delete: the history stays, and every later command answers 410. */
  async delete(flowId: string, options: CommandOptions & { reason?: string } = {}): Promise<FlowAccepted> {
    const { data } = await this.transport.send(() => this.transport.api.DELETE('/api/v1/flows/{flowId}', {
      params: {
        path: { flowId },
        query: { reason: options.reason, expectedVersion: options.expectedVersion },
        header: correlation(options.correlationId),
      },
      signal: options.signal,
    }), { repeatable: false, signal: options.signal });
    return data;
  }

  async get(flowId: string, options: GetFlowOptions = {}): Promise<Flow> {
    const waitMs = options.waitMs ?? (options.minVersion !== undefined ? 5000 : undefined);
    const { data } = await this.transport.send(() => this.transport.api.GET('/api/v1/flows/{flowId}', {
      params: { path: { flowId }, query: { minVersion: options.minVersion, waitMs } },
      signal: options.signal,
    }), { repeatable: true, signal: options.signal });
    return data;
  }

  list(filter: FlowFilter = {}): Paginated<FlowSummary> {
    const status = filter.status === undefined ? undefined : ([] as FlowStatus[]).concat(filter.status);
    return new Paginated(async (cursor) => (await this.transport.send(() => this.transport.api.GET('/api/v1/flows', {
      params: {
        query: {
          engagement: filter.engagement, flowType: filter.flowType, status, phase: filter.phase, q: filter.q,
          createdFrom: iso(filter.createdFrom), createdTo: iso(filter.createdTo), includeDeleted: filter.includeDeleted,
          sort: filter.sort, limit: filter.pageSize, cursor,
        },
      },
    }), { repeatable: true })).data);
  }

  /** The flow's events as stored, oldest first, with their metadata (auditor). */
  async history(flowId: string, options: { signal?: AbortSignal } = {}): Promise<HistoryEvent[]> {
    const { data } = await this.transport.send(() => this.transport.api.GET('/api/v1/flows/{flowId}/history', {
      params: { path: { flowId } },
      signal: options.signal,
    }), { repeatable: true, signal: options.signal });
    return data.events;
  }

  /** The flow as it was after a version, or at an instant, rebuilt from its events (auditor). */
  async state(flowId: string, when: { version: number } | { at: Instant }, options: { signal?: AbortSignal } = {}): Promise<Flow> {
    const query = 'version' in when ? { version: when.version } : { at: iso(when.at) };
    const { data } = await this.transport.send(() => this.transport.api.GET('/api/v1/flows/{flowId}/state', {
      params: { path: { flowId }, query },
      signal: options.signal,
    }), { repeatable: true, signal: options.signal });
    return data;
  }

  async analytics(filter: AnalyticsFilter = {}, options: { signal?: AbortSignal } = {}): Promise<AnalyticsReport> {
    const { data } = await this.transport.send(() => this.transport.api.GET('/api/v1/analytics', {
      params: { query: { engagement: filter.engagement, flowType: filter.flowType, from: iso(filter.from), to: iso(filter.to) } },
      signal: options.signal,
    }), { repeatable: true, signal: options.signal });
    return data;
  }

  /** The audit trail, oldest first (auditor). */
  audit(filter: AuditFilter & { pageSize?: number } = {}): Paginated<AuditEntry> {
    return new Paginated(async (cursor) => (await this.transport.send(() => this.transport.api.GET('/api/v1/audit', {
      params: { query: { ...auditQuery(filter), limit: filter.pageSize, cursor } },
    }), { repeatable: true })).data);
  }

  /** The audit trail as the server streams its export, CSV (the default) or JSON lines, however long it is. */
  async exportAudit(filter: AuditFilter & { format?: 'csv' | 'jsonl'; signal?: AbortSignal } = {}):
    Promise<ReadableStream<Uint8Array>> {
    const { data } = await this.transport.send(() => this.transport.api.GET('/api/v1/audit/export', {
      params: { query: { ...auditQuery(filter), format: filter.format } },
      parseAs: 'stream',
      signal: filter.signal,
    }), { repeatable: true, signal: filter.signal });
    if (!data) {
      throw new TypeError('the audit export answered without a body');
    }
    return data;
  }

  /** The export's entries, read from its JSON lines as they arrive. */
  async *exportAuditEntries(filter: AuditFilter & { signal?: AbortSignal } = {}): AsyncGenerator<AuditEntry, void, undefined> {
    for await (const line of lines(await this.exportAudit({ ...filter, format: 'jsonl' }))) {
      if (line.trim() !== '') {
        yield JSON.parse(line) as AuditEntry;
      }
    }
  }

  /** The latest version of each flow type, with its phases. */
  async flowTypes(options: { signal?: AbortSignal } = {}): Promise<FlowTypeSummary[]> {
    const { data } = await this.transport.send<FlowTypesAnswer>(() => this.transport.api.GET('/api/v1/flow-types', {
      signal: options.signal,
    }), { repeatable: true, signal: options.signal });
    return data;
  }

  /** Every version of one flow type, oldest first. */
  async flowType(type: string, options: { signal?: AbortSignal } = {}): Promise<FlowTypeVersions> {
    const { data } = await this.transport.send(() => this.transport.api.GET('/api/v1/flow-types/{type}', {
      params: { path: { type } },
      signal: options.signal,
    }), { repeatable: true, signal: options.signal });
    return data;
  }

  /**
   * Calls `onChange` for each change of the caller's flows (or one engagement's) as the read model records it, until
   * `close()`. A dropped connection is resumed where it stood: nothing missed, nothing repeated.
   */
  subscribe(filter: LiveFilter, onChange: (change: FlowChange) => void, options?: SubscribeOptions): Subscription {
    return subscribe(this.transport, filter, onChange, options);
  }
}

/** One flow's calls, bound to its id (`flows.flow(id).pause()`). */
export class FlowHandle {
  constructor(private readonly flows: FlowService, readonly flowId: string) {
  }

  get(options?: GetFlowOptions): Promise<Flow> {
    return this.flows.get(this.flowId, options);
  }

  execute(options?: CommandOptions & { phase?: string; input?: JsonObject }): Promise<PhaseExecution> {
    return this.flows.execute(this.flowId, options);
  }

  complete(phase: string, options: CommandOptions & { attempt: number; output?: JsonObject }): Promise<FlowAccepted> {
    return this.flows.complete(this.flowId, phase, options);
  }

  fail(phase: string, options: CommandOptions & { attempt: number; error: string; retryable: boolean }): Promise<FlowAccepted> {
    return this.flows.fail(this.flowId, phase, options);
  }

  skip(phase: string, options?: CommandOptions & { reason?: string }): Promise<FlowAccepted> {
    return this.flows.skip(this.flowId, phase, options);
  }

  pause(options?: CommandOptions & { reason?: string }): Promise<FlowAccepted> {
    return this.flows.pause(this.flowId, options);
  }

  resume(options?: CommandOptions & { reason?: string }): Promise<FlowAccepted> {
    return this.flows.resume(this.flowId, options);
  }

  rewind(toPhase: string, options?: CommandOptions & { reason?: string }): Promise<FlowAccepted> {
    return this.flows.rewind(this.flowId, toPhase, options);
  }

  changeConfiguration(patch: JsonObject, options?: CommandOptions): Promise<FlowAccepted> {
    return this.flows.changeConfiguration(this.flowId, patch, options);
  }

  delete(options?: CommandOptions & { reason?: string }): Promise<FlowAccepted> {
    return this.flows.delete(this.flowId, options);
  }

  history(): Promise<HistoryEvent[]> {
    return this.flows.history(this.flowId);
  }

  state(when: { version: number } | { at: Instant }): Promise<Flow> {
    return this.flows.state(this.flowId, when);
  }
}

function correlation(correlationId: string | undefined): { 'X-Correlation-Id'?: string } {
  return correlationId === undefined ? {} : { 'X-Correlation-Id': correlationId };
}

function iso(instant: Instant | undefined): string | undefined {
  return instant instanceof Date ? instant.toISOString() : instant;
}

function auditQuery(filter: AuditFilter) {
  return { flowId: filter.flowId, userId: filter.userId, eventType: filter.eventType, from: iso(filter.from), to: iso(filter.to) };
}
