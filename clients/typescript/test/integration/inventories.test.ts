import { beforeAll, describe, expect, it } from 'vitest';
import type { FlowService, HistoryEvent } from '../../src/index.js';
import { eventually, flowService, newEngagement } from './support/clients.js';

describe('an asset inventory', () => {
  const engagement = newEngagement();
  let flows: FlowService;

  beforeAll(async () => {
    flows = await flowService(['flow-operator', 'flow-viewer', 'auditor'], engagement);
  });

  async function imported(flowId: string): Promise<HistoryEvent[]> {
    return eventually(async () => {
      const events = await flows.history(flowId);
      return events.some((event) => event.type.endsWith('PhaseCompleted')) ? events : undefined;
    });
  }

  it('is stored, then imported by its reference: the phase\'s start records the reference, not the rows', async () => {
    const stored = await flows.storeInventory('asset_id,name,kind\nsrv-1,app server,server\ndb-1,orders,database\n');
    expect(stored).toMatchObject({ format: 'csv', rows: 2 });
    const { flowId } = await flows.create({ flowType: 'discovery', name: 'estate', engagementId: engagement });
    await flows.execute(flowId, { input: { source: 'cmdb.csv', inventoryRef: stored.inventoryRef } });

    const events = await imported(flowId);
    const started = events.find((event) => event.type.endsWith('PhaseStarted'))!;
    expect(started.payload).toMatchObject({ input: { inventoryRef: stored.inventoryRef } });
    const completed = events.find((event) => event.type.endsWith('PhaseCompleted'))!;
    expect(completed.payload).toMatchObject({ output: { rows: 2, imported: 2, format: 'csv' } });
  });

  it('given inline, as before, is stored on the way in', async () => {
    const { flowId } = await flows.create({ flowType: 'discovery', name: 'inline estate', engagementId: engagement });
    await flows.execute(flowId, { input: { source: 'cmdb.json', inventory: [{ name: 'vm-a', kind: 'server' }] } });

    const events = await imported(flowId);
    const started = events.find((event) => event.type.endsWith('PhaseStarted'))!;
    expect(JSON.stringify(started.payload)).not.toContain('vm-a');
    expect(events.find((event) => event.type.endsWith('PhaseCompleted'))!.payload).toMatchObject({ output: { imported: 1, format: 'json' } });
  });
});
