import { Task } from '@lit/task';
import { css, html, LitElement } from 'lit';
import { inScope } from '../access.ts';
import { api, inspectionWorkbook, type Scope, type UnitRates } from '../api.ts';
import type { AppContext } from '../context.ts';
import { count, LEVEL_LABELS, percent } from '../format.ts';
import { errorText } from '../messages.ts';
import { byPriority, meetsTarget, score, shortfalls } from '../priority.ts';
import { shared } from '../styles.ts';
import type { Column } from './cds-data-table.ts';
import { navigate, stateView } from './navigate.ts';
import { scopeTitle } from './scope-title.ts';
import './cds-completeness.ts';
import './cds-data-table.ts';

type Row = UnitRates & { order: number; shortfalls: number; score: number | null };

/**
 * An inspection team's page (an inspector's first page): its units — provincial bodies,
 * district People's Committees and their communes — in priority order (ui/priority.ts),
 * each with its figures and a link to its documents, and the team's work list to download.
 */
export class CdsTeam extends LitElement {
  static override properties = { scope: { attribute: false }, ctx: { attribute: false }, team: { type: Number } };
  declare scope: Scope;
  declare ctx: AppContext;
  declare team: number;

  static override styles = [shared, css`
    .downloads { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; margin: 0.5rem 0 1rem; }
    a.button { display: inline-block; padding: 0.5rem 0.9rem; border-radius: 6px; background: #0b4f9c; color: #fff; font-weight: 600; text-decoration: none; }
    a.button:focus-visible { outline: 3px solid #f0a500; outline-offset: 2px; }
  `];

  #task = new Task(this, {
    task: async ([scope, team], { signal }) => {
      const t = this.ctx.teams.find((x) => x.id === team);
      if (!t) return null;
      const codes = new Set(t.unit_codes);
      const levels = await Promise.all((['province', 'district', 'commune'] as const).map((l) => api.unitsOfLevel(scope, l, signal)));
      const rows = levels.flat().filter((u) => codes.has(u.code)).map((u) => ({ ...u, shortfalls: shortfalls(u), score: score(u), order: 0 }));
      rows.sort(byPriority).forEach((r, i) => { r.order = i + 1; });
      return { team: t, rows };
    },
    args: () => [this.scope, this.team] as const,
  });

  #columns: Column<Row>[] = [
    { key: 'order', label: 'Thứ tự', type: 'integer', value: (r) => r.order },
    { key: 'name', label: 'Đơn vị', value: (r) => r.name, cell: (r) => html`${inScope(this.ctx.documents, r.code)
      ? html`<a href=${stateView({ view: 'unit', code: r.code })} @click=${(e: Event) => navigate(e, { view: 'unit', code: r.code })}>${r.name}</a>` : r.name}<br><span class="muted">${this.#where(r)}</span>` },
    { key: 'code', label: 'Mã đơn vị', exportOnly: true, value: (r) => r.code },
    { key: 'level', label: 'Cấp', exportOnly: true, value: (r) => LEVEL_LABELS[r.level] ?? r.level },
    { key: 'district', label: 'Thuộc huyện', exportOnly: true, value: (r) => (r.level === 'commune' ? this.ctx.unitsByCode.get(r.parent_code)?.name ?? r.parent_code : null) },
    { key: 'shortfalls', label: 'Lượt chưa đạt', type: 'integer', value: (r) => r.shortfalls, cell: (r) => count(r.shortfalls) },
    { key: 'paper', label: 'Gửi giấy', type: 'integer', value: (r) => r.out_total - r.out_electronic, cell: (r) => count(r.out_total - r.out_electronic) },
    { key: 'unsigned', label: 'Chưa ký số', type: 'integer', value: (r) => r.out_total - r.out_signed, cell: (r) => count(r.out_total - r.out_signed) },
    { key: 'late', label: 'Quá hạn', type: 'integer', value: (r) => r.in_late, cell: (r) => count(r.in_late) },
    { key: 'score', label: 'Điểm', type: 'percent', value: (r) => r.score, cell: (r) => percent(r.score, 2) },
    { key: 'sent', label: 'Gửi điện tử', exportOnly: true, type: 'percent', value: (r) => r.sent_electronic_rate, cell: (r) => percent(r.sent_electronic_rate) },
    { key: 'signed', label: 'Ký số', exportOnly: true, type: 'percent', value: (r) => r.signed_rate, cell: (r) => percent(r.signed_rate) },
    { key: 'ontime', label: 'Đúng hạn', exportOnly: true, type: 'percent', value: (r) => r.on_time_rate, cell: (r) => percent(r.on_time_rate) },
    { key: 'complete', label: 'Dữ liệu', value: (r) => (r.complete ? 'Đủ dữ liệu' : 'Chưa đủ dữ liệu'),
      cell: (r) => html`<cds-completeness compact .quarantined=${r.quarantined_rows} .withoutData=${r.units_without_data} .complete=${r.complete}></cds-completeness>` },
  ];

  #where(r: UnitRates): string {
    if (r.level !== 'commune') return LEVEL_LABELS[r.level] ?? r.level;
    return `Cấp xã, ${this.ctx.unitsByCode.get(r.parent_code)?.short_name ?? r.parent_code}`;
  }

  override render() {
    return this.#task.render({
      pending: () => html`<div class="state" role="status">Đang tải số liệu của tổ…</div>`,
      error: (e) => html`<div class="state error" role="alert">Không tải được số liệu của tổ: ${errorText(e)}</div>`,
      complete: (r) => {
        if (!r) return html`<div class="state">Không có tổ công tác này.</div>`;
        const below = r.rows.filter((x) => !meetsTarget(x) && x.score !== null).length;
        const noData = r.rows.filter((x) => x.score === null).length;
        return html`
          ${scopeTitle(r.team.name, this.ctx, this.scope)}
          <p class="note">${r.team.lead}. ${count(r.rows.length)} đơn vị: ${count(below)} đơn vị chưa đạt 100${'\u00a0'}% ở ít nhất một tỷ lệ${noData ? `, ${count(noData)} đơn vị chưa có dữ liệu` : ''}.</p>
          <div class="downloads">
            <a id="work-list" class="button" href=${inspectionWorkbook(r.team.id, this.scope)} download>Tải danh sách kiểm tra của tổ (Excel)</a>
            <span class="muted">Các văn bản chưa đạt của từng đơn vị, với cột để tổ ghi kết quả kiểm tra.</span>
          </div>
          <p class="note">Thứ tự ưu tiên: đơn vị có nhiều lượt chưa đạt hơn (gửi giấy, chưa ký số, xử lý quá hạn; một văn bản vừa gửi giấy vừa chưa ký số tính hai lượt) đứng trước; bằng nhau thì đơn vị điểm thấp hơn đứng trước.</p>
          <cds-data-table id="team-units" .rows=${r.rows} .columns=${this.#columns}
            caption=${`Các đơn vị của ${r.team.name} theo thứ tự ưu tiên kiểm tra`}
            filename=${`to-${r.team.id}-${this.scope.period}-den-${this.scope.asOf}`}></cds-data-table>`;
      },
    });
  }
}
customElements.define('cds-team', CdsTeam);
declare global {
  interface HTMLElementTagNameMap {
    'cds-team': CdsTeam;
  }
}
