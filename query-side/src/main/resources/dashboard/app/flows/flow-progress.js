// A flow's progress bar: finished phases over all the phases it pinned.
import { html } from 'lit';

export function progressBar(progress) {
  if (!progress) {
    return html`<span class="muted">—</span>`;
  }
  const label = `${progress.done} of ${progress.total} phases finished`;
  return html`<span class="progress">
    <progress max=${progress.total} .value=${progress.done} aria-label=${label} title=${label}></progress>
    <span class="progress-text">${progress.done}/${progress.total}</span>
  </span>`;
}
