/** Vietnamese wording shared by the messages (NFC). */

export const METRIC_NAMES = {
  sent_electronic_rate: 'tỉ lệ văn bản đi gửi điện tử',
  signed_rate: 'tỉ lệ văn bản đi được ký số',
  on_time_rate: 'tỉ lệ văn bản đến xử lý đúng hạn',
} as const;

/** 0.825 → "82,5 %" (a decimal comma, a no-break space before %). */
export function percent(v: number): string {
  return `${(Math.round(v * 1000) / 10).toFixed(1).replace('.', ',')}\u00a0%`;
}

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
