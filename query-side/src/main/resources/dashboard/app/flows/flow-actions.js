// What the token's roles and the flow's state allow, as the requests the command API takes. Every request carries
// the version the page shows as expectedVersion, so that acting on a flow someone changed meanwhile is refused (409)
// rather than applied to a state the user did not see. Sign-off (approve / reject) takes no version: the API
// decides on the waiting attempt itself.
import { ApiError } from '../common/api.js';

/** The actions offered for a flow: [{id, label, needs?, danger?}], in the order they are shown. */
export function actionsFor(flow, definitions) {
  if (flow.deleted || flow.status === 'DELETED') {
    return [];
  }
  const actions = [];
  const running = flow.phases.find((phase) => phase.state === 'running');
  const current = flow.phases.find((phase) => phase.name === flow.currentPhase);
  const handlerOf = (name) => definitions?.find((phase) => phase.name === name)?.handler;
  if (flow.status !== 'COMPLETED') {
    if (!running && ['CREATED', 'WAITING', 'FAILED'].includes(flow.status) && current) {
      actions.push({ id: 'execute', label: `Execute ${current.name}` });
    }
    if (running && handlerOf(running.name) === 'approval') {
      actions.push({ id: 'approve', label: `Approve ${running.name}`, needs: 'comment', phase: running });
      actions.push({ id: 'reject', label: `Reject ${running.name}`, needs: 'comment', phase: running, danger: true });
    } else if (running) {
      actions.push({ id: 'complete', label: `Complete ${running.name}`, phase: running });
      actions.push({ id: 'fail', label: `Fail ${running.name}`, needs: 'error', phase: running, danger: true });
    }
    if (current && !current.required && current.state === 'pending') {
      actions.push({ id: 'skip', label: `Skip ${current.name}`, needs: 'reason', phase: current });
    }
    actions.push(flow.status === 'PAUSED'
      ? { id: 'resume', label: 'Resume', needs: 'reason' }
      : { id: 'pause', label: 'Pause', needs: 'reason' });
    actions.push({ id: 'configure', label: 'Change configuration', needs: 'patch' });
  }
  const reached = rewindTargets(flow);
  if (reached.length) {
    actions.push({ id: 'rewind', label: 'Rewind', needs: 'rewind', phases: reached });
  }
  actions.push({ id: 'delete', label: 'Delete', needs: 'reason', danger: true });
  return actions;
}

/** The phases a rewind may go back to: every phase the flow has reached, its current one once it has begun. */
function rewindTargets(flow) {
  const current = flow.phases.findIndex((phase) => phase.name === flow.currentPhase);
  const reachedUpTo = current < 0 ? flow.phases.length : current;
  return flow.phases.filter((phase, index) => index < reachedUpTo || (index === reachedUpTo && phase.state !== 'pending'))
    .map((phase) => phase.name);
}

/** The request of an action: {method, path, body}. `input` holds the form's fields (reason, error, ...). */
/** The form's text as a JSON merge patch: an object, or a refusal shown beside the field as the API's would be. */
function mergePatch(text) {
  let patch;
  try {
    patch = JSON.parse(text);
  } catch (parse) {
    throw new ApiError(400, { detail: `The merge patch is not valid JSON: ${parse.message}`, field: 'patch' });
  }
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
    throw new ApiError(400, { detail: 'The merge patch must be a JSON object, such as {"wave_size": 25}.', field: 'patch' });
  }
  return patch;
}

export function requestOf(action, flow, input = {}) {
  const base = `/api/v1/flows/${encodeURIComponent(flow.flowId)}`;
  const expectedVersion = flow.version;
  const reason = input.reason || undefined;
  switch (action.id) {
    case 'execute':
      return { method: 'POST', path: `${base}/execute`, body: { expectedVersion } };
    case 'complete':
      return { method: 'POST', path: `${base}/phases/${action.phase.name}/complete`, body: { attempt: action.phase.attempts, expectedVersion } };
    case 'fail':
      return {
        method: 'POST', path: `${base}/phases/${action.phase.name}/fail`,
        body: { attempt: action.phase.attempts, error: input.error, retryable: !!input.retryable, expectedVersion },
      };
    case 'skip':
      return { method: 'POST', path: `${base}/phases/${action.phase.name}/skip`, body: { reason, expectedVersion } };
    case 'configure':
      return {
        method: 'PATCH', path: `${base}/configuration?expectedVersion=${expectedVersion}`, body: mergePatch(input.patch),
      };
    case 'rewind':
      return { method: 'POST', path: `${base}/rewind`, body: { toPhase: input.toPhase, reason, expectedVersion } };
    case 'pause':
    case 'resume':
      return { method: 'POST', path: `${base}/${action.id}`, body: { reason, expectedVersion } };
    case 'delete': {
      const search = new URLSearchParams({ expectedVersion: String(expectedVersion) });
      if (reason) search.set('reason', reason);
      return { method: 'DELETE', path: `${base}?${search}` };
    }
    case 'approve':
    case 'reject':
      return { method: 'POST', path: `${base}/phases/${action.phase.name}/${action.id}`, body: { comment: input.comment || undefined } };
    case 'validate':
      return {
        method: 'POST', path: `${base}/assets/${encodeURIComponent(action.asset.assetId)}/validate`,
        body: { verdict: action.verdict, notes: input.notes || undefined, expectedVersion },
      };
    default:
      throw new Error(`unknown action ${action.id}`);
  }
}
