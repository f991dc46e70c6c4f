// The views, their addresses and the roles that may open them (the same rules as the API's, so that a link the
// token cannot use is not offered).
import { html } from 'lit';

export const ROUTES = [
  {
    path: /^\/(flows)?$/, nav: 'Flows', href: '/', roles: ['flow-viewer', 'auditor'],
    load: () => import('../flows/flow-list.js'), render: () => html`<mf-flow-list></mf-flow-list>`,
  },
  {
    path: /^\/new$/, nav: 'New flow', href: '/new', roles: ['flow-operator'],
    load: () => import('../flows/new-flow.js'), render: () => html`<mf-new-flow></mf-new-flow>`,
  },
  {
    path: /^\/flows\/([^/]+)$/, roles: ['flow-viewer', 'auditor'],
    load: () => import('../flows/flow-detail.js'), render: (id) => html`<mf-flow-detail .flowId=${id}></mf-flow-detail>`,
  },
  {
    path: /^\/flows\/([^/]+)\/history$/, roles: ['auditor'],
    load: () => import('../history/flow-history.js'), render: (id) => html`<mf-flow-history .flowId=${id}></mf-flow-history>`,
  },
  {
    path: /^\/analytics$/, nav: 'Analytics', href: '/analytics', roles: ['flow-viewer', 'auditor'],
    load: () => import('../analytics/analytics-view.js'), render: () => html`<mf-analytics></mf-analytics>`,
  },
  {
    path: /^\/audit$/, nav: 'Audit trail', href: '/audit', roles: ['auditor'],
    load: () => import('../audit/audit-view.js'), render: () => html`<mf-audit></mf-audit>`,
  },
  {
    path: /^\/agents$/, nav: 'Agents', href: '/agents', roles: ['flow-viewer', 'worker'],
    load: () => import('../agents/agents-view.js'), render: () => html`<mf-agents></mf-agents>`,
  },
  {
    path: /^\/operations$/, nav: 'Operations', href: '/operations', roles: ['admin', 'platform-operator'],
    load: () => import('../operations/operations-view.js'), render: () => html`<mf-operations></mf-operations>`,
  },
  {
    path: /^\/webhooks$/, nav: 'Webhooks', href: '/webhooks', roles: ['admin'],
    load: () => import('../webhooks/webhooks-view.js'), render: () => html`<mf-webhooks></mf-webhooks>`,
  },
  {
    path: /^\/webhooks\/([^/]+)$/, roles: ['admin'],
    load: () => import('../webhooks/webhook-deliveries.js'),
    render: (id) => html`<mf-webhook-deliveries .webhookId=${id}></mf-webhook-deliveries>`,
  },
];

export function routeOf(pathname) {
  for (const route of ROUTES) {
    const match = route.path.exec(pathname);
    if (match) {
      return { route, argument: match[1] && match[1] !== 'flows' ? decodeURIComponent(match[1]) : undefined };
    }
  }
  return null;
}
