// Loading, empty and error states: every view shows one of these rather than a blank area.
import { html, nothing } from 'lit';

export function loading(what = 'Loading') {
  return html`<p class="state loading" role="status"><span class="spinner" aria-hidden="true"></span>${what}…</p>`;
}

export function empty(message, hint = nothing) {
  return html`<div class="state empty" role="status"><p>${message}</p>${hint}</div>`;
}

/** An API error as its problem+json says it; 404 reads the same for a missing flow and another tenant's. */
export function failure(error, retry) {
  const status = error?.status;
  const title = status === 404 ? 'Not found' : status === 403 ? 'Not allowed' : status === 409 ? 'Refused' : 'Something went wrong';
  return html`<div class="state error" role="alert">
    <p><strong>${title}.</strong> ${error?.detail || error?.message || String(error)}</p>
    ${retry ? html`<button type="button" class="secondary" @click=${retry}>Try again</button>` : nothing}
  </div>`;
}

/** A message under a form field, tied to it by id for screen readers. */
export function fieldError(id, message) {
  return message ? html`<p class="field-error" id=${id}>${message}</p>` : nothing;
}
