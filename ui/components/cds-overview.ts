import { Task } from '@lit/task';
import { css, html, LitElement } from 'lit';
import { api, type AreaRates, type SessionUser } from '../api.ts';
import { ago, count, date, LEVEL_LABELS, percent, periodLabel } from '../format.ts';
import { shared } from '../styles.ts';
import { navigate, stateView } from './navigate.ts';
import './cds-completeness.ts';

const AREAS = [['38', 'Toàn tỉnh'], ['province', 'Cấp tỉnh'], ['district', 'Cấp huyện'], ['commune', 'Cấp xã']] as const;

/** The province and each level against the 100 % target, the milestones, and how fresh the data is. */
export class CdsOverview extends LitElement {
  static override properties = { period: {}, user: { attribute: false } };
  declare period: string;
  declare user: SessionUser | null;

  static override styles = [shared, css`
    .rate { display: grid; grid-template-columns: 7.5rem 1fr 4.5rem; gap: 0.5rem; align-items: center; margin: 0.35rem 0; }
    .bar { height: 0.9rem; background: #e5e7eb; border-radius: 4px; overflow: hidden; border: 1px solid #9ca3af; }
    .bar > span { display: block; height: 100%; background: #0b4f9c; }
    .value { text-align: right; font-variant-numeric: tabular-nums; font-weight: 600; }
    .card h3 { margin-top: 0; }
    .downloads { display: flex; gap: 0.5rem; flex-wrap: wrap; }
  `];

  #task = new Task(this, {
    task: async ([period], { signal }) => {
      const [areas, milestones, sources] = await Promise.all([
        Promise.all(AREAS.map(([code]) => api.area(period, code, signal))),
        api.milestones(signal),
        api.sources(signal),
      ]);
      return { areas, milestones, sources: sources.sources };
    },
    args: () => [this.period] as const,
  });

  override render() {
    return this.#task.render({
      pending: () => html`<div class="state" role="status">Đang tải số liệu…</div>`,
      error: (e) => html`<div class="state error" role="alert">Không tải được số liệu: ${(e as Error).message}</div>`,
      complete: ({ areas, milestones, sources }) => {
        const lastSuccess = sources.map((s) => s.last_success_at).filter(Boolean).sort().at(-1) ?? null;
        const stale = sources.filter((s) => s.stale && s.kind !== 'other');
        return html`
          <h2>Tổng quan — ${periodLabel(this.period)}</h2>
          <p class="note">
            Dữ liệu cập nhật ${ago(lastSuccess)}${stale.length ? html`; <span class="bad">${stale.length} nguồn chưa cập nhật đúng hạn</span>` : ''}.
            <a href=${stateView({ view: 'sources' })} @click=${(e: Event) => navigate(e, { view: 'sources' })}>Xem nguồn dữ liệu</a>
          </p>
          <div class="grid" id="areas">
            ${areas.map((a, i) => this.#card(AREAS[i]![1], a.area))}
          </div>
          <h3>Mốc thực hiện theo Chỉ thị 15/CT-UBND</h3>
          <div class="grid" id="milestones">
            ${milestones.levels.map((l) => {
              const days = Math.round((Date.parse(milestones.as_of) - Date.parse(l.milestone)) / 86_400_000);
              return html`<div class="card">
                <h3>${LEVEL_LABELS[l.level]}: từ ${date(l.milestone)}</h3>
                <p>${days >= 0 ? html`Đã qua mốc <strong>${count(days)}</strong> ngày.` : html`Còn <strong>${count(-days)}</strong> ngày đến mốc.`}</p>
                <p><strong>${count(l.units_full_compliance)}</strong>/${count(l.units)} đơn vị đạt 100 % gửi điện tử và ký số kể từ mốc${l.units_without_outgoing ? html` (<span class="muted">${count(l.units_without_outgoing)} đơn vị chưa có văn bản đi</span>)` : ''}.</p>
                <p class="muted">Trước mốc: gửi điện tử ${percent(l.baseline.sent_electronic_rate)}, ký số ${percent(l.baseline.signed_rate)}. Từ mốc: gửi điện tử ${percent(l.required.sent_electronic_rate)}, ký số ${percent(l.required.signed_rate)}.</p>
              </div>`;
            })}
          </div>
          ${this.#downloads()}`;
      },
    });
  }

  /** The reports this account may take: staff all of them, an inspector its team's work list. */
  #downloads() {
    const role = this.user?.role;
    if (role !== 'admin' && role !== 'viewer' && role !== 'inspector') return '';
    const team = role === 'inspector' ? String(this.user?.team) : 'all';
    return html`<h3>Tải báo cáo</h3>
      <div class="downloads">
        ${role !== 'inspector' ? html`
          <a href=${`/api/reports/monthly.xlsx?period=${this.period}`} download>Biểu số liệu cho Sở Kế hoạch và Đầu tư (Excel)</a>
          <a href=${`/api/reports/monthly.csv?period=${this.period}`} download>(CSV)</a>` : ''}
        <a href=${`/api/reports/inspection.xlsx?team=${team}&period=${this.period}`} download>${role === 'inspector' ? `Danh sách kiểm tra của tổ ${team}` : 'Danh sách kiểm tra (tất cả đơn vị)'} (Excel)</a>
      </div>`;
  }

  #card(title: string, c: AreaRates['area']) {
    const rate = (label: string, r: number | null) => html`
      <div class="rate">
        <span>${label}</span>
        <span class="bar" role="meter" aria-label=${`${label}: ${percent(r)} so với mục tiêu 100 %`} aria-valuemin="0" aria-valuemax="100" aria-valuenow=${r === null ? 0 : Math.round(r * 1000) / 10}><span style=${`width:${r === null ? 0 : r * 100}%`}></span></span>
        <span class="value">${percent(r)}</span>
      </div>`;
    return html`<div class="card">
      <h3>${title}</h3>
      <cds-completeness .quarantined=${c.quarantined_rows} .withoutData=${c.units_without_data} .complete=${c.complete} .unknownUnit=${c.quarantined_rows_unknown_unit}></cds-completeness>
      ${rate('Gửi điện tử', c.sent_electronic_rate)}
      ${rate('Ký số', c.signed_rate)}
      ${rate('Đúng hạn', c.on_time_rate)}
      <p class="muted">${count(c.out_total)} văn bản đi · ${count(c.in_on_time + c.in_late + c.in_pending)} văn bản đến có hạn · mục tiêu 100 %${c.secret_excluded ? html` · ${count(c.secret_excluded)} văn bản mật không tính` : ''}</p>
    </div>`;
  }
}
customElements.define('cds-overview', CdsOverview);
declare global {
  interface HTMLElementTagNameMap {
    'cds-overview': CdsOverview;
  }
}
