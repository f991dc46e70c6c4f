import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { FlowFilter } from '../flows.js';
import type { FlowChange, FlowSummary } from '../types.js';
import { useMasterflow } from './context.js';
import { useConnected, usePolling } from './polling.js';

export interface UseFlowsOptions {
  /** How often to reload while the live stream is not connected. Default 5000 ms; 0: never. */
  pollIntervalMs?: number;
}

export interface UseFlowsResult {
  /** The flows of the pages read so far, kept current. */
  flows: FlowSummary[];
  loading: boolean;
  error: unknown;
  hasMore: boolean;
  /** Reads the next page. */
  loadMore(): Promise<void>;
  refresh(): Promise<void>;
}

/** A flow that changed while it was not in the list (a new one, say) is read with the list again, after this pause. */
const RELOAD_AFTER_MS = 250;

/**
 * The flows of a filter, page by page, kept current: a change the live stream reports of a flow in the list updates
 * it in place, any other change reloads the list (shortly, once for many); while the stream is down, the list is read
 * again every `pollIntervalMs`.
 */
export function useFlows(filter: FlowFilter = {}, options: UseFlowsOptions = {}): UseFlowsResult {
  const { flows, feed } = useMasterflow();
  const key = JSON.stringify(filter);
  // the filter's content decides, not its identity: a literal written in the component is a new object each render
  const stableFilter = useMemo(() => filter, [key]);
  const [state, setState] = useState<{ key: string; items: FlowSummary[]; nextCursor: string | undefined } | undefined>();
  const [error, setError] = useState<unknown>(undefined);
  const shown = state?.key === key ? state : undefined;
  const pagesRead = useRef(1);

  const load = useCallback(async () => {
    try {
      const listing = flows.list(stableFilter);
      const items: FlowSummary[] = [];
      let nextCursor: string | undefined;
      for (let page = 0; page < pagesRead.current; page++) {
        const read = await listing.page(nextCursor);
        items.push(...read.items);
        nextCursor = read.nextCursor ?? undefined;
        if (nextCursor === undefined) {
          break;
        }
      }
      setState({ key, items, nextCursor });
      setError(undefined);
    } catch (failure) {
      setError(failure);
    }
  }, [flows, stableFilter, key]);

  useEffect(() => {
    pagesRead.current = 1;
    void load();
  }, [load]);

  const reload = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(reload.current), []);
  const reloadSoon = useCallback(() => {
    clearTimeout(reload.current);
    reload.current = setTimeout(() => void load(), RELOAD_AFTER_MS);
  }, [load]);

  useEffect(() => feed.listen({
    onChange: (change) => setState((before) => {
      const updated = before === undefined ? undefined : merged(before.items, change);
      if (before === undefined || updated === undefined) {
        reloadSoon();
        return before;
      }
      return { ...before, items: updated };
    }),
    onReset: reloadSoon,
  }), [feed, reloadSoon]);

  const connected = useConnected(feed);
  usePolling(!connected, options.pollIntervalMs ?? 5000, load);

  const loadMore = useCallback(async () => {
    if (shown?.nextCursor === undefined) {
      return;
    }
    try {
      const page = await flows.list(stableFilter).page(shown.nextCursor);
      pagesRead.current++;
      setState({ key, items: [...shown.items, ...page.items], nextCursor: page.nextCursor ?? undefined });
    } catch (failure) {
      setError(failure);
    }
  }, [flows, stableFilter, key, shown]);

  return {
    flows: shown?.items ?? [],
    loading: shown === undefined && error === undefined,
    error,
    hasMore: shown?.nextCursor !== undefined,
    loadMore,
    refresh: load,
  };
}

/** The list with the change applied to its flow; undefined when the flow is not in it (the list must be read again). */
function merged(items: FlowSummary[], change: FlowChange): FlowSummary[] | undefined {
  const index = items.findIndex((item) => item.flowId === change.flowId);
  if (index < 0) {
    return undefined;
  }
  const item = items[index]!;
  if (change.version <= item.version) {
    return items;
  }
  const updated = [...items];
  updated[index] = { ...item, name: change.name, status: change.status, currentPhase: change.currentPhase,
    version: change.version, updatedAt: change.updatedAt };
  return updated;
}
