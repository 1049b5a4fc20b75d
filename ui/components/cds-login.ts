import { css, html, LitElement } from 'lit';
import { session } from '../api.ts';
import { errorText } from '../messages.ts';
import { shared } from '../styles.ts';

/** The sign-in form. Tells the app who signed in through a `cds-signed-in` event. */
export class CdsLogin extends LitElement {
  static override properties = { error: { state: true }, busy: { state: true } };
  declare error: string | null;
  declare busy: boolean;

  static override styles = [shared, css`
    form { max-width: 24rem; margin: 2rem auto; display: grid; gap: 0.75rem; }
    label { display: grid; gap: 0.25rem; font-weight: 600; }
    input { font: inherit; padding: 0.5rem; border: 1px solid #6b7280; border-radius: 6px; min-height: 2.5rem; }
    input:focus-visible { outline: 3px solid #f0a500; outline-offset: 2px; }
  `];

  constructor() {
    super();
    this.error = null;
    this.busy = false;
  }

  async #submit(e: SubmitEvent) {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    this.busy = true;
    this.error = null;
    try {
      const s = await session.signIn(String(form.get('username') ?? ''), String(form.get('password') ?? ''));
      this.dispatchEvent(new CustomEvent('cds-signed-in', { detail: s.user, bubbles: true, composed: true }));
    } catch (err) {
      // the catalogue's message of the code: wrong password, too many attempts, …
      this.error = errorText(err);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    return html`<form @submit=${this.#submit} aria-labelledby="login-title">
      <h2 id="login-title">Đăng nhập</h2>
      <label>Tên đăng nhập <input name="username" autocomplete="username" required /></label>
      <label>Mật khẩu <input name="password" type="password" autocomplete="current-password" required /></label>
      ${this.error ? html`<div class="state error" role="alert">${this.error}</div>` : ''}
      <button class="primary" type="submit" ?disabled=${this.busy}>${this.busy ? 'Đang đăng nhập…' : 'Đăng nhập'}</button>
    </form>`;
  }
}
customElements.define('cds-login', CdsLogin);
declare global {
  interface HTMLElementTagNameMap {
    'cds-login': CdsLogin;
  }
}
