import { describe, expect, it } from 'vitest';
import { FlowService, MasterflowError } from '../../src/index.js';
import { FakeServer, FLOW, json, networkFailure, problem } from './fake-server.js';

function service(server: FakeServer, attempts = 4) {
  return new FlowService({ baseUrl: 'http://masterflow.test/', token: () => 'the-token', fetch: server.fetch,
    retry: { attempts, initialDelayMs: 1, maxDelayMs: 5 } });
}

describe('retries', () => {
  it('repeat a read after a network error and a 503, with the token on every try', async () => {
    const server = new FakeServer().then(networkFailure).then(problem(503, 'event store down', {}, { 'Retry-After': '0' })).then(json(FLOW));
    expect((await service(server).get('f1')).flowId).toBe('f1');
    expect(server.requests).toHaveLength(3);
    expect(server.requests.map((request) => request.headers.get('Authorization'))).toEqual(Array(3).fill('Bearer the-token'));
    expect(server.requests[0]!.url).toBe('http://masterflow.test/api/v1/flows/f1');
  });

  it('give up after the policy\'s attempts, with the last failure', async () => {
    const server = new FakeServer().then(networkFailure).then(networkFailure);
    await expect(service(server, 2).get('f1')).rejects.toBeInstanceOf(TypeError);
    expect(server.requests).toHaveLength(2);
  });

  it('never repeat a command that may have been done', async () => {
    const server = new FakeServer().then(problem(503, 'event store down'));
    await expect(service(server).pause('f1')).rejects.toMatchObject({ status: 503 });
    const cut = new FakeServer().then(networkFailure);
    await expect(service(cut).execute('f1')).rejects.toBeInstanceOf(TypeError);
    expect(server.requests).toHaveLength(1);
    expect(cut.requests).toHaveLength(1);
  });

  it('repeat a creation only when an idempotency key makes it safe', async () => {
    const keyed = new FakeServer().then(networkFailure).then(json({ flowId: 'f1', version: 0 }, 201));
    await service(keyed).create({ flowType: 'planning', name: 'n', engagementId: 'e', idempotencyKey: 'k' });
    expect(keyed.requests.map((request) => request.headers.get('Idempotency-Key'))).toEqual(['k', 'k']);
    expect(await keyed.requests[1]!.json()).toEqual({ flowType: 'planning', name: 'n' });

    const unkeyed = new FakeServer().then(networkFailure);
    await expect(service(unkeyed).create({ flowType: 'planning', name: 'n', engagementId: 'e' })).rejects.toBeInstanceOf(TypeError);
    expect(unkeyed.requests).toHaveLength(1);
  });

  it('do not repeat a refusal', async () => {
    const server = new FakeServer().then(problem(409, 'stale'));
    await expect(service(server).get('f1')).rejects.toBeInstanceOf(MasterflowError);
    expect(server.requests).toHaveLength(1);
  });

  it('stop waiting when the call is aborted', async () => {
    const server = new FakeServer().then(problem(503, 'down', {}, { 'Retry-After': '60' }));
    const abort = new AbortController();
    const call = new FlowService({ baseUrl: 'http://masterflow.test', token: 't', fetch: server.fetch, retry: { maxDelayMs: 60_000 } })
      .get('f1', { signal: abort.signal });
    setTimeout(() => abort.abort(new Error('enough')), 20);
    await expect(call).rejects.toThrow('enough');
  });
});
