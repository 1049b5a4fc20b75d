import { Task } from '@lit/task';
import { css, html, LitElement } from 'lit';
import { alertsApi, type MySubscriptions, type NewSubscription, type SessionUser, type Subscription } from '../api.ts';
import { dateTime } from '../format.ts';
import { errorText } from '../messages.ts';
import { shared } from '../styles.ts';
import { CHANNEL_LABELS, KIND_LABELS } from './alert-labels.ts';
import type { Column } from './cds-data-table.ts';
import './cds-data-table.ts';

const HOURS = Array.from({ length: 24 }, (_, h) => h);

/**
 * "Nhận tin", for every account: its subscriptions to alerts (which rules, which address,
 * at once or in a daily digest at a chosen hour, Vietnam time) and a form to add one. What
 * arrives is bounded by the account's scope: the server sends an inspector only its team's
 * units, a unit account only its own.
 */
export class CdsSubscriptions extends LitElement {
  static override properties = { user: { attribute: false }, notice: { state: true }, failure: { state: true }, mode: { state: true }, channel: { state: true } };
  declare user: SessionUser;
  declare notice: string | null;
  declare failure: string | null;
  declare mode: 'immediate' | 'digest';
  declare channel: 'email' | 'webhook';

  static override styles = [shared, css`
    form { display: grid; gap: 0.75rem; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); align-items: end; max-width: 60rem; }
    label { display: grid; gap: 0.25rem; font-weight: 600; }
    input { font: inherit; padding: 0.4rem 0.5rem; border: 1px solid #6b7280; border-radius: 6px; min-height: 2.5rem; box-sizing: border-box; }
  `];

  constructor() {
    super();
    this.notice = null;
    this.failure = null;
    this.mode = 'immediate';
    this.channel = 'email';
  }

  #task = new Task(this, { task: (_args, { signal }) => alertsApi.subscriptions(signal), args: () => [] as const });

  #columns(data: MySubscriptions): Column<Subscription>[] {
    const ruleName = (id: string | null) => (id === null ? 'Tất cả cảnh báo được nhận' : (data.rules.find((r) => r.id === id)?.name ?? id));
    return [
      { key: 'rule', label: 'Cảnh báo', value: (s) => ruleName(s.rule_id) },
      { key: 'channel', label: 'Kênh', value: (s) => CHANNEL_LABELS[s.channel] ?? s.channel },
      { key: 'target', label: 'Gửi tới', value: (s) => s.target },
      { key: 'mode', label: 'Cách gửi', value: (s) => (s.mode === 'digest' ? `Tổng hợp hằng ngày lúc ${s.digest_hour}:00` : 'Gửi ngay khi có') },
      { key: 'active', label: 'Tình trạng', value: (s) => (s.active ? 'Đang nhận' : 'Đã hủy qua liên kết trong thư') },
      { key: 'created', label: 'Đăng ký lúc', type: 'datetime', value: (s) => s.created_at, cell: (s) => dateTime(s.created_at) },
      { key: 'remove', label: 'Thao tác', value: () => null, cell: (s) => html`<button type="button" aria-label=${`Hủy đăng ký gửi tới ${s.target}`} @click=${() => this.#remove(s)}>Hủy đăng ký</button>` },
    ];
  }

  async #remove(s: Subscription) {
    try {
      await alertsApi.unsubscribe(s.subscription_id);
      this.notice = `Đã hủy đăng ký gửi tới ${s.target}.`;
      this.failure = null;
      void this.#task.run();
    } catch (e) {
      this.failure = errorText(e);
    }
  }

  async #add(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const f = new FormData(form);
    const rule = String(f.get('rule') ?? '');
    const sub: NewSubscription = {
      channel: this.channel,
      target: String(f.get('target') ?? '').trim(),
      mode: this.mode,
      ...(rule ? { rule_id: rule } : {}),
      ...(this.mode === 'digest' ? { digest_hour: Number(f.get('hour')) } : {}),
    };
    try {
      await alertsApi.subscribe(sub);
      this.notice = `Đã đăng ký: tin sẽ gửi tới ${sub.target}.`;
      this.failure = null;
      form.reset();
      this.mode = 'immediate';
      this.channel = 'email';
      void this.#task.run();
    } catch (err) {
      this.failure = errorText(err);
    }
  }

  override render() {
    return html`<h2>Đăng ký nhận tin cảnh báo</h2>
      <p class="note">Hệ thống gửi cảnh báo về các đơn vị tài khoản của bạn được xem: khi tỉ lệ xuống dưới ngưỡng, khi tụt hạng, khi dữ liệu chậm hoặc lỗi; và báo khi cảnh báo đã hết. Mỗi thư có liên kết để hủy đăng ký.</p>
      ${this.notice ? html`<p class="good notice" aria-live="polite">${this.notice}</p>` : ''}
      ${this.failure ? html`<div class="state error" role="alert">${this.failure}</div>` : ''}
      ${this.#task.render({
        pending: () => html`<div class="state" role="status">Đang tải…</div>`,
        error: (e) => html`<div class="state error" role="alert">Không tải được: ${errorText(e)}</div>`,
        complete: (data) => html`
          ${data.subscriptions.length === 0
            ? html`<div class="state">Bạn chưa đăng ký nhận tin nào.</div>`
            : html`<cds-data-table id="subscriptions-table" .rows=${data.subscriptions} .columns=${this.#columns(data)} filename="dang-ky-nhan-tin.csv"></cds-data-table>`}
          <h3>Đăng ký mới</h3>
          <form @submit=${(e: SubmitEvent) => this.#add(e)}>
            <label>Cảnh báo
              <select name="rule">
                <option value="">Tất cả cảnh báo được nhận</option>
                ${data.rules.map((r) => html`<option value=${r.id}>${r.name} (${KIND_LABELS[r.kind] ?? r.kind})</option>`)}
              </select>
            </label>
            ${data.webhooks.length > 0 ? html`<label>Kênh
              <select name="channel" @change=${(e: Event) => (this.channel = (e.target as HTMLSelectElement).value as 'email' | 'webhook')}>
                <option value="email">${CHANNEL_LABELS['email']}</option>
                <option value="webhook">${CHANNEL_LABELS['webhook']}</option>
              </select></label>` : ''}
            ${this.channel === 'webhook'
              ? html`<label>Địa chỉ nhận tự động <select name="target">${data.webhooks.map((w) => html`<option value=${w}>${w}</option>`)}</select></label>`
              : html`<label>Địa chỉ thư điện tử <input name="target" type="email" required autocomplete="email" maxlength="254"></label>`}
            <label>Cách gửi
              <select name="mode" @change=${(e: Event) => (this.mode = (e.target as HTMLSelectElement).value as 'immediate' | 'digest')}>
                <option value="immediate">Gửi ngay khi có</option>
                <option value="digest">Tổng hợp hằng ngày</option>
              </select>
            </label>
            ${this.mode === 'digest' ? html`<label>Giờ gửi (giờ Việt Nam)
              <select name="hour">${HOURS.map((h) => html`<option value=${h} ?selected=${h === 7}>${h}:00</option>`)}</select></label>` : ''}
            <button class="primary" type="submit">Đăng ký</button>
          </form>`,
      })}`;
  }
}

customElements.define('cds-subscriptions', CdsSubscriptions);
declare global {
  interface HTMLElementTagNameMap {
    'cds-subscriptions': CdsSubscriptions;
  }
}
