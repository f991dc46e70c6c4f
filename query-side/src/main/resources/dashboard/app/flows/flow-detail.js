// One flow: what it is, its phase timeline, its assets and workers, and the actions the token's roles allow. It
// follows the flow live unless the user holds it still; an action on a version someone else moved on is refused by
// the API (409), whose reason is shown before the page catches up.
import { html, nothing } from 'lit';
import { View } from '../common/view.js';
import { ApiError, api, call } from '../common/api.js';
import { followFlows } from '../common/live-stream.js';

import { failure, fieldError, loading } from '../common/states.js';
import { duration, shortId, statusBadge, time } from '../common/format.js';
import { hasRole } from '../shell/session.js';
import { phasesOf, progress } from './flow-types.js';
import { progressBar } from './flow-progress.js';
import { liveIndicator } from './live-indicator.js';
import { actionsFor, requestOf } from './flow-actions.js';
import { workersTable } from './flow-workers.js';
import { archivedFlow, isArchived } from './flow-archived.js';
import './flow-assets.js';

const NEEDS = {
  reason: { label: 'Reason', required: false },
  rewind: { label: 'Reason', required: false, field: 'reason' },
  patch: { label: 'Merge patch (JSON: a key set to null is removed)', required: true, multiline: true },
  comment: { label: 'Comment', required: false },
  notes: { label: 'Notes', required: false },
  error: { label: 'Error', required: true },
};

class FlowDetail extends View {
  static properties = {
    flowId: {},
    state: { state: true },
    flow: { state: true },
    error: { state: true },
    definitions: { state: true },
    agents: { state: true },
    actors: { state: true },
    live: { state: true },
    following: { state: true },
    action: { state: true },
    outcome: { state: true },
    busy: { state: true },
  };

  constructor() {
    super();
    this.state = 'loading';
    this.following = true;
    this.live = 'connecting';
    this.agents = null;
    this.actors = new Map();
    this.addEventListener('mf-action', (event) => this.choose(event.detail));
  }

  disconnectedCallback() {
    this.stream?.stop();
    super.disconnectedCallback();
  }

  willUpdate(changed) {
    if (changed.has('flowId')) {
      this.flow = null;
      this.state = 'loading';
      this.load(history.state?.minVersion);
    }
  }

  async load(minVersion) {
    try {
      const wait = minVersion === undefined ? '' : `?minVersion=${minVersion}&waitMs=5000`;
      const flow = await api(`/api/v1/flows/${encodeURIComponent(this.flowId)}${wait}`);
      if (this.flow && flow.version < this.flow.version) return;
      this.flow = flow;
      this.state = 'ready';
      this.follow();
      phasesOf(flow.flowType, flow.flowTypeVersion).then((definitions) => { this.definitions = definitions; });
      this.loadWorkers();
      this.loadActors();
    } catch (error) {
      this.error = error;
      this.state = 'error';
    }
  }

  async loadWorkers() {
    if (!hasRole('flow-viewer', 'worker')) return;
    try {
      this.agents = (await api(`/api/v1/flows/${encodeURIComponent(this.flowId)}/agents`)).agents;
    } catch (error) {
      // no task of this flow was ever claimed: the agents API knows nothing of it
      this.agents = error.status === 404 ? [] : null;
    }
  }

  /** Who last acted on each phase comes from the flow's events, which only auditors may read. */
  async loadActors() {
    if (!hasRole('auditor')) return;
    try {
      const history = await api(`/api/v1/flows/${encodeURIComponent(this.flowId)}/history`);
      const actors = new Map();
      history.events.forEach((event) => {
        if (event.payload?.phase) actors.set(event.payload.phase, event.metaData?.userId);
      });
      this.actors = actors;
    } catch {
      this.actors = new Map();
    }
  }

  follow() {
    if (this.stream || !this.following) return;
    this.stream = followFlows({
      engagement: this.flow.engagementId,
      onFlow: (change) => {
        if (change.flowId === this.flowId && change.version > this.flow.version) this.load(change.version);
      },
      onReset: () => this.load(),
      onState: (live) => { this.live = live; },
    });
  }

  toggleFollowing(event) {
    this.following = event.target.checked;
    if (this.following) {
      this.follow();
      this.load();
    } else {
      this.stream?.stop();
      this.stream = null;
      this.live = 'off';
    }
  }

