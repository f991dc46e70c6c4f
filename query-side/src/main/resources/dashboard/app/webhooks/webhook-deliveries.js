// One webhook's deliveries, newest event first: each with its state, attempts, the receiver's last status, the last
// error and, while pending, the next attempt. The state filter and the page (the API's sealed cursor) are in the
// address. The first page is read again every few seconds while it is shown, since deliveries move on by themselves.
// An active webhook can be disabled here, a disabled one enabled again.
import { html, nothing } from 'lit';
import { View } from '../common/view.js';
import { ApiError, api, query } from '../common/api.js';
import { navigate, onNavigate, params } from '../common/router.js';
import { empty, failure, loading } from '../common/states.js';
import { shortId, time } from '../common/format.js';
import { hasRole } from '../shell/session.js';
import { DISABLE_RULE, ENABLE_RULE, deliveryState, disable, disabledReason, enableAgain, engagementsOf, webhookState } from './webhook-common.js';

const STATES = ['pending', 'delivered', 'failed', 'cancelled'];
const REFRESH_MS = 3000;
const PAGE_SIZE = 50;

class WebhookDeliveries extends View {
  static properties = {
    webhookId: {},
    state: { state: true },
    webhook: { state: true },
    page: { state: true },
    error: { state: true },
    outcome: { state: true },
    busy: { state: true },
  };

  constructor() {
    super();
    this.state = 'loading';
  }

  connectedCallback() {
    super.connectedCallback();
    this.stopNavigation = onNavigate(() => {
      if (location.pathname === `/webhooks/${this.webhookId}`) this.load();
    });
    this.timer = setInterval(() => {
      if (!params().cursor && document.visibilityState === 'visible' && this.state === 'ready') this.load({ quietly: true });
    }, REFRESH_MS);
  }

  disconnectedCallback() {
    this.stopNavigation();
    clearInterval(this.timer);
    super.disconnectedCallback();
  }

  willUpdate(changed) {
    if (changed.has('webhookId')) {
      this.webhook = null;
      this.load();
    }
  }

  path(extra = {}) {
    const { state, cursor } = { ...params(), ...extra };
    return `/webhooks/${this.webhookId}${query({ state, cursor })}`;
  }

  async load({ quietly = false } = {}) {
    const { state, cursor } = params();
    if (!quietly) this.state = 'loading';
    const request = (this.loading = {});
    const id = encodeURIComponent(this.webhookId);
    try {
      const [webhook, page] = await Promise.all([api(`/api/v1/webhooks/${id}`),
        api(`/api/v1/webhooks/${id}/deliveries${query({ state, cursor, limit: PAGE_SIZE })}`)]);
      if (request !== this.loading) return;
      this.webhook = webhook;
      this.page = page;
      this.state = 'ready';
    } catch (error) {
      if (request !== this.loading) return;
      this.error = error;
      this.state = 'error';
    }
  }

  filter(event) {
    event.preventDefault();
    navigate(this.path({ state: new FormData(event.target).get('state'), cursor: '' }));
  }

  enable() {
    return this.act('Enabling', () => enableAgain(this.webhookId), `Enabled again. ${ENABLE_RULE}`);
  }

  disable() {
    return this.act('Disabling', () => disable(this.webhookId), `Disabled. ${DISABLE_RULE}`);
  }

  async act(label, work, after) {
    this.busy = true;
    this.outcome = null;
    try {
      this.webhook = await work();
      this.outcome = { ok: true, text: after };
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      this.outcome = { ok: false, text: `${label} was refused (${error.status}): ${error.detail}` };
    } finally {
      this.busy = false;
    }
    this.load({ quietly: true });
    this.updateComplete.then(() => this.querySelector('[data-testid=webhook-outcome]')?.focus());
  }

