import { beforeAll, describe, expect, it } from 'vitest';
import { FlowService, MasterflowError } from '../../src/index.js';
import { connection, flowService, newEngagement } from './support/clients.js';

/** The refusal a call ends with. */
async function refusal(call: Promise<unknown>): Promise<MasterflowError> {
  const failure: unknown = await call.then(() => undefined, (error: unknown) => error);
  expect(failure).toBeInstanceOf(MasterflowError);
  return failure as MasterflowError;
}

describe('each refusal of the API', () => {
  const engagement = newEngagement();
  let operator: FlowService;

  beforeAll(async () => {
    operator = await flowService(['flow-operator', 'flow-viewer'], engagement);
  });

  it('400: the field at fault is named', async () => {
    const error = await refusal(operator.create({ flowType: '', name: 'no type', engagementId: engagement }));
    expect(error).toMatchObject({ status: 400, code: 'bad-request', type: 'urn:masterflow:problem:bad-request', field: 'flowType' });
    expect(error.detail).toContain('flowType');
    expect((await refusal(operator.list({ pageSize: 0 }).page())).field).toBe('limit');
  });

  it('401: no valid token', async () => {
    const stranger = new FlowService({ ...await connection(['flow-viewer'], engagement), token: 'not-a-token' });
    const error = await refusal(stranger.flowTypes());
    expect(error).toMatchObject({ status: 401, code: 'unauthorized', instance: '/api/v1/flow-types' });
  });

  it('403: a role the call needs is missing', async () => {
    const viewer = await flowService(['flow-viewer'], engagement);
    const error = await refusal(viewer.create({ flowType: 'planning', name: 'not allowed', engagementId: engagement }));
    expect(error).toMatchObject({ status: 403, code: 'forbidden' });
  });

  it('404: no such flow for this caller, however it is asked for', async () => {
    expect(await refusal(operator.get('0f942894-8eb5-4da7-976c-c8c01535d57b'))).toMatchObject({ status: 404, code: 'not-found' });
    expect(await refusal(operator.pause('not-even-a-uuid'))).toMatchObject({ status: 404 });
  });

  it('409: a command meant for a version the flow has moved on from', async () => {
    const { flowId, version } = await operator.create({ flowType: 'planning', name: 'moved on', engagementId: engagement });
    await operator.execute(flowId, { expectedVersion: version });
    const error = await refusal(operator.pause(flowId, { expectedVersion: version }));
    expect(error).toMatchObject({ status: 409, code: 'conflict' });
    expect(error.message).toContain('409 Conflict');
  });

  it('410: a deleted flow takes no more commands', async () => {
    const { flowId } = await operator.create({ flowType: 'planning', name: 'deleted', engagementId: engagement });
    await operator.delete(flowId);
    expect(await refusal(operator.execute(flowId))).toMatchObject({ status: 410, code: 'gone' });
  });
});
