// What each operator runs. The platform operator (projections are every tenant's): each projection's processor (running,
// lag, segments) with its latest rebuild and its progress (start / stop a rebuild), and the dead letters of no readable
// account. An account's admin: that account's dead letters (retry / evict).
import { html, nothing } from 'lit';
import { View } from '../common/view.js';
import { ApiError, api } from '../common/api.js';
import { empty, failure, loading } from '../common/states.js';
import { shortId, time } from '../common/format.js';
import { hasRole } from '../shell/session.js';

/** While a rebuild runs, its progress is read again this often. */
const REBUILD_POLL_MS = 1000;

class OperationsView extends View {
  static properties = {
    projections: { state: true },
    letters: { state: true },
    unowned: { state: true },
    error: { state: true },
    lettersError: { state: true },
    outcome: { state: true },
  };

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  disconnectedCallback() {
    clearTimeout(this.timer);
    super.disconnectedCallback();
  }

  async load() {
    clearTimeout(this.timer);
    await Promise.all([
      hasRole('platform-operator') ? this.loadProjections() : null,
      hasRole('platform-operator') ? this.loadUnowned() : null,
      hasRole('admin') ? this.loadLetters() : null,
    ]);
  }

  async loadUnowned() {
    try {
      this.unowned = Object.entries((await api('/api/v1/admin/dead-letters/unowned')).unownedLetters)
        .filter(([, count]) => count > 0);
    } catch (error) {
      this.lettersError = error;
    }
  }

  async loadProjections() {
    try {
      this.projections = (await api('/api/v1/admin/projections')).items;
      this.error = null;
      if (this.projections.some((one) => one.rebuild?.inProgress)) {
        this.timer = setTimeout(() => this.loadProjections(), REBUILD_POLL_MS);
      }
    } catch (error) {
      this.error = error;
    }
  }

  async loadLetters() {
    try {
      this.letters = await api('/api/v1/admin/dead-letters?limit=50');
      this.lettersError = null;
    } catch (error) {
      this.lettersError = error;
    }
  }

  async act(label, method, path) {
    this.outcome = null;
    try {
      const answer = await api(path, { method });
      this.outcome = { ok: true, text: `${label}: ${describe(answer)}` };
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      this.outcome = { ok: false, text: `${label} was refused (${error.status}): ${error.detail}` };
    }
    await this.load();
  }

  render() {
    return html`<h1 tabindex="-1">Operations</h1>
      ${this.outcome ? html`<p class=${this.outcome.ok ? 'state notice' : 'state error'} role=${this.outcome.ok ? 'status' : 'alert'}
        data-testid="operation-outcome">${this.outcome.text}</p>` : nothing}
      ${hasRole('platform-operator') ? html`<h2>Projections</h2>${this.projectionsTable()}` : nothing}
      ${hasRole('admin') ? html`<h2>Dead letters</h2>${this.lettersTable()}` : nothing}
      ${this.unowned?.length ? this.unownedList() : nothing}`;
  }

  projectionsTable() {
    if (this.error) return failure(this.error, () => this.load());
    if (!this.projections) return loading('Loading the projections');
    return html`<div class="table-wrap"><table class="responsive projections">
      <thead><tr><th scope="col">Projection</th><th scope="col">Processor</th><th scope="col" class="num">Lag (events)</th>
        <th scope="col">Segments</th><th scope="col">Latest rebuild</th><th scope="col">Actions</th></tr></thead>
      <tbody>${this.projections.map((projection) => html`<tr data-projection=${projection.name}>
        <td data-label="Projection">${projection.name}</td>
        <td data-label="Processor">${projection.running ? 'running' : html`<strong>stopped</strong>`}</td>
        <td data-label="Lag" class="num">${projection.lag ?? '—'}</td>
        <td data-label="Segments">${projection.segments.length} (${projection.segments.filter((s) => s.claimedHere).length} here)</td>
        <td data-label="Latest rebuild">${this.rebuild(projection.rebuild)}</td>
        <td data-label="Actions">${projection.rebuild?.inProgress
          ? html`<button type="button" class="danger" @click=${() => this.act(`Stop the rebuild of ${projection.name}`, 'DELETE',
            `/api/v1/admin/projections/${projection.name}/rebuild`)}>Stop rebuild</button>`
          : html`<button type="button" class="secondary" @click=${() => this.act(`Rebuild ${projection.name}`, 'POST',
            `/api/v1/admin/projections/${projection.name}/rebuild`)}>Rebuild</button>`}</td>
      </tr>`)}</tbody></table></div>`;
  }

  rebuild(rebuild) {
    if (!rebuild) return html`<span class="muted">none on this node</span>`;
    const label = `${Math.round(rebuild.progress * 100)} % replayed`;
    return html`${rebuild.state.toLowerCase()} · <progress max="1" .value=${rebuild.progress} aria-label=${label}></progress> ${label}
      <div class="hint">started ${time(rebuild.startedAt)}${rebuild.finishedAt ? html`, ended ${time(rebuild.finishedAt)}` : nothing}</div>
      ${rebuild.error ? html`<div class="field-error">${rebuild.error}</div>` : nothing}`;
  }

  lettersTable() {
    if (this.lettersError) return failure(this.lettersError, () => this.load());
    if (!this.letters) return loading('Loading the dead letters');
    return html`
      ${this.letters.sequences.length ? html`<div class="table-wrap"><table class="responsive letters">
        <thead><tr><th scope="col">Processor</th><th scope="col">Flow</th><th scope="col" class="num">Letters</th>
          <th scope="col">First refused event</th><th scope="col">Actions</th></tr></thead>
        <tbody>${this.letters.sequences.map((sequence) => {
          const first = sequence.letters[0];
          const path = `/api/v1/admin/dead-letters/${sequence.processor}/${sequence.sequenceIdentifier}`;
          return html`<tr>
            <td data-label="Processor">${sequence.processor}</td>
            <td data-label="Flow">${shortId(sequence.sequenceIdentifier)}</td>
            <td data-label="Letters" class="num">${sequence.letters.length}</td>
            <td data-label="First refused">${first.eventType} v${first.flowVersion}: ${first.causeType}
              <div class="hint">${first.causeMessage}</div><div class="hint">since ${time(first.enqueuedAt)}</div></td>
            <td data-label="Actions" class="actions">
              <button type="button" class="secondary" @click=${() => this.act('Retry', 'POST', `${path}/retry`)}>Retry</button>
              <button type="button" class="danger" @click=${() => this.act('Evict', 'DELETE', path)}>Evict</button></td>
          </tr>`;
        })}</tbody></table></div>` : empty('No dead letters in this account: every projection handled every event.')}`;
  }

  unownedList() {
    return html`<h2>Letters of no readable account</h2><ul>${this.unowned.map(([processor, count]) => html`<li>
      ${processor}: ${count}
      <button type="button" class="secondary" @click=${() => this.act('Retry', 'POST', `/api/v1/admin/dead-letters/${processor}/unowned/retry`)}>Retry</button>
      <button type="button" class="danger" @click=${() => this.act('Evict', 'DELETE', `/api/v1/admin/dead-letters/${processor}/unowned`)}>Evict</button>
    </li>`)}</ul>`;
  }
}

function describe(answer) {
  if (!answer) return 'done';
  if (answer.evicted !== undefined) return `${answer.evicted} letters evicted`;
  if (answer.sequencesCleared !== undefined) return `${answer.sequencesCleared} flows cleared, ${answer.lettersRemaining} letters remain`;
  if (answer.state) return `rebuild ${answer.state.toLowerCase()}`;
  return 'done';
}

customElements.define('mf-operations', OperationsView);
