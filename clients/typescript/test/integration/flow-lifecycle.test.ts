import { beforeAll, describe, expect, it } from 'vitest';
import type { FlowService } from '../../src/index.js';
import { flowService, newEngagement } from './support/clients.js';

describe('a flow from creation to completion', () => {
  const engagement = newEngagement();
  let flows: FlowService;

  beforeAll(async () => {
    flows = await flowService(['flow-operator', 'flow-viewer', 'auditor'], engagement);
  });

  it('is created, its phases run and report, and it completes, each step read back at the version it made', async () => {
    const created = await flows.create({ flowType: 'planning', name: 'Q3 waves', engagementId: engagement,
      configuration: { wave_size: 20 }, idempotencyKey: 'q3-waves' });
    expect(created.version).toBe(0);
    const again = await flows.create({ flowType: 'planning', name: 'Q3 waves', engagementId: engagement,
      configuration: { wave_size: 20 }, idempotencyKey: 'q3-waves' });
    expect(again.flowId).toBe(created.flowId);

    const flow = flows.flow(created.flowId);
    let version = created.version;
    for (const phase of ['wave_planning', 'timeline_optimization', 'resource_allocation']) {
      const started = await flow.execute({ expectedVersion: version });
      expect(started).toMatchObject({ phase, attempt: 1 });
      const running = await flow.get({ minVersion: started.version });
      expect(running.status).toBe('RUNNING');
      expect(running.currentPhase).toBe(phase);
      version = (await flow.complete(phase, { attempt: 1, output: { done: phase }, expectedVersion: started.version })).version;
    }

    const completed = await flows.get(created.flowId, { minVersion: version });
    expect(completed.status).toBe('COMPLETED');
    expect(completed.phases.map((phase) => phase.state)).toEqual(['completed', 'completed', 'completed']);
    expect(completed.phases[0]!.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('rewinds to a phase it has reached, and changes its configuration with a merge patch', async () => {
    const { flowId } = await flows.create({ flowType: 'planning', name: 'Rewound', engagementId: engagement,
      configuration: { wave_size: 20, freeze_window: 'august' } });
    const flow = flows.flow(flowId);
    await flow.execute();
    const completed = await flow.complete('wave_planning', { attempt: 1 });
    const rewound = await flow.rewind('wave_planning', { reason: 'the wave sizes changed', expectedVersion: completed.version });
    const changed = await flow.changeConfiguration({ wave_size: 25, freeze_window: null }, { expectedVersion: rewound.version });

    const read = await flow.get({ minVersion: changed.version });
    expect(read.configuration).toEqual({ wave_size: 25 });
    expect(read.status).toBe('CREATED');
    expect(read.phases[0]).toMatchObject({ state: 'pending', attempts: 1 });
    expect((await flow.execute()).attempt).toBe(2);
  });

  it('pauses and resumes, and a deleted flow is listed only when asked for', async () => {
    const { flowId, version } = await flows.create({ flowType: 'assessment', name: 'Paused one', engagementId: engagement });
    const pausedAt = await flows.pause(flowId, { reason: 'client review', expectedVersion: version });
    expect((await flows.get(flowId, { minVersion: pausedAt.version })).status).toBe('PAUSED');
    const resumedAt = await flows.resume(flowId);
    expect((await flows.get(flowId, { minVersion: resumedAt.version })).status).toBe('CREATED');
    const deletedAt = await flows.delete(flowId, { reason: 'duplicate' });
    await flows.get(flowId, { minVersion: deletedAt.version });

    const listed = await flows.list({ engagement }).toArray();
    expect(listed.map((item) => item.flowId)).not.toContain(flowId);
    const withDeleted = await flows.list({ engagement, includeDeleted: true }).toArray();
    expect(withDeleted.find((item) => item.flowId === flowId)?.status).toBe('DELETED');
  });

  it('lists page by page through an async iterator', async () => {
    const made = [];
    for (let i = 0; i < 7; i++) {
      made.push((await flows.create({ flowType: 'finops', name: `listed ${i}`, engagementId: engagement })).flowId);
    }
    const last = await flows.create({ flowType: 'finops', name: 'listed 7', engagementId: engagement });
    made.push(last.flowId);
    await flows.get(last.flowId, { minVersion: 0 });

    const pages = [];
    for await (const page of flows.list({ engagement, flowType: 'finops', pageSize: 3, sort: 'name,asc' }).pages()) {
      pages.push(page.items.map((item) => item.name));
    }
    expect(pages).toEqual([['listed 0', 'listed 1', 'listed 2'], ['listed 3', 'listed 4', 'listed 5'], ['listed 6', 'listed 7']]);

    const names = [];
    for await (const item of flows.list({ engagement, flowType: 'finops', status: ['CREATED'], pageSize: 2 })) {
      names.push(item.name);
    }
    expect(names).toHaveLength(8);
  });

  it('answers auditors: history, state at a version and an instant, the audit trail and its export', async () => {
    const { flowId } = await flows.create({ flowType: 'planning', name: 'Audited', engagementId: engagement });
    const before = new Date();
    const started = await flows.execute(flowId);
    await flows.get(flowId, { minVersion: started.version });

    const history = await flows.history(flowId);
    expect(history.map((event) => event.type)).toEqual(['FlowCreated', 'PhaseStarted']);
    expect((await flows.state(flowId, { version: 0 })).status).toBe('CREATED');
    expect((await flows.state(flowId, { at: before })).status).toBe('CREATED');
    expect((await flows.state(flowId, { at: new Date() })).status).toBe('RUNNING');

    const entries = await flows.audit({ flowId, pageSize: 1 }).toArray();
    expect(entries.map((entry) => entry.eventType)).toEqual(['FlowCreated', 'PhaseStarted']);

    const exported = [];
    for await (const entry of flows.exportAuditEntries({ flowId })) {
      exported.push(entry.eventType);
    }
    expect(exported).toEqual(['FlowCreated', 'PhaseStarted']);
    const csv = await new Response(await flows.exportAudit({ flowId, format: 'csv' })).text();
    expect(csv.trim().split('\r\n')).toHaveLength(3);
  });

  it('reads analytics and the flow types', async () => {
    const report = await flows.analytics({ engagement, flowType: 'planning' });
    expect(report.flows.created).toBeGreaterThanOrEqual(2);
    expect(report.flows.byStatus).toHaveProperty('COMPLETED');

    const types = await flows.flowTypes();
    expect(types.map((type) => type.type)).toEqual(expect.arrayContaining(['planning', 'discovery', 'assessment']));
    const planning = await flows.flowType('planning');
    expect(planning.versions[0]!.phases.map((phase) => phase.name))
      .toEqual(['wave_planning', 'timeline_optimization', 'resource_allocation']);
  });
});
