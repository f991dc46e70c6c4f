// A new flow: the type (with its versions and phases), a name, the engagement and the configuration as JSON. The
// API's 400 names the field it refuses, and the message is shown beside that field. One idempotency key per form,
// so that a double submit creates one flow.
import { html, nothing } from 'lit';
import { View } from '../common/view.js';
import { ApiError, call } from '../common/api.js';
import { navigate } from '../common/router.js';
import { failure, fieldError, loading } from '../common/states.js';
import { grantedEngagements } from '../shell/session.js';
import { latestTypes } from './flow-types.js';

/** Where the API's `field` of a refusal is shown. */
const FIELDS = { flowType: 'flowType', name: 'name', configuration: 'configuration', autoAdvance: 'autoAdvance', 'X-Engagement-Id': 'engagement' };

class NewFlow extends View {
  static properties = {
    types: { state: true },
    error: { state: true },
    refusal: { state: true },
    busy: { state: true },
  };

  constructor() {
    super();
    this.key = crypto.randomUUID();
  }

  connectedCallback() {
    super.connectedCallback();
    latestTypes().then((types) => { this.types = types; }, (error) => { this.error = error; });
  }

  async submit(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    this.refusal = null;
    let configuration;
    try {
      const text = (form.get('configuration') || '').trim();
      configuration = text ? JSON.parse(text) : undefined;
    } catch (parse) {
      this.refusal = { field: 'configuration', detail: `The configuration is not valid JSON: ${parse.message}` };
      return;
    }
    if (configuration !== undefined && (configuration === null || typeof configuration !== 'object' || Array.isArray(configuration))) {
      this.refusal = { field: 'configuration', detail: 'The configuration must be a JSON object, such as {"wave_size": 20}.' };
      return;
    }
    this.busy = true;
    try {
      const response = await call('/api/v1/flows', {
        method: 'POST',
        headers: { 'X-Engagement-Id': (form.get('engagement') || '').trim(), 'Idempotency-Key': this.key },
        body: { flowType: form.get('flowType'), name: form.get('name'), configuration, autoAdvance: form.get('autoAdvance') === 'on' },
      });
      const created = await response.json();
      // the flow's page waits for the read model to hold the new flow rather than reading "not found"
      navigate(`/flows/${created.flowId}`, { state: { minVersion: created.version } });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const field = FIELDS[error.field] || (error.field?.startsWith('configuration') ? 'configuration' : null);
      this.refusal = { field, detail: error.detail, status: error.status };
    } finally {
      this.busy = false;
    }
  }

  render() {
    return html`<h1 tabindex="-1">New flow</h1>${this.body()}`;
  }

  body() {
    if (this.error) return failure(this.error);
    if (!this.types) return loading('Loading the flow types');
    const engagements = grantedEngagements();
    const refused = (field) => this.refusal?.field === field;
    const describedBy = (field, hint) => [hint, refused(field) ? `${field}-error` : null].filter(Boolean).join(' ') || nothing;
    return html`
      ${this.refusal && !this.refusal.field ? html`<div class="state error" role="alert"><p><strong>Refused${this.refusal.status ? ` (${this.refusal.status})` : ''}.</strong> ${this.refusal.detail}</p></div>` : nothing}
      <form class="stacked" @submit=${this.submit} novalidate>
        <fieldset class="type-options" aria-describedby=${describedBy('flowType')}>
          <legend>Flow type</legend>
          ${this.types.map((type, index) => html`<label class="type-option">
            <input type="radio" name="flowType" value=${type.type} ?checked=${index === 0}>
            <strong>${type.type}</strong> <span class="muted">version ${type.version}${type.versions.length > 1 ? ` (of ${type.versions.join(', ')})` : ''}</span>
            ${type.description ? html`<div class="hint">${type.description}</div>` : nothing}
            <ol>${type.phases.map((phase) => html`<li>${phase.name}${phase.required ? '' : ' (optional)'}</li>`)}</ol>
          </label>`)}
        </fieldset>
        ${fieldError('flowType-error', refused('flowType') && this.refusal.detail)}
        <div class="field">
          <label for="nf-name">Name</label>
          <input id="nf-name" name="name" maxlength="255" aria-invalid=${refused('name') ? 'true' : 'false'} aria-describedby=${describedBy('name')}>
          ${fieldError('name-error', refused('name') && this.refusal.detail)}
        </div>
        <div class="field">
          <label for="nf-engagement">Engagement</label>
          ${engagements ? html`<select id="nf-engagement" name="engagement" aria-invalid=${refused('engagement') ? 'true' : 'false'}
              aria-describedby=${describedBy('engagement')}>
              ${engagements.map((id) => html`<option>${id}</option>`)}</select>`
            : html`<input id="nf-engagement" name="engagement" placeholder="engagement id (UUID)" aria-invalid=${refused('engagement') ? 'true' : 'false'}
              aria-describedby=${describedBy('engagement')}>`}
          ${fieldError('engagement-error', refused('engagement') && this.refusal.detail)}
        </div>
        <div class="field">
          <label for="nf-configuration">Configuration (JSON object, optional)</label>
          <textarea id="nf-configuration" name="configuration" rows="8" spellcheck="false" placeholder='{"wave_size": 20}'
            aria-invalid=${refused('configuration') ? 'true' : 'false'} aria-describedby=${describedBy('configuration', 'nf-configuration-hint')}></textarea>
          <p class="hint" id="nf-configuration-hint">Checked as JSON here; the flow type's validators check it when a phase starts.</p>
          ${fieldError('configuration-error', refused('configuration') && this.refusal.detail)}
        </div>
        <label class="check"><input type="checkbox" name="autoAdvance">Advance by itself: start each next phase when one completes</label>
        <div class="actions"><button type="submit" ?disabled=${this.busy}>Create the flow</button><a class="button secondary" href="/">Cancel</a></div>
      </form>`;
  }
}

customElements.define('mf-new-flow', NewFlow);
