// Views render into the page itself (no shadow DOM), so the one stylesheet styles them all.
import { LitElement } from 'lit';

export class View extends LitElement {
  createRenderRoot() {
    return this;
  }
}
