// Workers heard of in the last 24 hours: health (HEALTHY, LATE, SILENT), the tasks they hold and their last heartbeat.
// Health moves with time alone, so the view reads the list again every few seconds while it is open.
import { html } from 'lit';
import { View } from '../common/view.js';
import { api } from '../common/api.js';
import { empty, failure, loading } from '../common/states.js';
import { shortId, time } from '../common/format.js';
import { healthBadge } from '../flows/flow-workers.js';

const REFRESH_MS = 5000;

class AgentsView extends View {
  static properties = {
    state: { state: true },
    agents: { state: true },
    error: { state: true },
  };

  constructor() {
    super();
    this.state = 'loading';
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
    this.timer = setInterval(() => this.load(), REFRESH_MS);
  }

  disconnectedCallback() {
    clearInterval(this.timer);
    super.disconnectedCallback();
  }

  async load() {
    try {
      this.agents = (await api('/api/v1/agents')).agents;
      this.state = 'ready';
    } catch (error) {
      this.error = error;
      this.state = 'error';
    }
  }

  render() {
    return html`<h1 tabindex="-1">Agents</h1>
      <p class="hint">Healthy: heard of within one lease. Late: silent for longer, its leases have run out. Silent: for more than three leases.</p>
      ${this.body()}`;
  }

  body() {
    if (this.state === 'loading') return loading('Loading the workers');
    if (this.state === 'error') return failure(this.error, () => this.load());
    if (!this.agents.length) return empty('No worker has claimed a task in the last 24 hours.');
    return html`<div class="table-wrap"><table class="responsive agents">
      <thead><tr><th scope="col">Worker</th><th scope="col">User</th><th scope="col">Health</th><th scope="col">Current tasks</th>
        <th scope="col">Last heartbeat</th><th scope="col">Last seen</th><th scope="col">First seen</th></tr></thead>
      <tbody>${this.agents.map((agent) => html`<tr data-worker=${agent.workerId}>
        <td data-label="Worker"><code>${agent.workerId}</code></td>
        <td data-label="User">${agent.userId}</td>
        <td data-label="Health">${healthBadge(agent.health)}</td>
        <td data-label="Current tasks">${agent.currentTasks.length ? agent.currentTasks.map((task) => html`<div>
          <a href=${`/flows/${task.flowId}`}>${shortId(task.flowId)}</a> ${task.flowType} · ${task.phase} #${task.attempt},
          lease until ${time(task.leaseExpiresAt)}</div>`) : html`<span class="muted">none</span>`}</td>
        <td data-label="Last heartbeat">${time(agent.lastHeartbeatAt)}</td>
        <td data-label="Last seen">${time(agent.lastSeenAt)}</td>
        <td data-label="First seen">${time(agent.firstSeenAt)}</td>
      </tr>`)}</tbody></table></div>`;
  }
}

customElements.define('mf-agents', AgentsView);
