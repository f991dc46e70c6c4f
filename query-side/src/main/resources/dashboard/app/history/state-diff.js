// What changed between two states of a flow (the answers of GET /api/v1/flows/{id}/state): a list of
// "where: before → after", flow fields first, then phase by phase.

const FLOW_FIELDS = ['name', 'status', 'currentPhase', 'autoAdvance', 'lastUser', 'deleted'];
const PHASE_FIELDS = ['state', 'attempts', 'startedAt', 'lastAttemptStartedAt', 'finishedAt', 'durationMs', 'lastError', 'nextAttemptAt'];

export function changes(before, after) {
  if (!before) {
    return [{ where: 'flow', field: 'created', before: null, after: after.name }];
  }
  const found = [];
  FLOW_FIELDS.forEach((field) => {
    if (!same(before[field], after[field])) found.push({ where: 'flow', field, before: before[field], after: after[field] });
  });
  after.phases.forEach((phase) => {
    const earlier = before.phases.find((one) => one.name === phase.name) || {};
    PHASE_FIELDS.forEach((field) => {
      if (!same(earlier[field], phase[field])) found.push({ where: phase.name, field, before: earlier[field], after: phase[field] });
    });
  });
  return found;
}

function same(a, b) {
  return (a ?? null) === (b ?? null);
}
