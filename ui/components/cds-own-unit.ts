import { Task } from '@lit/task';
import { css, html, LitElement } from 'lit';
import { api, type Counts, type DirectiveCounts, type MonthRates, type RankingRow, type Scope } from '../api.ts';
import { trendLine } from '../charts/trend-line.ts';
import type { AppContext } from '../context.ts';
import { count, date, LEVEL_LABELS, percent } from '../format.ts';
import { errorText } from '../messages.ts';
import { periodBounds } from '../state.ts';
import { shared } from '../styles.ts';
import type { Column } from './cds-data-table.ts';
import { movement, movementWords, ownDistrict } from './cds-ranking.ts';
import { navigate, stateView } from './navigate.ts';
import { rateColumns } from './rate-columns.ts';
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
 * the 27, 26 from 1/12/2024; a provincial body: among the provincial bodies; a commune: among
 * the communes of its district and of the province, and its district's rank; from 1/7/2025
 * among the province's communes), its three rates against its level and the province, its
 * monthly trend, and its violating documents. A unit whose code has ended (issue 17) says
 * when, and names the units it went into.
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
      const isDistrict = unit.level === 'district';
      const isCommune = unit.level === 'commune';
      // the default ranking is the level the period's map ranks (issue 17: the districts, or
      // from 1/7/2025 the communes), with that map
      const [own, level, province, area, ranking, milestones] = await Promise.all([
        api.unitRates(scope, code, signal),
        api.area(scope, unit.level, signal),
        api.area(scope, '38', signal),
        isDistrict ? api.area(scope, code, signal) : Promise.resolve(null),
        api.ranking(scope, signal),
        api.milestones(scope.asOf, signal),
      ]);
      const districtsRanked = ranking.level === 'district';
      // a commune's district, while there are districts on the period's map
      const district = districtsRanked ? ownDistrict(this.ctx) : null;
      const [peers, communes] = await Promise.all([
        // a commune among its district's communes, a provincial body among the bodies
        isCommune && district ? api.ranking(scope, signal, 'commune', district) : unit.level === 'province' ? api.ranking(scope, signal, 'province') : Promise.resolve(null),
        isCommune ? (districtsRanked ? api.ranking(scope, signal, 'commune') : Promise.resolve(ranking)) : Promise.resolve(null),
      ]);
      const months = trendMonths(scope, this.ctx.range.first_month ?? scope.period.slice(0, 7));
      // a district's pooled trend comes whole; a unit's is its figures month by month (a row
      // whose unit code is unknown belongs to no unit, so a unit's own count of them is 0),
      // up to its end when its code has ended (issue 17)
      const trend: MonthRates[] = isDistrict
        ? await api.trend(code, months[0]!, months.at(-1)!, scope.asOf, signal)
        : (await Promise.all(months.map(async (month) => {
          const row = (await api.unitRates({ period: month, asOf: scope.asOf }, code, signal, true)).units[0];
          return row ? [{ month: `${month}-01`, quarantined_rows_unknown_unit: 0, carried_units: 0, ...row }] : [];
        }))).flat();
      const districtRow = district ? ranking.units.find((d) => d.code === district) ?? null : null;
      const ownRow = peers?.units.find((d) => d.code === code) ?? null;
      const inProvince = communes?.units.find((d) => d.code === code) ?? null;
      const ranks: OwnRank[] = [];
      if (isDistrict && districtRow) ranks.push({ row: districtRow, of: ranking.units.length, label: 'Xếp hạng' });
      if (ownRow) ranks.push({ row: ownRow, of: peers!.units.length, label: isCommune ? `Xếp hạng trong ${count(peers!.units.length)} xã của ${districtRow?.name ?? 'huyện'}` : `Xếp hạng trong ${count(peers!.units.length)} cơ quan cấp tỉnh` });
      // from 1/7/2025 a commune is ranked among the province's communes only
      if (isCommune && !district && inProvince) ranks.push({ row: inProvince, of: communes!.units.length, label: `Xếp hạng trong ${count(communes!.units.length)} xã, phường của tỉnh` });
      return {
        unit, name: own.units[0]?.name ?? own.ended?.name ?? unit.name, own: own.units[0] ?? null, ended: own.ended ?? null,
        level: level.area, province: province.area, area: area?.area ?? null, ranks,
        inProvince: inProvince && district ? { row: inProvince, of: communes!.units.length } : null,
        districtRow: isCommune ? districtRow : null, districts: ranking.units.length,
        milestone: milestones.levels.find((l) => l.level === unit.level)!, trend,
      };
    },
    args: () => [this.scope, this.code] as const,
  });

  #columns: Column<Line>[] = [
    { key: 'label', label: 'Phạm vi', value: (r) => r.label },
    ...rateColumns(),
  ];

  override render() {
    return this.#task.render({
      pending: () => html`<div class="state" role="status">Đang tải số liệu của đơn vị…</div>`,
      error: (e) => html`<div class="state error" role="alert">Không tải được số liệu của đơn vị: ${errorText(e)}</div>`,
      complete: (r) => {
        if (!r) return html`<div class="state">Tài khoản chưa gắn với đơn vị nào trong danh mục.</div>`;
        const { unit, own, name } = r;
        // a code that has ended (issue 17): when, and the units it went into
        const endedNote = r.ended ? html`<p class="note" id="own-ended">${name} đã kết thúc ngày ${date(r.ended.valid_to)}${own
          ? `; số liệu dưới đây là của những ngày đơn vị còn hoạt động trong kỳ (đến ngày ${date(r.ended.valid_to)})`
          : ': kỳ này đơn vị không còn số liệu riêng'}. ${r.ended.successors.length === 0 ? 'Đơn vị không có đơn vị kế thừa.' : html`Đơn vị kế thừa:
          ${r.ended.successors.map((s, i) => html`${i ? ', ' : ''}<span class="successor"><a href=${stateView({ view: 'unit', code: s.code })} @click=${(e: Event) => navigate(e, { view: 'unit', code: s.code })}>${s.name ?? s.code}</a> (mã ${s.code})${s.main ? ' — tiếp nhận lịch sử số liệu' : ''}</span>`)}.`}</p>` : '';
        if (!own) {
          return html`${scopeTitle(name, this.ctx, this.scope)}${endedNote}
            <p class="links"><a href=${stateView({ view: 'ranking', code: null })} @click=${(e: Event) => navigate(e, { view: 'ranking', code: null })}>Xem bảng xếp hạng</a></p>`;
        }
        const before = periodBounds(this.scope.period).to < r.milestone.milestone;
        const lines: Line[] = [
          // a district is ranked on its area: that line is its own (marked)
          ...(r.area ? [{ ...r.area, code: `${unit.code}:area`, label: `Cả huyện (UBND huyện và các xã)` }] : []),
          { ...own, label: name },
          { ...r.level, code: unit.level, label: `${LEVEL_LABELS[unit.level] ?? unit.level} (${count(r.level.units)} đơn vị)` },
          { ...r.province, code: '38', label: 'Toàn tỉnh' },
        ];
        // the level's milestone, where it falls within the months shown
        const first = r.trend[0]?.month.slice(0, 7) ?? '';
        const marks = r.milestone.milestone.slice(0, 7) >= first ? [{ month: r.milestone.milestone.slice(0, 7), label: `${LEVEL_LABELS[unit.level]}: ${date(r.milestone.milestone)}` }] : [];
        return html`
          ${scopeTitle(name, this.ctx, this.scope)}
          ${endedNote}
          ${before ? html`<p class="note baseline">Kỳ này trước mốc ${date(r.milestone.milestone)} của ${LEVEL_LABELS[unit.level]?.toLocaleLowerCase('vi')} — số liệu nền: chỉ tiêu tính từ mốc.</p>` : ''}
          ${this.#rank(r.ranks, r.inProvince, r.districtRow, r.districts)}
          <h3>Ba tỷ lệ so với ${LEVEL_LABELS[unit.level]?.toLocaleLowerCase('vi')} và toàn tỉnh</h3>
          <cds-completeness .quarantined=${own.quarantined_rows} .withoutData=${own.units_without_data} .complete=${own.complete}></cds-completeness>
          <cds-data-table id="own-rates" .rows=${lines} .columns=${this.#columns} .sortable=${false} .rowClass=${(l: Line) => (l.code === (r.area ? `${unit.code}:area` : unit.code) ? 'own' : '')}
            caption=${`Tỷ lệ của ${name}, mục tiêu 100 %`} filename=${`${unit.code}-${this.scope.period}-den-${this.scope.asOf}`}></cds-data-table>
          <h3>Diễn biến 12 tháng${marks.length ? ` (kể cả trước mốc; vạch đỏ là mốc của ${LEVEL_LABELS[unit.level]?.toLocaleLowerCase('vi')})` : ''}</h3>
          <cds-chart .spec=${trendLine(r.trend, marks)} label=${`Diễn biến các tỷ lệ của ${name} theo tháng`}></cds-chart>
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
  #rank(ranks: OwnRank[], inProvince: { row: RankingRow; of: number } | null, districtRow: RankingRow | null, districts: number) {
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
      ${districtRow ? html`<div class="kpi"><span class="label">Xếp hạng của ${districtRow.name}</span><span class="big" id="own-district-rank">${districtRow.rank === null ? 'chưa xếp hạng' : html`${districtRow.rank}/${districts}`}</span></div>` : ''}
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
