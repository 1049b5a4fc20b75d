import { Task, TaskStatus } from '@lit/task';
import { css, html, LitElement } from 'lit';
import { homeView, may, mayOpen } from '../access.ts';
import { api, session, type Scope, type SessionUser, type Unit } from '../api.ts';
import { makeContext, onMap, type AppContext } from '../context.ts';
import { errorText } from '../messages.ts';
import { defaultAsOf, defaultPeriod, periodBounds, readState, stateToSearch, todayInVietnam, type State } from '../state.ts';
import { shared } from '../styles.ts';
import { navigate, stateView } from './navigate.ts';
import './cds-district.ts';
import './cds-login.ts';
import './cds-map.ts';
import './cds-overview.ts';
import './cds-alert-rules.ts';
import './cds-outbox.ts';
import './cds-subscriptions.ts';
import './cds-own-unit.ts';
import './cds-period-picker.ts';
import './cds-quarantine.ts';
import './cds-data-notes.ts';
import './cds-ranking.ts';
import './cds-sources.ts';
import './cds-team.ts';
import './cds-unit.ts';

const ROLE_WORDS: Record<string, string> = { admin: 'quản trị', viewer: 'theo dõi', inspector: 'tổ công tác', unit: 'đơn vị' };

/**
 * The dashboard shell: header, navigation, period and cut-off, and the view the URL names.
 * The default period is the last month with data; the default view the account's own
 * page (a unit its unit, an inspector its team, staff the overview). It offers only the
 * views the account's role may use (ui/access.ts).
 */
export class CdsApp extends LitElement {
  static override properties = { state: { state: true }, user: { state: true }, national: { state: true } };
  declare state: State | undefined;
  declare user: SessionUser | null | undefined;
  /** serving a national warehouse (its data range says so) */
  declare national: boolean;

  static override styles = [shared, css`
    header { background: #0b4f9c; color: #fff; padding: 0.75rem 1rem; display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; justify-content: space-between; }
    header .who { font-size: 0.95rem; display: flex; gap: 0.5rem; align-items: center; flex-wrap: wrap; }
    header .who button { min-height: 2rem; padding: 0.2rem 0.6rem; }
    header h1 { font-size: 1.25rem; margin: 0; }
    header p { margin: 0.15rem 0 0; opacity: 0.95; font-size: 0.95rem; }
    nav.main { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; align-items: center; padding: 0.5rem 1rem; border-bottom: 1px solid #d1d5db; background: #f8fafc; }
    nav.main a { padding: 0.4rem 0.2rem; font-weight: 600; text-decoration: none; }
    nav.main a[aria-current='page'] { border-bottom: 3px solid #0b4f9c; }
    cds-period-picker { margin-left: auto; display: flex; gap: 0.5rem; align-items: center; flex-wrap: wrap; }
    main { padding: 1rem; max-width: 80rem; margin: 0 auto; }
    @media (max-width: 40rem) { cds-period-picker { margin-left: 0; } main { padding: 0.75rem; } }
  `];