  choose(action) {
    this.outcome = null;
    if (action.needs) {
      this.action = action;
      this.updateComplete.then(() => this.querySelector('#rewind-phase, #action-input')?.focus());
    } else {
      this.perform(action, {});
    }
  }

  async perform(action, input) {
    this.busy = true;
    try {
      const request = requestOf(action, this.flow, input);
      const response = await call(request.path, { method: request.method, body: request.body });
      const accepted = await response.json();
      this.action = null;
      this.outcome = { ok: true, text: `${action.label}: done (version ${accepted.version}).` };
      await this.load(accepted.version);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      this.outcome = { ok: false, error, action };
      if (error.status === 409) {
        // the page showed an older version: show the newest, keep the user's form so they can decide again
        await this.load();
      }
    } finally {
      this.busy = false;
    }
  }

  submitAction(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    this.perform(this.action, Object.fromEntries([...form.entries()]));
  }

  render() {
    if (this.state === 'loading') return html`<h1 tabindex="-1">Flow</h1>${loading('Loading the flow')}`;
    if (this.state === 'error' && isArchived(this.error)) {
      return html`<p class="hint"><a href="/">Flows</a> / archived</p>
        <h1 tabindex="-1">Archived flow</h1>
        ${archivedFlow(this.flowId, this.error)}`;
    }
    if (this.state === 'error') {
      return html`<h1 tabindex="-1">${this.error.status === 404 ? 'Not found' : 'Flow'}</h1>
        ${failure(this.error, this.error.status === 404 ? null : () => this.load())}
        <p><a href="/">Back to the flows</a></p>`;
    }
    const flow = this.flow;
    return html`
      <p class="hint"><a href="/">Flows</a> / ${flow.name}</p>
      <div class="title-row">
        <h1 tabindex="-1">${flow.name}</h1>
        ${statusBadge(flow.status)}
        ${liveIndicator(this.live)}
        <label class="check"><input type="checkbox" .checked=${this.following} @change=${this.toggleFollowing}>Follow live</label>
      </div>
      <dl class="facts panel">
        <div><dt>Type</dt><dd>${flow.flowType} <span class="muted">version ${flow.flowTypeVersion} (pinned)</span></dd></div>
        <div><dt>Status</dt><dd data-testid="status">${flow.status}</dd></div>
        <div><dt>Progress</dt><dd>${progressBar(progress(flow, this.definitions))}</dd></div>
        <div><dt>Engagement</dt><dd><span class="id">${flow.engagementId}</span></dd></div>
        <div><dt>Created</dt><dd>${time(flow.createdAt)} by ${flow.createdBy || '—'}</dd></div>
        <div><dt>Last change</dt><dd>${time(flow.updatedAt)} by ${flow.lastUser || '—'}</dd></div>
        <div><dt>Version</dt><dd data-testid="version">${flow.version}</dd></div>
        <div><dt>Flow id</dt><dd>${shortId(flow.flowId)}</dd></div>
        ${hasRole('auditor') ? html`<div><dt>History</dt><dd><a href=${`/flows/${flow.flowId}/history`}>Events and time travel</a></dd></div>` : nothing}
      </dl>
      ${this.actionsPanel(flow)}
      <h2>Configuration</h2>
      <pre class="json panel" data-testid="configuration">${JSON.stringify(flow.configuration ?? {}, null, 2)}</pre>
      <h2>Phases</h2>
      ${this.timeline(flow)}
      <h2>Assets</h2>
      <mf-flow-assets .flowId=${flow.flowId} .version=${flow.version} ?canValidate=${hasRole('flow-operator') && !flow.deleted}></mf-flow-assets>
      ${this.agents ? html`<h2>Workers</h2>${workersTable(this.agents, flow.flowId)}` : nothing}`;
  }

