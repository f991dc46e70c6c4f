import { MasterflowError } from './errors.js';
import { delayBefore, isTransient, type RetryPolicy, sleep } from './retry.js';
import { EventStreamParser } from './sse.js';
import type { Transport } from './transport.js';
import type { FlowChange } from './types.js';

/** Which flows to follow: the caller's, or one engagement's. */
export interface LiveFilter {
  engagement?: string;
}

export interface SubscribeOptions {
  /** Resume after this event id (a `lastEventId` of an earlier subscription) instead of starting from now. */
  lastEventId?: string;
  /**
   * The changes since the position resumed from are no longer kept (older than the server's retention), or the
   * position was not one of this stream's: reload what you show, then keep following.
   */
  onReset?(reason: string): void;
  /** A failure. The subscription goes on (it reconnects) unless the error is final: then `closed` settles too. */
  onError?(error: unknown): void;
  /** Connected or not: between a drop and the reconnection, changes are not seen until they are caught up. */
  onConnection?(connected: boolean): void;
  signal?: AbortSignal;
}

export interface Subscription {
  /** The id of the last event received: pass it as `lastEventId` to resume later where this one stands. */
  readonly lastEventId: string | undefined;
  readonly connected: boolean;
  /** Settles when the subscription ends: after `close()`, or after a final error (rejected with it). */
  readonly closed: Promise<void>;
  close(): void;
}

/** Reconnections after failures wait from half a second up to half a minute. */
const RECONNECT: RetryPolicy = { attempts: Number.POSITIVE_INFINITY, initialDelayMs: 500, maxDelayMs: 30_000 };
/** After the server ended a stream (its timeout), the time it asked for with `retry:`, but never a busy loop. */
const AFTER_END_MS = 100;

/**
 * Follows the live stream (`GET /api/v1/stream`) over fetch, which can send the bearer token (EventSource cannot), in
 * browsers and in Node 20 or newer. After a dropped connection or the server's end of the stream it reconnects with
 * `Last-Event-ID`, so that no change is missed and none is repeated.
 */
export function subscribe(transport: Transport, filter: LiveFilter, onChange: (change: FlowChange) => void,
                          options: SubscribeOptions = {}): Subscription {
  const stop = new AbortController();
  options.signal?.addEventListener('abort', () => stop.abort(options.signal?.reason), { once: true });
  let lastEventId = options.lastEventId;
  let connected = false;
  let serverDelayMs = 0;

  const connection = (isConnected: boolean) => {
    if (connected !== isConnected) {
      connected = isConnected;
      options.onConnection?.(isConnected);
    }
  };

  const follow = async () => {
    const { data: body } = await transport.send(() => transport.api.GET('/api/v1/stream', {
      params: {
        query: filter.engagement ? { engagement: filter.engagement } : {},
        header: lastEventId ? { 'Last-Event-ID': lastEventId } : {},
      },
      headers: { Accept: 'text/event-stream' },
      parseAs: 'stream',
      signal: stop.signal,
    }), { repeatable: false, signal: stop.signal });
    if (!body) {
      return;
    }
    connection(true);
    // a new parser per connection: an event the dropped connection cut short is dropped with it, and comes again
    const parser = new EventStreamParser({
      onLastEventId: (id) => {
        lastEventId = id || lastEventId;
      },
      onRetry: (milliseconds) => {
        serverDelayMs = milliseconds;
      },
      onEvent: (event) => {
        try {
          if (event.type === 'flow') {
            onChange(JSON.parse(event.data) as FlowChange);
          } else if (event.type === 'reset') {
            options.onReset?.((JSON.parse(event.data) as { reason?: string }).reason ?? 'changes were missed');
          }
        } catch (failure) {
          options.onError?.(failure);
        }
      },
    });
    const decoder = new TextDecoder();
    const reader = body.getReader();
    try {
      for (let read = await reader.read(); !read.done; read = await reader.read()) {
        parser.push(decoder.decode(read.value, { stream: true }));
      }
    } finally {
      reader.releaseLock();
    }
  };

  const run = async () => {
    let failures = 0;
    while (!stop.signal.aborted) {
      try {
        await follow();
        failures = 0;
      } catch (failure) {
        if (stop.signal.aborted) {
          break;
        }
        if (failure instanceof MasterflowError && failure.status === 400 && failure.field === 'Last-Event-ID') {
          lastEventId = undefined;
          options.onReset?.(failure.detail);
          continue;
        }
        options.onError?.(failure);
        if (failure instanceof MasterflowError && !isTransient(failure.status)) {
          throw failure;
        }
        failures++;
      } finally {
        connection(false);
      }
      const wait = failures === 0 ? Math.max(serverDelayMs, AFTER_END_MS) : delayBefore(failures, RECONNECT);
      await sleep(wait, stop.signal).catch(() => undefined);
    }
  };

  const closed = run();
  // a final error is the caller's through onError and closed; an unobserved closed must not crash the process
  closed.catch(() => undefined);
  return {
    get lastEventId() {
      return lastEventId;
    },
    get connected() {
      return connected;
    },
    closed,
    close: () => stop.abort(),
  };
}
