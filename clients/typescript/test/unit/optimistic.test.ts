import { describe, expect, it } from 'vitest';
import type { Flow, Phase } from '../../src/index.js';
import { executing, paused, resumed } from '../../src/react/optimistic.js';

function phase(name: string, state: Phase['state'], attempts = 0): Phase {
  return { position: 0, name, required: true, state, attempts };
}

function flow(status: Flow['status'], ...phases: Phase[]): Flow {
  return { flowId: 'f', clientAccountId: 'a', engagementId: 'e', flowType: 't', flowTypeVersion: 1, name: 'n', configuration: {}, status,
    autoAdvance: false, createdAt: '', updatedAt: '', version: 3, deleted: false, phases };
}

describe('the optimistic view of a command', () => {
  it('pauses', () => {
    expect(paused(flow('RUNNING')).status).toBe('PAUSED');
  });

  it('resumes to the status the phases tell', () => {
    expect(resumed(flow('PAUSED', phase('a', 'completed'), phase('b', 'running', 1))).status).toBe('RUNNING');
    expect(resumed(flow('PAUSED', phase('a', 'completed'), phase('b', 'pending'))).status).toBe('WAITING');
    expect(resumed(flow('PAUSED', phase('a', 'pending'))).status).toBe('CREATED');
    expect(resumed(flow('PAUSED', phase('a', 'failed', 3))).status).toBe('FAILED');
  });

  it('starts the next pending phase, or the one named', () => {
    const started = executing(flow('WAITING', phase('a', 'completed', 1), phase('b', 'pending'), phase('c', 'pending')));
    expect(started.status).toBe('RUNNING');
    expect(started.currentPhase).toBe('b');
    expect(started.phases.map((candidate) => `${candidate.name}:${candidate.state}:${candidate.attempts}`))
      .toEqual(['a:completed:1', 'b:running:1', 'c:pending:0']);
    expect(executing(flow('FAILED', phase('a', 'failed', 3)), 'a').phases[0]).toMatchObject({ state: 'running', attempts: 4 });
  });
});
