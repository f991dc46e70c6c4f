// For auditors: a flow's stored events (actor, time, correlation id, payload) and time travel, the flow as it was
// after a chosen version or at a chosen instant, with what changed from the version before. The chosen point is
// in the address, so a finding can be shared.
import { html, nothing } from 'lit';
import { View } from '../common/view.js';
import { api, query } from '../common/api.js';
import { navigate, params } from '../common/router.js';
import { empty, failure, loading } from '../common/states.js';
import { instantFromInput, statusBadge, time } from '../common/format.js';
import { changes } from './state-diff.js';
import { archivedFlow, isArchived } from '../flows/flow-archived.js';

class FlowHistory extends View {
  static properties = {
    flowId: {},
    state: { state: true },
    events: { state: true },
    error: { state: true },
    travel: { state: true },
  };

  constructor() {
    super();
    this.state = 'loading';
    this.travel = null;
  }

  willUpdate(changed) {
    if (changed.has('flowId')) this.load();
  }

  async load() {
    try {
      this.events = (await api(`/api/v1/flows/${encodeURIComponent(this.flowId)}/history`)).events;
      this.state = 'ready';
      this.travelTo(params());
    } catch (error) {
      this.error = error;
      this.state = 'error';
    }
  }

  async travelTo({ version, at }) {
    if (version === undefined && !at) {
      this.travel = null;
      return;
    }
    this.travel = { state: 'loading' };
    const base = `/api/v1/flows/${encodeURIComponent(this.flowId)}/state`;
    try {
      const flow = await api(`${base}${query({ version, at })}`);
      const previous = flow.version > 0 ? await api(`${base}?version=${flow.version - 1}`) : null;
      this.travel = { state: 'ready', flow, previous, asked: at ? `at ${new Date(at).toLocaleString()}` : `after version ${version}` };
    } catch (error) {
      this.travel = { state: 'error', error };
    }
  }

  choose(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    const version = form.get('version');
    const at = instantFromInput(form.get('at'));
    const point = at ? { at } : version !== '' ? { version } : {};
    navigate(`${location.pathname}${query(point)}`, { replace: true });
    this.travelTo(point);
  }

  show(version) {
    navigate(`${location.pathname}?version=${version}`, { replace: true });
    this.travelTo({ version: String(version) });
    this.updateComplete.then(() => this.querySelector('#travel-title')?.scrollIntoView({ block: 'start' }));
  }

  render() {
    const heading = html`<p class="hint"><a href="/">Flows</a> / <a href=${`/flows/${this.flowId}`}>this flow</a> / history</p>
      <h1 tabindex="-1">History</h1>`;
    if (this.state === 'loading') return html`${heading}${loading('Reading the flow\'s events')}`;
    if (this.state === 'error' && isArchived(this.error)) return html`${heading}${archivedFlow(this.flowId, this.error)}`;
    if (this.state === 'error') return html`${heading}${failure(this.error, this.error.status === 404 ? null : () => this.load())}`;
    const latest = this.events.at(-1)?.sequence ?? 0;
    const point = params();
    return html`${heading}
      <form class="filters" @submit=${this.choose} aria-label="Time travel">
        <div class="field"><label for="t-version">State after version</label>
          <input id="t-version" name="version" type="number" min="0" max=${latest} .value=${point.version ?? ''}></div>
        <div class="field"><label for="t-at">or at an instant (your time)</label>
          <input id="t-at" name="at" type="datetime-local" step="1"></div>
        <div class="actions"><button type="submit">Show the state</button></div>
      </form>
      ${this.travelView()}
      <h2>Events</h2>
      ${this.events.length ? this.eventTable() : empty('No events.')}`;
  }

  travelView() {
    if (!this.travel) return nothing;
    if (this.travel.state === 'loading') return loading('Rebuilding the flow from its events');
    if (this.travel.state === 'error') return failure(this.travel.error);
    const { flow, previous, asked } = this.travel;
    const diff = changes(previous, flow);
    return html`<section class="panel" aria-labelledby="travel-title" data-testid="time-travel">
      <h2 id="travel-title">The flow ${asked}: version ${flow.version}</h2>
      <p>${statusBadge(flow.status)} current phase <strong>${flow.currentPhase || '—'}</strong>, last change ${time(flow.updatedAt)} by ${flow.lastUser || '—'}</p>
      <h3>What changed from version ${flow.version - 1}</h3>
      <ul class="changes" data-testid="changes">${diff.map((change) => html`<li>
        <strong>${change.where}</strong> ${change.field}: <del>${show(change.before)}</del> → <ins>${show(change.after)}</ins></li>`)}</ul>
      <div class="table-wrap"><table class="responsive">
        <thead><tr><th scope="col">Phase</th><th scope="col">State</th><th scope="col" class="num">Attempts</th><th scope="col">Finished</th></tr></thead>
        <tbody>${flow.phases.map((phase) => html`<tr><td data-label="Phase">${phase.name}</td>
          <td data-label="State"><span class="badge state-${phase.state}">${phase.state}</span></td>
          <td data-label="Attempts" class="num">${phase.attempts}</td><td data-label="Finished">${time(phase.finishedAt)}</td></tr>`)}</tbody>
      </table></div>
    </section>`;
  }

  eventTable() {
    return html`<div class="table-wrap"><table class="responsive events">
      <thead><tr><th scope="col" class="num">Version</th><th scope="col">Event</th><th scope="col">Time</th><th scope="col">Actor</th>
        <th scope="col">Correlation id</th><th scope="col">Payload</th><th scope="col"><span class="visually-hidden">Time travel</span></th></tr></thead>
      <tbody>${this.events.map((event) => html`<tr data-sequence=${event.sequence}>
        <td data-label="Version" class="num">${event.sequence}</td>
        <td data-label="Event">${event.type}</td>
        <td data-label="Time">${time(event.timestamp)}</td>
        <td data-label="Actor">${event.metaData?.userId || '—'}</td>
        <td data-label="Correlation"><code>${event.metaData?.correlationId || '—'}</code></td>
        <td data-label="Payload"><details><summary>Payload</summary><pre>${JSON.stringify(event.payload, null, 2)}</pre></details></td>
        <td data-label="Time travel"><button type="button" class="secondary" @click=${() => this.show(event.sequence)}
          aria-label=${`State after version ${event.sequence}`}>State after</button></td>
      </tr>`)}</tbody></table></div>`;
  }
}

function show(value) {
  if (value === null || value === undefined) return '—';
  return /^\d{4}-\d\d-\d\dT/.test(value) ? time(value) : String(value);
}

customElements.define('mf-flow-history', FlowHistory);
