import type { Flow, FlowStatus } from '../types.js';

/**
 * What a flow will look like once a command is through, shown while it is sent; the answer then replaces it, or it is
 * dropped when the command is refused.
 */
export function paused(flow: Flow): Flow {
  return { ...flow, status: 'PAUSED' };
}

/** Resume gives back the status the flow had: read from its phases. */
export function resumed(flow: Flow): Flow {
  return { ...flow, status: statusFromPhases(flow) };
}

/** The named phase, or the next pending one, starts its next attempt. */
export function executing(flow: Flow, phase?: string): Flow {
  const starting = phase ?? flow.phases.find((candidate) => candidate.state === 'pending')?.name;
  if (starting === undefined) {
    return flow;
  }
  return {
    ...flow,
    status: 'RUNNING',
    currentPhase: starting,
    phases: flow.phases.map((candidate) => candidate.name === starting
      ? { ...candidate, state: 'running', attempts: candidate.attempts + 1 }
      : candidate),
  };
}

function statusFromPhases(flow: Flow): FlowStatus {
  const states = flow.phases.map((phase) => phase.state);
  if (states.some((state) => state === 'running' || state === 'retry_wait')) {
    return 'RUNNING';
  }
  if (states.includes('failed')) {
    return 'FAILED';
  }
  if (states.every((state) => state === 'pending')) {
    return 'CREATED';
  }
  return states.some((state) => state === 'pending') ? 'WAITING' : 'COMPLETED';
}
