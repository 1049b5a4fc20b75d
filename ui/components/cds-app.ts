import { Task } from '@lit/task';
import { css, html, LitElement } from 'lit';
import { api, session, type SessionUser } from '../api.ts';
import { readState, stateToSearch, type State } from '../state.ts';
import { shared } from '../styles.ts';
import { navigate, stateView } from './navigate.ts';
import './cds-district.ts';
import './cds-login.ts';
import './cds-overview.ts';
import './cds-period-picker.ts';
import './cds-quarantine.ts';
import './cds-data-notes.ts';
import './cds-ranking.ts';
import './cds-sources.ts';
import './cds-unit.ts';

/**
 * The dashboard shell: header, navigation, period, and the view the URL names. The
 * default period is the last month with data.
 */
export class CdsApp extends LitElement {
  static override properties = { state: { state: true }, user: { state: true } };
  declare state: State | undefined;
  declare user: SessionUser | null | undefined;

  static override styles = [shared, css`
    header { background: #0b4f9c; color: #fff; padding: 0.75rem 1rem; display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; justify-content: space-between; }
    header .who { font-size: 0.95rem; display: flex; gap: 0.5rem; align-items: center; }
    header .who button { min-height: 2rem; padding: 0.2rem 0.6rem; }
    header h1 { font-size: 1.25rem; margin: 0; }
    header p { margin: 0.15rem 0 0; opacity: 0.9; font-size: 0.95rem; }
    nav.main { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; align-items: center; padding: 0.5rem 1rem; border-bottom: 1px solid #d1d5db; background: #f8fafc; }
    nav.main a { padding: 0.4rem 0.2rem; font-weight: 600; text-decoration: none; }
    nav.main a[aria-current='page'] { border-bottom: 3px solid #0b4f9c; }
    cds-period-picker { margin-left: auto; display: flex; gap: 0.5rem; align-items: center; flex-wrap: wrap; }
    main { padding: 1rem; max-width: 80rem; margin: 0 auto; }
  `];

  #session = new Task(this, {
    task: async () => {
      this.user = (await session.current()).user;
      return this.user;
    },
    args: () => [] as const,
  });
  #range = new Task(this, { task: ([user], { signal }) => (user ? api.range(signal) : Promise.resolve(null)), args: () => [this.user] as const });
  #onSignedIn = (e: Event) => {
    this.user = (e as CustomEvent<SessionUser>).detail;
  };

  #onPop = () => this.#sync();
  #onNavigate = (e: Event) => {
    const to = (e as CustomEvent<Partial<State>>).detail;
    const current = this.state!;
    const next: State = { ...current, page: 1, reason: null, ...to };
    if (to.period && !to.view) Object.assign(next, { view: current.view, code: current.code, reason: current.reason });
    history.pushState(null, '', stateToSearch(next));
    this.state = next;
    window.scrollTo(0, 0);
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('popstate', this.#onPop);
    this.addEventListener('cds-navigate', this.#onNavigate);
    this.addEventListener('cds-signed-in', this.#onSignedIn);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('popstate', this.#onPop);
    this.removeEventListener('cds-navigate', this.#onNavigate);
    this.removeEventListener('cds-signed-in', this.#onSignedIn);
  }

  async #signOut() {
    await session.signOut().catch(() => undefined);
    this.user = null;
  }

  #sync(defaultPeriod = this.state?.period ?? '') {
    this.state = readState(location.search, defaultPeriod);
  }

  override render() {
    return html`
      <header>
        <div>
          <h1>Giám sát thực hiện Chỉ thị 15/CT-UBND</h1>
          <p>Gửi, nhận, xử lý và ký số văn bản điện tử — tỉnh Thanh Hóa</p>
        </div>
        ${this.user ? html`<div class="who"><span>${this.user.username}</span><button id="sign-out" @click=${() => this.#signOut()}>Đăng xuất</button></div>` : ''}
      </header>
      ${this.#session.render({
        pending: () => html`<main><div class="state" role="status">Đang tải…</div></main>`,
        error: (e) => html`<main><div class="state error" role="alert">Không kết nối được máy chủ: ${(e as Error).message}</div></main>`,
        complete: () => (this.user ? this.#app() : html`<main><cds-login></cds-login></main>`),
      })}`;
  }

  #app() {
    return html`
      ${this.#range.render({
        pending: () => html`<main><div class="state" role="status">Đang tải…</div></main>`,
        error: (e) => html`<main><div class="state error" role="alert">Không kết nối được máy chủ: ${(e as Error).message}</div></main>`,
        complete: (range) => {
          if (!range) return html``;
          if (!range.last_month || !range.first_month) {
            return html`<main><div class="state">Chưa có dữ liệu. Hãy cấu hình nguồn dữ liệu hoặc nạp tệp xuất sổ văn bản.</div><cds-sources></cds-sources></main>`;
          }
          if (!this.state) this.#sync(range.last_month);
          const s = this.state!;
          const link = (view: State['view'], label: string) => html`<a href=${stateView({ view, code: null })} aria-current=${s.view === view ? 'page' : 'false'}
            @click=${(e: Event) => navigate(e, { view, code: null })}>${label}</a>`;
          return html`
            <nav class="main" aria-label="Chính">
              ${link('overview', 'Tổng quan')} ${link('ranking', 'Xếp hạng huyện')} ${link('sources', 'Nguồn dữ liệu')}
              ${this.user?.role === 'admin' ? link('quarantine', 'Dữ liệu lỗi') : ''}
              ${this.user?.role === 'admin' || this.user?.role === 'viewer' ? link('data-notes', 'Ô trống') : ''}
              <cds-period-picker .period=${s.period} .firstMonth=${range.first_month} .lastMonth=${range.last_month}></cds-period-picker>
            </nav>
            <main>${this.#view(s)}</main>`;
        },
      })}`;
  }

  #view(s: State) {
    switch (s.view) {
      case 'ranking': return html`<cds-ranking .period=${s.period}></cds-ranking>`;
      case 'district': return s.code ? html`<cds-district .period=${s.period} .code=${s.code}></cds-district>` : html`<cds-ranking .period=${s.period}></cds-ranking>`;
      case 'unit': return s.code ? html`<cds-unit .period=${s.period} .code=${s.code} .reason=${s.reason} .page=${s.page}></cds-unit>` : html`<cds-ranking .period=${s.period}></cds-ranking>`;
      case 'sources': return html`<cds-sources></cds-sources>`;
      case 'quarantine': return this.user?.role === 'admin'
        ? html`<cds-quarantine .unit=${s.code} .status=${s.reason} .page=${s.page}></cds-quarantine>`
        : html`<div class="state">Chỉ quản trị viên xem được dữ liệu lỗi.</div>`;
      case 'data-notes': return this.user?.role === 'admin' || this.user?.role === 'viewer'
        ? html`<cds-data-notes .period=${s.period} .unit=${s.code} .code=${s.reason} .page=${s.page}></cds-data-notes>`
        : html`<div class="state">Chỉ quản trị viên và cán bộ theo dõi xem được danh sách ô trống.</div>`;
      default: return html`<cds-overview .period=${s.period} .user=${this.user ?? null}></cds-overview>`;
    }
  }
}
customElements.define('cds-app', CdsApp);
declare global {
  interface HTMLElementTagNameMap {
    'cds-app': CdsApp;
  }
}
