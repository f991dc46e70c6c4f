// How times, durations and ids read on every view: local time in the browser's zone, UTC on hover.
import { html, nothing } from 'lit';

const LOCAL = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export function time(iso) {
  if (!iso) {
    return html`<span class="muted">—</span>`;
  }
  const at = new Date(iso);
  const utc = at.toISOString().replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');
  return html`<time datetime=${at.toISOString()} title=${utc}>${LOCAL.format(at)}</time>`;
}

export function duration(ms) {
  if (ms === null || ms === undefined) {
    return '—';
  }
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 2 : 1)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** The first block of a UUID, with the whole id on hover: enough to tell ids apart in a table. */
export function shortId(id) {
  return id ? html`<span class="id" title=${id}>${id.slice(0, 8)}</span>` : nothing;
}

export function percent(rate) {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)} %`;
}

export function statusBadge(status) {
  return html`<span class="badge status-${(status || '').toLowerCase()}">${status}</span>`;
}

/** An ISO instant from a date or datetime-local input (the browser's zone), or '' when empty. */
export function instantFromInput(value) {
  if (!value) return '';
  // a bare date would be read as UTC midnight; the user meant the start of that day where they are
  return new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00` : value).toISOString();
}

/** What a date input shows for an instant kept in the address: its day in the browser's zone. */
export function inputDate(instant) {
  return inputDateTime(instant).slice(0, 10);
}

/** What a datetime-local input shows for an instant kept in the address: the browser's local time. */
export function inputDateTime(instant) {
  if (!instant) return '';
  const at = new Date(instant);
  return Number.isNaN(at.getTime()) ? '' : new Date(at.getTime() - at.getTimezoneOffset() * 60000).toISOString().slice(0, 19);
}
