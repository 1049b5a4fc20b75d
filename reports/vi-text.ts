import type { Period } from '../analytics/period.ts';
import { businessDate, formatDate, formatTime } from '../time.ts';

/** Words the reports print, in Vietnamese (NFC). */

const ROMAN = ['I', 'II', 'III', 'IV'] as const;

/** dd/mm/yyyy, as Vietnamese documents write dates. */
export function viDate(date: string): string {
  return formatDate(date);
}

/** An instant as Vietnam local time: "dd/mm/yyyy lúc HH:MM". */
export function viDateTime(iso: string): string {
  return `${formatDate(businessDate(iso))} lúc ${formatTime(iso)}`;
}

/** "Tháng 10 năm 2020", "Quý IV năm 2020", "6 tháng đầu năm 2020", "9 tháng năm 2020", "Năm 2020". */
export function periodName(p: Period): string {
  const y = p.from.slice(0, 4);
  const mo = Number(p.from.slice(5, 7));
  switch (p.kind) {
    case 'month':
      return `Tháng ${mo} năm ${y}`;
    case 'quarter':
      return `Quý ${ROMAN[Math.floor((mo - 1) / 3)]} năm ${y}`;
    case 'half':
      return `6 tháng đầu năm ${y}`;
    case 'nine_months':
      return `9 tháng năm ${y}`;
    case 'year':
      return `Năm ${y}`;
    case 'range':
      return `Từ ngày ${viDate(p.from)} đến ngày ${viDate(p.to)}`;
  }
}

/** How the previous period of the same kind is called in a table header. */
export function previousPeriodWords(p: Period): string {
  switch (p.kind) {
    case 'month':
      return 'tháng trước';
    case 'quarter':
      return 'quý trước';
    case 'range':
      return 'kỳ trước';
    default:
      return 'cùng kỳ năm trước';
  }
}

export const REASONS: Record<string, string> = {
  not_electronic: 'Không gửi điện tử (chỉ gửi bản giấy)',
  not_signed: 'Không ký số',
  late: 'Xử lý trễ hạn',
  paper_to_office: 'Gửi văn bản giấy đến Văn phòng UBND tỉnh sau mốc (văn bản tại sổ đến của Văn phòng UBND tỉnh)',
};

export const DIRECTIONS: Record<string, string> = { out: 'Đi', in: 'Đến' };

export const LEVEL_LABELS: Record<string, string> = {
  province: 'Cấp tỉnh',
  district: 'Cấp huyện',
  commune: 'Cấp xã',
};

const count = (n: number) => n.toLocaleString('vi-VN');

/**
 * How complete a figure is, in words: "3 đơn vị chưa có dữ liệu, 12 văn bản lỗi chưa xử
 * lý"; "đủ dữ liệu" when both are 0; null when not recorded (a frozen version from before).
 */
export function completenessWords(unitsWithoutData: number | null, quarantinedRows: number | null): string | null {
  if (unitsWithoutData === null || quarantinedRows === null) return null;
  const parts = [
    ...(unitsWithoutData > 0 ? [`${count(unitsWithoutData)} đơn vị chưa có dữ liệu`] : []),
    ...(quarantinedRows > 0 ? [`${count(quarantinedRows)} văn bản lỗi chưa xử lý`] : []),
  ];
  return parts.length === 0 ? 'đủ dữ liệu' : parts.join(', ');
}
