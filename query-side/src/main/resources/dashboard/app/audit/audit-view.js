// For auditors: the audit trail with its filters (flow, user, event type, period) and pages in the address, and the
// same entries exported as CSV or JSON lines.
import { html, nothing } from 'lit';
import { View } from '../common/view.js';
import { api, query } from '../common/api.js';
import { navigate, onNavigate, params } from '../common/router.js';
import { download } from '../common/download.js';
import { empty, failure, loading } from '../common/states.js';
import { inputDateTime, instantFromInput, shortId, time } from '../common/format.js';

const EVENT_TYPES = ['FlowCreated', 'PhaseStarted', 'PhaseCompleted', 'PhaseFailed', 'PhaseSkipped', 'FlowPaused',
  'FlowResumed', 'FlowCompleted', 'FlowFailed', 'FlowDeleted', 'AssetsDiscovered', 'AssetValidated', 'LegacyFlowImported',
  // not an event of the store: the tombstone an archived flow leaves in the trail
  'FlowArchived'];
const FILTERS = ['flowId', 'userId', 'eventType', 'from', 'to'];

class AuditView extends View {
  static properties = {
    state: { state: true },
    page: { state: true },
    error: { state: true },
    exporting: { state: true },
  };

  constructor() {
    super();
    this.state = 'loading';
  }

  connectedCallback() {
    super.connectedCallback();
    this.stopNavigation = onNavigate(() => { if (location.pathname === '/audit') this.load(); });
    this.load();
  }

  disconnectedCallback() {
    this.stopNavigation();
    super.disconnectedCallback();
  }

  async load() {
    const filters = params();
    this.state = 'loading';
    try {
      this.page = await api(`/api/v1/audit${query({ ...filters, limit: filters.limit || 100 })}`);
      this.state = 'ready';
    } catch (error) {
      this.error = error;
      this.state = 'error';
    }
  }

  apply(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    const values = {};
    ['flowId', 'userId', 'eventType'].forEach((name) => { values[name] = (form.get(name) || '').trim(); });
    values.from = instantFromInput(form.get('from'));
    values.to = instantFromInput(form.get('to'));
    navigate(`/audit${query(values)}`);
  }

  async export(format) {
    const filters = Object.fromEntries(FILTERS.map((name) => [name, params()[name]]));
    this.exporting = { format };
    try {
      const name = await download(`/api/v1/audit/export${query({ format, ...filters })}`, `audit.${format}`);
      this.exporting = { done: name };
    } catch (error) {
      this.exporting = { error };
    }
  }

  render() {
    const filters = params();
    return html`
      <h1 tabindex="-1">Audit trail</h1>
      <form class="filters" @submit=${this.apply} aria-label="Filter the audit trail">
        <div class="field"><label for="au-flow">Flow id</label><input id="au-flow" name="flowId" size="36" .value=${filters.flowId || ''}></div>
        <div class="field"><label for="au-user">User</label><input id="au-user" name="userId" .value=${filters.userId || ''}></div>
        <div class="field"><label for="au-type">Event</label>
          <select id="au-type" name="eventType"><option value="">Any</option>
            ${EVENT_TYPES.map((type) => html`<option ?selected=${filters.eventType === type}>${type}</option>`)}</select></div>
        <div class="field"><label for="au-from">From (your time)</label><input id="au-from" name="from" type="datetime-local" .value=${inputDateTime(filters.from)}></div>
        <div class="field"><label for="au-to">Before</label><input id="au-to" name="to" type="datetime-local" .value=${inputDateTime(filters.to)}></div>
        <div class="actions"><button type="submit">Apply filters</button><a class="button secondary" href="/audit">Reset</a></div>
      </form>
      <div class="actions" role="group" aria-label="Export">
        <button type="button" class="secondary" data-export="csv" @click=${() => this.export('csv')}>Export CSV</button>
        <button type="button" class="secondary" data-export="jsonl" @click=${() => this.export('jsonl')}>Export JSON lines</button>
        ${this.exportState()}
      </div>
      ${this.body(filters)}`;
  }

  exportState() {
    if (!this.exporting) return nothing;
    if (this.exporting.format) return html`<span role="status">Exporting…</span>`;
    if (this.exporting.error) return failure(this.exporting.error);
    return html`<span role="status" data-testid="exported">Downloaded ${this.exporting.done}</span>`;
  }

  body(filters) {
    if (this.state === 'loading') return loading('Loading the audit trail');
    if (this.state === 'error') return failure(this.error, () => this.load());
    if (!this.page.items.length) return empty('No entry matches these filters.');
    return html`<div class="table-wrap"><table class="responsive audit">
      <thead><tr><th scope="col">Time</th><th scope="col">User</th><th scope="col">Event</th><th scope="col">Flow</th>
        <th scope="col" class="num">Version</th><th scope="col">Summary</th><th scope="col">Correlation id</th></tr></thead>
      <tbody>${this.page.items.map((entry) => html`<tr data-event=${entry.eventId}>
        <td data-label="Time">${time(entry.occurredAt)}</td>
        <td data-label="User">${entry.userId || '—'}</td>
        <td data-label="Event">${entry.eventType}</td>
        <td data-label="Flow">${entry.flowId ? html`<a href=${`/flows/${entry.flowId}`}>${shortId(entry.flowId)}</a>` : '—'}</td>
        <td data-label="Version" class="num">${entry.flowVersion ?? '—'}</td>
        <td data-label="Summary">${entry.summary}</td>
        <td data-label="Correlation"><code>${entry.correlationId ? entry.correlationId.slice(0, 8) : '—'}</code></td>
      </tr>`)}</tbody></table></div>
      <nav class="pager" aria-label="Pages">
        ${filters.cursor ? html`<a href=${`/audit${query({ ...filters, cursor: '' })}`}>First page</a>` : nothing}
        ${this.page.nextCursor ? html`<a rel="next" href=${`/audit${query({ ...filters, cursor: this.page.nextCursor })}`}>Next page</a>` : nothing}
      </nav>`;
  }
}

customElements.define('mf-audit', AuditView);
