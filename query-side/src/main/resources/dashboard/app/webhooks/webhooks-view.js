// For admins: the account's outbound webhooks (url, events, engagements, state with a disabled one's reason, last
// delivery), a form for a new one, and per webhook its deliveries, disabling it and enabling it again, and deleting it
// (asked to confirm first: its deliveries go with it).
import { html, nothing } from 'lit';
import { View } from '../common/view.js';
import { ApiError, api } from '../common/api.js';
import { empty, failure, loading } from '../common/states.js';
import { time } from '../common/format.js';
import { DISABLE_RULE, ENABLE_RULE, disable, disabledReason, enableAgain, engagementsOf, webhookState } from './webhook-common.js';
import './webhook-form.js';

class WebhooksView extends View {
  static properties = {
    state: { state: true },
    webhooks: { state: true },
    error: { state: true },
    outcome: { state: true },
    confirming: { state: true },
    busy: { state: true },
  };

  constructor() {
    super();
    this.state = 'loading';
    this.addEventListener('mf-webhook-created', (event) => this.created(event.detail));
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  async load() {
    try {
      this.webhooks = (await api('/api/v1/webhooks')).items;
      this.state = 'ready';
    } catch (error) {
      this.error = error;
      this.state = 'error';
    }
  }

  /** The secret is the one the form sent: the API never shows it, so this notice is the last place it appears. */
  created({ webhook, secret }) {
    this.outcome = { ok: true, text: `Webhook to ${webhook.url} created: it gets the events stored from now on.`, secret };
    this.load();
    this.updateComplete.then(() => this.querySelector('[data-testid=webhook-outcome]')?.focus());
  }

  async act(label, work, after) {
    this.busy = true;
    this.outcome = null;
    try {
      await work();
      this.outcome = { ok: true, text: after };
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      this.outcome = { ok: false, text: `${label} was refused (${error.status}): ${error.detail}` };
    } finally {
      this.busy = false;
      this.confirming = null;
    }
    await this.load();
    this.updateComplete.then(() => this.querySelector('[data-testid=webhook-outcome]')?.focus());
  }

  disable(webhook) {
    return this.act(`Disabling the webhook to ${webhook.url}`, () => disable(webhook.webhookId),
      `Webhook to ${webhook.url} disabled. ${DISABLE_RULE}`);
  }

  enable(webhook) {
    return this.act(`Enabling the webhook to ${webhook.url}`, () => enableAgain(webhook.webhookId),
      `Webhook to ${webhook.url} enabled again. ${ENABLE_RULE}`);
  }

  deleteWebhook(webhook) {
    return this.act(`Deleting the webhook to ${webhook.url}`,
      () => api(`/api/v1/webhooks/${encodeURIComponent(webhook.webhookId)}`, { method: 'DELETE' }),
      `Webhook to ${webhook.url} deleted, with its deliveries.`);
  }

  confirmDelete(webhook) {
    this.outcome = null;
    this.confirming = webhook.webhookId;
    // the safe choice takes the focus: a second Enter keeps the webhook
    this.updateComplete.then(() => this.querySelector('[data-confirm=keep]')?.focus());
  }

  render() {
    return html`<h1 tabindex="-1">Webhooks</h1>
      <p class="hint">Each event a webhook subscribes to is POSTed to its receiver, signed with its secret, retried for a day;
        a receiver that refuses everything for that long gets its webhook disabled, with the reason.</p>
      ${this.outcome ? html`<div class=${this.outcome.ok ? 'state notice' : 'state error'} role=${this.outcome.ok ? 'status' : 'alert'}
        tabindex="-1" data-testid="webhook-outcome"><p>${this.outcome.text}</p>
        ${this.outcome.secret ? html`<p>Its secret, shown this once (give it to the receiver, which checks each delivery's
          signature with it): <code data-testid="webhook-secret">${this.outcome.secret}</code></p>` : nothing}</div>` : nothing}
      ${this.body()}
      <section class="panel" aria-labelledby="new-webhook-title">
        <h2 id="new-webhook-title">New webhook</h2>
        <mf-webhook-form></mf-webhook-form>
      </section>`;
  }

  body() {
    if (this.state === 'loading') return loading('Loading the webhooks');
    if (this.state === 'error') return failure(this.error, () => this.load());
    if (!this.webhooks.length) return empty('The account has no webhook: nothing is sent out. Create one below.');
    return html`<div class="table-wrap"><table class="responsive webhooks">
      <thead><tr><th scope="col">Receiver</th><th scope="col">Events</th><th scope="col">Engagements</th><th scope="col">State</th>
        <th scope="col">Last delivered</th><th scope="col">Created</th><th scope="col">Actions</th></tr></thead>
      <tbody>${this.webhooks.map((webhook) => html`<tr data-webhook=${webhook.webhookId} data-state=${webhook.state}>
        <td data-label="Receiver" class="wrap"><code>${webhook.url}</code></td>
        <td data-label="Events">${webhook.events.join(', ')}</td>
        <td data-label="Engagements">${engagementsOf(webhook)}</td>
        <td data-label="State">${webhookState(webhook)}${disabledReason(webhook)}</td>
        <td data-label="Last delivered">${time(webhook.lastDeliveredAt)}</td>
        <td data-label="Created">${time(webhook.createdAt)}<div class="hint">by ${webhook.createdBy}</div></td>
        <td data-label="Actions">${this.confirming === webhook.webhookId ? this.confirmation(webhook) : this.actions(webhook)}</td>
      </tr>`)}</tbody></table></div>`;
  }

  actions(webhook) {
    const to = html`<span class="visually-hidden"> to ${webhook.url}</span>`;
    return html`<div class="actions">
      <a class="button secondary" href=${`/webhooks/${webhook.webhookId}`} data-action="deliveries">Deliveries${to}</a>
      ${webhook.state === 'DISABLED' ? html`<button type="button" ?disabled=${this.busy} data-action="enable"
        title=${ENABLE_RULE} @click=${() => this.enable(webhook)}>Enable again${to}</button>`
        : html`<button type="button" class="secondary" ?disabled=${this.busy} data-action="disable"
        title=${DISABLE_RULE} @click=${() => this.disable(webhook)}>Disable${to}</button>`}
      <button type="button" class="danger" ?disabled=${this.busy} data-action="delete"
        @click=${() => this.confirmDelete(webhook)}>Delete${to}</button>
    </div>`;
  }

  confirmation(webhook) {
    return html`<div role="group" aria-labelledby=${`confirm-${webhook.webhookId}`} class="confirm">
      <p id=${`confirm-${webhook.webhookId}`}>Delete the webhook to <code>${webhook.url}</code>? Nothing more is sent to it,
        and its deliveries are deleted with it.</p>
      <div class="actions">
        <button type="button" class="danger" ?disabled=${this.busy} data-confirm="delete" @click=${() => this.deleteWebhook(webhook)}>Delete for good</button>
        <button type="button" class="secondary" data-confirm="keep" @click=${() => { this.confirming = null; }}>Keep it</button>
      </div>
    </div>`;
  }
}

customElements.define('mf-webhooks', WebhooksView);
