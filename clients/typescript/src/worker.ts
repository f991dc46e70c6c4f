import { MasterflowError } from './errors.js';
import type { components } from './generated/openapi.js';
import { Heartbeats } from './heartbeats.js';
import { delayBefore, isNetworkError, isTransient, type RetryPolicy, sleep } from './retry.js';
import { type ClientOptions, Transport } from './transport.js';
import type { DiscoveredAsset, JsonObject, Task } from './types.js';

type Claim = components['schemas']['ClaimRequest'];

/** What a handler gets beside its task. */
export interface TaskContext {
  /** Aborted when the task is lost (its lease expired) or the worker stops past its grace period. */
  signal: AbortSignal;
  workerId: string;
  /** Extends the lease now; the worker already does so every third of the lease. */
  heartbeat(): Promise<void>;
}

/** A handler's result: the phase's output and the assets it discovered. */
export interface TaskOutcome {
  output?: JsonObject;
  assets?: DiscoveredAsset[];
}

/** Does one task. Return to complete it; throw to fail it (retryable, unless a {@link TaskFailure} says otherwise). */
export type TaskHandler = (task: Task, context: TaskContext) => Promise<TaskOutcome | void> | TaskOutcome | void;

/** A failure a handler throws to say whether the phase's retry policy may try the attempt again. */
export class TaskFailure extends Error {
  override readonly name = 'TaskFailure';

  constructor(message: string, readonly retryable = true) {
    super(message);
  }
}

export interface WorkerOptions extends ClientOptions {
  handler: TaskHandler;
  /** Only tasks of these flow types (all the token may see by default). */
  flowTypes?: string[];
  /** Only tasks of these phases. */
  phases?: string[];
  /** Tasks done at once. Default 1. */
  concurrency?: number;
  /** Sent as X-Worker-Id: tells this worker from others of the same user. Random by default. */
  workerId?: string;
  /** How long a claim waits for work before it asks again, 0 to 30 s. Default 20. */
  waitSeconds?: number;
  /** Stops the worker, as `stop()` does. */
  signal?: AbortSignal;
  /** Failures the worker lives through: a network error, a report the server refused, a lost lease. */
  onError?(error: unknown, task?: Task): void;
}

export interface RunningWorker {
  readonly workerId: string;
  /**
   * Stops claiming and waits for the worker to finish: tasks in hand are done and reported, and claims under way
   * (waiting at most `waitSeconds`) are answered and their tasks done too, so nothing is left leased to a worker that
   * is gone. After `graceMs`, handlers still running are aborted and their tasks given back (failed as retryable).
   */
  stop(options?: { graceMs?: number }): Promise<void>;
  /** Settles once every slot has stopped; rejects with the error that stopped the worker (a refused token, say). */
  readonly stopped: Promise<void>;
}

/** Waits after failures to reach the server: from a quarter of a second up to five seconds, for as long as it takes. */
const RECONNECT: RetryPolicy = { attempts: Number.POSITIVE_INFINITY, initialDelayMs: 250, maxDelayMs: 5000 };
/** A report is tried again until the server answers, but not for longer than a lease could still hold. */
const REPORT_PATIENCE_MS = 120_000;

type Result = { kind: 'completed'; outcome: TaskOutcome } | { kind: 'failed'; error: string; retryable: boolean } | { kind: 'lost' };

/**
 * Runs a worker: `concurrency` loops that each claim a task with a long poll, run the handler while heartbeating at
 * a third of the lease, and report the outcome with `next`, so that the same request leases the next task. Network
 * failures and a restarting server are waited out; a refused token or role stops the worker.
 *
 * ```ts
 * const worker = runWorker({ baseUrl, token, flowTypes: ['planning'], concurrency: 4,
 *   handler: async (task) => ({ output: await plan(task.input) }) });
 * process.on('SIGTERM', () => worker.stop());
 * ```
 */
