// The flow types and each version's phases, from the command API (GET /api/v1/flow-types/{type}). A flow pins the
// phases of the version it was created with, so its progress is its current phase's place among them.
import { api } from '../common/api.js';

const versionsByType = new Map();
let latest = null;

/** The latest version of each type: [{type, version, description, versions, phases}]. */
export function latestTypes() {
  latest ||= api('/api/v1/flow-types').catch((error) => {
    latest = null;
    throw error;
  });
  return latest;
}

/** The phases of one version of a type ([{name, required, handler, ...}]), or null when the API does not know it. */
export async function phasesOf(type, version) {
  if (!versionsByType.has(type)) {
    versionsByType.set(type, api(`/api/v1/flow-types/${encodeURIComponent(type)}`).catch(() => null));
  }
  const definition = await versionsByType.get(type);
  return definition?.versions.find((one) => one.version === version)?.phases ?? null;
}

/** Finished phases over all phases, as far as the flow's status and current phase tell. */
export function progress(flow, phases) {
  if (!phases) {
    return null;
  }
  const total = phases.length;
  if (flow.status === 'COMPLETED' || !flow.currentPhase) {
    return { done: total, total };
  }
  const index = phases.findIndex((phase) => phase.name === flow.currentPhase);
  return { done: index < 0 ? 0 : index, total };
}
