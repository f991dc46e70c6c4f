// Figures over the caller's flows for an engagement, a type and a period: flows by status, completion and failure
// rates, created and completed per day, per-phase durations (p50 / p95) and retries. Each chart has its figures in
// a table beside it; the filters are in the address.
import { html, nothing } from 'lit';
import { View } from '../common/view.js';
import { api, query } from '../common/api.js';
import { navigate, onNavigate, params } from '../common/router.js';
import { empty, failure, loading } from '../common/states.js';
import { duration, inputDate, instantFromInput, percent } from '../common/format.js';
import { grantedEngagements } from '../shell/session.js';
import { latestTypes } from '../flows/flow-types.js';
import './chart-panel.js';

const STATUSES = ['CREATED', 'RUNNING', 'WAITING', 'PAUSED', 'COMPLETED', 'FAILED', 'DELETED'];
const COLORS = { blue: '#1f4e79', green: '#2e7d32', orange: '#b35900', red: '#a4161a', grey: '#5f6b76', purple: '#6a3fa0' };

class AnalyticsView extends View {
  static properties = {
    state: { state: true },
    report: { state: true },
    error: { state: true },
    types: { state: true },
  };

  constructor() {
    super();
    this.state = 'loading';
    this.types = [];
  }

  connectedCallback() {
    super.connectedCallback();
    this.stopNavigation = onNavigate(() => { if (location.pathname === '/analytics') this.load(); });
    latestTypes().then((types) => { this.types = types; }, () => {});
    this.load();
  }

  disconnectedCallback() {
    this.stopNavigation();
    super.disconnectedCallback();
  }

  async load() {
    this.state = 'loading';
    try {
      const { engagement, flowType, from, to } = params();
      this.report = await api(`/api/v1/analytics${query({ engagement, flowType, from, to })}`);
      this.state = 'ready';
    } catch (error) {
      this.error = error;
      this.state = 'error';
    }
  }

  apply(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    navigate(`/analytics${query({
      engagement: form.get('engagement'), flowType: form.get('flowType'),
      from: instantFromInput(form.get('from')), to: instantFromInput(form.get('to')),
    })}`);
  }

  render() {
    return html`<h1 tabindex="-1">Analytics</h1>${this.filters()}${this.body()}`;
  }

  filters() {
    const current = params();
    const engagements = grantedEngagements();
    return html`<form class="filters" @submit=${this.apply} aria-label="Period and scope">
      <div class="field"><label for="an-engagement">Engagement</label>
        ${engagements ? html`<select id="an-engagement" name="engagement"><option value="">All granted</option>
          ${engagements.map((id) => html`<option value=${id} ?selected=${current.engagement === id}>${id}</option>`)}</select>`
          : html`<input id="an-engagement" name="engagement" placeholder="any" .value=${current.engagement || ''}>`}</div>
      <div class="field"><label for="an-type">Type</label>
        <select id="an-type" name="flowType"><option value="">Any</option>
          ${this.types.map((type) => html`<option ?selected=${current.flowType === type.type}>${type.type}</option>`)}</select></div>
      <div class="field"><label for="an-from">From</label><input id="an-from" name="from" type="date" .value=${inputDate(current.from)}></div>
      <div class="field"><label for="an-to">Before</label><input id="an-to" name="to" type="date" .value=${inputDate(current.to)}></div>
      <div class="actions"><button type="submit">Show</button><a class="button secondary" href="/analytics">All time</a></div>
    </form>`;
  }

  body() {
    if (this.state === 'loading') return loading('Computing the figures');
    if (this.state === 'error') return failure(this.error, () => this.load());
    const report = this.report;
    const flows = report.flows;
    return html`
      <section class="cards" aria-label="Totals" data-testid="totals">
        ${figure('Flows created', flows.created)}
        ${figure('Completed', flows.completed, percent(flows.completionRate))}
        ${figure('Failed', flows.failed, percent(flows.failureRate))}
        ${figure('Retries', report.retries)}
      </section>
      ${flows.created === 0 && !report.phases.length ? empty('No flow was created and no phase finished in this period.') : html`
        ${this.statusSection(flows)}
        ${this.daysSection(report.perDay)}
        ${this.phaseSection(report.phases)}`}`;
  }

