import type { TestProject } from 'vitest/node';
import { Quickstart, type QuickstartInfo } from './support/quickstart.js';

declare module 'vitest' {
  export interface ProvidedContext {
    quickstart: QuickstartInfo;
  }
}

/**
 * One quickstart for the integration tests, started before them and stopped after. Its live streams end after a few
 * seconds, as a server ends them after its stream timeout, so that the tests see the client resume them; its worker
 * leases last seconds, so that a task outlives a lease only with the heartbeats.
 */
export default async function setup(project: TestProject) {
  const quickstart = await Quickstart.start(['--masterflow.query.live.stream-timeout=4s', '--masterflow.workers.lease-duration=6s']);
  project.provide('quickstart', quickstart.info);
  return () => quickstart.stop();
}
