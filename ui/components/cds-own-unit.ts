import { Task } from '@lit/task';
import { css, html, LitElement } from 'lit';
import { api, type Counts, type DirectiveCounts, type MonthRates, type RankingRow, type Scope } from '../api.ts';
import { trendLine } from '../charts/trend-line.ts';
import type { AppContext } from '../context.ts';
import { count, date, LEVEL_LABELS, percent, processedRate } from '../format.ts';
import { errorText } from '../messages.ts';
import { periodBounds } from '../state.ts';
import { shared } from '../styles.ts';
import type { Column } from './cds-data-table.ts';
import { movement, movementWords, ownDistrict } from './cds-ranking.ts';
import { navigate, stateView } from './navigate.ts';
import { scopeTitle } from './scope-title.ts';
import './cds-chart.ts';
import './cds-completeness.ts';
import './cds-data-table.ts';
import './cds-unit.ts';

interface Line extends Counts, DirectiveCounts { label: string; code: string }

/** The months of the trend: the twelve ending with the period, not before the first month with data. */
export function trendMonths(scope: Scope, firstMonth: string): string[] {
  const end = periodBounds(scope.period).to.slice(0, 7);
  const out: string[] = [];
  let [y, m] = end.split('-').map(Number) as [number, number];
  for (let i = 0; i < 12; i++) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month < firstMonth) break;
    out.unshift(month);
    if (--m === 0) { m = 12; y--; }
  }
  return out;
}

/**
 * A unit account's first page: its rank, score and movement (a district: its area among
 * the 27; a provincial body: among the provincial bodies; a commune: among the communes of
 * its district and of the province, and its district's rank), its three rates against its
 * level and the province, its monthly trend, and its violating documents.
 */
export class CdsOwnUnit extends LitElement {
  static override properties = { scope: { attribute: false }, ctx: { attribute: false }, code: {} };
  declare scope: Scope;
  declare ctx: AppContext;
  declare code: string;

  static override styles = [shared, css`
    .kpis { display: grid; gap: 0.75rem; grid-template-columns: repeat(auto-fit, minmax(min(11rem, 100%), 1fr)); margin: 0.5rem 0 1rem; }
    .kpi { border: 1px solid #d1d5db; border-radius: 10px; padding: 0.75rem 1rem; }
    .kpi .label { display: block; color: #374151; font-size: 0.95rem; }
    .kpi .big { display: block; font-size: clamp(1.35rem, 6vw, 2rem); font-weight: 700; white-space: nowrap; font-variant-numeric: tabular-nums; }
    .links { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; }
  `];

