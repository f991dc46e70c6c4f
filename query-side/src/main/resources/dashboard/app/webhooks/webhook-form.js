// A new webhook: the receiver's url, the event types it gets (as the API lists them), optionally the engagements, and
// the secret that signs each delivery. The API's 400 names the field it refuses (a private address names `url`), and
// its detail is shown beside that field; other refusals (403, 409) above the form. On success the form tells the
// view (mf-webhook-created, with the secret it sent, which the view shows that once) and empties itself.
import { html, nothing } from 'lit';
import { View } from '../common/view.js';
import { ApiError, api } from '../common/api.js';
import { failure, fieldError, loading } from '../common/states.js';
import { grantedEngagements } from '../shell/session.js';

const MIN_SECRET = 16;

class WebhookForm extends View {
  static properties = {
    eventTypes: { state: true },
    error: { state: true },
    refusal: { state: true },
    busy: { state: true },
  };

  connectedCallback() {
    super.connectedCallback();
    api('/api/v1/webhooks/event-types').then((answer) => { this.eventTypes = answer.items; }, (error) => { this.error = error; });
  }

  async submit(event) {
    event.preventDefault();
    const formElement = event.target;
    const form = new FormData(formElement);
    const granted = grantedEngagements();
    const engagements = granted ? form.getAll('engagements')
      : (form.get('engagements') || '').split(/[\s,]+/).filter(Boolean);
    this.refusal = null;
    this.busy = true;
    try {
      const secret = form.get('secret') || '';
      const created = await api('/api/v1/webhooks', {
        method: 'POST',
        body: {
          url: (form.get('url') || '').trim(),
          events: form.getAll('events'),
          engagements: engagements.length ? engagements : undefined,
          secret,
        },
      });
      formElement.reset();
      this.dispatchEvent(new CustomEvent('mf-webhook-created', { detail: { webhook: created, secret }, bubbles: true }));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      // events[2] is about the events, engagements[0] about the engagements
      this.refusal = { field: error.field?.replace(/\[\d+\]$/, '') || null, detail: error.detail, status: error.status };
      // the refused field takes the focus, so that its message is read out
      this.updateComplete.then(() => this.querySelector(this.refusal.field ? `[name="${this.refusal.field}"]` : '.refused')?.focus());
    } finally {
      this.busy = false;
    }
  }

  generateSecret() {
    const bytes = crypto.getRandomValues(new Uint8Array(24));
    this.querySelector('#wh-secret').value = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  }

  render() {
    if (this.error) return failure(this.error);
    if (!this.eventTypes) return loading('Loading the event types');
    const refused = (field) => this.refusal?.field === field;
    const describedBy = (field, hint) => [hint, refused(field) ? `wh-${field}-error` : null].filter(Boolean).join(' ') || nothing;
    const invalid = (field) => (refused(field) ? 'true' : 'false');
    const granted = grantedEngagements();
    return html`
      ${this.refusal && !this.refusal.field ? html`<div class="state error refused" role="alert" tabindex="-1"
        data-testid="webhook-refused"><p><strong>Refused (${this.refusal.status}).</strong> ${this.refusal.detail}</p></div>` : nothing}
      <form class="stacked" @submit=${this.submit} novalidate aria-label="New webhook">
        <div class="field">
          <label for="wh-url">Receiver url</label>
          <input id="wh-url" name="url" type="url" inputmode="url" autocomplete="off" maxlength="2048"
                 placeholder="https://hooks.example.com/masterflow" aria-invalid=${invalid('url')}
                 aria-describedby=${describedBy('url', 'wh-url-hint')}>
          <p class="hint" id="wh-url-hint">http or https. Each event is POSTed to it as JSON; a 2xx answer accepts it.</p>
          ${fieldError('wh-url-error', refused('url') && this.refusal.detail)}
        </div>
        <fieldset class="choices" aria-describedby=${describedBy('events')}>
          <legend>Events</legend>
          ${this.eventTypes.map((type) => html`<label class="check"><input type="checkbox" name="events" value=${type}>${type}</label>`)}
        </fieldset>
        ${fieldError('wh-events-error', refused('events') && this.refusal.detail)}
        ${granted ? html`<fieldset class="choices" aria-describedby=${describedBy('engagements', 'wh-engagements-hint')}>
            <legend>Engagements (optional)</legend>
            ${granted.map((id) => html`<label class="check"><input type="checkbox" name="engagements" value=${id}><span class="id">${id}</span></label>`)}
          </fieldset>
          <p class="hint" id="wh-engagements-hint">None chosen: the events of every engagement the token grants.</p>`
          : html`<div class="field">
            <label for="wh-engagements">Engagements (optional)</label>
            <input id="wh-engagements" name="engagements" autocomplete="off" spellcheck="false" placeholder="engagement ids, separated by commas"
                   aria-invalid=${invalid('engagements')} aria-describedby=${describedBy('engagements', 'wh-engagements-hint')}>
            <p class="hint" id="wh-engagements-hint">Left empty: the events of every engagement of the account.</p>
          </div>`}
        ${fieldError('wh-engagements-error', refused('engagements') && this.refusal.detail)}
        <div class="field">
          <label for="wh-secret">Secret</label>
          <div class="actions">
            <input id="wh-secret" name="secret" autocomplete="off" spellcheck="false" minlength=${MIN_SECRET} maxlength="256" size="50"
                   aria-invalid=${invalid('secret')} aria-describedby=${describedBy('secret', 'wh-secret-hint')}>
            <button type="button" class="secondary" data-action="generate-secret" @click=${this.generateSecret}>Generate a secret</button>
          </div>
          <p class="hint" id="wh-secret-hint">${MIN_SECRET} to 256 characters. It signs every delivery, and the receiver checks the
            signature with it. It is shown once more after creating, then never again.</p>
          ${fieldError('wh-secret-error', refused('secret') && this.refusal.detail)}
        </div>
        <div class="actions"><button type="submit" ?disabled=${this.busy}>Create the webhook</button></div>
      </form>`;
  }
}

customElements.define('mf-webhook-form', WebhookForm);
