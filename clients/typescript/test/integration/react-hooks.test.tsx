// @vitest-environment happy-dom
import { act, configure, render, renderHook, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FlowService, MasterflowError } from '../../src/index.js';
import { MasterflowProvider, useFlow, useFlows } from '../../src/react/index.js';
import { connection, newEngagement, quickstart } from './support/clients.js';
import type { Role } from './support/quickstart.js';

// The hooks wait for a server that projects its events after answering, on a machine that may be running a build:
// the library's default second is too short a wait for the first answer, not a sign that something is wrong.
configure({ asyncUtilTimeout: 5_000 });

/** The page's own fetch, happy-dom's, as a browser's: the page is on the server's origin, as the dashboard is. */
const pageFetch = (request: Request) => globalThis.fetch(request);

/** A client of the page; the other tests check answers against the description already, and happy-dom cannot clone them. */
async function pageFlows(roles: Role[], engagement: string, user?: string): Promise<FlowService> {
  return new FlowService({ ...await connection(roles, engagement, user), fetch: pageFetch });
}

function provider(flows: FlowService) {
  return ({ children }: { children?: ReactNode }) => <MasterflowProvider flows={flows}>{children}</MasterflowProvider>;
}

function FlowList({ engagement }: { engagement: string }) {
  const { flows, loading } = useFlows({ engagement, sort: 'name,asc' }, { pollIntervalMs: 0 });
  if (loading) {
    return <p>loading</p>;
  }
  return <ul>{flows.map((flow) => <li key={flow.flowId}>{`${flow.name}: ${flow.status}`}</li>)}</ul>;
}

describe('the React hooks, rendered by React into a DOM', () => {
  const engagement = newEngagement();
  let operator: FlowService;
  let hookFlows: FlowService;

  beforeAll(async () => {
    (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(`${quickstart.baseUrl}/flows`);
    operator = await pageFlows(['flow-operator', 'flow-viewer'], engagement);
    hookFlows = await pageFlows(['flow-operator', 'flow-viewer'], engagement, 'hooks');
  });

  afterEach(() => document.body.replaceChildren());

  it('useFlow shows a command at once, then the server\'s answer, and follows changes made elsewhere live', async () => {
    const { flowId } = await operator.create({ flowType: 'planning', name: 'hooked', engagementId: engagement });
    const { result, unmount } = renderHook(() => useFlow(flowId, { pollIntervalMs: 0 }), { wrapper: provider(hookFlows) });
    await waitFor(() => expect(result.current.flow?.status).toBe('CREATED'));

    let execution!: Promise<void>;
    act(() => {
      execution = result.current.execute();
    });
    expect(result.current.pending).toBe(true);
    expect(result.current.flow?.status).toBe('RUNNING');
    expect(result.current.flow?.phases[0]).toMatchObject({ state: 'running', attempts: 1 });
    await act(() => execution);
    expect(result.current.pending).toBe(false);
    expect(result.current.flow).toMatchObject({ status: 'RUNNING', version: 1, currentPhase: 'wave_planning' });

    await operator.pause(flowId, { reason: 'paused elsewhere' });
    await waitFor(() => expect(result.current.flow).toMatchObject({ status: 'PAUSED', version: 2 }));
    unmount();
  });

  it('useFlow takes an optimistic change back when the server refuses the command', async () => {
    const { flowId } = await operator.create({ flowType: 'planning', name: 'refused', engagementId: engagement });
    const viewer = await pageFlows(['flow-viewer'], engagement);
    const { result, unmount } = renderHook(() => useFlow(flowId), { wrapper: provider(viewer) });
    await waitFor(() => expect(result.current.flow?.status).toBe('CREATED'));

    let pausing!: Promise<void>;
    act(() => {
      pausing = result.current.pause('not allowed');
    });
    expect(result.current.flow?.status).toBe('PAUSED');
    await act(() => pausing);
    expect(result.current.flow?.status).toBe('CREATED');
    expect(result.current.error).toBeInstanceOf(MasterflowError);
    expect((result.current.error as MasterflowError).status).toBe(403);
    unmount();
  });

  it('useFlow polls while the live stream cannot be reached', async () => {
    const { flowId } = await operator.create({ flowType: 'planning', name: 'polled', engagementId: engagement });
    const noStream = new FlowService({
      ...await connection(['flow-viewer'], engagement),
      fetch: (request) => (request.url.includes('/api/v1/stream') ? Promise.reject(new TypeError('no stream here')) : pageFetch(request)),
    });
    const { result, unmount } = renderHook(() => useFlow(flowId, { pollIntervalMs: 300 }), { wrapper: provider(noStream) });
    await waitFor(() => expect(result.current.flow?.status).toBe('CREATED'));
    await operator.execute(flowId);
    await waitFor(() => expect(result.current.flow?.status).toBe('RUNNING'), { timeout: 5000 });
    unmount();
  });

  it('useFlows renders a list that gains new flows and follows their changes', async () => {
    const listed = newEngagement();
    const listOperator = await pageFlows(['flow-operator', 'flow-viewer'], listed);
    await listOperator.create({ flowType: 'planning', name: 'a first', engagementId: listed });
    const viewer = await pageFlows(['flow-viewer'], listed);
    const { unmount } = render(<FlowList engagement={listed} />, { wrapper: provider(viewer) });
    await screen.findByText('a first: CREATED');

    const second = await listOperator.create({ flowType: 'planning', name: 'b second', engagementId: listed });
    await screen.findByText('b second: CREATED', {}, { timeout: 5000 });
    await listOperator.execute(second.flowId);
    await screen.findByText('b second: RUNNING', {}, { timeout: 5000 });
    expect(screen.getAllByRole('listitem').map((item) => item.textContent)).toEqual(['a first: CREATED', 'b second: RUNNING']);
    unmount();
  });
});
