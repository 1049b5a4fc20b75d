import { Task } from '@lit/task';
import { css, html, LitElement } from 'lit';
import { may } from '../access.ts';
import { api, inspectionWorkbook, q, type AreaRates, type LevelMilestone, type Scope } from '../api.ts';
import type { AppContext } from '../context.ts';
import { ago, count, date, LEVEL_LABELS, percent } from '../format.ts';
import { errorText } from '../messages.ts';
import { daysBetween, periodBounds } from '../state.ts';
import { shared } from '../styles.ts';
import { navigate, stateView } from './navigate.ts';
import { scopeTitle } from './scope-title.ts';
import { gapsOf, registryWords, monthSpans, monthWords, pilotNote, unpublishedNote } from '../unpublished.ts';
import './cds-completeness.ts';

const AREAS = [['38', 'Toàn tỉnh'], ['province', 'Cấp tỉnh'], ['district', 'Cấp huyện'], ['commune', 'Cấp xã']] as const;
/** A national warehouse's areas: the country, and each level across it. */
/** A figure's card: a national one also says what the published provinces lack (national/schemas.ts). */
type CardFigure = AreaRates['area'] & { provinces_unpublished?: number; communes_unregistered?: number };

const NATIONAL_AREAS = [['VN', 'Toàn quốc'], ['province', 'Cấp tỉnh (cả nước)'], ['district', 'Cấp huyện (cả nước)'], ['commune', 'Cấp xã (cả nước)']] as const;

/** A period that ends before a level's milestone has only baseline figures (the directive did not yet apply). */
export function beforeMilestone(scope: Scope, milestone: string): boolean {
  return periodBounds(scope.period).to < milestone;
}

/** The province and each level against the 100 % target, the milestones, and how fresh the data is. */
export class CdsOverview extends LitElement {
  static override properties = { scope: { attribute: false }, ctx: { attribute: false } };
  declare scope: Scope;
  declare ctx: AppContext;

  static override styles = [shared, css`
    .rate { display: grid; grid-template-columns: minmax(6rem, 7.5rem) 1fr auto; gap: 0.5rem; align-items: center; margin: 0.35rem 0; }
    .bar { height: 0.9rem; background: #e5e7eb; border-radius: 4px; overflow: hidden; border: 1px solid #6b7280; }
    .bar > span { display: block; height: 100%; background: #0b4f9c; }
    .value { text-align: right; font-variant-numeric: tabular-nums; font-weight: 600; white-space: nowrap; }
    .card h3 { margin-top: 0; }
    .baseline { color: #7c2d12; background: #fff7ed; border-radius: 6px; padding: 0.25rem 0.5rem; }
    .downloads { display: flex; gap: 0.5rem 1rem; flex-wrap: wrap; }
    .grid { grid-template-columns: repeat(auto-fit, minmax(min(16rem, 100%), 1fr)); }
  `];

