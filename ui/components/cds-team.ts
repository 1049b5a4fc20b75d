import { Task } from '@lit/task';
import { css, html, LitElement } from 'lit';
import { inScope } from '../access.ts';
import { api, inspectionWorkbook, type Scope, type TeamPriority } from '../api.ts';
import type { AppContext } from '../context.ts';
import { count, LEVEL_LABELS, percent } from '../format.ts';
import { errorText } from '../messages.ts';
import { shared } from '../styles.ts';
import type { Column } from './cds-data-table.ts';
import { navigate, stateView } from './navigate.ts';
import { scopeTitle } from './scope-title.ts';
import './cds-completeness.ts';
import './cds-data-table.ts';

type Row = TeamPriority['units'][number];

/**
 * An inspection team's page (an inspector's first page): its units — provincial bodies,
 * district People's Committees and their communes — in the server's priority order
 * (GET /api/teams/{team}/priority: those that need checking first, then more violating
 * documents, then the lower score),
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
      const p = await api.teamPriority(scope, t.id, signal);
      return { team: t, rows: p.units, threshold: p.threshold };
    },
    args: () => [this.scope, this.team] as const,
  });

  #columns: Column<Row>[] = [
    { key: 'order', label: 'Thứ tự', type: 'integer', value: (r) => r.priority },
    { key: 'check', label: 'Cần kiểm tra', value: (r) => (r.needs_check ? 'Cần kiểm tra' : r.score === null ? 'Chưa có số liệu' : ''),
      cell: (r) => (r.needs_check ? html`<strong>Cần kiểm tra</strong>` : r.score === null ? html`<span class="muted">Chưa có số liệu</span>` : '') },
    { key: 'name', label: 'Đơn vị', value: (r) => r.name, cell: (r) => html`${inScope(this.ctx.documents, r.code)
      ? html`<a href=${stateView({ view: 'unit', code: r.code })} @click=${(e: Event) => navigate(e, { view: 'unit', code: r.code })}>${r.name}</a>` : r.name}<br><span class="muted">${this.#where(r)}</span>` },
    { key: 'code', label: 'Mã đơn vị', exportOnly: true, value: (r) => r.code },
    { key: 'level', label: 'Cấp', exportOnly: true, value: (r) => LEVEL_LABELS[r.level] ?? r.level },
    { key: 'district', label: 'Thuộc huyện', exportOnly: true, value: (r) => (r.level === 'commune' ? this.ctx.unitsByCode.get(r.parent_code)?.name ?? r.parent_code : null) },
    { key: 'violating', label: 'Văn bản chưa đạt', type: 'integer', value: (r) => r.violating_documents, cell: (r) => count(r.violating_documents) },
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

  #where(r: Row): string {
    if (r.level !== 'commune') return LEVEL_LABELS[r.level] ?? r.level;
    return `Cấp xã, ${this.ctx.unitsByCode.get(r.parent_code)?.short_name ?? r.parent_code}`;
  }

  override render() {
    return this.#task.render({
      pending: () => html`<div class="state" role="status">Đang tải số liệu của tổ…</div>`,
      error: (e) => html`<div class="state error" role="alert">Không tải được số liệu của tổ: ${errorText(e)}</div>`,
      complete: (r) => {
        if (!r) return html`<div class="state">Không có tổ công tác này.</div>`;
        const check = r.rows.filter((x) => x.needs_check).length;
        const noData = r.rows.filter((x) => x.score === null).length;
        const threshold = `${percent(r.threshold.score_below, 0)}`;
        return html`
          ${scopeTitle(r.team.name, this.ctx, this.scope)}
          <p class="note">${r.team.lead}. ${count(r.rows.length)} đơn vị: <strong>${count(check)} đơn vị cần kiểm tra</strong>${noData ? `, ${count(noData)} đơn vị chưa có dữ liệu` : ''}.</p>
          <div class="downloads">
            <a id="work-list" class="button" href=${inspectionWorkbook(r.team.id, this.scope)} download>Tải danh sách kiểm tra của tổ (Excel)</a>
            <span class="muted">Các văn bản chưa đạt của từng đơn vị, với cột để tổ ghi kết quả kiểm tra.</span>
          </div>
          <p class="note">Thứ tự ưu tiên: đơn vị cần kiểm tra (điểm dưới ${threshold}, hoặc từ ${count(r.threshold.documents_from)} văn bản chưa đạt trở lên) đứng trước; sau đó đơn vị có nhiều văn bản chưa đạt hơn (gửi giấy, chưa ký số hoặc xử lý quá hạn; mỗi văn bản tính một lần); bằng nhau thì đơn vị điểm thấp hơn đứng trước. Danh sách kiểm tra tải về theo cùng thứ tự này.</p>
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
