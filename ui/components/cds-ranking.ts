import { Task } from '@lit/task';
import { css, html, LitElement } from 'lit';
import { api, type RankingRow } from '../api.ts';
import { rankingBar } from '../charts/ranking-bar.ts';
import { completenessWords, count, percent, periodLabel } from '../format.ts';
import { shared } from '../styles.ts';
import type { Column } from './cds-data-table.ts';
import { navigate, stateView } from './navigate.ts';
import './cds-chart.ts';
import './cds-completeness.ts';
import './cds-data-table.ts';

/** The 27 districts in the API's order: rank, movement, the three rates, the score; top 10 marked. */
export class CdsRanking extends LitElement {
  static override properties = { period: {} };
  declare period: string;

  static override styles = [shared, css`
    .move-up { color: #166534; } .move-down { color: #b91c1c; }
    .top { font-weight: 700; }
    .top::after { content: ' ★'; color: #b45309; }
  `];

  #task = new Task(this, {
    task: ([period], { signal }) => api.ranking(period, signal),
    args: () => [this.period] as const,
  });

  #columns: Column<RankingRow>[] = [
    { key: 'rank', label: 'Hạng', numeric: true, value: (r) => r.rank, cell: (r) => (r.rank !== null ? html`<span class=${r.rank <= 10 ? 'top' : ''}>${r.rank}</span>`
      : r.unranked_reason === 'incomplete' ? html`<span class="muted">không xếp hạng: chưa đủ dữ liệu</span>` : html`<span class="muted">chưa có dữ liệu</span>`) },
    { key: 'move', label: 'So với kỳ trước', value: (r) => movementText(r), cell: (r) => movement(r) },
    { key: 'name', label: 'Đơn vị', value: (r) => r.name, cell: (r) => html`<a href=${stateView({ view: 'district', code: r.code })} @click=${(e: Event) => navigate(e, { view: 'district', code: r.code })}>${r.name}</a>` },
    { key: 'complete', label: 'Dữ liệu', value: (r) => (r.complete ? 'Đủ dữ liệu' : `Chưa đủ dữ liệu: ${completenessWords(r.units_without_data, r.quarantined_rows)}`),
      cell: (r) => html`<cds-completeness compact .quarantined=${r.quarantined_rows} .withoutData=${r.units_without_data} .complete=${r.complete}></cds-completeness>` },
    { key: 'sent', label: 'Gửi điện tử', numeric: true, value: (r) => r.sent_electronic_rate, cell: (r) => percent(r.sent_electronic_rate) },
    { key: 'signed', label: 'Ký số', numeric: true, value: (r) => r.signed_rate, cell: (r) => percent(r.signed_rate) },
    { key: 'ontime', label: 'Đúng hạn', numeric: true, value: (r) => r.on_time_rate, cell: (r) => percent(r.on_time_rate) },
    { key: 'score', label: 'Điểm', numeric: true, value: (r) => r.score, cell: (r) => percent(r.score, 2) },
    { key: 'out', label: 'Văn bản đi', numeric: true, value: (r) => r.out_total, cell: (r) => count(r.out_total) },
    { key: 'late', label: 'Đến quá hạn', numeric: true, value: (r) => r.in_late, cell: (r) => count(r.in_late) },
  ];

  override render() {
    return html`
      <h2>Xếp hạng 27 huyện, thị xã, thành phố — ${periodLabel(this.period)}</h2>
      <p class="note">Điểm là trung bình các tỷ lệ có dữ liệu (gửi điện tử, ký số, xử lý đúng hạn) của UBND cấp huyện cùng các xã trực thuộc; ★ là 10 đơn vị dẫn đầu.</p>
      ${this.#task.render({
        pending: () => html`<div class="state" role="status">Đang tải bảng xếp hạng…</div>`,
        error: (e) => html`<div class="state error" role="alert">Không tải được bảng xếp hạng: ${(e as Error).message}</div>`,
        complete: (r) => r.districts.every((d) => d.rank === null)
          ? html`<div class="state">Chưa có dữ liệu cho ${periodLabel(this.period)}.</div>`
          : html`
            <cds-chart .spec=${rankingBar(r.districts)} label="Biểu đồ điểm của các huyện theo thứ hạng"></cds-chart>
            <cds-data-table id="ranking-table" .rows=${r.districts} .columns=${this.#columns} .sortable=${false}
              caption=${`Xếp hạng ${periodLabel(this.period)} (số liệu đến ngày ${r.as_of.split('-').reverse().join('/')})`}
              filename=${`xep-hang-${this.period}.csv`}></cds-data-table>
            <p class="note" id="ranking-completeness">${completenessLine(r.completeness)} ${RULE_NOTES[r.incomplete_rule]}</p>`,
      })}`;
  }
}

/** The line under the ranking: how complete the 27 districts' figures are together. */
function completenessLine(c: { districts_incomplete: number; units_without_data: number; quarantined_rows: number }): string {
  if (c.districts_incomplete === 0) return 'Số liệu của cả 27 huyện đều đủ: mọi đơn vị có dữ liệu, không còn văn bản lỗi chưa xử lý.';
  const words = completenessWords(c.units_without_data, c.quarantined_rows);
  return `${words.charAt(0).toLocaleUpperCase('vi')}${words.slice(1)} (${count(c.districts_incomplete)} huyện chưa đủ dữ liệu).`;
}

/** What the ranking did with the districts whose figures are incomplete (settings: ranking.incompleteUnits). */
const RULE_NOTES: Record<string, string> = {
  count_against: 'Văn bản lỗi chưa xử lý của huyện được tính như văn bản chưa đạt khi xếp hạng.',
  as_computed: 'Xếp hạng theo số liệu hiện có; văn bản lỗi chưa xử lý không được tính.',
  unranked: 'Huyện chưa đủ dữ liệu không được xếp hạng.',
};

function movementText(r: RankingRow): string {
  if (r.rank === null || r.previous_rank === null) return '';
  const d = r.previous_rank - r.rank;
  return d > 0 ? `↑ ${d}` : d < 0 ? `↓ ${-d}` : '=';
}

function movement(r: RankingRow) {
  const t = movementText(r);
  if (!t) return html`<span class="muted">—</span>`;
  const cls = t.startsWith('↑') ? 'move-up' : t.startsWith('↓') ? 'move-down' : '';
  const words = t.startsWith('↑') ? `tăng ${t.slice(2)} bậc` : t.startsWith('↓') ? `giảm ${t.slice(2)} bậc` : 'giữ nguyên';
  return html`<span class=${cls} title=${words} aria-label=${words}>${t}</span>`;
}

customElements.define('cds-ranking', CdsRanking);
declare global {
  interface HTMLElementTagNameMap {
    'cds-ranking': CdsRanking;
  }
}
