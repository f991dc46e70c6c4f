import { describe, expect, it } from 'vitest';
import { type FlowChange, FlowService } from '../../src/index.js';
import { FakeServer, hang, problem } from './fake-server.js';

function stream(text: string): Response {
  return new Response(text, { headers: { 'Content-Type': 'text/event-stream' } });
}

function change(flowId: string, version: number): string {
  return JSON.stringify({ flowId, engagementId: 'e', flowType: 'planning', name: flowId, status: 'RUNNING', version,
    updatedAt: '2026-01-01T00:00:00Z' });
}

describe('subscribe', () => {
  it('resumes each ended stream after the last id it saw, heartbeats included', async () => {
    const server = new FakeServer()
      .then(stream(`id:1\n:connected\n\nid:2\nevent:flow\ndata:${change('a', 1)}\n\n`))
      .then(stream(`id:3\nevent:flow\ndata:${change('a', 2)}\n\nid:5\n:heartbeat\n\n`))
      .then(stream(`id:6\nevent:flow\ndata:${change('b', 0)}\n\n`))
      .then(hang);
    const changes: FlowChange[] = [];
    const subscription = new FlowService({ baseUrl: 'http://masterflow.test', token: 't', fetch: server.fetch })
      .subscribe({ engagement: 'e' }, (flowChange) => changes.push(flowChange));
    await expect.poll(() => server.requests.length).toBe(4);
    subscription.close();
    await subscription.closed;
    expect(changes.map((flowChange) => `${flowChange.flowId}@${flowChange.version}`)).toEqual(['a@1', 'a@2', 'b@0']);
    expect(server.requests.map((request) => request.headers.get('Last-Event-ID'))).toEqual([null, '2', '5', '6']);
    expect(new URL(server.requests[0]!.url).searchParams.get('engagement')).toBe('e');
    expect(server.requests[0]!.headers.get('Accept')).toBe('text/event-stream');
    expect(subscription.lastEventId).toBe('6');
  });

  it('says to reload on a reset, and starts afresh when its id is not one of the stream\'s', async () => {
    const resets: string[] = [];
    const server = new FakeServer()
      .then(problem(400, 'not an id of this stream', { field: 'Last-Event-ID' }))
      .then(stream('id:9\nevent:reset\ndata:{"reason":"too old"}\n\n'))
      .then(hang);
    const subscription = new FlowService({ baseUrl: 'http://masterflow.test', token: 't', fetch: server.fetch })
      .subscribe({}, () => undefined, { lastEventId: 'foreign', onReset: (reason) => resets.push(reason) });
    await expect.poll(() => server.requests.length).toBe(3);
    subscription.close();
    expect(resets).toEqual(['not an id of this stream', 'too old']);
    expect(server.requests.map((request) => request.headers.get('Last-Event-ID'))).toEqual(['foreign', null, '9']);
  });

  it('ends on a refusal it cannot outwait, such as a token refused', async () => {
    const errors: unknown[] = [];
    const server = new FakeServer().then(problem(401, 'token expired'));
    const subscription = new FlowService({ baseUrl: 'http://masterflow.test', token: 't', fetch: server.fetch })
      .subscribe({}, () => undefined, { onError: (error) => errors.push(error) });
    await expect(subscription.closed).rejects.toMatchObject({ status: 401 });
    expect(errors).toHaveLength(1);
  });
});
