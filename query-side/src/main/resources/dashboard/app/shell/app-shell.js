// The frame of every view: the header (who is signed in, with which account, engagements and roles), the
// navigation the token's roles allow, sign-out, and the view the address names.
import { html, nothing } from 'lit';
import { View } from '../common/view.js';
import { empty } from '../common/states.js';
import { onNavigate } from '../common/router.js';
import { hasRole, onSessionChange, session, signOut } from './session.js';
import { ROUTES, routeOf } from './routes.js';
import './sign-in.js';

class AppShell extends View {
  static properties = {
    loaded: { state: true },
  };

  constructor() {
    super();
    this.loaded = new Set();
  }

  createRenderRoot() {
    // the page's "Loading" placeholder goes once the shell renders
    this.replaceChildren();
    return this;
  }

  connectedCallback() {
    super.connectedCallback();
    this.unsubscribe = [onSessionChange(() => this.requestUpdate()), onNavigate(() => this.changedAddress())];
    this.changedAddress();
  }

  disconnectedCallback() {
    this.unsubscribe.forEach((stop) => stop());
    super.disconnectedCallback();
  }

  changedAddress() {
    const found = routeOf(location.pathname);
    if (found && !this.loaded.has(found.route)) {
      found.route.load().then(() => {
        this.loaded = new Set(this.loaded).add(found.route);
      });
    }
    this.requestUpdate();
    // a new view moves focus to the main region, as a page load would, for keyboard and screen-reader users (the
    // region stays while the view loads; its heading may still change)
    this.updateComplete.then(() => {
      if (this.navigated) this.querySelector('main')?.focus({ preventScroll: true });
      this.navigated = true;
    });
  }

  render() {
    const current = session();
    if (!current) {
      return html`<mf-sign-in></mf-sign-in>`;
    }
    const found = routeOf(location.pathname);
    return html`
      <a class="skip" href="#main">Skip to content</a>
      <header class="top">
        <a class="brand" href="/">masterflow</a>
        <nav aria-label="Views">
          <ul>
            ${ROUTES.filter((route) => route.nav && hasRole(...route.roles)).map((route) => html`
              <li><a href=${route.href} aria-current=${found?.route === route ? 'page' : nothing}>${route.nav}</a></li>`)}
          </ul>
        </nav>
        <div class="who">
          <dl>
            <div><dt>User</dt><dd data-testid="user">${current.user}</dd></div>
            <div><dt>Account</dt><dd>${current.account
              ? html`<span class="id" title=${current.account}>${current.account}</span>`
              : html`<span class="muted">none: the platform's operator</span>`}</dd></div>
            <div><dt>Engagements</dt><dd>${current.engagements.includes('*') ? 'all' : current.engagements.map((id) => html`<span class="id" title=${id}>${id.slice(0, 8)}</span> `)}</dd></div>
            <div><dt>Roles</dt><dd>${current.roles.join(', ')}</dd></div>
          </dl>
          <button type="button" class="secondary" @click=${() => signOut()}>Sign out</button>
        </div>
      </header>
      <main id="main" tabindex="-1">${this.view(found)}</main>`;
  }

  view(found) {
    if (!found) {
      return html`<h1 tabindex="-1">Not found</h1>${empty('The dashboard has no view at this address.', html`<a href="/">Go to the flows</a>`)}`;
    }
    if (!hasRole(...found.route.roles)) {
      return html`<h1 tabindex="-1">Not available</h1>
        ${empty(`This view needs one of the roles ${found.route.roles.join(', ')}; the token has ${session().roles.join(', ') || 'none'}.`)}`;
    }
    if (!this.loaded.has(found.route)) {
      return nothing;
    }
    return found.route.render(found.argument);
  }
}

customElements.define('mf-app', AppShell);
