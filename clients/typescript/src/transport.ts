import createClient, { type Client } from 'openapi-fetch';
import { MasterflowError } from './errors.js';
import type { paths } from './generated/openapi.js';
import { DEFAULT_RETRY, delayBefore, isNetworkError, isTransient, type RetryOptions, type RetryPolicy, sleep } from './retry.js';

/** Where the API is and who calls it: what every part of the client needs. */
export interface ClientOptions {
  /** The server's address, e.g. `http://localhost:8080` (the paths start with /api/v1). */
  baseUrl: string;
  /** The bearer token, or a function that returns the current one (called for every request, so it may refresh). */
  token: string | (() => string | Promise<string>);
  /** A fetch of your own (a proxy agent, a test double); the global fetch otherwise. */
  fetch?: (request: Request) => Promise<Response>;
  /** How calls that are safe to repeat are retried; `{ attempts: 1 }` turns retries off. */
  retry?: RetryOptions;
}

/** What an openapi-fetch call resolves to, whatever the operation. */
interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * The typed HTTP layer every service of the client shares: openapi-fetch over the generated paths, with the bearer
 * token on every request, error answers thrown as {@link MasterflowError}, and retries for the calls that may repeat.
 */
export class Transport {
  readonly api: Client<paths>;
  readonly baseUrl: string;
  private readonly retry: RetryPolicy;
  private readonly token: () => string | Promise<string>;

  constructor(options: ClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    const token = options.token;
    this.token = typeof token === 'function' ? token : () => token;
    const fetch = options.fetch ?? ((request: Request) => globalThis.fetch(request));
    this.api = createClient<paths>({ baseUrl: this.baseUrl, fetch });
    this.api.use({
      onRequest: async ({ request }) => {
        request.headers.set('Authorization', `Bearer ${await this.token()}`);
        return request;
      },
    });
  }

  /**
   * Sends one call: its answer's data, or a {@link MasterflowError}. A call marked `repeatable` (a read, a keyed
   * creation, a heartbeat: sending it twice does no more than once) is sent again after a network error or a
   * transient answer (503, 429, 502, 504), with backoff, up to the retry policy's attempts.
   */
  async send<T>(call: () => Promise<Answer<T>>, options: { repeatable: boolean; signal?: AbortSignal | undefined }):
    Promise<{ data: T; response: Response }> {
    const attempts = options.repeatable ? this.retry.attempts : 1;
    for (let attempt = 1; ; attempt++) {
      let answer: Answer<T>;
      try {
        answer = await call();
      } catch (failure) {
        if (attempt >= attempts || !isNetworkError(failure)) {
          throw failure;
        }
        await sleep(delayBefore(attempt, this.retry), options.signal);
        continue;
      }
      if (answer.response.ok) {
        return { data: answer.data as T, response: answer.response };
      }
      const error = MasterflowError.from(answer.response, answer.error);
      if (attempt >= attempts || !isTransient(error.status)) {
        throw error;
      }
      await sleep(delayBefore(attempt, this.retry, error.retryAfterMs), options.signal);
    }
  }
}
