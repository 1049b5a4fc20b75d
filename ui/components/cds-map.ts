import { Task } from '@lit/task';
import { html, LitElement } from 'lit';
import { api, type RankingRow, type Scope } from '../api.ts';
import { unitMap, type MapPoint } from '../charts/unit-map.ts';
import type { AppContext } from '../context.ts';
import { count, date, percent } from '../format.ts';
import { errorText } from '../messages.ts';
import { periodBounds } from '../state.ts';
import { shared } from '../styles.ts';
import type { Column } from './cds-data-table.ts';
import { navigate, stateView } from './navigate.ts';
import { ownCode } from './cds-ranking.ts';
import { scopeTitle } from './scope-title.ts';
import './cds-chart.ts';
import './cds-data-table.ts';

type Position = 'registry' | 'successors' | 'communes' | null;
interface Row extends RankingRow { lat: number | null; lon: number | null; position: Position; communes: number | null }

const POSITION_WORDS: Record<string, string> = {
  registry: 'Tọa độ của đơn vị',
  successors: 'Trung bình vị trí các đơn vị kế thừa (năm 2025)',
  communes: 'Trung bình vị trí các xã của huyện',
};

/**
 * "Bản đồ": the ranked units of the period's map at their points (GET /api/units/positions
 * on the period's last day), each a circle sized by its documents and coloured by its score
 * (ui/charts/unit-map.ts): the districts up to June 2025, the 166 communes from July 2025.
 * The table beside it holds the same figures and where each point comes from.
 */
export class CdsMap extends LitElement {
  static override properties = { scope: { attribute: false }, ctx: { attribute: false } };
  declare scope: Scope;
  declare ctx: AppContext;

  static override styles = [shared];

  #task = new Task(this, {
    task: async ([scope], { signal }) => {
      // the server ranks the level of the period's map (map.ranked_level) when none is asked
      const [ranking, positions] = await Promise.all([api.ranking(scope, signal), api.positions(periodBounds(scope.period).to, signal)]);
      const at = new Map(positions.units.map((p) => [p.code, p]));
      const rows: Row[] = ranking.units.map((r) => {
        const p = at.get(r.code);
        return { ...r, lat: p?.lat ?? null, lon: p?.lon ?? null, position: p?.position ?? null, communes: p?.communes ?? null };
      });
      return { ranking, rows };
    },
    args: () => [this.scope] as const,
  });

  #columns(own: string | null, view: 'district' | 'unit'): Column<Row>[] {
    return [
      { key: 'rank', label: 'Hạng', type: 'integer', value: (r) => r.rank, cell: (r) => (r.rank !== null ? String(r.rank) : html`<span class="muted">chưa có điểm</span>`) },
      { key: 'name', label: 'Đơn vị', value: (r) => r.name, cell: (r) => html`<a href=${stateView({ view, code: r.code })} @click=${(e: Event) => navigate(e, { view, code: r.code })}>${r.name}</a>${r.code === own ? html` <span class="own-mark">(đơn vị của bạn)</span>` : ''}` },
      { key: 'score', label: 'Điểm', type: 'percent', value: (r) => r.score, cell: (r) => percent(r.score, 2) },
      { key: 'out', label: 'Văn bản đi', type: 'integer', value: (r) => r.out_total, cell: (r) => count(r.out_total) },
      { key: 'position', label: 'Vị trí', value: (r) => (r.position ? `${POSITION_WORDS[r.position]}${r.position === 'communes' && r.communes ? ` (${count(r.communes)} xã)` : ''}` : 'Chưa có vị trí') },
    ];
  }

  override render() {
    return html`
      ${scopeTitle('Bản đồ điểm số', this.ctx, this.scope)}
      ${this.#task.render({
        pending: () => html`<div class="state" role="status">Đang tải bản đồ…</div>`,
        error: (e) => html`<div class="state error" role="alert">Không tải được bản đồ: ${errorText(e)}</div>`,
        complete: ({ ranking, rows }) => {
          const level = ranking.map.ranked_level;
          const own = ownCode(this.ctx, level);
          const placed = rows.filter((r) => r.lat !== null && r.lon !== null);
          const points: MapPoint[] = placed.map((r) => ({
            code: r.code, name: r.short_name || r.name, lat: r.lat!, lon: r.lon!, score: r.score, rank: r.rank, documents: r.out_total, own: r.code === own,
          }));
          const unplaced = rows.length - placed.length;
          const what = level === 'commune' ? `${count(rows.length)} xã, phường` : `${count(rows.length)} huyện, thị xã, thành phố`;
          return html`
            <p class="note" id="map-explained">${what} theo danh mục đơn vị ngày ${date(ranking.map.map_date)}: mỗi hình tròn là một đơn vị, diện tích theo số văn bản đi, màu theo điểm (đỏ thấp, xanh đạt mục tiêu 100\u00a0%); vòng xám là đơn vị chưa có điểm trong kỳ.
              Vị trí là một điểm, không phải ranh giới hành chính: các xã, phường từ ngày 01/07/2025 theo tọa độ của danh mục; ${level === 'district' ? 'mỗi huyện đặt ở trung bình vị trí các xã của huyện (mỗi xã cũ ở trung bình vị trí các đơn vị kế thừa năm 2025).' : 'các sở, ban, ngành cấp tỉnh không có trên bản đồ.'}
              ${ranking.map.changes.length > 0 ? ` Trong kỳ có thay đổi đơn vị hành chính (ngày ${ranking.map.changes.map(date).join(', ')}): bản đồ theo danh mục cuối kỳ.` : ''}
              ${unplaced > 0 ? ` ${count(unplaced)} đơn vị chưa có vị trí, chỉ có trong bảng.` : ''}</p>
            ${points.length > 0
              ? html`<cds-chart .spec=${unitMap(points)} label=${`Bản đồ điểm số của ${count(points.length)} đơn vị`}></cds-chart>`
              : html`<div class="state">Chưa có đơn vị nào có vị trí.</div>`}
            <cds-data-table id="map-table" .rows=${rows} .columns=${this.#columns(own, level === 'district' ? 'district' : 'unit')} .sortable=${true}
              .rowClass=${(row: Row) => (row.code === own ? 'own' : '')}
              caption=${`Bản đồ điểm số, ${what}`}
              filename=${`ban-do-${this.scope.period}-den-${this.scope.asOf}`}></cds-data-table>`;
        },
      })}`;
  }
}
customElements.define('cds-map', CdsMap);

declare global {
  interface HTMLElementTagNameMap {
    'cds-map': CdsMap;
  }
}
