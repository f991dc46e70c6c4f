// Sign-in: paste a bearer token. Why the last session ended (expired, refused by the server) is shown here.
import { html, nothing } from 'lit';
import { View } from '../common/view.js';
import { lastSignOutReason, signIn } from './session.js';

class SignIn extends View {
  static properties = {
    error: { state: true },
  };

  constructor() {
    super();
    this.error = null;
  }

  submit(event) {
    event.preventDefault();
    this.error = signIn(new FormData(event.target).get('token'));
  }

  render() {
    const reason = this.error || lastSignOutReason();
    return html`
      <main id="main" class="sign-in">
        <h1>masterflow</h1>
        <p>Sign in with a bearer token. The quickstart prints a link that signs in with its demo token; other tokens
          come from <code>java -jar masterflow.jar token</code> or your identity provider.</p>
        ${reason ? html`<p class="state error" role="alert" id="sign-in-reason">${reason}</p>` : nothing}
        <form @submit=${this.submit}>
          <label for="token">Bearer token</label>
          <textarea id="token" name="token" rows="4" required autocomplete="off" spellcheck="false"
                    aria-describedby=${reason ? 'sign-in-reason token-help' : 'token-help'}></textarea>
          <p id="token-help" class="hint">Kept in this browser tab only, until you sign out or close the tab.</p>
          <button type="submit">Sign in</button>
        </form>
      </main>`;
  }
}

customElements.define('mf-sign-in', SignIn);