  render() {
    const crumbs = html`<p class="hint"><a href="/webhooks">Webhooks</a> / deliveries</p>`;
    if (this.state === 'error' && (!this.webhook || this.error.status === 404)) {
      return html`${crumbs}<h1 tabindex="-1">${this.error.status === 404 ? 'Not found' : 'Deliveries'}</h1>
        ${failure(this.error, this.error.status === 404 ? null : () => this.load())}`;
    }
    if (!this.webhook) return html`${crumbs}<h1 tabindex="-1">Deliveries</h1>${loading('Loading the webhook')}`;
    const webhook = this.webhook;
    return html`${crumbs}
      <div class="title-row"><h1 tabindex="-1">Deliveries</h1>${webhookState(webhook)}</div>
      ${this.outcome ? html`<p class=${this.outcome.ok ? 'state notice' : 'state error'} role=${this.outcome.ok ? 'status' : 'alert'}
        tabindex="-1" data-testid="webhook-outcome">${this.outcome.text}</p>` : nothing}
      <dl class="facts panel">
        <div><dt>Receiver</dt><dd><code>${webhook.url}</code></dd></div>
        <div><dt>Events</dt><dd>${webhook.events.join(', ')}</dd></div>
        <div><dt>Engagements</dt><dd>${engagementsOf(webhook)}</dd></div>
        <div><dt>State</dt><dd data-testid="webhook-state">${webhook.state.toLowerCase()}${disabledReason(webhook)}</dd></div>
        <div><dt>Last delivered</dt><dd>${time(webhook.lastDeliveredAt)}</dd></div>
        <div><dt>Created</dt><dd>${time(webhook.createdAt)} by ${webhook.createdBy}</dd></div>
      </dl>
      ${webhook.state === 'DISABLED' ? html`<div class="actions">
        <button type="button" ?disabled=${this.busy} data-action="enable" aria-describedby="enable-rule" @click=${this.enable}>Enable again</button>
        <p class="hint" id="enable-rule">${ENABLE_RULE}</p></div>`
        : html`<div class="actions">
        <button type="button" class="secondary" ?disabled=${this.busy} data-action="disable" aria-describedby="disable-rule"
          @click=${this.disable}>Disable</button>
        <p class="hint" id="disable-rule">${DISABLE_RULE}</p></div>`}
      ${this.filters()}
      ${this.body()}`;
  }

  filters() {
    const current = params().state || '';
    return html`<form class="filters" @submit=${this.filter} aria-label="Filter the deliveries">
      <div class="field"><label for="wd-state">State</label>
        <select id="wd-state" name="state"><option value="">Any</option>
          ${STATES.map((state) => html`<option value=${state} ?selected=${current === state}>${state}</option>`)}</select></div>
      <div class="actions"><button type="submit">Apply filter</button>
        <button type="button" class="secondary" @click=${() => this.load()}>Refresh</button></div>
    </form>`;
  }

  body() {
    if (this.state === 'loading') return loading('Loading the deliveries');
    if (this.state === 'error') return failure(this.error, () => this.load());
    const { state, cursor } = params();
    const pager = html`<nav class="pager" aria-label="Pages">
      ${cursor ? html`<a href=${this.path({ cursor: '' })}>First page</a>` : nothing}
      ${this.page.nextCursor ? html`<a rel="next" href=${this.path({ cursor: this.page.nextCursor })}>Next page</a>` : nothing}
    </nav>`;
    if (!this.page.items.length) {
      return html`${empty(state ? `No ${state} delivery${cursor ? ' on this page' : ''}.`
        : 'No delivery yet: the events the webhook subscribes to appear here once they are stored.')}${pager}`;
    }
    const flows = hasRole('flow-viewer', 'auditor');
    return html`<div class="table-wrap"><table class="responsive deliveries">
      <thead><tr><th scope="col">Event</th><th scope="col">Flow</th><th scope="col">State</th><th scope="col" class="num">Attempts</th>
        <th scope="col">Last attempt</th><th scope="col" class="num">Last status</th><th scope="col">Last error</th>
        <th scope="col">Next attempt</th><th scope="col">Delivered</th></tr></thead>
      <tbody>${this.page.items.map((delivery) => html`<tr data-delivery=${delivery.deliveryId} data-flow=${delivery.flowId}
          data-state=${delivery.state}>
        <td data-label="Event">${delivery.eventType}<div class="hint">made ${time(delivery.createdAt)}</div></td>
        <td data-label="Flow">${flows ? html`<a href=${`/flows/${delivery.flowId}`}>${shortId(delivery.flowId)}</a>` : shortId(delivery.flowId)}
          v${delivery.flowVersion}</td>
        <td data-label="State">${deliveryState(delivery.state)}</td>
        <td data-label="Attempts" class="num">${delivery.attempts}</td>
        <td data-label="Last attempt">${time(delivery.lastAttemptAt)}</td>
        <td data-label="Last status" class="num">${delivery.lastStatus ?? '—'}</td>
        <td data-label="Last error" class="wrap">${delivery.lastError || '—'}</td>
        <td data-label="Next attempt">${delivery.state === 'PENDING' ? time(delivery.nextAttemptAt) : '—'}</td>
        <td data-label="Delivered">${time(delivery.deliveredAt)}</td>
      </tr>`)}</tbody></table></div>${pager}`;
  }
}

customElements.define('mf-webhook-deliveries', WebhookDeliveries);
