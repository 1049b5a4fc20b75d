import { Task } from '@lit/task';
import { css, html, LitElement } from 'lit';
import { alertsApi, ApiError, type Alert, type AlertRule, type AlertRuleInput } from '../api.ts';
import { count, dateTime } from '../format.ts';
import { errorText } from '../messages.ts';
import { shared } from '../styles.ts';
import { ALERT_STATE_LABELS, KIND_LABELS, LEVEL_LABELS, METRIC_LABELS, ruleCondition } from './alert-labels.ts';
import type { Column } from './cds-data-table.ts';
import './cds-data-table.ts';

type Kind = AlertRuleInput['kind'];
const KINDS = Object.keys(KIND_LABELS) as Kind[];
type Level = 'province' | 'district' | 'commune';

/**
 * A rate rule's levels by the month's map (levelsByMap): the map until 30/6/2025 ranks the
 * districts, the map from 1/7/2025 the communes (it has no districts, so no district box).
 * Named as the rules' table names them (ruleCondition).
 */
const MAPS: { key: 'district' | 'commune'; label: string; levels: Level[] }[] = [
  { key: 'district', label: 'Đến 30/6/2025', levels: ['province', 'district', 'commune'] },
  { key: 'commune', label: 'Từ 1/7/2025', levels: ['province', 'commune'] },
];

/** What a refused field of a rule must be (the API's validation, said in Vietnamese). */
const FIELD_RULES: Record<string, string> = {
  id: 'Mã quy tắc: chữ thường không dấu, chữ số, gạch ngang, tối đa 63 ký tự.',
  name: 'Tên: từ 1 đến 200 ký tự.',
  metric: 'Chỉ số: chọn một chỉ số trong danh sách.',
  threshold: 'Ngưỡng: tỉ lệ từ 0 đến 100 %; số dòng dữ liệu lỗi: số nguyên không âm.',
  days: 'Số ngày: số nguyên, với tỉ lệ dưới ngưỡng từ 1 đến 31 ngày có văn bản liên tiếp, với đơn vị không có văn bản từ 1 đến 3650 ngày.',
  level: 'Cấp: cấp tỉnh, cấp huyện hoặc cấp xã.',
  levelsByMap: 'Cấp theo dõi theo bản đồ: với mỗi bản đồ, chọn ít nhất một trong cấp tỉnh, cấp huyện, cấp xã, hoặc bỏ trống cả nhóm.',
  places: 'Số bậc tụt: số nguyên từ 1 đến 600.',
  runs: 'Số lần lỗi liên tiếp: số nguyên từ 1 đến 100.',
};

/** An error of saving a rule: the fields the API refused, each with what it must be. */
function saveError(e: unknown): string {
  if (!(e instanceof ApiError) || e.code !== 'invalid_body' || e.fields.length === 0) return errorText(e);
  const rules = [...new Set(e.fields.map((f) => FIELD_RULES[f.split('.')[0]!] ?? 'Một trường của quy tắc không hợp lệ.'))];
  return `Quy tắc chưa được lưu. ${rules.join(' ')}`;
}

/**
 * "Cảnh báo", for administrators: the rules (those of the settings file, and those added
 * here), the alerts raised and resolved, and evaluating the rules now. A rule added here
 * is kept in the warehouse; one of the settings file is changed there.
 */
export class CdsAlertRules extends LitElement {
  static override properties = { kind: { state: true }, notice: { state: true }, failure: { state: true } };
  declare kind: Kind;
  declare notice: string | null;
  declare failure: string | null;

  static override styles = [shared, css`
    form { display: grid; gap: 0.75rem; grid-template-columns: repeat(auto-fit, minmax(13rem, 1fr)); align-items: end; max-width: 64rem; }
    label { display: grid; gap: 0.25rem; font-weight: 600; }
    .field { display: grid; gap: 0.25rem; }
    .help { font-size: 0.85rem; }
    fieldset { display: grid; gap: 0.5rem; grid-column: 1 / -1; border: 1px solid #d1d5db; border-radius: 6px; padding: 0.5rem 0.75rem; margin: 0; }
    legend { font-weight: 600; padding: 0 0.25rem; }
    fieldset fieldset { grid-column: auto; border: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; align-items: center; }
    fieldset fieldset legend { float: left; padding: 0; margin-right: 0.5rem; }
    .check { display: inline-flex; gap: 0.35rem; align-items: center; font-weight: normal; }
    .check input { min-height: 0; padding: 0; margin: 0; }
    input { font: inherit; padding: 0.4rem 0.5rem; border: 1px solid #6b7280; border-radius: 6px; min-height: 2.5rem; box-sizing: border-box; }
  `];

  constructor() {
    super();
    this.kind = 'rate_below';
    this.notice = null;
    this.failure = null;
  }

  #rules = new Task(this, { task: (_args, { signal }) => alertsApi.rules(signal), args: () => [] as const });
  #alerts = new Task(this, { task: (_args, { signal }) => alertsApi.alerts(signal), args: () => [] as const });

