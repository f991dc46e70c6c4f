import { beforeAll, describe, expect, it } from 'vitest';
import { type FlowService, runWorker, type Task, TaskFailure } from '../../src/index.js';
import { connection, eventually, flowService, newEngagement } from './support/clients.js';
import { contractFetch } from './support/contract.js';

interface Done {
  task: Task;
  workerId: string;
}

/** Flows of a type, each with its first phase started; with autoAdvance the next phases follow by themselves. */
async function startFlows(flows: FlowService, engagement: string, flowType: string, count: number, autoAdvance = true): Promise<string[]> {
  const ids = [];
  for (let i = 0; i < count; i++) {
    const { flowId } = await flows.create({ flowType, name: `${flowType} ${i}`, engagementId: engagement, autoAdvance });
    await flows.execute(flowId);
    ids.push(flowId);
  }
  return ids;
}

async function completed(flows: FlowService, engagement: string): Promise<number> {
  return (await flows.list({ engagement, status: 'COMPLETED', pageSize: 200 }).toArray()).length;
}

describe('runWorker', () => {
  const engagement = newEngagement();
  let operator: FlowService;

  beforeAll(async () => {
    operator = await flowService(['flow-operator', 'flow-viewer', 'auditor'], engagement);
  });

  it('four workers do 200 tasks, each exactly once, most of them leased with the report of the task before', async () => {
    const done: Done[] = [];
    let leasedByClaims = 0;
    let leasedWithReports = 0;
    const counting = contractFetch(async (request) => {
      const response = await fetch(request);
      const path = new URL(request.url).pathname;
      if (response.ok && path === '/api/v1/tasks/claim') {
        const leased = ((await response.clone().json()) as { tasks: unknown[] }).tasks.length;
        leasedByClaims += leased;
      } else if (response.ok && /\/api\/v1\/tasks\/[^/]+\/(complete|fail)$/.test(path)) {
        const leased = ((await response.clone().json()) as { next?: { tasks: unknown[] } }).next?.tasks.length ?? 0;
        leasedWithReports += leased;
      }
      return response;
    });
    const base = { ...await connection(['worker'], engagement, 'agent'), fetch: counting };
    const workers = ['a', 'b', 'c', 'd'].map((name) => runWorker({
      ...base,
      workerId: `agent-${name}`,
      flowTypes: ['assessment'],
      concurrency: 3,
      waitSeconds: 2,
      handler: async (task, context) => {
        done.push({ task, workerId: context.workerId });
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20));
        return { output: { assessedBy: context.workerId } };
      },
    }));

    const flowIds = await startFlows(operator, engagement, 'assessment', 50);
    await eventually(async () => (await completed(operator, engagement)) === 50, 120_000);
    await Promise.all(workers.map((worker) => worker.stop()));

    expect(done).toHaveLength(200);
    expect(new Set(done.map(({ task }) => task.taskId)).size).toBe(200);
    const phasesDone = new Set(done.map(({ task }) => `${task.flowId}/${task.phase}/${task.attempt}`));
    expect(phasesDone.size).toBe(200);
    expect(done.every(({ task }) => task.attempt === 1 && flowIds.includes(task.flowId))).toBe(true);
    expect(new Set(done.map(({ workerId }) => workerId)).size).toBe(4);
    expect(leasedByClaims + leasedWithReports).toBe(200);
    expect(leasedWithReports).toBeGreaterThan(leasedByClaims);
    const flow = await operator.get(flowIds[0]!);
    expect(flow.phases.every((phase) => phase.state === 'completed' && phase.attempts === 1)).toBe(true);
  });

  it('keeps a task past its lease with heartbeats at a third of it', async () => {
    const heartbeats: number[] = [];
    const worker = runWorker({
      ...await connection(['worker'], engagement, 'slow'),
      fetch: contractFetch((request) => {
        if (request.url.endsWith('/heartbeat')) {
          heartbeats.push(Date.now());
        }
        return fetch(request);
      }),
      flowTypes: ['modernize'],
      waitSeconds: 1,
      // the leases of the tests' server last 6 s
      handler: async () => {
        await new Promise((resolve) => setTimeout(resolve, 9000));
        return { output: { designed: true } };
      },
    });
    const [flowId] = await startFlows(operator, engagement, 'modernize', 1, false);
    const flow = await eventually(async () => {
      const read = await operator.get(flowId!);
      return read.phases[0]!.state === 'completed' ? read : undefined;
    }, 30_000);
    await worker.stop();
    expect(flow.phases[0]!.attempts).toBe(1);
    expect(heartbeats.length).toBeGreaterThanOrEqual(3);
    const gaps = heartbeats.slice(1).map((at, i) => at - heartbeats[i]!);
    expect(Math.max(...gaps)).toBeLessThan(3000);
  });

  it('fails a task with the handler\'s error, retryable or not as the handler says', async () => {
    const worker = runWorker({
      ...await connection(['worker'], engagement, 'failing'),
      flowTypes: ['finops'],
      waitSeconds: 1,
      handler: () => {
        throw new TaskFailure('budget data missing', false);
      },
    });
    const [flowId] = await startFlows(operator, engagement, 'finops', 1);
    const failed = await eventually(async () => {
      const flow = await operator.get(flowId!);
      return flow.status === 'FAILED' ? flow : undefined;
    });
    await worker.stop();
    expect(failed.phases[0]).toMatchObject({ state: 'failed', attempts: 1, lastError: 'budget data missing' });
  });

  it('stops gracefully: the task in hand is finished and reported, or given back once the grace period is over', async () => {
    let started = 0;
    const patient = runWorker({
      ...await connection(['worker'], engagement, 'patient'),
      flowTypes: ['observability'],
      waitSeconds: 1,
      handler: async () => {
        started++;
        await new Promise((resolve) => setTimeout(resolve, 1500));
        return { output: { finished: true } };
      },
    });
    const [finishedFlow] = await startFlows(operator, engagement, 'observability', 1, false);
    await eventually(() => started === 1);
    await patient.stop();
    const finished = await operator.get(finishedFlow!, { minVersion: 2 });
    expect(finished.phases[0]).toMatchObject({ state: 'completed', attempts: 1 });

    const impatient = runWorker({
      ...await connection(['worker'], engagement, 'impatient'),
      flowTypes: ['decommission'],
      waitSeconds: 1,
      handler: (task, context) => new Promise((_, reject) => {
        context.signal.addEventListener('abort', () => reject(new Error('aborted')));
      }),
    });
    const [givenBackFlow] = await startFlows(operator, engagement, 'decommission', 1, false);
    await eventually(async () => (await operator.flow(givenBackFlow!).history()).length === 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await impatient.stop({ graceMs: 100 });
    const history = await eventually(async () => {
      const events = await operator.history(givenBackFlow!);
      return events.some((event) => event.type === 'PhaseFailed') ? events : undefined;
    });
    const failure = history.find((event) => event.type === 'PhaseFailed')!.payload as unknown as { retryable: boolean; error: string };
    expect(failure.retryable).toBe(true);
    expect(failure.error).toContain('stopped before the task was done');
  });
});
