// An archived flow: its events left the event store for an archive file (masterflow-migrate --archive), and the API
// answers 410 with when, under which retention rule and into which file. The page says so in words, with the command
// that brings the flow back, instead of an error to try again; it offers no action, since every command on the flow
// is refused with the same 410 until it is restored.
import { html, nothing } from 'lit';
import { time } from '../common/format.js';
import { hasRole } from '../shell/session.js';

/** Whether an API error is the answer for an archived flow: a 410 that says where the archive is. */
export function isArchived(error) {
  return error?.status === 410 && Boolean(error.problem?.archiveLocation);
}

/** What the page shows of an archived flow, under the view's own heading. */
export function archivedFlow(flowId, error) {
  const { archivedAt, rule, archiveLocation } = error.problem;
  return html`<section class="panel archived" data-testid="archived" aria-labelledby="archived-title">
      <h2 id="archived-title">This flow was archived</h2>
      <p>Its retention period ended, so its events were moved out of masterflow into an archive file. It is no longer
        listed, shown or changed here, and takes no action until it is restored.</p>
      <dl class="facts">
        <div><dt>Flow id</dt><dd><span class="id">${flowId}</span></dd></div>
        <div><dt>Archived</dt><dd data-testid="archived-at">${time(archivedAt)}</dd></div>
        <div><dt>Retention rule</dt><dd data-testid="archived-rule"><code>${rule}</code> <span class="muted">(${ruleMeaning(rule)})</span></dd></div>
        <div><dt>Archive file</dt><dd data-testid="archive-location"><code>${archiveLocation}</code></dd></div>
      </dl>
      <h3>Restoring it</h3>
      <p>An operator who can reach the event store's database runs the migration tool on that file, on the machine that
        holds it:</p>
      <pre data-testid="restore-command"><code>masterflow-migrate --restore-archive ${archiveLocation} --target-url jdbc:postgresql://HOST:5432/DATABASE</code></pre>
      <p class="hint">This brings back every flow of the file (the account's flows archived that day), each as it was
        when archived; a flow already back is left as it is. The flow shows here again once the read models have caught up.</p>
    </section>
    <p><a href="/">Back to the flows</a>${hasRole('auditor')
      ? html` · <a href=${`/audit?flowId=${encodeURIComponent(flowId)}`}>its entries in the audit trail</a>` : nothing}</p>`;
}

/** `planning=30` or `*=30`, in words. */
function ruleMeaning(rule) {
  const [type, days] = String(rule).split('=');
  const which = type === '*' ? 'flows of a type without a rule of its own' : `${type} flows`;
  return days === undefined ? 'as the archival named it' : `${which} are kept ${days} days after they finish or are deleted`;
}
