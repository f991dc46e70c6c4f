/** How calls that are safe to repeat are retried after a network error or a "try again later" answer. */
export interface RetryOptions {
  /** Tries in all, the first included (1: no retry). Default 4. */
  attempts?: number;
  /** The wait before the first retry; each later wait may double. Default 200 ms. */
  initialDelayMs?: number;
  /** The longest wait between tries. Default 5 s. */
  maxDelayMs?: number;
}

export type RetryPolicy = Required<RetryOptions>;

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, initialDelayMs: 200, maxDelayMs: 5000 };

/**
 * Answers that say the request was not handled and may be sent again later: 503 (masterflow's answer while its event
 * store cannot be reached), 429, and a gateway's 502 and 504 while the server restarts.
 */
export function isTransient(status: number): boolean {
  return status === 503 || status === 429 || status === 502 || status === 504;
}

/** A request that never got an answer: fetch rejects with a TypeError (an abort is a DOMException, not retried). */
export function isNetworkError(error: unknown): boolean {
  return error instanceof TypeError;
}

/** The wait before retry number `retry` (1 for the first): exponential with full jitter, or what the server asked. */
export function delayBefore(retry: number, policy: RetryPolicy, askedMs?: number): number {
  if (askedMs !== undefined) {
    return Math.min(askedMs, policy.maxDelayMs);
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (retry - 1));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', aborted);
      resolve();
    }, ms);
    const aborted = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', aborted, { once: true });
  });
}
