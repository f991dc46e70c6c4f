import { useCallback, useEffect, useRef, useState } from 'react';
import { MasterflowError } from '../errors.js';
import type { Flow, FlowAccepted, JsonObject } from '../types.js';
import { useMasterflow } from './context.js';
import { executing, paused, resumed } from './optimistic.js';
import { useConnected, usePolling } from './polling.js';

export interface UseFlowOptions {
  /** How often to reload while the live stream is not connected. Default 5000 ms; 0: never. */
  pollIntervalMs?: number;
}

export interface UseFlowResult {
  /** The flow as last read, with the change of a command under way shown already. */
  flow: Flow | undefined;
  loading: boolean;
  /** The last failure: of a read, or of a command (whose optimistic change was then taken back). */
  error: unknown;
  /** A command is under way. */
  pending: boolean;
  /** Commands on the flow, sent with the version shown (a flow that moved on refuses them: 409, then it reloads). */
  pause(reason?: string): Promise<void>;
  resume(reason?: string): Promise<void>;
  execute(options?: { phase?: string; input?: JsonObject }): Promise<void>;
  refresh(): Promise<void>;
}

/**
 * One flow, kept current: read once, then read again whenever the live stream reports a newer version of it (or, while
 * the stream is down, every `pollIntervalMs`). pause, resume and execute show their effect at once and take it back if
 * the server refuses them; their promises never reject: the refusal is in `error`.
 */
export function useFlow(flowId: string, options: UseFlowOptions = {}): UseFlowResult {
  const { flows, feed } = useMasterflow();
  const [read, setRead] = useState<{ flowId: string; flow: Flow } | undefined>(undefined);
  const [optimistic, setOptimistic] = useState<((flow: Flow) => Flow) | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [pending, setPending] = useState(false);
  const latestRead = useRef(read);
  latestRead.current = read;
  const current = read?.flowId === flowId ? read.flow : undefined;

  const load = useCallback(async (minVersion?: number) => {
    try {
      const flow = await flows.get(flowId, minVersion === undefined ? {} : { minVersion });
      setRead((before) => (before?.flowId === flowId && before.flow.version > flow.version ? before : { flowId, flow }));
      setError(undefined);
    } catch (failure) {
      setError(failure);
    }
  }, [flows, flowId]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => feed.listen({
    onChange: (change) => {
      const shown = latestRead.current;
      if (change.flowId === flowId && (shown?.flowId !== flowId || change.version > shown.flow.version)) {
        void load(change.version);
      }
    },
    onReset: () => void load(),
  }), [feed, flowId, load]);

  const connected = useConnected(feed);
  usePolling(!connected, options.pollIntervalMs ?? 5000, load);

  const command = useCallback(async (change: (flow: Flow) => Flow, send: (flow: Flow) => Promise<{ version: number }>) => {
    const shown = latestRead.current;
    if (shown?.flowId !== flowId) {
      return;
    }
    setOptimistic(() => change);
    setPending(true);
    try {
      const answer = await send(shown.flow);
      await load(answer.version);
      setError(undefined);
    } catch (failure) {
      if (failure instanceof MasterflowError && failure.status === 409) {
        await load(); // the flow moved on: show where it is now
      }
      setError(failure);
    } finally {
      setOptimistic(undefined);
      setPending(false);
    }
  }, [flowId, load]);

  return {
    flow: current !== undefined && optimistic !== undefined ? optimistic(current) : current,
    loading: current === undefined && error === undefined,
    error,
    pending,
    refresh: () => load(),
    pause: (reason) => command(paused, (flow): Promise<FlowAccepted> =>
      flows.pause(flowId, { expectedVersion: flow.version, ...(reason !== undefined && { reason }) })),
    resume: (reason) => command(resumed, (flow): Promise<FlowAccepted> =>
      flows.resume(flowId, { expectedVersion: flow.version, ...(reason !== undefined && { reason }) })),
    execute: (execution = {}) => command((flow) => executing(flow, execution.phase), (flow) =>
      flows.execute(flowId, { ...execution, expectedVersion: flow.version })),
  };
}
