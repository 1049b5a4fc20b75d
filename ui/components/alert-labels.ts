import type { AlertRule } from '../api.ts';
import { count } from '../format.ts';

/** The alerts' words as the dashboard says them (Vietnamese). */

export const KIND_LABELS: Record<string, string> = {
  rate_below: 'Tỉ lệ dưới ngưỡng',
  rank_drop: 'Tụt hạng',
  source_stale: 'Nguồn chậm cập nhật',
  source_failing: 'Nguồn lỗi liên tiếp',
  no_documents: 'Không có văn bản mới',
  quarantine_above: 'Dữ liệu lỗi quá ngưỡng',
  period_frozen: 'Số liệu đã chốt',
};

export const METRIC_LABELS: Record<string, string> = {
  sent_electronic_rate: 'Tỉ lệ gửi điện tử',
  signed_rate: 'Tỉ lệ ký số',
  on_time_rate: 'Tỉ lệ xử lý đúng hạn',
};

export const LEVEL_LABELS: Record<string, string> = { province: 'cấp tỉnh', district: 'cấp huyện', commune: 'cấp xã' };

export const ALERT_STATE_LABELS: Record<string, string> = { open: 'Đang mở', resolved: 'Đã hết', expired: 'Hết kỳ' };
export const MESSAGE_STATUS_LABELS: Record<string, string> = { pending: 'Chờ gửi', sent: 'Đã gửi', failed: 'Gửi không được' };
export const MESSAGE_KIND_LABELS: Record<string, string> = { alert: 'Cảnh báo', resolved: 'Hết cảnh báo', digest: 'Tổng hợp hằng ngày', delivery: 'Báo cáo định kỳ' };
export const CHANNEL_LABELS: Record<string, string> = { email: 'Thư điện tử', webhook: 'Gửi tự động (webhook)' };

const pct = (v: number) => `${(v * 100).toLocaleString('vi-VN', { maximumFractionDigits: 1 })}\u00a0%`;

/** What a rule watches, in a few words. */
export function ruleCondition(r: AlertRule): string {
  const byMap = r.kind === 'rate_below' && r.levelsByMap
    ? `, ${[r.levelsByMap.district && `đến 30/6/2025: ${r.levelsByMap.district.map((l) => LEVEL_LABELS[l]).join(', ')}`, r.levelsByMap.commune && `từ 1/7/2025: ${r.levelsByMap.commune.map((l) => LEVEL_LABELS[l]).join(', ')}`].filter(Boolean).join('; ')}`
    : null;
  const level = byMap ?? ('level' in r && r.level ? `, ${LEVEL_LABELS[r.level]}` : '');
  switch (r.kind) {
    case 'rate_below': return `${METRIC_LABELS[r.metric]} dưới ${pct(r.threshold)}${r.days ? ` trong ${r.days} ngày có văn bản liên tiếp` : ''}${level}`;
    case 'rank_drop': return `Tụt từ ${r.places} bậc trở lên so với tháng trước${level}`;
    case 'source_stale': return 'Nguồn không nạp thành công quá thời hạn';
    case 'source_failing': return `Lỗi ${r.runs} lần nạp liên tiếp`;
    case 'no_documents': return `Không có văn bản mới trong ${count(r.days)} ngày${level}`;
    case 'quarantine_above': return `Trên ${count(r.threshold)} dòng dữ liệu lỗi chưa xử lý${level}`;
    case 'period_frozen': return 'Số liệu chính thức của kỳ được chốt';
  }
}