  #ruleColumns: Column<AlertRule>[] = [
    { key: 'name', label: 'Tên', value: (r) => r.name },
    { key: 'kind', label: 'Loại', value: (r) => KIND_LABELS[r.kind] ?? r.kind },
    { key: 'condition', label: 'Điều kiện', value: (r) => ruleCondition(r) },
    { key: 'enabled', label: 'Đang dùng', value: (r) => (r.enabled ? 'Có' : 'Không') },
    { key: 'origin', label: 'Khai báo tại', value: (r) => (r.origin === 'settings' ? 'Tệp cấu hình' : `Trang này${r.updated_by ? ` (${r.updated_by})` : ''}`) },
    { key: 'remove', label: 'Thao tác', value: () => null, cell: (r) => (r.origin === 'api'
      ? html`<button type="button" aria-label=${`Xóa quy tắc ${r.name}`} @click=${() => this.#remove(r)}>Xóa</button>`
      : '—') },
  ];

  #alertColumns: Column<Alert>[] = [
    { key: 'raised', label: 'Phát hiện lúc', type: 'datetime', value: (a) => a.raised_at, cell: (a) => dateTime(a.raised_at) },
    { key: 'rule', label: 'Quy tắc', value: (a) => a.rule_name ?? a.rule_id },
    { key: 'state', label: 'Tình trạng', value: (a) => ALERT_STATE_LABELS[a.state] ?? a.state,
      cell: (a) => html`<span class=${a.state === 'open' ? 'bad' : 'good'}>${ALERT_STATE_LABELS[a.state] ?? a.state}</span>` },
    { key: 'message', label: 'Nội dung', value: (a) => a.message, cell: (a) => html`${a.message}${a.resolved_message ? html`<br><span class="muted">${a.resolved_message}</span>` : ''}` },
  ];

  async #remove(r: AlertRule) {
    try {
      await alertsApi.removeRule(r.id);
      this.notice = `Đã xóa quy tắc "${r.name}".`;
      this.failure = null;
      void this.#rules.run();
    } catch (e) {
      this.failure = errorText(e);
    }
  }

  async #evaluate() {
    try {
      const r = await alertsApi.evaluate();
      this.notice = `Đã đánh giá ${count(r.rules)} quy tắc (số liệu đến ngày ${r.as_of.split('-').reverse().join('/')}): ${count(r.raised)} cảnh báo mới, ${count(r.resolved)} cảnh báo đã hết, ${count(r.messages)} thư vào hộp thư đi.`;
      this.failure = null;
      void this.#alerts.run();
    } catch (e) {
      this.failure = errorText(e);
    }
  }

  async #save(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const f = new FormData(form);
    const text = (k: string) => String(f.get(k) ?? '').trim();
    const num = (k: string) => Number(text(k).replace(',', '.'));
    const level = text('level') ? { level: text('level') as Level } : {};
    // a map with no box ticked is not listed: there the rule watches its Cấp (level)
    const byMap: { district?: Level[]; commune?: Level[] } = {};
    for (const m of MAPS) {
      const ticked = f.getAll(`levels-${m.key}`).map(String) as Level[];
      if (ticked.length > 0) byMap[m.key] = ticked;
    }
    const levelsByMap = Object.keys(byMap).length > 0 ? { levelsByMap: byMap } : {};
    // rate_below: empty, the month so far; N, N consecutive days with documents (the API checks 1–31)
    const days = text('days') ? { days: num('days') } : {};
    const base = { id: text('id'), name: text('name'), enabled: true };
    const rule: AlertRuleInput = (() => {
      switch (this.kind) {
        case 'rate_below': return { ...base, kind: 'rate_below', metric: text('metric') as 'signed_rate', threshold: num('value') / 100, ...days, ...level, ...levelsByMap };
        case 'rank_drop': return { ...base, kind: 'rank_drop', places: num('value'), ...level };
        case 'source_failing': return { ...base, kind: 'source_failing', runs: num('value') };
        case 'no_documents': return { ...base, kind: 'no_documents', days: num('value'), ...level };
        case 'quarantine_above': return { ...base, kind: 'quarantine_above', threshold: num('value'), ...level };
        case 'source_stale': return { ...base, kind: 'source_stale' };
        case 'period_frozen': return { ...base, kind: 'period_frozen' };
      }
    })();
    try {
      await alertsApi.saveRule(rule);
      this.notice = `Đã lưu quy tắc "${rule.name}".`;
      this.failure = null;
      form.reset();
      this.kind = 'rate_below';
      void this.#rules.run();
    } catch (err) {
      this.failure = saveError(err);
    }
  }

  #valueLabel(): string | null {
    switch (this.kind) {
      case 'rate_below': return 'Ngưỡng (%)';
      case 'rank_drop': return 'Số bậc tụt';
      case 'source_failing': return 'Số lần lỗi liên tiếp';
      case 'no_documents': return 'Số ngày không có văn bản';
      case 'quarantine_above': return 'Số dòng dữ liệu lỗi';
      default: return null;
    }
  }

  override render() {
    const valueLabel = this.#valueLabel();
    const hasLevel = ['rate_below', 'no_documents', 'quarantine_above'].includes(this.kind);
    const levels = Object.entries(LEVEL_LABELS).map(([k, v]) => html`<option value=${k}>${v}</option>`);
    return html`<h2>Cảnh báo</h2>
      <div class="toolbar"><button class="primary" type="button" @click=${() => this.#evaluate()}>Đánh giá ngay</button>
        <span class="muted">Các quy tắc còn được đánh giá sau mỗi lần dựng lại số liệu và theo lịch.</span></div>
      ${this.notice ? html`<p class="good notice" aria-live="polite">${this.notice}</p>` : ''}
      ${this.failure ? html`<div class="state error" role="alert">${this.failure}</div>` : ''}
      <h3>Quy tắc</h3>
      ${this.#rules.render({
        pending: () => html`<div class="state" role="status">Đang tải…</div>`,
        error: (e) => html`<div class="state error" role="alert">Không tải được: ${errorText(e)}</div>`,
        complete: (r) => (r.rules.length === 0
          ? html`<div class="state">Chưa có quy tắc cảnh báo nào.</div>`
          : html`<cds-data-table id="rules-table" .rows=${r.rules} .columns=${this.#ruleColumns} filename="quy-tac-canh-bao.csv"></cds-data-table>`),
      })}
      <h3>Thêm quy tắc</h3>
      <form @submit=${(e: SubmitEvent) => this.#save(e)}>
        <label>Mã quy tắc <input name="id" required pattern="[a-z0-9][a-z0-9_\\-]{0,62}" title="Chữ thường không dấu, chữ số, gạch ngang"></label>
        <label>Tên <input name="name" required maxlength="200"></label>
        <label>Loại
          <select name="kind" @change=${(e: Event) => (this.kind = (e.target as HTMLSelectElement).value as Kind)}>
            ${KINDS.map((k) => html`<option value=${k} ?selected=${k === this.kind}>${KIND_LABELS[k]}</option>`)}
          </select>
        </label>
        ${this.kind === 'rate_below' ? html`<label>Chỉ số <select name="metric">${Object.entries(METRIC_LABELS).map(([k, v]) => html`<option value=${k}>${v}</option>`)}</select></label>` : ''}
        ${valueLabel ? html`<label>${valueLabel} <input name="value" required inputmode="decimal"></label>` : ''}
        ${this.kind === 'rate_below' ? html`<div class="field"><label>Số ngày liên tiếp <input name="days" inputmode="numeric" aria-describedby="days-help"></label>
          <span id="days-help" class="muted help">Để trống: tỉ lệ của cả tháng đến nay. Nhập N (1–31): cảnh báo khi tỉ lệ của đơn vị dưới ngưỡng trong N ngày có văn bản liên tiếp (ngày không có văn bản không tính).</span></div>` : ''}
        ${hasLevel ? html`<label>Cấp <select name="level"><option value="">Mọi cấp</option>${levels}</select></label>` : ''}
        ${this.kind === 'rate_below' ? html`<fieldset id="levels-by-map" aria-describedby="levels-by-map-help"><legend>Cấp theo dõi theo bản đồ của tháng</legend>
          ${MAPS.map((m) => html`<fieldset><legend>${m.label}</legend>
            ${m.levels.map((l) => html`<label class="check"><input type="checkbox" name=${`levels-${m.key}`} value=${l}>${LEVEL_LABELS[l]}</label>`)}</fieldset>`)}
          <span id="levels-by-map-help" class="muted help">Không chọn ô nào của một bản đồ: trong các tháng của bản đồ đó, quy tắc theo dõi theo ô "Cấp" ở trên.</span></fieldset>` : ''}
        ${this.kind === 'rank_drop' ? html`<div class="field"><label>Cấp xếp hạng <select name="level" aria-describedby="rank-level-help"><option value="">Theo bản đồ của tháng</option>${levels}</select></label>
          <span id="rank-level-help" class="muted help">"Theo bản đồ của tháng": xếp hạng các huyện (từ 1/7/2025 các xã, phường) và các cơ quan cấp tỉnh; chọn một cấp để chỉ xét cấp đó.</span></div>` : ''}
        <button class="primary" type="submit">Lưu quy tắc</button>
      </form>
      <h3>Cảnh báo gần đây</h3>
      ${this.#alerts.render({
        pending: () => html`<div class="state" role="status">Đang tải…</div>`,
        error: (e) => html`<div class="state error" role="alert">Không tải được: ${errorText(e)}</div>`,
        complete: (r) => (r.alerts.length === 0
          ? html`<div class="state">Chưa có cảnh báo nào.</div>`
          : html`<cds-data-table id="alerts-table" .rows=${r.alerts} .columns=${this.#alertColumns} filename="canh-bao.csv"></cds-data-table>`),
      })}`;
  }
}

customElements.define('cds-alert-rules', CdsAlertRules);
declare global {
  interface HTMLElementTagNameMap {
    'cds-alert-rules': CdsAlertRules;
  }
}
