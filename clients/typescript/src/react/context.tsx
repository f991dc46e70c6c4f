import { createContext, type ReactNode, useContext, useMemo } from 'react';
import type { FlowService } from '../flows.js';
import { LiveFeed } from '../live-feed.js';

interface Masterflow {
  flows: FlowService;
  feed: LiveFeed;
}

const MasterflowContext = createContext<Masterflow | null>(null);

/** Gives the hooks below it their client, and one live stream for all of them. */
export function MasterflowProvider({ flows, engagement, children }: {
  flows: FlowService;
  /** Follow only this engagement's flows (the hooks' flows must be in it). */
  engagement?: string;
  children?: ReactNode;
}) {
  const value = useMemo(() => ({ flows, feed: new LiveFeed(flows, engagement === undefined ? {} : { engagement }) }), [flows, engagement]);
  return <MasterflowContext.Provider value={value}>{children}</MasterflowContext.Provider>;
}

export function useMasterflow(): Masterflow {
  const masterflow = useContext(MasterflowContext);
  if (masterflow === null) {
    throw new Error('the masterflow hooks need a <MasterflowProvider flows={...}> above them');
  }
  return masterflow;
}