  actionsPanel(flow) {
    if (!hasRole('flow-operator')) return nothing;
    const actions = actionsFor(flow, this.definitions);
    return html`<section class="panel" aria-labelledby="actions-title">
      <h2 id="actions-title">Actions</h2>
      ${this.outcome ? this.outcomeMessage() : nothing}
      ${actions.length ? html`<div class="actions">
        ${actions.map((action) => html`<button type="button" class=${action.danger ? 'danger' : ''} ?disabled=${this.busy}
          data-action=${action.id} @click=${() => this.choose(action)}>${action.label}</button>`)}
      </div>` : html`<p class="hint">A deleted flow takes no further actions.</p>`}
      ${this.action ? this.actionForm() : nothing}
      <p class="hint">Actions are sent with the version shown (${flow.version}); if the flow moved on meanwhile they are refused.</p>
    </section>`;
  }

  outcomeMessage() {
    if (this.outcome.ok) return html`<p class="state notice" role="status">${this.outcome.text}</p>`;
    const { error, action } = this.outcome;
    return html`<div class="state error" role="alert" data-testid="action-error">
      <p><strong>${action.label} was refused (${error.status}).</strong> ${error.detail}</p>
      ${error.status === 409 ? html`<p>The page now shows version ${this.flow.version}.</p>` : nothing}
    </div>`;
  }

  actionForm() {
    const need = NEEDS[this.action.needs];
    const fieldName = need.field || this.action.needs;
    const invalid = this.outcome && !this.outcome.ok && this.outcome.error.field;
    return html`<form class="inline-form" @submit=${this.submitAction} aria-label=${this.action.label}>
      ${this.action.id === 'rewind' ? html`<div class="field">
        <label for="rewind-phase">Back to phase</label>
        <select id="rewind-phase" name="toPhase" required>
          ${this.action.phases.map((phase) => html`<option value=${phase}>${phase}</option>`)}
        </select>
      </div>` : nothing}
      <div class="field">
        <label for="action-input">${need.label}${need.required ? '' : ' (optional)'}</label>
        ${need.multiline
          ? html`<textarea id="action-input" name=${fieldName} rows="5" ?required=${need.required} spellcheck="false"
                   aria-invalid=${invalid ? 'true' : 'false'} aria-describedby=${invalid ? 'action-input-error' : nothing}></textarea>`
          : html`<input id="action-input" name=${fieldName} ?required=${need.required} maxlength="1000"
                   aria-invalid=${invalid ? 'true' : 'false'} aria-describedby=${invalid ? 'action-input-error' : nothing}>`}
        ${invalid ? fieldError('action-input-error', this.outcome.error.detail) : nothing}
      </div>
      ${this.action.id === 'fail' ? html`<label class="check"><input type="checkbox" name="retryable" value="true">Retryable</label>` : nothing}
      <button type="submit" ?disabled=${this.busy} class=${this.action.danger ? 'danger' : ''}>${this.action.label}</button>
      <button type="button" class="secondary" @click=${() => { this.action = null; }}>Cancel</button>
    </form>`;
  }

  timeline(flow) {
    return html`<div class="table-wrap"><table class="responsive timeline">
      <thead><tr><th scope="col">#</th><th scope="col">Phase</th><th scope="col">State</th><th scope="col" class="num">Attempts</th>
        <th scope="col">Started</th><th scope="col">Finished</th><th scope="col" class="num">Duration</th>
        <th scope="col">Last error</th><th scope="col">Last acted</th></tr></thead>
      <tbody>${flow.phases.map((phase) => html`<tr data-phase=${phase.name}>
        <td data-label="#">${phase.position + 1}</td>
        <td data-label="Phase">${phase.name}${phase.required ? nothing : html` <span class="muted">(optional)</span>`}</td>
        <td data-label="State"><span class="badge state-${phase.state}">${phase.state.replace('_', ' ')}</span>
          ${phase.nextAttemptAt ? html`<div class="hint">retry at ${time(phase.nextAttemptAt)}</div>` : nothing}</td>
        <td data-label="Attempts" class="num">${phase.attempts}</td>
        <td data-label="Started">${time(phase.startedAt)}</td>
        <td data-label="Finished">${time(phase.finishedAt)}</td>
        <td data-label="Duration" class="num">${duration(phase.durationMs)}</td>
        <td data-label="Last error">${phase.lastError || html`<span class="muted">—</span>`}</td>
        <td data-label="Last acted">${this.actors.get(phase.name) || html`<span class="muted">${hasRole('auditor') ? '—' : 'auditors see who'}</span>`}</td>
      </tr>`)}</tbody></table></div>`;
  }
}

customElements.define('mf-flow-detail', FlowDetail);
