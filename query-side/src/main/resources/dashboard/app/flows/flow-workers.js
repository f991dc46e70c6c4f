// The workers that worked or work on one flow, with their health and the tasks they hold on it.
import { html } from 'lit';
import { time } from '../common/format.js';
import { empty } from '../common/states.js';

export function workersTable(agents, flowId) {
  if (!agents.length) {
    return empty('No worker has claimed a task of this flow in the last 24 hours.');
  }
  return html`<div class="table-wrap"><table class="responsive">
    <thead><tr><th scope="col">Worker</th><th scope="col">Health</th><th scope="col">Tasks on this flow</th>
      <th scope="col">Last heartbeat</th><th scope="col">Last seen</th></tr></thead>
    <tbody>${agents.map((agent) => html`<tr>
      <td data-label="Worker"><code>${agent.workerId}</code></td>
      <td data-label="Health">${healthBadge(agent.health)}</td>
      <td data-label="Tasks">${(agent.currentTasks || []).filter((task) => !flowId || task.flowId === flowId)
        .map((task) => html`<div>${task.phase} #${task.attempt}</div>`)}</td>
      <td data-label="Last heartbeat">${time(agent.lastHeartbeatAt)}</td>
      <td data-label="Last seen">${time(agent.lastSeenAt)}</td>
    </tr>`)}</tbody></table></div>`;
}

export function healthBadge(health) {
  return html`<span class="badge health-${(health || '').toLowerCase()}">${health}</span>`;
}
