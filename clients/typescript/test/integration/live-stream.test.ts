import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FlowChange, FlowService, type Subscription } from '../../src/index.js';
import { connection, eventually, flowService, newEngagement, quickstart } from './support/clients.js';
import { contractFetch } from './support/contract.js';
import { Proxy } from './support/proxy.js';

describe('the live stream', () => {
  const engagement = newEngagement();
  let operator: FlowService;
  let proxy: Proxy;

  beforeAll(async () => {
    operator = await flowService(['flow-operator', 'flow-viewer'], engagement);
    proxy = await Proxy.start(Number(new URL(quickstart.baseUrl).port));
  });

  afterAll(() => proxy.close());

  it('resumes with Last-Event-ID after the network drops it and after the server ends it: nothing missed, nothing repeated', async () => {
    const lastEventIds: (string | null)[] = [];
    const viewer = new FlowService({
      ...await connection(['flow-viewer'], engagement),
      baseUrl: proxy.baseUrl,
      fetch: contractFetch((request) => {
        if (new URL(request.url).pathname === '/api/v1/stream') {
          lastEventIds.push(request.headers.get('Last-Event-ID'));
        }
        return fetch(request);
      }),
    });
    const changes: FlowChange[] = [];
    const drops: boolean[] = [];
    const subscription: Subscription = viewer.subscribe({}, (change) => changes.push(change), {
      onConnection: (connected) => drops.push(!connected),
    });
    try {
      await eventually(() => subscription.connected);
      const versions = new Map<string, number>();
      const record = (flowId: string, version: number) => versions.set(flowId, version);

      const first = await operator.create({ flowType: 'planning', name: 'followed', engagementId: engagement });
      record(first.flowId, (await operator.execute(first.flowId)).version);
      await eventually(() => changes.some((change) => change.flowId === first.flowId && change.version === versions.get(first.flowId)));

      proxy.sever();
      // made while the client is cut off: the resumed stream must bring them
      const second = await operator.create({ flowType: 'planning', name: 'made while cut off', engagementId: engagement });
      record(second.flowId, second.version);
      record(first.flowId, (await operator.pause(first.flowId)).version);
      await eventually(() => changes.some((change) => change.flowId === first.flowId && change.version === versions.get(first.flowId)));

      // the server ends each stream after 4 s (its stream timeout in these tests); changes go on around that
      const deadline = Date.now() + 6000;
      for (let i = 0; Date.now() < deadline; i++) {
        const made = await operator.create({ flowType: 'finops', name: `around the end ${i}`, engagementId: engagement });
        record(made.flowId, made.version);
        await new Promise((done) => setTimeout(done, 300));
      }
      record(second.flowId, (await operator.execute(second.flowId)).version);

      await eventually(() => [...versions].every(([flowId, version]) =>
        changes.some((change) => change.flowId === flowId && change.version === version)));
      const seen = changes.map((change) => `${change.flowId}@${change.version}`);
      expect(seen).toContain(`${second.flowId}@0`);
      expect(new Set(seen).size).toBe(seen.length);
      for (const flowId of versions.keys()) {
        const ofFlow = changes.filter((change) => change.flowId === flowId).map((change) => change.version);
        expect(ofFlow).toEqual([...ofFlow].sort((a, b) => a - b));
      }
      expect(drops.filter(Boolean).length).toBeGreaterThanOrEqual(2);
      expect(lastEventIds[0]).toBeNull();
      expect(lastEventIds.slice(1).every((id) => id !== null && id !== '')).toBe(true);
      expect(lastEventIds.length).toBeGreaterThanOrEqual(3);
    } finally {
      subscription.close();
      await subscription.closed;
    }
  });

  it('follows only the engagements the token grants', async () => {
    const other = newEngagement();
    const otherOperator = await flowService(['flow-operator'], other);
    const changes: FlowChange[] = [];
    const subscription = (await flowService(['flow-viewer'], engagement)).subscribe({}, (change) => changes.push(change));
    try {
      await eventually(() => subscription.connected);
      await otherOperator.create({ flowType: 'planning', name: 'not ours', engagementId: other });
      const ours = await operator.create({ flowType: 'planning', name: 'ours', engagementId: engagement });
      await eventually(() => changes.some((change) => change.flowId === ours.flowId));
      expect(changes.every((change) => change.engagementId === engagement)).toBe(true);
    } finally {
      subscription.close();
    }
  });
});
