import type { components } from './generated/openapi.js';

/** An error answer of the API: RFC 9457 problem details. */
export type Problem = components['schemas']['Problem'];

const PROBLEM_TYPE_PREFIX = 'urn:masterflow:problem:';

/**
 * Every refusal of the API: its HTTP status and the problem details it came with. `type` is stable (a URN per kind of
 * problem) and `code` is its last part, for a `switch`; `detail` is for people; `field` names the body field, query
 * parameter or header a 400 is about.
 */
export class MasterflowError extends Error {
  override readonly name = 'MasterflowError';
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  readonly field: string | undefined;
  readonly instance: string | undefined;
  /** From a `Retry-After` header (a 503 or a 429): how long the server asked to wait before a retry. */
  readonly retryAfterMs: number | undefined;

  constructor(problem: Problem, retryAfterMs?: number) {
    super(`${problem.status} ${problem.title}: ${problem.detail}`);
    this.status = problem.status;
    this.type = problem.type;
    this.title = problem.title;
    this.detail = problem.detail;
    this.field = problem.field ?? undefined;
    this.instance = problem.instance;
    this.retryAfterMs = retryAfterMs;
  }

  /** The kind of problem, e.g. `conflict`, `not-found`, `gone`, `bad-request` (empty for a foreign error answer). */
  get code(): string {
    return this.type.startsWith(PROBLEM_TYPE_PREFIX) ? this.type.slice(PROBLEM_TYPE_PREFIX.length) : '';
  }

  /**
   * The error for an answer that is not a success. A body that is not a problem (a proxy's HTML page, say) still makes
   * one, with the status and the start of the body as its detail.
   */
  static from(response: Response, body: unknown): MasterflowError {
    const retryAfterMs = retryAfter(response.headers.get('Retry-After'));
    if (isProblem(body)) {
      return new MasterflowError(body, retryAfterMs);
    }
    const text = typeof body === 'string' ? body.trim().slice(0, 200) : '';
    return new MasterflowError({
      type: 'about:blank',
      title: response.statusText || `HTTP ${response.status}`,
      status: response.status,
      detail: text || `the server answered ${response.status} without problem details`,
      instance: new URL(response.url || 'http://unknown/').pathname,
    }, retryAfterMs);
  }
}

function isProblem(body: unknown): body is Problem {
  if (typeof body !== 'object' || body === null) {
    return false;
  }
  const candidate = body as Record<string, unknown>;
  return typeof candidate.status === 'number' && typeof candidate.type === 'string' && typeof candidate.detail === 'string';
}

/** Retry-After in milliseconds: seconds, or an HTTP date. */
export function retryAfter(header: string | null): number | undefined {
  if (header === null || header.trim() === '') {
    return undefined;
  }
  const seconds = Number(header);
  if (Number.isFinite(seconds)) {
    return Math.max(0, seconds * 1000);
  }
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
