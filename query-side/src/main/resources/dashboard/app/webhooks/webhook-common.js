// What the webhook views share: how a webhook's and a delivery's state read, and disabling and enabling a webhook.
import { html, nothing } from 'lit';
import { api } from '../common/api.js';
import { time } from '../common/format.js';

/** What disabling does, said where the button is and after it was pressed. */
export const DISABLE_RULE = 'Nothing more is sent to it: its pending deliveries are cancelled, and the events stored while it '
  + 'is disabled are never sent, even once it is enabled again.';

/** What enabling again does, said where the button is and after it was pressed. */
export const ENABLE_RULE = 'It gets the events stored from now on. Its cancelled deliveries stay cancelled, and the events '
  + 'stored while it was disabled are not sent.';

export function webhookState(webhook) {
  return html`<span class="badge webhook-${webhook.state.toLowerCase()}">${webhook.state.toLowerCase()}</span>`;
}

/** A disabled webhook's reason and since when; nothing for an active one. */
export function disabledReason(webhook) {
  if (webhook.state !== 'DISABLED') return nothing;
  return html`<div class="hint">since ${time(webhook.disabledAt)}</div>
    ${webhook.disabledReason ? html`<div class="field-error" data-testid="disabled-reason">${webhook.disabledReason}</div>` : nothing}`;
}

export function deliveryState(state) {
  return html`<span class="badge state-${state.toLowerCase()}">${state.toLowerCase()}</span>`;
}

/** Every engagement, or the ones it names. */
export function engagementsOf(webhook) {
  return webhook.engagements ? webhook.engagements.map((id) => html`<span class="id" title=${id}>${id.slice(0, 8)}</span> `)
    : 'every engagement';
}

/** POST /api/v1/webhooks/{id}/enable: the webhook as it is now, or an ApiError (409 when it cannot be enabled). */
export function enableAgain(webhookId) {
  return api(`/api/v1/webhooks/${encodeURIComponent(webhookId)}/enable`, { method: 'POST' });
}

/** POST /api/v1/webhooks/{id}/disable: the webhook as it is now, or an ApiError (409 when it is not active). */
export function disable(webhookId) {
  return api(`/api/v1/webhooks/${encodeURIComponent(webhookId)}/disable`, { method: 'POST' });
}