  #task = new Task(this, {
    task: async ([scope], { signal }) => {
      if (this.ctx.national) {
        // each province's counts as of its publication; no milestones of one province apply
        const areas = await Promise.all(NATIONAL_AREAS.map(async ([code]) => ({ baseline: false, milestone: '', rates: await api.area(scope, code, signal) })));
        return { areas, milestones: null };
      }
      const milestones = await api.milestones(scope.asOf, signal);
      const earliest = milestones.levels.map((l) => l.milestone).sort()[0] ?? '2000-01-01';
      const milestoneOf = (code: string) => (code === '38' ? earliest : milestones.levels.find((l) => l.level === code)?.milestone ?? earliest);
      // a period before a level's milestone shows that level's baseline, said so on its card
      const areas = await Promise.all(AREAS.map(async ([code]) => {
        const baseline = beforeMilestone(scope, milestoneOf(code));
        return { baseline, milestone: milestoneOf(code), rates: await api.area(scope, code, signal, baseline) };
      }));
      return { areas, milestones };
    },
    args: () => [this.scope] as const,
  });

  override render() {
    return this.#task.render({
      pending: () => html`<div class="state" role="status">Đang tải số liệu…</div>`,
      error: (e) => html`<div class="state error" role="alert">Không tải được số liệu: ${errorText(e)}</div>`,
      complete: ({ areas, milestones }) => milestones === null ? this.#national(areas.map((a) => a.rates.area)) : html`
        ${scopeTitle('Tổng quan', this.ctx, this.scope)}
        ${this.#freshness()}
        <div class="grid" id="areas">
          ${areas.map((a, i) => this.#card(AREAS[i]![1], a.rates.area, a.baseline ? a.milestone : null, this.#within(a.milestone)))}
        </div>
        <h3>Mốc thực hiện theo Chỉ thị 15/CT-UBND</h3>
        <div class="grid" id="milestones">${milestones.levels.map((l) => this.#milestone(l))}</div>
        ${this.#downloads()}`,
    });
  }

  /** A national warehouse: the country and each level across it, and the provinces that published. */
  #national(areas: CardFigure[]) {
    const n = this.ctx.national!;
    const f = this.ctx.freshness;
    return html`
      ${scopeTitle('Tổng quan toàn quốc', this.ctx, this.scope)}
      <p class="note" id="freshness">Tổng hợp từ số liệu công bố của ${count(n.provinces.length)} tỉnh, thành phố${n.expected < n.roster
        ? '' : html` (${count(n.roster - n.unpublished.length)}/${count(n.roster)} tỉnh, thành phố đã công bố)`}; bản công bố mới nhất ${ago(f.last_success_at)}${f.fresh_through ? html`; ngày chốt số liệu sớm nhất trong các bản công bố: <span class="nowrap">${date(f.fresh_through)}</span>` : ''}.</p>
      ${pilotNote(n, 'pilot')}
      ${unpublishedNote(n, this.scope, this.ctx.range.first_month, 'unpublished')}
      <div class="grid" id="areas">
        ${areas.map((a, i) => this.#card(NATIONAL_AREAS[i]![1], a, null, null))}
      </div>
      <h3>Các tỉnh, thành phố đã công bố số liệu</h3>
      <ul id="provinces">
        ${n.provinces.map((p) => {
          const gaps = gapsOf(p);
          const registry = registryWords(p);
          return html`<li>${p.name}: số liệu đến ngày ${date(p.as_of)}${p.first_month && p.last_month ? html`, từ tháng ${monthWords(p.first_month)} đến tháng ${monthWords(p.last_month)}` : ''}${gaps.length ? html`, <span class="bad">thiếu tháng ${monthSpans(gaps)}</span>` : ''}${registry ? html`; <span class="bad registry">${registry}</span>` : ''}</li>`;
        })}
      </ul>`;
  }

  #freshness() {
    const f = this.ctx.freshness;
    const sources = may.sources(this.ctx.user)
      ? html` <a href=${stateView({ view: 'sources' })} @click=${(e: Event) => navigate(e, { view: 'sources' })}>Xem nguồn dữ liệu</a>` : '';
    return html`<p class="note" id="freshness">
      Dữ liệu cập nhật ${ago(f.last_success_at)}${f.fresh_through ? html`; mọi nguồn đã gửi số liệu đến ngày <span class="nowrap">${date(f.fresh_through)}</span>` : ''}${f.stale ? html`; <span class="bad">${count(f.stale)} nguồn chưa cập nhật đúng hạn</span>` : ''}.${sources}
    </p>`;
  }

  /** Days since the milestone are counted to the end of the period shown, not to today. */
  #milestone(l: LevelMilestone) {
    const end = periodBounds(this.scope.period).to;
    const days = daysBetween(l.milestone, end);
    return html`<div class="card">
      <h3>${LEVEL_LABELS[l.level]}: từ ${date(l.milestone)}</h3>
      <p>${days >= 0
        ? html`Đến hết kỳ (${date(end)}) đã qua mốc <strong>${count(days)}</strong> ngày.`
        : html`<span class="baseline">Kỳ này trước mốc ${date(l.milestone)} — số liệu nền</span> (còn ${count(-days)} ngày đến mốc).`}</p>
      <p><strong>${count(l.units_full_compliance)}</strong>/${count(l.units)} đơn vị đạt 100${'\u00a0'}% gửi điện tử và ký số kể từ mốc${l.units_without_outgoing ? html` (<span class="muted">${count(l.units_without_outgoing)} đơn vị chưa có văn bản đi</span>)` : ''}.</p>
      <p class="muted">Trước mốc: gửi điện tử ${percent(l.baseline.sent_electronic_rate)}, ký số ${percent(l.baseline.signed_rate)}. Từ mốc: gửi điện tử ${percent(l.required.sent_electronic_rate)}, ký số ${percent(l.required.signed_rate)}.</p>
    </div>`;
  }

  /** The reports this account may take: staff all of them, an inspector its team's work list. */
  #downloads() {
    const u = this.ctx.user;
    if (!may.teams(u)) return '';
    const team = u.role === 'inspector' ? u.team ?? 0 : 'all';
    const monthly = (ext: string) => `/api/reports/monthly.${ext}?${q({ period: this.scope.period })}`;
    return html`<h3>Tải báo cáo</h3>
      <div class="downloads">
        ${may.monthlyReport(u) ? html`
          <a href=${monthly('xlsx')} download>Biểu số liệu cho Sở Kế hoạch và Đầu tư (Excel)</a>
          <a href=${monthly('csv')} download>Biểu số liệu (CSV)</a>` : ''}
        <a id="work-list" href=${inspectionWorkbook(team, this.scope)} download>${team === 'all' ? 'Danh sách kiểm tra (tất cả đơn vị)' : `Danh sách kiểm tra của tổ ${team}`} (Excel)</a>
      </div>
      ${team === 'all' && this.ctx.teams.length ? html`<p id="team-links">Các tổ công tác:
        ${this.ctx.teams.map((t, i) => html`${i ? ' · ' : ''}<a href=${stateView({ view: 'team', code: String(t.id) })} @click=${(e: Event) => navigate(e, { view: 'team', code: String(t.id) })}>${t.name}</a>`)}</p>` : ''}`;
  }

  /** A milestone that falls inside the period (after its first day): the figures count from it. */
  #within(milestone: string): string | null {
    const b = periodBounds(this.scope.period);
    return milestone > b.from && milestone <= b.to ? milestone : null;
  }

  /** c: a national figure also says how many provinces expected have not published (provinces_unpublished) */
  #card(title: string, c: CardFigure, baselineBefore: string | null, from: string | null) {
    const rate = (label: string, r: number | null) => html`
      <div class="rate">
        <span>${label}</span>
        <span class="bar" role="meter" aria-label=${`${label}: ${percent(r)} so với mục tiêu 100 %`} aria-valuemin="0" aria-valuemax="100" aria-valuenow=${r === null ? 0 : Math.round(r * 1000) / 10}><span style=${`width:${r === null ? 0 : r * 100}%`}></span></span>
        <span class="value">${percent(r)}</span>
      </div>`;
    return html`<div class="card">
      <h3>${title}</h3>
      ${baselineBefore ? html`<p class="baseline">Trước mốc ${date(baselineBefore)} — số liệu nền (chưa tính vào chỉ tiêu)</p>` : ''}
      ${from && title !== 'Toàn tỉnh' ? html`<p class="muted">Chỉ tính văn bản từ mốc ${date(from)}.</p>` : ''}
      ${c.units === 0 && c.out_total === 0 && c.quarantined_rows === 0 && !c.provinces_unpublished
        // no unit in force and due (the districts from 1/7/2025, a period before every milestone): nothing to be complete about
        ? html`<p class="muted no-units">Không có đơn vị phải thực hiện trong kỳ.</p>`
        : html`<cds-completeness .quarantined=${c.quarantined_rows} .withoutData=${c.units_without_data} .complete=${c.complete} .unknownUnit=${c.quarantined_rows_unknown_unit ?? 0} .provincesUnpublished=${c.provinces_unpublished ?? 0} .communesUnregistered=${c.communes_unregistered ?? 0}></cds-completeness>`}
      ${rate('Gửi điện tử', c.sent_electronic_rate)}
      ${rate('Ký số', c.signed_rate)}
      ${rate('Đúng hạn', c.on_time_rate)}
      ${rate('Nhận điện tử', c.received_electronic_rate)}
      ${rate('Xử lý trên mạng', c.processed_electronic_rate)}
      ${c.in_completed_unrecorded > 0 ? html`<p class="muted">${count(c.in_completed_unrecorded)} văn bản đến đã xử lý xong chưa được ghi nhận hình thức xử lý (không tính vào tỷ lệ xử lý trên mạng).</p>` : ''}
      <p class="muted">${count(c.out_total)} văn bản đi · ${count(c.in_on_time + c.in_late + c.in_pending)} văn bản đến có hạn · mục tiêu 100${'\u00a0'}%${c.secret_excluded ? html` · ${count(c.secret_excluded)} văn bản mật không tính` : ''}</p>
    </div>`;
  }
}
customElements.define('cds-overview', CdsOverview);
declare global {
  interface HTMLElementTagNameMap {
    'cds-overview': CdsOverview;
  }
}
