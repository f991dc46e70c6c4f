// Whether a view is following the live stream, announced politely to screen readers when it changes.
import { html } from 'lit';

const LABELS = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…', closed: 'Not live', off: 'Live updates off' };

export function liveIndicator(state) {
  return html`<span class="live live-${state}" role="status" data-testid="live">${LABELS[state] || state}</span>`;
}
