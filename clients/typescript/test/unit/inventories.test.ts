import { describe, expect, it } from 'vitest';
import { FlowService } from '../../src/index.js';
import { FakeServer, json, networkFailure } from './fake-server.js';

const STORED = { inventoryRef: `sha256:${'ab'.repeat(32)}`, format: 'csv', bytes: 26, rows: 1 };

function service(server: FakeServer) {
  return new FlowService({ baseUrl: 'http://masterflow.test/', token: () => 'the-token', fetch: server.fetch,
    retry: { attempts: 3, initialDelayMs: 1, maxDelayMs: 5 } });
}

describe('inventories', () => {
  it('store CSV text as text/csv, and repeat the store after a network error (the same bytes are the same inventory)', async () => {
    const server = new FakeServer().then(networkFailure).then(json(STORED, 201));
    const stored = await service(server).storeInventory('name,kind\napp server,server\n');
    expect(stored.inventoryRef).toBe(STORED.inventoryRef);
    expect(server.requests).toHaveLength(2);
    const request = server.requests[1]!;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('http://masterflow.test/api/v1/inventories');
    expect(request.headers.get('Content-Type')).toBe('text/csv');
    expect(await request.text()).toBe('name,kind\napp server,server\n');
  });

  it('store rows as a JSON array', async () => {
    const server = new FakeServer().then(json({ ...STORED, format: 'json' }, 201));
    await service(server).storeInventory([{ name: 'vm-a', kind: 'server' }]);
    expect(server.requests[0]!.headers.get('Content-Type')).toBe('application/json');
    expect(await server.requests[0]!.json()).toEqual([{ name: 'vm-a', kind: 'server' }]);
  });
});
