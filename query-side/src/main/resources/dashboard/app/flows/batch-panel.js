// For operators, under the flow list: one command over every flow its filters select, as a batch (POST /api/v1/batches).
// "Count" asks the API how many flows it would act on (a dry run); "Start" starts it and follows its progress until
// it ends. The batch acts on the flows as they are when it starts; one that moves on before its turn is skipped.
import { html, nothing } from 'lit';
import { View } from '../common/view.js';
import { ApiError, api } from '../common/api.js';
import { fieldError } from '../common/states.js';

const OPERATIONS = [['pause', 'Pause'], ['resume', 'Resume'], ['execute', 'Execute the next phase'], ['rewind', 'Rewind to a phase'],
  ['delete', 'Delete']];
/** A running batch's progress is read again this often. */
const PROGRESS_POLL_MS = 1000;

class BatchPanel extends View {
  static properties = {
    filters: { attribute: false },
    operation: { state: true },
    count: { state: true },
    batch: { state: true },
    refusal: { state: true },
    busy: { state: true },
  };

  constructor() {
    super();
    this.operation = 'pause';
  }

  disconnectedCallback() {
    clearTimeout(this.timer);
    super.disconnectedCallback();
  }

  willUpdate(changed) {
    if (changed.has('filters')) this.count = null;
  }

  /** The list's filters as a batch takes them. */
  batchFilter() {
    const { engagement, flowType, status, phase, q, createdFrom, createdTo, includeDeleted } = this.filters || {};
    return { engagement, flowType, status, phase, q, createdFrom, createdTo, includeDeleted: includeDeleted === 'true' };
  }

  request(form, dryRun) {
    return {
      operation: form.get('operation'),
      filter: this.batchFilter(),
      arguments: { reason: form.get('reason') || undefined, toPhase: form.get('toPhase') || undefined },
      dryRun,
    };
  }

  async send(event, dryRun) {
    event.preventDefault();
    const form = new FormData(event.target.form || event.target);
    this.busy = true;
    this.refusal = null;
    try {
      const answer = await api('/api/v1/batches', { method: 'POST', body: this.request(form, dryRun) });
      if (dryRun) {
        this.count = answer.wouldTouch;
      } else {
        this.count = null;
        this.follow(answer.batchId);
      }
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      this.refusal = error;
    } finally {
      this.busy = false;
    }
  }

  async follow(batchId) {
    this.batch = await api(`/api/v1/batches/${batchId}`);
    if (this.batch.state === 'RUNNING') {
      this.timer = setTimeout(() => this.follow(batchId), PROGRESS_POLL_MS);
    } else {
      this.dispatchEvent(new CustomEvent('mf-batch-finished', { bubbles: true, composed: true }));
    }
  }

  async stop() {
    clearTimeout(this.timer);
    this.batch = await api(`/api/v1/batches/${this.batch.batchId}`, { method: 'DELETE' });
  }

  render() {
    const invalid = this.refusal?.field;
    return html`<details class="panel batch" ?open=${!!this.batch}>
      <summary>Act on every matching flow</summary>
      <form class="inline-form" @submit=${(event) => this.send(event, false)} aria-label="Batch">
        <div class="field">
          <label for="batch-operation">Operation</label>
          <select id="batch-operation" name="operation" @change=${(event) => { this.operation = event.target.value; this.count = null; }}>
            ${OPERATIONS.map(([value, label]) => html`<option value=${value} ?selected=${this.operation === value}>${label}</option>`)}
          </select>
        </div>
        ${this.operation === 'rewind' ? html`<div class="field">
          <label for="batch-phase">Back to phase</label>
          <input id="batch-phase" name="toPhase" required aria-invalid=${invalid ? 'true' : 'false'}
                 aria-describedby=${invalid ? 'batch-error' : nothing}>
        </div>` : nothing}
        <div class="field">
          <label for="batch-reason">Reason (optional)</label>
          <input id="batch-reason" name="reason" maxlength="1000">
        </div>
        <button type="button" class="secondary" ?disabled=${this.busy} data-batch="count"
                @click=${(event) => this.send(event, true)}>Count</button>
        <button type="submit" ?disabled=${this.busy} class=${this.operation === 'delete' ? 'danger' : ''} data-batch="start">Start</button>
      </form>
      ${this.count !== null && this.count !== undefined
        ? html`<p class="state notice" role="status" data-testid="batch-count">It would act on ${this.count} flow${this.count === 1 ? '' : 's'}.</p>`
        : nothing}
      ${this.refusal ? html`<div class="state error" role="alert">${fieldError('batch-error', this.refusal.detail)}</div>` : nothing}
      ${this.batch ? this.progress() : nothing}
    </details>`;
  }

  progress() {
    const batch = this.batch;
    return html`<div class="state notice" role="status" data-testid="batch-progress">
      <p><strong>${batch.operation} · ${batch.state.toLowerCase()}</strong>: ${batch.done} done, ${batch.skipped} skipped,
        ${batch.failed} failed, ${batch.pending} pending of ${batch.selected}.</p>
      ${batch.state === 'RUNNING' ? html`<button type="button" class="danger" @click=${() => this.stop()}>Stop the batch</button>` : nothing}
    </div>`;
  }
}

customElements.define('mf-batch-panel', BatchPanel);
