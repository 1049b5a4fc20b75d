/**
 * Vietnamese number formats: 96,7 %, 175.438, 22/05/2020. Text is NFC throughout. A number
 * and its % are joined by a no-break space (U+00A0): a phone never wraps "87,0" from "%".
 */
import { formatDate, formatDateTime } from '../time.ts';

export const NBSP = '\u00a0';

const integer = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });

/** A rate 0..1 as "96,7 %"; no data as an em dash (never 0 %). */
export function percent(rate: number | null | undefined, digits = 1): string {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return '—';
  return `${(rate * 100).toFixed(digits).replace('.', ',')}${NBSP}%`;
}

export function count(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : integer.format(n);
}

/** 2020-05-22 → 22/05/2020 */
export function date(iso: string | null | undefined): string {
  return iso ? formatDate(iso) : '—';
}

/** An instant as local Vietnam date and time: 22/05/2020 08:30 */
export function dateTime(iso: string | null | undefined): string {
  return iso ? formatDateTime(iso) : '—';
}

/** How long ago, in words: "3 giờ trước" */
export function ago(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return 'chưa bao giờ';
  const minutes = Math.round((now - Date.parse(iso)) / 60_000);
  if (minutes < 1) return 'vừa xong';
  if (minutes < 60) return `${minutes} phút trước`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} giờ trước`;
  return `${Math.round(minutes / 1440)} ngày trước`;
}

const PERIOD_KINDS: Record<string, string> = { month: 'Tháng', quarter: 'Quý', half: '6 tháng', nine_months: '9 tháng', year: 'Năm' };

/** 2020-10 → "Tháng 10/2020", 2020-Q4 → "Quý IV/2020", 2020-6M → "6 tháng đầu năm 2020" */
export function periodLabel(label: string): string {
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-(\d{2})$/.exec(label))) return `Tháng ${Number(m[2])}/${m[1]}`;
  if ((m = /^(\d{4})-Q([1-4])$/.exec(label))) return `Quý ${['I', 'II', 'III', 'IV'][Number(m[2]) - 1]}/${m[1]}`;
  if ((m = /^(\d{4})-6M$/.exec(label))) return `6 tháng đầu năm ${m[1]}`;
  if ((m = /^(\d{4})-9M$/.exec(label))) return `9 tháng đầu năm ${m[1]}`;
  if ((m = /^(\d{4})$/.exec(label))) return `Năm ${m[1]}`;
  return label;
}

export const periodKindLabel = (kind: string) => PERIOD_KINDS[kind] ?? kind;

export const LEVEL_LABELS: Record<string, string> = { province: 'Cấp tỉnh', district: 'Cấp huyện', commune: 'Cấp xã' };

export const REASON_LABELS: Record<string, string> = {
  not_electronic: 'Gửi bằng bản giấy',
  not_signed: 'Chưa ký số',
  late: 'Xử lý quá hạn',
  paper_to_office: 'Gửi giấy đến Văn phòng UBND tỉnh',
};

/** A processed rate: "chưa ghi nhận" where the unit's exports do not say how documents were processed (null, never 0 %). */
export function processedRate(rate: number | null, unrecorded: number): string {
  return rate === null && unrecorded > 0 ? 'chưa ghi nhận' : percent(rate);
}

/** "3 đơn vị chưa có dữ liệu, 12 văn bản lỗi chưa xử lý"; "đủ dữ liệu" when both are 0. */
export function completenessWords(unitsWithoutData: number, quarantinedRows: number, provincesUnpublished = 0, communesUnregistered = 0): string {
  // a national warehouse: of the units without data, the communes the roster expects that
  // the provinces' published registries lack (counted among them, said apart)
  const unregistered = communesUnregistered > 0 ? ` (trong đó ${count(communesUnregistered)} xã, phường, đặc khu không có trong danh mục đơn vị đã công bố)` : '';
  const parts = [
    // a national warehouse: provinces expected that have published nothing (their units unknown)
    ...(provincesUnpublished > 0 ? [`${count(provincesUnpublished)} tỉnh, thành phố chưa công bố số liệu`] : []),
    ...(unitsWithoutData > 0 ? [`${count(unitsWithoutData)} đơn vị chưa có dữ liệu${unregistered}`] : []),
    ...(quarantinedRows > 0 ? [`${count(quarantinedRows)} văn bản lỗi chưa xử lý`] : []),
  ];
  return parts.length === 0 ? 'đủ dữ liệu' : parts.join(', ');
}

export const QUARANTINE_STATUS_LABELS: Record<string, string> = {
  open: 'Chưa xử lý',
  resolved: 'Đã nạp lại đúng',
  repeated: 'Bản lặp (đã nhận lại sau)',
};

/** An instant's local Vietnam day: 2021-12-31T18:00:00Z → 01/01/2022 */
export function localDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return date(new Date(Date.parse(iso) + 7 * 3_600_000).toISOString());
}