  #task = new Task(this, {
    task: async ([scope, code], { signal }) => {
      const unit = this.ctx.unitsByCode.get(code);
      if (!unit) return null;
      const district = ownDistrict(this.ctx);
      const isDistrict = unit.level === 'district';
      const isCommune = unit.level === 'commune';
      // a unit not on the period's map (issue 17: a district after 30/6/2025, a merged
      // commune): where its figures went, and nothing asked of the map it is not on
      const own = await api.unitRates(scope, code, signal);
      if (!own.units[0]) {
        const last = (await api.unitHistory(code, signal)).versions.at(-1);
        return { unit, ended: { on: last?.valid_to ?? null, successors: last?.successors ?? [] } } as const;
      }
      const [level, province, area, ranking, peers, communes, milestones] = await Promise.all([
        api.area(scope, unit.level, signal),
        api.area(scope, '38', signal),
        isDistrict ? api.area(scope, code, signal) : Promise.resolve(null),
        district ? api.ranking(scope, signal) : Promise.resolve(null),
        // a commune among its district's communes, a provincial body among the bodies
        isCommune ? api.ranking(scope, signal, 'commune', district) : unit.level === 'province' ? api.ranking(scope, signal, 'province') : Promise.resolve(null),
        isCommune ? api.ranking(scope, signal, 'commune') : Promise.resolve(null),
        api.milestones(scope.asOf, signal),
      ]);
      const months = trendMonths(scope, this.ctx.range.first_month ?? scope.period.slice(0, 7));
      // a district's pooled trend comes whole; a unit's is its figures month by month (a row
      // whose unit code is unknown belongs to no unit, so a unit's own count of them is 0)
      const trend: MonthRates[] = isDistrict
        ? await api.trend(code, months[0]!, months.at(-1)!, scope.asOf, signal)
        : await Promise.all(months.map(async (month) => ({ month: `${month}-01`, quarantined_rows_unknown_unit: 0, carried_units: 0, ...(await api.unitRates({ period: month, asOf: scope.asOf }, code, signal, true)).units[0]! })));
      const districtRow = ranking?.units.find((d) => d.code === district) ?? null;
      const ownRow = peers?.units.find((d) => d.code === code) ?? null;
      const ranks: OwnRank[] = [];
      if (isDistrict && districtRow) ranks.push({ row: districtRow, of: ranking!.units.length, label: 'Xếp hạng' });
      if (ownRow) ranks.push({ row: ownRow, of: peers!.units.length, label: isCommune ? `Xếp hạng trong ${count(peers!.units.length)} xã của ${districtRow?.name ?? 'huyện'}` : `Xếp hạng trong ${count(peers!.units.length)} cơ quan cấp tỉnh` });
      const inProvince = communes?.units.find((d) => d.code === code) ?? null;
      return {
        ended: null, unit, own: own.units[0]!, level: level.area, province: province.area, area: area?.area ?? null, ranks,
        inProvince: inProvince ? { row: inProvince, of: communes!.units.length } : null,
        districtRow: isCommune ? districtRow : null,
        milestone: milestones.levels.find((l) => l.level === unit.level)!, trend,
      };
    },
    args: () => [this.scope, this.code] as const,
  });

  #columns: Column<Line>[] = [
    { key: 'label', label: 'Phạm vi', value: (r) => r.label },
    { key: 'sent', label: 'Gửi điện tử', type: 'percent', value: (r) => r.sent_electronic_rate, cell: (r) => percent(r.sent_electronic_rate) },
    { key: 'signed', label: 'Ký số', type: 'percent', value: (r) => r.signed_rate, cell: (r) => percent(r.signed_rate) },
    { key: 'ontime', label: 'Đúng hạn', type: 'percent', value: (r) => r.on_time_rate, cell: (r) => percent(r.on_time_rate) },
    { key: 'received', label: 'Nhận điện tử', type: 'percent', value: (r) => r.received_electronic_rate, cell: (r) => percent(r.received_electronic_rate) },
    { key: 'processed', label: 'Xử lý trên môi trường mạng', type: 'percent', value: (r) => r.processed_electronic_rate,
      cell: (r) => processedRate(r.processed_electronic_rate, r.in_completed_unrecorded) },
    { key: 'out', label: 'Văn bản đi', type: 'integer', value: (r) => r.out_total, cell: (r) => count(r.out_total) },
  ];

  override render() {
    return this.#task.render({
      pending: () => html`<div class="state" role="status">Đang tải số liệu của đơn vị…</div>`,
      error: (e) => html`<div class="state error" role="alert">Không tải được số liệu của đơn vị: ${errorText(e)}</div>`,
      complete: (r) => {
        if (!r) return html`<div class="state">Tài khoản chưa gắn với đơn vị nào trong danh mục.</div>`;
        if (r.ended) {
          const { unit, ended } = r;
          return html`${scopeTitle(unit.name, this.ctx, this.scope)}
            <div class="state" id="own-ended">${unit.name} không có trong danh mục đơn vị của kỳ này${ended.on ? html`: đơn vị đã kết thúc ngày ${date(ended.on)}` : ''}.
              ${ended.successors.length > 0 ? html`Số liệu sau ngày đó thuộc các đơn vị kế thừa:
                ${ended.successors.map((s, i) => html`${i ? ', ' : ''}<a href=${stateView({ view: 'unit', code: s.code })} @click=${(e: Event) => navigate(e, { view: 'unit', code: s.code })}>${s.name ?? s.code}</a>`)}.` : ''}
              Số liệu các kỳ trước xem bằng cách chọn kỳ báo cáo.</div>`;
        }
        const { unit, own } = r;
        const before = periodBounds(this.scope.period).to < r.milestone.milestone;
        const lines: Line[] = [
          // a district is ranked on its area: that line is its own (marked)
          ...(r.area ? [{ ...r.area, code: `${unit.code}:area`, label: `Cả huyện (UBND huyện và các xã)` }] : []),
          { ...own, label: unit.name },
          { ...r.level, code: unit.level, label: `${LEVEL_LABELS[unit.level] ?? unit.level} (${count(r.level.units)} đơn vị)` },
          { ...r.province, code: '38', label: 'Toàn tỉnh' },
        ];
        // the level's milestone, where it falls within the months shown
        const first = r.trend[0]?.month.slice(0, 7) ?? '';
        const marks = r.milestone.milestone.slice(0, 7) >= first ? [{ month: r.milestone.milestone.slice(0, 7), label: `${LEVEL_LABELS[unit.level]}: ${date(r.milestone.milestone)}` }] : [];
        return html`
          ${scopeTitle(unit.name, this.ctx, this.scope)}
          ${before ? html`<p class="note baseline">Kỳ này trước mốc ${date(r.milestone.milestone)} của ${LEVEL_LABELS[unit.level]?.toLocaleLowerCase('vi')} — số liệu nền: chỉ tiêu tính từ mốc.</p>` : ''}
          ${this.#rank(r.ranks, r.inProvince, r.districtRow)}
          <h3>Ba tỷ lệ so với ${LEVEL_LABELS[unit.level]?.toLocaleLowerCase('vi')} và toàn tỉnh</h3>
          <cds-completeness .quarantined=${own.quarantined_rows} .withoutData=${own.units_without_data} .complete=${own.complete}></cds-completeness>
          <cds-data-table id="own-rates" .rows=${lines} .columns=${this.#columns} .sortable=${false} .rowClass=${(l: Line) => (l.code === (r.area ? `${unit.code}:area` : unit.code) ? 'own' : '')}
            caption=${`Tỷ lệ của ${unit.name}, mục tiêu 100 %`} filename=${`${unit.code}-${this.scope.period}-den-${this.scope.asOf}`}></cds-data-table>
          <h3>Diễn biến 12 tháng${marks.length ? ` (kể cả trước mốc; vạch đỏ là mốc của ${LEVEL_LABELS[unit.level]?.toLocaleLowerCase('vi')})` : ''}</h3>
          <cds-chart .spec=${trendLine(r.trend, marks)} label=${`Diễn biến các tỷ lệ của ${unit.name} theo tháng`}></cds-chart>
          <div class="links">
            ${unit.level === 'district' ? html`<a href=${stateView({ view: 'district', code: unit.code })} @click=${(e: Event) => navigate(e, { view: 'district', code: unit.code })}>Số liệu của UBND huyện và từng xã</a>` : ''}
          </div>
          <cds-unit .scope=${this.scope} .ctx=${this.ctx} .code=${unit.code} .page=${1}></cds-unit>`;
      },
    });
  }

  /**
   * Rank, score and movement of the account's own row (a district's area, a provincial
   * body, a commune among its district's communes); a commune's rank in the province and
   * its district's rank beside.
   */
  #rank(ranks: OwnRank[], inProvince: { row: RankingRow; of: number } | null, districtRow: RankingRow | null) {
    const main = ranks[0];
    if (!main) {
      return html`<p class="note" id="own-rank-note">Đơn vị chưa có trong bảng xếp hạng của kỳ này; đơn vị được so sánh với cấp của mình và toàn tỉnh dưới đây.</p>`;
    }
    const { row } = main;
    const moved = movementWords(row);
    return html`<div class="kpis" id="own-ranking">
      <div class="kpi"><span class="label">${main.label}</span><span class="big" id="own-rank">${row.rank === null ? 'chưa xếp hạng' : html`${row.rank}/${main.of}`}</span></div>
      ${inProvince ? html`<div class="kpi"><span class="label">Xếp hạng trong ${count(inProvince.of)} xã của tỉnh</span><span class="big" id="own-rank-province">${inProvince.row.rank === null ? 'chưa xếp hạng' : html`${inProvince.row.rank}/${inProvince.of}`}</span></div>` : ''}
      <div class="kpi"><span class="label">Điểm</span><span class="big" id="own-score">${percent(row.score, 2)}</span></div>
      <div class="kpi"><span class="label">So với kỳ trước</span><span class="big" id="own-movement">${movement(row)}</span>
        <span class="muted">${row.previous_rank === null ? 'kỳ trước chưa xếp hạng' : `kỳ trước hạng ${row.previous_rank}${moved ? `, ${moved}` : ''}`}</span></div>
      ${districtRow ? html`<div class="kpi"><span class="label">Xếp hạng của ${districtRow.name}</span><span class="big" id="own-district-rank">${districtRow.rank === null ? 'chưa xếp hạng' : html`${districtRow.rank}/27`}</span></div>` : ''}
    </div>
    <p class="links"><a href=${stateView({ view: 'ranking', code: null })} @click=${(e: Event) => navigate(e, { view: 'ranking', code: null })}>Xem bảng xếp hạng</a></p>`;
  }
}

interface OwnRank {
  row: RankingRow;
  /** how many members the ranking has */
  of: number;
  label: string;
}

customElements.define('cds-own-unit', CdsOwnUnit);
declare global {
  interface HTMLElementTagNameMap {
    'cds-own-unit': CdsOwnUnit;
  }
}
