import { describe, expect, it } from 'vitest';
import { FlowService, Paginated } from '../../src/index.js';
import { FakeServer, json } from './fake-server.js';

describe('Paginated', () => {
  const pages = [{ items: [1, 2], nextCursor: 'b' }, { items: [3, 4], nextCursor: 'c' }, { items: [5], nextCursor: null }];

  it('goes through every item, asking for each page when the one before is used up', async () => {
    const asked: (string | undefined)[] = [];
    const listing = new Paginated(async (cursor) => {
      asked.push(cursor);
      return pages[asked.length - 1]!;
    });
    expect(asked).toEqual([]);
    const items = [];
    for await (const item of listing) {
      items.push(item);
    }
    expect(items).toEqual([1, 2, 3, 4, 5]);
    expect(asked).toEqual([undefined, 'b', 'c']);
  });

  it('reads only the pages it needs', async () => {
    let asked = 0;
    const listing = new Paginated(async () => pages[asked++]!);
    expect(await listing.toArray(3)).toEqual([1, 2, 3]);
    expect(asked).toBe(2);
  });

  it('sends the filters and the cursor of the page before', async () => {
    const server = new FakeServer().then(json({ items: [], nextCursor: 'next' })).then(json({ items: [] }));
    const flows = new FlowService({ baseUrl: 'http://masterflow.test', token: 't', fetch: server.fetch });
    await flows.list({ status: ['RUNNING', 'PAUSED'], createdFrom: new Date('2026-01-01T00:00:00Z'), pageSize: 10 }).toArray();
    const [first, second] = server.requests.map((request) => new URL(request.url).searchParams);
    expect(first!.getAll('status')).toEqual(['RUNNING', 'PAUSED']);
    expect(first!.get('createdFrom')).toBe('2026-01-01T00:00:00.000Z');
    expect(first!.get('limit')).toBe('10');
    expect(first!.has('cursor')).toBe(false);
    expect(second!.get('cursor')).toBe('next');
  });
});
