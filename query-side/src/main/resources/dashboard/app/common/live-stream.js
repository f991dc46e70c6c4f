// The live stream of the caller's flows (GET /api/v1/stream). EventSource cannot send a bearer token, so this reads
// the server-sent events over fetch. A dropped connection is opened again with Last-Event-ID, which the server
// resumes right after: nothing is missed or repeated. A `reset` (the position is older than the server's change log)
// asks the view to reload what it shows.
import { ApiError } from './api.js';
import { session, signOut } from '../shell/session.js';

const FIRST_RETRY_MS = 500;
const LONGEST_RETRY_MS = 10000;

/**
 * @param options {engagement, onFlow(change), onReset(), onState('connecting'|'live'|'reconnecting'|'closed')}
 * @returns {{stop(): void}}
 */
export function followFlows({ engagement, onFlow, onReset = () => {}, onState = () => {} }) {
  let stopped = false;
  let lastEventId = null;
  let controller = null;
  let retryMs = FIRST_RETRY_MS;

  const dispatch = (block) => {
    let event = 'message';
    let data = '';
    let id = null;
    block.split(/\r?\n/).forEach((line) => {
      if (line.startsWith(':')) {
        return;
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data += (data ? '\n' : '') + value;
      else if (field === 'id') id = value;
    });
    if (id !== null) {
      lastEventId = id;
    }
    if (event === 'flow' && data) {
      onFlow(JSON.parse(data));
    } else if (event === 'reset') {
      onReset();
    }
  };

  const run = async () => {
    onState('connecting');
    while (!stopped) {
      const current = session();
      if (!current) {
        onState('closed');
        return;
      }
      controller = new AbortController();
      try {
        const path = '/api/v1/stream' + (engagement ? `?engagement=${encodeURIComponent(engagement)}` : '');
        const response = await fetch(path, {
          signal: controller.signal,
          cache: 'no-store',
          headers: {
            Accept: 'text/event-stream',
            Authorization: `Bearer ${current.token}`,
            ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}),
          },
        });
        if (response.status === 401) {
          const problem = await response.json().catch(() => null);
          signOut(new ApiError(401, problem).detail);
          return;
        }
        if (!response.ok) {
          throw new ApiError(response.status, await response.json().catch(() => null));
        }
        onState('live');
        retryMs = FIRST_RETRY_MS;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end;
          while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
            dispatch(block);
          }
        }
      } catch (failure) {
        if (stopped) return;
        if (failure instanceof ApiError && failure.status < 500) {
          // a refusal (403: engagement not granted) does not heal by retrying
          onState('closed');
          return;
        }
      }
      if (stopped) return;
      onState('reconnecting');
      await new Promise((resume) => setTimeout(resume, retryMs));
      retryMs = Math.min(retryMs * 2, LONGEST_RETRY_MS);
    }
  };
  run();

  return {
    stop() {
      stopped = true;
      controller?.abort();
    },
  };
}
