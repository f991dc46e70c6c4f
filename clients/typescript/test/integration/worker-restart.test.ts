import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlowService, runWorker, type Task } from '../../src/index.js';
import { eventually, newEngagement } from './support/clients.js';
import { Quickstart, Tokens } from './support/quickstart.js';

describe('a worker while its server restarts', () => {
  const engagement = newEngagement();
  let server: Quickstart;
  let tokens: Tokens;

  beforeAll(async () => {
    server = await Quickstart.start();
    tokens = new Tokens(server.dataDir);
  });

  afterAll(() => server?.stop());

  it('waits the restart out, keeps the tasks it holds, and every flow completes with each task done once', async () => {
    const operator = new FlowService({ baseUrl: server.baseUrl, token: await tokens.get(['flow-operator', 'flow-viewer'], engagement) });
    const done: Task[] = [];
    const failures: unknown[] = [];
    const worker = runWorker({
      baseUrl: server.baseUrl,
      token: await tokens.get(['worker'], engagement, 'survivor'),
      flowTypes: ['planning'],
      concurrency: 2,
      waitSeconds: 2,
      onError: (failure) => failures.push(failure),
      handler: async (task) => {
        done.push(task);
        await new Promise((resolve) => setTimeout(resolve, 150));
        return { output: { planned: task.phase } };
      },
    });

    const flowIds: string[] = [];
    for (let i = 0; i < 20; i++) {
      const { flowId } = await operator.create({ flowType: 'planning', name: `wave ${i}`, engagementId: engagement, autoAdvance: true });
      await operator.execute(flowId);
      flowIds.push(flowId);
    }
    await eventually(() => done.length >= 10, 60_000);
    await server.restart();
    const completed = async () => (await operator.list({ engagement, status: 'COMPLETED', pageSize: 200 }).toArray()).length;
    await eventually(async () => (await completed()) === 20, 120_000);
    await worker.stop();

    expect(failures.length).toBeGreaterThan(0);
    expect(new Set(done.map((task) => task.taskId)).size).toBe(done.length);
    expect(new Set(done.map((task) => `${task.flowId}/${task.phase}`)).size).toBe(60);
    for (const flowId of flowIds) {
      const flow = await operator.get(flowId);
      expect(flow.phases.map((phase) => phase.attempts)).toEqual([1, 1, 1]);
    }
  });
});
