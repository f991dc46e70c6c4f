import type { FlowService } from './flows.js';
import type { LiveFilter, Subscription } from './live.js';
import type { FlowChange } from './types.js';

export interface FeedListener {
  onChange?(change: FlowChange): void;
  onConnection?(connected: boolean): void;
  /** Changes were missed: reload. */
  onReset?(): void;
}

/** How long the stream stays open after its last listener left, so that a view that re-renders does not reconnect. */
const LINGER_MS = 1000;

/**
 * One live stream shared by every listener of a page (each open stream holds a connection, and browsers allow few
 * per server): opened with the first listener, closed shortly after the last one leaves.
 */
export class LiveFeed {
  private readonly listeners = new Set<FeedListener>();
  private subscription: Subscription | undefined;
  private closing: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly flows: FlowService, private readonly filter: LiveFilter = {}) {
  }

  get connected(): boolean {
    return this.subscription?.connected ?? false;
  }

  /** Adds a listener; the function it returns removes it. */
  listen(listener: FeedListener): () => void {
    this.listeners.add(listener);
    clearTimeout(this.closing);
    this.subscription ??= this.open();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        this.closing = setTimeout(() => this.close(), LINGER_MS);
      }
    };
  }

  private open(): Subscription {
    // from now on: whoever listens again has loaded what it shows when it started to
    return this.flows.subscribe(this.filter, (change) => this.listeners.forEach((listener) => listener.onChange?.(change)), {
      onConnection: (connected) => this.listeners.forEach((listener) => listener.onConnection?.(connected)),
      onReset: () => this.listeners.forEach((listener) => listener.onReset?.()),
    });
  }

  private close(): void {
    this.subscription?.close();
    this.subscription = undefined;
  }
}