export function runWorker(options: WorkerOptions): RunningWorker {
  const transport = new Transport(options);
  const workerId = options.workerId ?? `worker-${Math.random().toString(36).slice(2, 10)}`;
  const headers = { 'X-Worker-Id': workerId };
  const filter = { flowTypes: options.flowTypes, phases: options.phases };
  const stopping = new AbortController();
  const running = new Set<AbortController>();
  let fatal: unknown;
  options.signal?.addEventListener('abort', () => stopping.abort(), { once: true });

  const notify = (error: unknown, task?: Task) => options.onError?.(error, task);

  /** A task, or none when the claim found nothing in time or the worker stops before the server answers. */
  const claim = async (): Promise<Task | undefined> => {
    for (let failures = 1; ; failures++) {
      try {
        const { data } = await transport.send(() => transport.api.POST('/api/v1/tasks/claim', {
          params: { header: headers },
          body: { ...filter, maxTasks: 1, waitSeconds: options.waitSeconds ?? 20 },
        }), { repeatable: false });
        return data.tasks[0];
      } catch (failure) {
        if (!worthWaitingOut(failure)) {
          throw failure;
        }
        notify(failure);
        await sleep(delayBefore(failures, RECONNECT), stopping.signal).catch(() => undefined);
        if (stopping.signal.aborted) {
          return undefined;
        }
      }
    }
  };

  const heartbeat = async (task: Task): Promise<string> => {
    const { data } = await transport.send(() => transport.api.POST('/api/v1/tasks/{taskId}/heartbeat', {
      params: { path: { taskId: task.taskId }, header: headers },
    }), { repeatable: true });
    return data.leaseExpiresAt;
  };

  const perform = async (task: Task): Promise<Result> => {
    const abort = new AbortController();
    let lost = false;
    const heartbeats = new Heartbeats(() => heartbeat(task), (refusal) => {
      lost = true;
      abort.abort(refusal);
    }, (failure) => notify(failure, task));
    running.add(abort);
    heartbeats.start(task.leaseExpiresAt);
    try {
      const outcome = await options.handler(task, {
        signal: abort.signal,
        workerId,
        heartbeat: async () => {
          await heartbeat(task);
        },
      });
      return lost ? { kind: 'lost' } : { kind: 'completed', outcome: outcome ?? {} };
    } catch (failure) {
      if (lost) {
        return { kind: 'lost' };
      }
      if (abort.signal.aborted) {
        return { kind: 'failed', error: `worker ${workerId} stopped before the task was done`, retryable: true };
      }
      const message = failure instanceof Error ? failure.message : String(failure);
      return { kind: 'failed', error: message || 'the handler failed', retryable: !(failure instanceof TaskFailure) || failure.retryable };
    } finally {
      heartbeats.stop();
      running.delete(abort);
    }
  };

  /** Reports the result; the next task the server leased with the report, if any. */
  const finish = async (task: Task, performed: Result): Promise<Task | undefined> => {
    if (performed.kind === 'lost') {
      return undefined;
    }
    let result: Exclude<Result, { kind: 'lost' }> = performed;
    const started = Date.now();
    let retried = false;
    for (let failures = 0; ;) {
      // a repeated report asks for nothing more: tasks leased by a report whose answer was lost would wait for their lease to end
      const next: Claim | undefined = stopping.signal.aborted || retried ? undefined : { ...filter, maxTasks: 1, waitSeconds: 0 };
      try {
        const { data } = await transport.send(() => result.kind === 'completed'
          ? transport.api.POST('/api/v1/tasks/{taskId}/complete', {
            params: { path: { taskId: task.taskId }, header: headers },
            body: { output: result.outcome.output, assets: result.outcome.assets, next },
          })
          : transport.api.POST('/api/v1/tasks/{taskId}/fail', {
            params: { path: { taskId: task.taskId }, header: headers },
            body: { error: result.error, retryable: result.retryable, next },
          }), { repeatable: false });
        return data.next?.tasks[0];
      } catch (failure) {
        if (retried && failure instanceof MasterflowError && failure.status === 409) {
          return undefined; // the report before was received: the attempt is over
        }
        if (result.kind === 'completed' && failure instanceof MasterflowError && failure.status === 400) {
          // the phase's validators refused the output; a handler's retry would make the same, as in-process handlers do
          notify(failure, task);
          result = { kind: 'failed', error: `output refused: ${failure.detail}`, retryable: false };
          continue;
        }
        if (!worthWaitingOut(failure) || Date.now() - started > REPORT_PATIENCE_MS) {
          notify(failure, task);
          if (failure instanceof MasterflowError && (failure.status === 401 || failure.status === 403)) {
            throw failure;
          }
          return undefined;
        }
        notify(failure, task);
        retried = true;
        await sleep(delayBefore(++failures, RECONNECT));
      }
    }
  };

  const slot = async () => {
    let task: Task | undefined;
    while (fatal === undefined) {
      if (task === undefined) {
        if (stopping.signal.aborted) {
          return;
        }
        task = await claim();
        continue;
      }
      task = await finish(task, await perform(task));
    }
  };

  const slots = Array.from({ length: Math.max(1, options.concurrency ?? 1) }, () => slot().catch((failure) => {
    fatal ??= failure;
    stopping.abort();
    throw failure;
  }));
  const stopped = Promise.all(slots).then(() => undefined);
  stopped.catch(() => undefined);

  return {
    workerId,
    stopped,
    stop: async ({ graceMs }: { graceMs?: number } = {}) => {
      stopping.abort();
      if (graceMs !== undefined) {
        const timer = setTimeout(() => running.forEach((handler) => handler.abort()), graceMs);
        await stopped.finally(() => clearTimeout(timer));
      } else {
        await stopped;
      }
    },
  };
}

/** A failure to reach the server, or an answer that asks to come back later. */
function worthWaitingOut(failure: unknown): boolean {
  return isNetworkError(failure) || failure instanceof MasterflowError && (isTransient(failure.status) || failure.status >= 500);
}
