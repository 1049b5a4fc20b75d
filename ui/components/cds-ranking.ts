import { Task } from '@lit/task';
import { css, html, LitElement } from 'lit';
import { api, type RankLevel, type Ranking, type RankingRow, type Scope, type Unit } from '../api.ts';
import { marksTop, rankingBar, TOP_COUNT } from '../charts/ranking-bar.ts';
import type { AppContext } from '../context.ts';
import { completenessWords, count, date, percent, periodLabel } from '../format.ts';
import { errorText } from '../messages.ts';
import { periodBounds } from '../state.ts';
import { shared } from '../styles.ts';
import type { Column } from './cds-data-table.ts';
import { navigate, stateView } from './navigate.ts';
import { scopeTitle } from './scope-title.ts';
import { scoreFormula } from '../score-formula.ts';
import { pilotLine, pilotNote, unpublishedLines, unpublishedNote } from '../unpublished.ts';
import './cds-chart.ts';
import './cds-completeness.ts';
import './cds-data-table.ts';

/** The district a unit account belongs to (its own code for a district, its parent for a commune). */
export function ownDistrict(ctx: AppContext): string | null {
  const u = ctx.user.unit ? ctx.unitsByCode.get(ctx.user.unit) : undefined;
  if (!u) return null;
  if (u.level === 'district') return u.code;
  return u.level === 'commune' ? u.parent_code : null;
}

/** The code an account's own row has in a level's ranking: its district's, or its own unit's. */
export function ownCode(ctx: AppContext, level: RankLevel): string | null {
  if (level === 'district') return ownDistrict(ctx);
  const u = ctx.user.unit ? ctx.unitsByCode.get(ctx.user.unit) : undefined;
  return u && u.level === level ? u.code : null;
}

/** The levels of the selector, in Vietnamese. */
export const LEVEL_CHOICES: { level: RankLevel; label: string; title: string }[] = [
  { level: 'district', label: 'Huyện, thị xã, thành phố', title: 'Xếp hạng 27 huyện, thị xã, thành phố' },
  { level: 'province', label: 'Sở, ban, ngành cấp tỉnh', title: 'Xếp hạng các sở, ban, ngành cấp tỉnh' },
  { level: 'commune', label: 'Xã, phường, thị trấn', title: 'Xếp hạng các xã, phường, thị trấn' },
];

/**
 * One level's ranking in the API's order (the 27 districts by default; the provincial
 * bodies; the communes of the province or of one district): rank, movement, the three
 * rates, the score; the top 10 starred (when more than 10 are ranked), the account's own row marked. "Trình chiếu" shows
 * it full screen in large type for a meeting (Esc leaves).
 */
export class CdsRanking extends LitElement {
  static override properties = {
    scope: { attribute: false }, ctx: { attribute: false }, presenting: { state: true }, level: { state: true }, district: { state: true }, districts: { state: true },
  };
  declare scope: Scope;
  declare ctx: AppContext;
  declare presenting: boolean;
  declare level: RankLevel;
  /** level commune: the district whose communes are shown; null: every commune */
  declare district: string | null;
  /** the districts of the selected period's map, for the district drop-down */
  declare districts: Unit[];

  static override styles = [shared, css`
    :host(.present) { background: #fff; padding: 1.5rem 2rem; overflow: auto; font-size: 1.45rem; }
    :host(.present) h2 { font-size: 2.2rem; }
    /* a warning (a province not published) stays on the screen a meeting sees */
    :host(.present) .note:not(.warn), :host(.present) .hide-present { display: none; }
    .present-bar { display: flex; gap: 0.5rem; flex-wrap: wrap; align-items: center; }
  `];

  constructor() {
    super();
    this.presenting = false;
    this.level = 'district';
    this.district = null;
    this.districts = [];
  }