  statusSection(flows) {
    const counts = STATUSES.map((status) => flows.byStatus[status] ?? 0);
    return html`<h2 id="by-status">Flows by status</h2>
      <div class="chart-row">
        <mf-chart data-chart="status" label=${`Flows by status: ${STATUSES.map((s, i) => `${s} ${counts[i]}`).join(', ')}`} .config=${{
          type: 'bar',
          data: { labels: STATUSES, datasets: [{ label: 'Flows', data: counts, backgroundColor: COLORS.blue }] },
          options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
        }}></mf-chart>
        <div class="table-wrap"><table aria-labelledby="by-status" data-table="status">
          <thead><tr><th scope="col">Status</th><th scope="col" class="num">Flows</th></tr></thead>
          <tbody>${STATUSES.map((status, i) => html`<tr><td>${status}</td><td class="num">${counts[i]}</td></tr>`)}</tbody>
          <tfoot><tr><th scope="row">Total</th><td class="num">${counts.reduce((a, b) => a + b, 0)}</td></tr></tfoot>
        </table></div>
      </div>`;
  }

  daysSection(days) {
    if (!days.length) return nothing;
    return html`<h2 id="per-day">Created and completed per day (UTC)</h2>
      <mf-chart data-chart="days" label="Flows created and completed per UTC day; the table below lists the figures" .config=${{
        type: 'bar',
        data: {
          labels: days.map((one) => one.day),
          datasets: [
            { label: 'Created', data: days.map((one) => one.created), borderColor: COLORS.blue, backgroundColor: COLORS.blue },
            { label: 'Completed', data: days.map((one) => one.completed), borderColor: COLORS.green, backgroundColor: COLORS.green },
          ],
        },
        options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
      }}></mf-chart>
      <details><summary>Figures per day</summary>
        <div class="table-wrap"><table aria-labelledby="per-day">
          <thead><tr><th scope="col">Day</th><th scope="col" class="num">Created</th><th scope="col" class="num">Completed</th></tr></thead>
          <tbody>${days.map((one) => html`<tr><td>${one.day}</td><td class="num">${one.created}</td><td class="num">${one.completed}</td></tr>`)}</tbody>
        </table></div></details>`;
  }

  phaseSection(phases) {
    if (!phases.length) return nothing;
    const labels = phases.map((phase) => phase.phase);
    return html`<h2 id="per-phase">Phases: durations and retries</h2>
      <div class="chart-row even">
        <mf-chart data-chart="durations" label="Median and 95th percentile duration per phase, in milliseconds; the table lists them" .config=${{
          type: 'bar',
          data: {
            labels,
            datasets: [
              { label: 'p50 (ms)', data: phases.map((p) => p.durationMs.p50), backgroundColor: COLORS.blue },
              { label: 'p95 (ms)', data: phases.map((p) => p.durationMs.p95), backgroundColor: COLORS.orange },
            ],
          },
          options: { indexAxis: 'y', scales: { x: { beginAtZero: true } } },
        }}></mf-chart>
        <mf-chart data-chart="retries" label="Completed and failed attempts and retries per phase; the table lists them" .config=${{
          type: 'bar',
          data: {
            labels,
            datasets: [
              { label: 'Completed', data: phases.map((p) => p.completedAttempts), backgroundColor: COLORS.green },
              { label: 'Failed', data: phases.map((p) => p.failedAttempts), backgroundColor: COLORS.red },
              { label: 'Retries', data: phases.map((p) => p.retries), backgroundColor: COLORS.purple },
            ],
          },
          options: { indexAxis: 'y', scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
        }}></mf-chart>
      </div>
      <div class="table-wrap"><table class="responsive" aria-labelledby="per-phase" data-table="phases">
        <thead><tr><th scope="col">Phase</th><th scope="col" class="num">Completed</th><th scope="col" class="num">Failed</th>
          <th scope="col" class="num">Retries</th><th scope="col" class="num">Average</th><th scope="col" class="num">p50</th><th scope="col" class="num">p95</th></tr></thead>
        <tbody>${phases.map((p) => html`<tr>
          <td data-label="Phase">${p.phase}</td><td data-label="Completed" class="num">${p.completedAttempts}</td>
          <td data-label="Failed" class="num">${p.failedAttempts}</td><td data-label="Retries" class="num">${p.retries}</td>
          <td data-label="Average" class="num">${duration(p.durationMs.avg)}</td><td data-label="p50" class="num">${duration(p.durationMs.p50)}</td>
          <td data-label="p95" class="num">${duration(p.durationMs.p95)}</td></tr>`)}</tbody>
      </table></div>`;
  }
}

function figure(label, value, rate) {
  return html`<div class="panel"><div class="hint">${label}</div><div class="figure" data-figure=${label}>${value}</div>
    ${rate ? html`<div class="hint">${rate} of the flows created</div>` : nothing}</div>`;
}

customElements.define('mf-analytics', AnalyticsView);
