/** A fetch that answers from a script, and remembers what it was asked: the server of the unit tests. */
export class FakeServer {
  readonly requests: Request[] = [];
  private readonly answers: ((request: Request) => Response | Promise<Response>)[] = [];

  /** The next request gets this answer (a function may throw, as fetch does when the network fails). */
  then(answer: Response | ((request: Request) => Response | Promise<Response>)): this {
    this.answers.push(typeof answer === 'function' ? answer : () => answer);
    return this;
  }

  readonly fetch = async (request: Request): Promise<Response> => {
    this.requests.push(request);
    const answer = this.answers.shift();
    if (answer === undefined) {
      throw new Error(`no answer scripted for ${request.method} ${request.url}`);
    }
    return answer(request);
  };
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

export function problem(status: number, detail: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Response {
  const code = { 400: 'bad-request', 401: 'unauthorized', 409: 'conflict', 503: 'service-unavailable' }[status] ?? 'error';
  return new Response(JSON.stringify({ type: `urn:masterflow:problem:${code}`, title: 'Problem', status, detail, instance: '/x', ...extra }),
    { status, headers: { 'Content-Type': 'application/problem+json', ...headers } });
}

/** An answer that never comes, until the request is aborted (a live stream with nothing to say). */
export function hang(request: Request): Promise<Response> {
  return new Promise((_, reject) => request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true }));
}

export function networkFailure(): never {
  throw new TypeError('fetch failed');
}

export const FLOW = {
  flowId: 'f1', clientAccountId: 'a', engagementId: 'e', flowType: 'planning', flowTypeVersion: 1, name: 'n', configuration: {}, status: 'CREATED',
  autoAdvance: false, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', version: 0, deleted: false, phases: [],
} as const;
