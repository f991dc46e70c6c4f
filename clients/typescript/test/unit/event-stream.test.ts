import { describe, expect, it } from 'vitest';
import { EventStreamParser, type ServerSentEvent } from '../../src/sse.js';

function parse(...chunks: string[]) {
  const events: ServerSentEvent[] = [];
  const ids: string[] = [];
  const retries: number[] = [];
  const parser = new EventStreamParser({ onEvent: (event) => events.push(event), onLastEventId: (id) => ids.push(id),
    onRetry: (ms) => retries.push(ms) });
  chunks.forEach((chunk) => parser.push(chunk));
  return { events, ids, retries };
}

describe('the event stream parser', () => {
  it('reads events cut anywhere, with any line end', () => {
    const { events } = parse('id:1\nevent:fl', 'ow\ndata:{"a":', '1}\r', '\n\r\nid: 2\rdata: x\rdata:y\r\r');
    expect(events).toEqual([
      { type: 'flow', data: '{"a":1}', lastEventId: '1' },
      { type: 'message', data: 'x\ny', lastEventId: '2' },
    ]);
  });

  it('keeps the id of an event without data, as masterflow\'s heartbeats have, and skips comments', () => {
    const { events, ids } = parse(':open\n\n', 'id:7\n:connected\n\n', 'id:9\n:heartbeat\n\n');
    expect(events).toEqual([]);
    expect(ids).toEqual(['', '7', '9']);
  });

  it('drops an event the stream cut short, and reads the server\'s retry time', () => {
    const { events, retries } = parse('retry: 1500\n\nid:3\ndata:complete\n\nid:4\ndata:cut sh');
    expect(events.map((event) => event.data)).toEqual(['complete']);
    expect(retries).toEqual([1500]);
  });
});