  #task = new Task(this, {
    task: async ([scope, level, chosen], { signal }): Promise<{ ranking: Omit<Ranking, 'map'> & { map: Ranking['map'] | null }; milestone: string | null }> => {
      if (this.ctx.national) {
        // a national warehouse: the provinces, each on its whole province's figures
        return { ranking: { ...(await api.nationalRanking(scope, signal)), district: null, map: null }, milestone: null };
      }
      // the districts of the selected period's map (issue 17: 27, 26 from 1/12/2024, none from
      // 1/7/2025); a district chosen that is not on it is not asked for
      const map = await api.unitsAt(periodBounds(scope.period).to, signal);
      const districts = map.units.filter((u) => u.level === 'district');
      const district = chosen !== null && districts.some((d) => d.code === chosen) ? chosen : null;
      if (district !== chosen) this.district = null;
      const [ranking, milestones] = await Promise.all([api.ranking(scope, signal, level, level === 'commune' ? district : null), api.milestones(scope.asOf, signal)]);
      // the district level by default; on the map from 1/7/2025 the server ranks the communes
      // (issue 17: map.ranked_level), and the level chosen follows it
      if (ranking.level !== level) this.level = ranking.level;
      this.districts = districts;
      return { ranking, milestone: milestones.levels.find((l) => l.level === ranking.level)?.milestone ?? null };
    },
    args: () => [this.scope, this.level, this.district] as const,
  });

  #onFullscreen = () => {
    if (!document.fullscreenElement && this.presenting) this.#stop();
  };
  #onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && this.presenting) this.#stop();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('fullscreenchange', this.#onFullscreen);
    document.addEventListener('keydown', this.#onKey);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('fullscreenchange', this.#onFullscreen);
    document.removeEventListener('keydown', this.#onKey);
  }

  /** Full screen where the browser allows it; the large type (class `present`) either way. */
  async #present() {
    this.presenting = true;
    this.classList.add('present');
    try {
      await this.requestFullscreen?.();
    } catch {
      // a browser that refuses full screen still shows the large type; Esc leaves it
    }
  }

  #stop() {
    this.presenting = false;
    this.classList.remove('present');
    if (document.fullscreenElement === this) void document.exitFullscreen().catch(() => undefined);
  }

  /**
   * A member's completeness: on a national warehouse, a province whose units are not known
   * for a month of the period (provinces_unpublished, national/figures.ts) is said so.
   */
  #completeness(r: RankingRow & { provinces_unpublished?: number; communes_unregistered?: number }): { provinces: number; communes: number; words: string } {
    const provinces = r.provinces_unpublished ?? 0;
    const communes = r.communes_unregistered ?? 0;
    return { provinces, communes, words: completenessWords(r.units_without_data, r.quarantined_rows, provinces, communes) };
  }

  /** The line under the table: how complete the members are together, and what the ranking did with those that are not. */
  #completenessNote(r: Pick<Ranking, 'units' | 'completeness' | 'incomplete_rule'>): string {
    const national = r.completeness as { provinces_unpublished?: number; communes_unregistered?: number };
    return `${completenessLine(r.completeness, r.units.length, this.ctx.national ? 'tỉnh' : 'đơn vị', national.provinces_unpublished ?? 0, national.communes_unregistered ?? 0)} ${RULE_NOTES[r.incomplete_rule]}`;
  }

  /** What a download of the table carries below its rows: the notes the page shows beside it. */
  #notes(r: Pick<Ranking, 'units' | 'completeness' | 'incomplete_rule' | 'scorecard'>): string[] {
    return [
      ...(this.ctx.national ? [pilotLine(this.ctx.national) ?? [], unpublishedLines(this.ctx.national, this.scope, this.ctx.range.first_month)].flat() : []),
      scoreFormula(r.scorecard),
      this.#completenessNote(r),
    ];
  }

  #columns(own: string | null, level: RankLevel, top: boolean): Column<RankingRow>[] {
    const view = level === 'district' ? 'district' : 'unit';
    const district = (r: RankingRow) => (r.district_code ? this.districts.find((d) => d.code === r.district_code)?.name ?? this.ctx.unitsByCode.get(r.district_code)?.name ?? r.district_code : '');
    return [
      { key: 'rank', label: 'Hạng', type: 'integer', value: (r) => r.rank, cell: (r) => (r.rank !== null
        ? html`<strong>${r.rank}</strong>${top && r.rank <= TOP_COUNT ? html`<span class="star" title="Nhóm 10 đơn vị dẫn đầu"> ★<span class="sr-only"> (nhóm 10 đơn vị dẫn đầu)</span></span>` : ''}`
        : r.unranked_reason === 'incomplete' ? html`<span class="muted wraps">không xếp hạng: chưa đủ dữ liệu</span>`
        : html`<span class="muted wraps">${this.#completeness(r).provinces ? 'chưa công bố số liệu' : 'chưa có dữ liệu'}</span>`) },
      { key: 'move', label: 'So với kỳ trước', value: (r) => movementWords(r), cell: (r) => movement(r) },
      { key: 'name', label: this.ctx.national ? 'Tỉnh, thành phố' : 'Đơn vị', value: (r) => r.name, cell: (r) => this.ctx.national ? html`${r.name}` : html`<a href=${stateView({ view, code: r.code })} @click=${(e: Event) => navigate(e, { view, code: r.code })}>${r.name}</a>${r.code === own ? html` <span class="own-mark">(đơn vị của bạn)</span>` : ''}` },
      ...(level === 'commune' && this.district === null && this.districts.length > 0 ? [{ key: 'district', label: 'Huyện', value: district } satisfies Column<RankingRow>] : []),
      { key: 'complete', label: 'Dữ liệu', value: (r) => (r.complete ? 'Đủ dữ liệu' : `Chưa đủ dữ liệu: ${this.#completeness(r).words}`),
        cell: (r) => {
          const c = this.#completeness(r);
          return html`<cds-completeness compact .quarantined=${r.quarantined_rows} .withoutData=${r.units_without_data} .provincesUnpublished=${c.provinces} .communesUnregistered=${c.communes} .complete=${r.complete}></cds-completeness>`;
        } },
      { key: 'sent', label: 'Gửi điện tử', type: 'percent', value: (r) => r.sent_electronic_rate, cell: (r) => percent(r.sent_electronic_rate) },
      { key: 'signed', label: 'Ký số', type: 'percent', value: (r) => r.signed_rate, cell: (r) => percent(r.signed_rate) },
      { key: 'ontime', label: 'Đúng hạn', type: 'percent', value: (r) => r.on_time_rate, cell: (r) => percent(r.on_time_rate) },
      { key: 'score', label: 'Điểm', type: 'percent', value: (r) => r.score, cell: (r) => percent(r.score, 2) },
      { key: 'out', label: 'Văn bản đi', type: 'integer', value: (r) => r.out_total, cell: (r) => count(r.out_total) },
      { key: 'late', label: 'Đến quá hạn', type: 'integer', value: (r) => r.in_late, cell: (r) => count(r.in_late) },
    ];
  }

  #selectors() {
    const districts = this.districts;
    return html`<div class="present-bar hide-present" id="ranking-levels">
      <label>Cấp xếp hạng
        <select id="ranking-level" @change=${(e: Event) => { this.level = (e.target as HTMLSelectElement).value as RankLevel; this.district = this.level === 'commune' ? ownDistrict(this.ctx) : null; }}>
          ${LEVEL_CHOICES.map((c) => html`<option value=${c.level} ?selected=${c.level === this.level}>${c.label}</option>`)}
        </select></label>
      ${this.level === 'commune' && districts.length > 0 ? html`<label>Phạm vi
        <select id="ranking-district" @change=${(e: Event) => { const v = (e.target as HTMLSelectElement).value; this.district = v === '' ? null : v; }}>
          <option value="" ?selected=${this.district === null}>Toàn tỉnh</option>
          ${districts.map((d) => html`<option value=${d.code} ?selected=${d.code === this.district}>${d.name}</option>`)}
        </select></label>` : ''}
    </div>`;
  }

  override render() {
    const national = this.ctx.national !== null;
    const own = national ? null : ownCode(this.ctx, this.level);
    const choice = LEVEL_CHOICES.find((c) => c.level === this.level)!;
    const districtName = this.district ? this.ctx.unitsByCode.get(this.district)?.name ?? this.district : null;
    const title = national ? 'Xếp hạng các tỉnh, thành phố' : this.level === 'commune' && districtName ? `Xếp hạng các xã, phường, thị trấn của ${districtName}` : choice.title;
    return html`
      ${scopeTitle(title, this.ctx, this.scope)}
      ${national ? '' : this.#selectors()}
      <p class="note" id="ranking-explained">${national ? NATIONAL_WHOSE : WHOSE[this.level]}${marksTop(this.#task.value?.ranking.units ?? []) ? ` ★ là 10 ${national ? 'tỉnh, thành phố' : 'đơn vị'} dẫn đầu.` : ''}</p>
      <div class="present-bar">
        ${this.presenting
          ? html`<button id="present-stop" @click=${() => this.#stop()}>Thoát trình chiếu (Esc)</button>`
          : html`<button id="present" @click=${() => this.#present()}>Trình chiếu toàn màn hình</button>`}
      </div>
      ${this.#task.render({
        pending: () => html`<div class="state" role="status">Đang tải bảng xếp hạng…</div>`,
        error: (e) => html`<div class="state error" role="alert">Không tải được bảng xếp hạng: ${errorText(e)}</div>`,
        complete: ({ ranking: r, milestone }) => html`
          ${this.ctx.national ? pilotNote(this.ctx.national, 'ranking-pilot') : ''}
          ${this.ctx.national ? unpublishedNote(this.ctx.national, this.scope, this.ctx.range.first_month, 'ranking-unpublished') : ''}
          ${r.units.every((d) => d.rank === null)
          ? html`<div class="state">${milestone && periodBounds(this.scope.period).to < milestone
              ? `Kỳ này trước mốc ${date(milestone)} của ${LEVEL_WORDS[r.level]} — số liệu nền: bảng xếp hạng tính từ mốc. Số liệu nền xem ở trang Tổng quan.`
              : 'Chưa có dữ liệu cho kỳ này.'}</div>`
          : html`
            ${r.map ? mapNote(r.map, r.level) : ''}

            <p class="note" id="ranking-score">${scoreFormula(r.scorecard)}</p>
            ${r.units.length <= 60 ? html`<cds-chart .spec=${rankingBar(r.units, own, this.presenting, this.ctx.national ? 'tỉnh' : 'đơn vị')} label=${`Biểu đồ điểm của ${count(r.units.length)} ${this.ctx.national ? 'tỉnh, thành phố' : 'đơn vị'} theo thứ hạng`}></cds-chart>` : ''}
            <cds-data-table id="ranking-table" .rows=${r.units} .columns=${this.#columns(own, r.level, marksTop(r.units))} .sortable=${false}
              .notes=${this.#notes(r)}
              .rowClass=${(row: RankingRow) => (row.code === own ? 'own' : '')}
              caption=${`${title}, ${scopeCaption(this.scope)}`}
              filename=${national ? `xep-hang-cac-tinh-${this.scope.period}-den-${this.scope.asOf}` : `xep-hang${r.level === 'district' ? '' : `-${r.level === 'province' ? 'cap-tinh' : 'cap-xa'}${r.district ? `-${r.district}` : ''}`}-${this.scope.period}-den-${this.scope.asOf}`}></cds-data-table>
            <p class="note" id="ranking-completeness">${this.#completenessNote(r)}</p>`}`,
      })}`;
  }
}

/**
 * What the map the ranking is on says (issue 17): from 1/7/2025 the communes are ranked (no
 * district level); a period that spans a change is ranked on the map at its end, the old
 * units' figures pooled into their successors.
 */
function mapNote(map: { map_date: string; ranked_level: 'district' | 'commune'; changes: string[] }, level: RankLevel) {
  const parts: string[] = [];
  if (map.ranked_level === 'commune' && level === 'district') parts.push(`Từ ngày 01/07/2025 không còn cấp huyện: không có huyện nào để xếp hạng theo danh mục đơn vị ngày ${date(map.map_date)}; xem xếp hạng cấp xã.`);
  if (map.ranked_level === 'commune' && level === 'commune') parts.push(`Từ ngày 01/07/2025 không còn cấp huyện: bảng xếp hạng là các xã, phường theo danh mục đơn vị ngày ${date(map.map_date)}.`);
  if (map.changes.length > 0) {
    parts.push(`Trong kỳ có thay đổi đơn vị hành chính (ngày ${map.changes.map(date).join(', ')}): xếp hạng theo danh mục đơn vị cuối kỳ, số liệu của đơn vị cũ được cộng vào đơn vị kế thừa.`);
  }
  return parts.length > 0 ? html`<p class="note" id="ranking-map">${parts.join(' ')}</p>` : '';
}

/** Whose figures a province is ranked on, in a national warehouse. */
const NATIONAL_WHOSE = 'Mỗi tỉnh, thành phố được tính theo số liệu công bố của toàn tỉnh (mọi đơn vị, từ mốc của từng cấp), đến ngày công bố của tỉnh.';

const LEVEL_WORDS: Record<RankLevel, string> = { province: 'cấp tỉnh', district: 'cấp huyện', commune: 'cấp xã' };

/** Whose figures each level is ranked on. */
const WHOSE: Record<RankLevel, string> = {
  district: 'Mỗi huyện được tính theo số liệu của UBND cấp huyện cùng các xã trực thuộc.',
  province: 'Mỗi sở, ban, ngành được tính theo số liệu của chính cơ quan, từ mốc của cấp tỉnh.',
  commune: 'Mỗi xã được tính theo số liệu của chính UBND xã, từ mốc của cấp xã.',
};


const scopeCaption = (s: Scope) => `${periodLabel(s.period)}, số liệu đến ngày ${date(s.asOf)}`;

/** The line under the ranking: how complete the members' figures are together. */
function completenessLine(c: Ranking['completeness'], members: number, noun: 'đơn vị' | 'tỉnh', provincesUnpublished: number, communesUnregistered: number): string {
  if (c.incomplete === 0) return `Số liệu của cả ${count(members)} ${noun} đều đủ: mọi đơn vị có dữ liệu, không còn văn bản lỗi chưa xử lý.`;
  const words = completenessWords(c.units_without_data, c.quarantined_rows, provincesUnpublished, communesUnregistered);
  return `${words.charAt(0).toLocaleUpperCase('vi')}${words.slice(1)} (${count(c.incomplete)} ${noun} chưa đủ dữ liệu).`;
}

/** What the ranking did with the districts whose figures are incomplete (settings: ranking.incompleteUnits). */
const RULE_NOTES: Record<string, string> = {
  count_against: 'Văn bản lỗi chưa xử lý của đơn vị được tính như văn bản chưa đạt khi xếp hạng.',
  as_computed: 'Xếp hạng theo số liệu hiện có; văn bản lỗi chưa xử lý không được tính.',
  unranked: 'Đơn vị chưa đủ dữ liệu không được xếp hạng.',
};

export function movementText(r: Pick<RankingRow, 'rank' | 'previous_rank'>): string {
  if (r.rank === null || r.previous_rank === null) return '';
  const d = r.previous_rank - r.rank;
  return d > 0 ? `↑ ${d}` : d < 0 ? `↓ ${-d}` : '=';
}

/** "tăng 2 bậc", "giảm 1 bậc", "giữ nguyên"; '' without a previous rank. */
export function movementWords(r: Pick<RankingRow, 'rank' | 'previous_rank'>): string {
  const t = movementText(r);
  return t.startsWith('↑') ? `tăng ${t.slice(2)} bậc` : t.startsWith('↓') ? `giảm ${t.slice(2)} bậc` : t ? 'giữ nguyên' : '';
}

export function movement(r: Pick<RankingRow, 'rank' | 'previous_rank'>) {
  const t = movementText(r);
  if (!t) return html`<span class="muted">—</span>`;
  const cls = t.startsWith('↑') ? 'move-up' : t.startsWith('↓') ? 'move-down' : '';
  const words = movementWords(r);
  return html`<span class=${cls} title=${words}><span aria-hidden="true">${t}</span><span class="sr-only">${words}</span></span>`;
}

customElements.define('cds-ranking', CdsRanking);
declare global {
  interface HTMLElementTagNameMap {
    'cds-ranking': CdsRanking;
  }
}