  #session = new Task(this, {
    task: async () => {
      this.user = (await session.current()).user;
      return this.user;
    },
    args: () => [] as const,
  });
  /** what every view shares, loaded once per account (ui/context.ts) */
  #context = new Task(this, {
    task: async ([user], { signal }) => {
      if (!user) return null;
      const [range, fresh, units] = await Promise.all([api.range(signal), api.freshness(signal), api.units(signal)]);
      // a national warehouse has no teams nor frozen reports: its provinces are its units
      const national = range.national !== undefined;
      this.national = national;
      const [teams, freezes] = await Promise.all([
        may.teams(user) && !national ? api.teams(signal) : Promise.resolve({ teams: [] }),
        may.freezes(user) && !national ? api.freezes(signal) : Promise.resolve(null),
      ]);
      return makeContext(user, units.units, teams.teams, range, fresh, freezes?.freezes ?? null);
    },
    args: () => [this.user] as const,
  });
  /** the units of each period's map, by its last day, fetched once (GET /api/units?as_of=) */
  #maps = new Map<string, Promise<Unit[]>>();
  /**
   * The selected period's map (issue 17): the views' unit lists and names follow it (a 2025
   * commune reusing an old code is named as in 2025 from July 2025, as the old commune before).
   */
  #map = new Task(this, {
    task: async ([ctx, period]) => {
      if (!ctx || !period || ctx.national) return null;
      const to = periodBounds(period).to;
      let units = this.#maps.get(to);
      if (!units) {
        units = api.unitsAt(to).then((r) => r.units);
        this.#maps.set(to, units);
        units.catch(() => this.#maps.delete(to));
      }
      return { to, units: await units };
    },
    args: () => [this.#context.value, this.state?.period] as const,
  });
  #onSignedIn = (e: Event) => {
    this.state = undefined;
    this.user = (e as CustomEvent<SessionUser>).detail;
  };

  #onPop = () => this.#sync();
  #onNavigate = (e: Event) => {
    const to = (e as CustomEvent<Partial<State>>).detail;
    const current = this.state!;
    const next: State = { ...current, page: 1, reason: null, ...to };
    // a new period starts at its own default cut-off; period and cut-off keep the view
    if ('period' in to && !('asOf' in to)) next.asOf = null;
    if ((to.period || 'asOf' in to) && !to.view) Object.assign(next, { view: current.view, code: current.code, reason: current.reason, page: current.page });
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
    this.state = undefined;
    history.replaceState(null, '', location.pathname);
    this.user = null;
  }

  #sync(defaultPeriod = this.state?.period ?? '') {
    this.state = readState(location.search, defaultPeriod, this.user ? homeView(this.user) : 'overview');
  }

  override render() {
    return html`
      <header>
        <div>
          <h1>Giám sát thực hiện Chỉ thị 15/CT-UBND</h1>
          <p>Gửi, nhận, xử lý và ký số văn bản điện tử — ${this.national ? 'tổng hợp toàn quốc' : 'tỉnh Thanh Hóa'}</p>
        </div>
        ${this.user ? html`<div class="who"><span>${this.user.username} <span class="sr-only">(tài khoản ${ROLE_WORDS[this.user.role] ?? ''})</span></span><button id="sign-out" @click=${() => this.#signOut()}>Đăng xuất</button></div>` : ''}
      </header>
      ${this.#session.render({
        pending: () => html`<main><div class="state" role="status">Đang tải…</div></main>`,
        error: (e) => html`<main><div class="state error" role="alert">${errorText(e)}</div></main>`,
        complete: () => (this.user ? this.#app() : html`<main><cds-login></cds-login></main>`),
      })}`;
  }

  #app() {
    return this.#context.render({
      pending: () => html`<main><div class="state" role="status">Đang tải…</div></main>`,
      error: (e) => html`<main><div class="state error" role="alert">Không tải được số liệu: ${errorText(e)}</div></main>`,
      complete: (ctx) => {
        if (!ctx) return html``;
        const range = ctx.range;
        if (!range.last_month || !range.first_month) {
          return html`<main><div class="state">Chưa có dữ liệu.${may.sources(ctx.user) ? ' Hãy cấu hình nguồn dữ liệu hoặc nạp tệp xuất sổ văn bản.' : ''}</div>
            ${may.sources(ctx.user) ? html`<cds-sources></cds-sources>` : ''}</main>`;
        }
        if (!this.state) {
          this.#sync(defaultPeriod(range.first_month, range.last_month, ctx.freshThrough));
          // the URL names the view the account landed on: a link to it reproduces it
          history.replaceState(null, '', stateToSearch(this.state!));
        }
        const s = this.state!;
        const scope: Scope = { period: s.period, asOf: s.asOf ?? defaultAsOf(s.period, todayInVietnam(), ctx.freshThrough) };
        const u = ctx.user;
        const link = (view: State['view'], label: string, code: string | null = null) => html`<a href=${stateView({ view, code })} aria-current=${s.view === view ? 'page' : 'false'}
          @click=${(e: Event) => navigate(e, { view, code })}>${label}</a>`;
        const team = u.role === 'inspector' ? ctx.teams.find((t) => t.id === u.team) : undefined;
        if (ctx.national) {
          // a national warehouse: the country's overview and the provinces' ranking
          return html`
            <nav class="main" aria-label="Chính">
              ${link('overview', 'Tổng quan')} ${link('ranking', 'Xếp hạng')}
              <cds-period-picker .period=${s.period} .asOf=${scope.asOf} .chosen=${s.asOf !== null}
                .firstMonth=${range.first_month} .lastMonth=${range.last_month}></cds-period-picker>
            </nav>
            <main>${s.view === 'ranking' ? html`<cds-ranking .scope=${scope} .ctx=${ctx}></cds-ranking>` : html`<cds-overview .scope=${scope} .ctx=${ctx}></cds-overview>`}</main>`;
        }
        return html`
          <nav class="main" aria-label="Chính">
            ${u.role === 'unit' && u.unit ? link('mine', 'Đơn vị của tôi') : ''}
            ${team ? link('team', team.name, String(team.id)) : ''}
            ${link('overview', 'Tổng quan')} ${link('ranking', 'Xếp hạng')} ${link('map', 'Bản đồ')}
            ${may.sources(u) ? link('sources', 'Nguồn dữ liệu') : ''}
            ${may.quarantine(u) ? link('quarantine', 'Dữ liệu lỗi') : ''}
            ${may.dataNotes(u) ? link('data-notes', 'Ô trống') : ''}
            ${may.alertRules(u) ? link('alert-rules', 'Cảnh báo') : ''}
            ${may.outbox(u) ? link('outbox', 'Hộp thư đi') : ''}
            ${link('subscriptions', 'Nhận tin')}
            <cds-period-picker .period=${s.period} .asOf=${scope.asOf} .chosen=${s.asOf !== null}
              .firstMonth=${range.first_month} .lastMonth=${range.last_month}></cds-period-picker>
          </nav>
          <main>${this.#onPeriodMap(ctx, s, (mapped) => this.#view(s, mapped, scope))}</main>`;
      },
    });
  }

  /** Renders a view with the context on the selected period's map, once it is loaded. */
  #onPeriodMap(ctx: AppContext, s: State, view: (ctx: AppContext) => unknown) {
    const map = this.#map.value;
    if (map && map.to === periodBounds(s.period).to) return view(onMap(ctx, map.units));
    if (this.#map.status === TaskStatus.COMPLETE && map === null) return view(ctx);
    if (this.#map.status === TaskStatus.ERROR) return html`<div class="state error" role="alert">Không tải được danh mục đơn vị của kỳ: ${errorText(this.#map.error)}</div>`;
    return html`<div class="state" role="status">Đang tải…</div>`;
  }

  #view(s: State, ctx: AppContext, scope: Scope) {
    if (!mayOpen(ctx.user, s.view)) {
      return html`<h2>Trang không dành cho tài khoản của bạn</h2><div class="state">Trang này không dành cho tài khoản của bạn.
        <a href=${stateView({ view: homeView(ctx.user), code: null })} @click=${(e: Event) => navigate(e, { view: homeView(ctx.user), code: null })}>Về trang đầu</a></div>`;
    }
    const ranking = html`<cds-ranking .scope=${scope} .ctx=${ctx}></cds-ranking>`;
    switch (s.view) {
      case 'mine': return html`<cds-own-unit .scope=${scope} .ctx=${ctx} .code=${ctx.user.unit}></cds-own-unit>`;
      case 'team': return html`<cds-team .scope=${scope} .ctx=${ctx} .team=${Number(s.code ?? ctx.user.team ?? 1)}></cds-team>`;
      case 'ranking': return ranking;
      case 'map': return html`<cds-map .scope=${scope} .ctx=${ctx}></cds-map>`;
      case 'district': return s.code ? html`<cds-district .scope=${scope} .ctx=${ctx} .code=${s.code}></cds-district>` : ranking;
      case 'unit': return s.code ? html`<cds-unit .scope=${scope} .ctx=${ctx} .code=${s.code} .reason=${s.reason} .page=${s.page}></cds-unit>` : ranking;
      case 'sources': return html`<cds-sources></cds-sources>`;
      case 'quarantine': return html`<cds-quarantine .unit=${s.code} .status=${s.reason} .page=${s.page}></cds-quarantine>`;
      case 'alert-rules': return html`<cds-alert-rules></cds-alert-rules>`;
      case 'outbox': return html`<cds-outbox></cds-outbox>`;
      case 'subscriptions': return html`<cds-subscriptions .user=${ctx.user}></cds-subscriptions>`;
      case 'data-notes': return html`<cds-data-notes .period=${s.period} .unit=${s.code} .code=${s.reason} .page=${s.page}></cds-data-notes>`;
      default: return html`<cds-overview .scope=${scope} .ctx=${ctx}></cds-overview>`;
    }
  }
}
customElements.define('cds-app', CdsApp);
declare global {
  interface HTMLElementTagNameMap {
    'cds-app': CdsApp;
  }
}
