// A flow's assets: filters (kind, validation) in the address beside the flow, keyset pages, and the validation
// actions an operator may take on each.
import { html, nothing } from 'lit';
import { View } from '../common/view.js';
import { api, query } from '../common/api.js';
import { navigate, params } from '../common/router.js';
import { empty, failure, loading } from '../common/states.js';
import { time } from '../common/format.js';

class FlowAssets extends View {
  static properties = {
    flowId: {},
    canValidate: { type: Boolean },
    version: { type: Number },
    state: { state: true },
    page: { state: true },
    error: { state: true },
  };

  constructor() {
    super();
    this.state = 'loading';
    this.page = null;
  }

  willUpdate(changed) {
    if (changed.has('flowId') || changed.has('version')) {
      this.load();
    }
  }

  filters() {
    const { kind, validation, assets } = params();
    return { kind, validation, cursor: assets };
  }

  async load() {
    const { kind, validation, cursor } = this.filters();
    if (!this.page) this.state = 'loading';
    try {
      this.page = await api(`/api/v1/flows/${encodeURIComponent(this.flowId)}/assets${query({ kind, validation, cursor, limit: 20 })}`);
      this.state = 'ready';
    } catch (error) {
      this.error = error;
      this.state = 'error';
    }
  }

  filter(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    navigate(`${location.pathname}${query({ kind: form.get('kind'), validation: form.get('validation') })}`, { replace: true });
    this.page = null;
    this.load();
  }

  move(cursor) {
    const { kind, validation } = this.filters();
    navigate(`${location.pathname}${query({ kind, validation, assets: cursor })}`, { replace: true });
    this.load();
  }

  validate(asset, verdict) {
    this.dispatchEvent(new CustomEvent('mf-action', { bubbles: true, detail: { id: 'validate', asset, verdict, needs: 'notes',
      label: `${verdict === 'validated' ? 'Validate' : 'Reject'} asset ${asset.name || asset.assetId}` } }));
  }

  render() {
    const { kind, validation, cursor } = this.filters();
    return html`
      <form class="filters" @submit=${this.filter} aria-label="Filter assets">
        <div class="field"><label for="a-kind">Kind</label><input id="a-kind" name="kind" .value=${kind || ''}></div>
        <div class="field"><label for="a-validation">Validation</label>
          <select id="a-validation" name="validation">
            ${['', 'pending', 'validated', 'rejected'].map((value) => html`<option value=${value} ?selected=${(validation || '') === value}>${value || 'Any'}</option>`)}
          </select></div>
        <div class="actions"><button type="submit" class="secondary">Filter assets</button></div>
      </form>
      ${this.body(cursor)}`;
  }

  body(cursor) {
    if (this.state === 'loading') return loading('Loading assets');
    if (this.state === 'error') return failure(this.error, () => this.load());
    if (!this.page.items.length) return empty('No assets discovered yet, or none matches the filters.');
    return html`
      <div class="table-wrap"><table class="responsive">
        <thead><tr><th scope="col">Asset</th><th scope="col">Name</th><th scope="col">Kind</th><th scope="col">Discovered</th>
          <th scope="col">Validation</th>${this.canValidate ? html`<th scope="col">Actions</th>` : nothing}</tr></thead>
        <tbody>${this.page.items.map((asset) => html`
          <tr data-asset-id=${asset.assetId}>
            <td data-label="Asset"><code>${asset.assetId}</code></td>
            <td data-label="Name">${asset.name}</td>
            <td data-label="Kind">${asset.kind || '—'}</td>
            <td data-label="Discovered">${asset.discoveredInPhase} · ${time(asset.discoveredAt)}</td>
            <td data-label="Validation"><span class="badge validation-${asset.validation}">${asset.validation}</span>
              ${asset.validationNotes ? html`<div class="hint">${asset.validationNotes}</div>` : nothing}
              ${asset.validatedBy ? html`<div class="hint">by ${asset.validatedBy}, ${time(asset.validatedAt)}</div>` : nothing}</td>
            ${this.canValidate ? html`<td data-label="Actions" class="actions">
              <button type="button" class="secondary" @click=${() => this.validate(asset, 'validated')}>Validate</button>
              <button type="button" class="secondary" @click=${() => this.validate(asset, 'rejected')}>Reject</button></td>` : nothing}
          </tr>`)}</tbody>
      </table></div>
      <nav class="pager" aria-label="Asset pages">
        ${cursor ? html`<button type="button" class="secondary" @click=${() => this.move('')}>First assets</button>` : nothing}
        ${this.page.nextCursor ? html`<button type="button" class="secondary" @click=${() => this.move(this.page.nextCursor)}>Next assets</button>` : nothing}
      </nav>`;
  }
}

customElements.define('mf-flow-assets', FlowAssets);
