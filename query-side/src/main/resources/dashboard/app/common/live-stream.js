// The live stream of the caller's flows (GET /api/v1/stream). EventSource cannot send a bearer token, so this reads
// the server-sent events over fetch. A dropped connection is opened again with Last-Event-ID, which the server
// resumes right after: nothing is missed or repeated. A `reset` (the position is older than the server's change log)
// asks the view to reload what it shows.
//
// A stream holds one of the six HTTP/1.1 connections a browser opens to a host, for as long as it is open. So a page
// nobody sees holds none: a page left for another (kept in the back/forward cache, where Chromium lets its requests
// run for up to a minute) or a tab in the background closes its stream, and resumes it with Last-Event-ID when it is
// shown again. Otherwise five pages left within a minute, or five background tabs, leave the page in front waiting
// for a connection for each of its API calls.
import { ApiError } from './api.js';
import { session, signOut } from '../shell/session.js';

const FIRST_RETRY_MS = 500;
const LONGEST_RETRY_MS = 10000;

/**
 * @param options {engagement, onFlow(change), onReset(), onState('connecting'|'live'|'reconnecting'|'closed')}
 * @returns {{stop(): void}}
 */
export function followFlows({ engagement, onFlow, onReset = () => {}, onState = () => {} }) {
  let ended = false;
  let away = false;
  let lastEventId = null;
  let opened = false;
  // the connection loop that currently owns the stream; a loop that finds another here (or none) ends
  let current = null;

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

  const run = async (loop) => {
    let retryMs = FIRST_RETRY_MS;
    onState('connecting');
    while (current === loop) {
      const signedIn = session();
      if (!signedIn) {
        end('closed');
        return;
      }
      loop.controller = new AbortController();
      try {
        const path = '/api/v1/stream' + (engagement ? `?engagement=${encodeURIComponent(engagement)}` : '');
        const response = await fetch(path, {
          signal: loop.controller.signal,
          cache: 'no-store',
          headers: {
            Accept: 'text/event-stream',
            Authorization: `Bearer ${signedIn.token}`,
            ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}),
          },
        });
        if (response.status === 401) {
          const problem = await response.json().catch(() => null);
          end();
          signOut(new ApiError(401, problem).detail);
          return;
        }
        if (!response.ok) {
          throw new ApiError(response.status, await response.json().catch(() => null));
        }
        onState('live');
        // closed before the server told it its position, the stream resumes from now: what changed meanwhile is unknown
        if (opened && lastEventId === null) onReset();
        opened = true;
        retryMs = FIRST_RETRY_MS;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let boundary;
          while ((boundary = buffer.search(/\r?\n\r?\n/)) >= 0) {
            const block = buffer.slice(0, boundary);
            buffer = buffer.slice(boundary).replace(/^\r?\n\r?\n/, '');
            dispatch(block);
          }
        }
      } catch (failure) {
        if (current !== loop) return;
        if (failure instanceof ApiError && failure.status < 500) {
          // a refusal (403: engagement not granted) does not heal by retrying
          end('closed');
          return;
        }
      }
      if (current !== loop) return;
      onState('reconnecting');
      await new Promise((resume) => setTimeout(resume, retryMs));
      retryMs = Math.min(retryMs * 2, LONGEST_RETRY_MS);
    }
  };

  /** Opens the stream while the page is shown, closes it while it is not. */
  const reconsider = () => {
    const wanted = !ended && !away && document.visibilityState !== 'hidden';
    if (wanted && !current) {
      current = {};
      run(current);
    } else if (!wanted && current) {
      // aborting the fetch closes its connection at once; Last-Event-ID keeps the place for when it resumes
      current.controller?.abort();
      current = null;
      if (!ended) onState('connecting');
    }
  };
  const left = () => { away = true; reconsider(); };
  const returned = () => { away = false; reconsider(); };

  function end(state) {
    ended = true;
    reconsider();
    removeEventListener('pagehide', left);
    removeEventListener('pageshow', returned);
    document.removeEventListener('visibilitychange', reconsider);
    if (state) onState(state);
  }

  addEventListener('pagehide', left);
  addEventListener('pageshow', returned);
  document.addEventListener('visibilitychange', reconsider);
  reconsider();

  return {
    stop() {
      end();
    },
  };
}
