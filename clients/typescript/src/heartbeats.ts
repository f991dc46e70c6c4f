import { MasterflowError } from './errors.js';

/** The longest wait before another heartbeat after one failed: the lease may still hold, and the server come back. */
const AFTER_FAILURE_MS = 5000;

/**
 * Keeps a task's lease: a heartbeat at a third of what is left of it, so that two can fail before it ends. A refusal
 * (409: the lease was lost or the attempt is over; 404) ends the heartbeats and calls `onLost`; any other failure is
 * tried again sooner.
 */
export class Heartbeats {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(private readonly send: () => Promise<string>, private readonly onLost: (refusal: MasterflowError) => void,
              private readonly onError: (failure: unknown) => void) {
  }

  start(leaseExpiresAt: string): void {
    this.schedule(Math.max(0, Date.parse(leaseExpiresAt) - Date.now()) / 3);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) {
      return;
    }
    this.timer = setTimeout(() => {
      this.send().then((leaseExpiresAt) => this.start(leaseExpiresAt), (failure) => {
        if (this.stopped) {
          return;
        }
        this.onError(failure);
        if (failure instanceof MasterflowError && (failure.status === 409 || failure.status === 404)) {
          this.stopped = true;
          this.onLost(failure);
        } else {
          this.schedule(Math.min(AFTER_FAILURE_MS, delayMs));
        }
      });
    }, delayMs);
  }
}
