/**
 * The reasons a row is in quarantine, in Vietnamese, for the people who must correct their
 * export: the load stores each problem with its field, a code and an English message
 * (ingest/sql/normalise.sql, merge-apply.sql); here each code becomes a Vietnamese sentence
 * that keeps the field and the value the row had.
 */

export interface Problem {
  field: string | null;
  code: string;
  message: string;
}

/** The export's fields as the Vietnamese registers name them. */
export const FIELD_NAMES: Record<string, string> = {
  unit_code: 'Mã đơn vị',
  doc_id: 'Mã văn bản',
  direction: 'Loại sổ (đi/đến)',
  number: 'Số, ký hiệu',
  doc_type: 'Loại văn bản',
  doc_date: 'Ngày văn bản',
  event_time: 'Thời gian gửi/nhận',
  security: 'Độ mật',
  channel: 'Hình thức gửi/nhận',
  signed: 'Ký số',
  deadline: 'Hạn xử lý',
  completed_time: 'Ngày hoàn thành',
  sender: 'Nơi gửi',
  processed_electronic: 'Xử lý trên môi trường mạng',
};

const EXPECTED: Record<string, string> = {
  direction: 'Đi hoặc Đến',
  security: 'Thường, Mật, Tối mật hoặc Tuyệt mật',
  channel: 'Điện tử, Giấy hoặc Điện tử và giấy',
  signed: 'Có/Không, x, 1/0',
  processed_electronic: 'Có/Không, x, 1/0',
};

const quote = (v: string) => `"${v.length > 60 ? `${v.slice(0, 60)}…` : v}"`;

/** The raw values of a quarantined row, by canonical field, when they were kept as JSON; otherwise null. */
export function rawFields(raw: string | null): Record<string, string | null> | null {
  if (raw === null) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
    return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, v === null || v === undefined ? null : String(v)]));
  } catch {
    return null;
  }
}

/** One problem as a Vietnamese sentence, with the field and the value the row had. */
export function problemText(p: Problem, raw: Record<string, string | null> | null): string {
  const name = p.field ? (FIELD_NAMES[p.field] ?? p.field) : 'Dòng';
  const value = p.field && raw ? (raw[p.field] ?? null) : null;
  const v = value === null || value === '' ? '' : ` ${quote(value)}`;
  switch (p.code) {
    case 'missing':
      return p.field === 'channel' || p.field === 'signed' ? `${name} để trống (bắt buộc với văn bản đi).` : `${name} để trống.`;
    case 'unknown_unit':
      return `Mã đơn vị${v} không có trong danh mục đơn vị.`;
    case 'unknown_value':
      return `${name}${v} không phải giá trị hợp lệ${p.field && EXPECTED[p.field] ? ` (dùng ${EXPECTED[p.field]})` : ''}.`;
    case 'bad_date':
      return `${name}${v} không phải ngày hợp lệ (định dạng YYYY-MM-DD hoặc dd/mm/yyyy).`;
    case 'bad_time':
      return `${name}${v} không phải ngày giờ hợp lệ (định dạng YYYY-MM-DD HH:mm hoặc dd/mm/yyyy HH:mm).`;
    case 'implausible_date':
      return `${name}${v} nằm ngoài khoảng thời gian hợp lý.`;
    case 'future_time':
      return `${name}${v} là thời điểm trong tương lai.`;
    case 'before_event':
      return `${name}${v} sớm hơn thời gian nhận văn bản.`;
    case 'too_long':
      return `${name} dài quá giới hạn cho phép.`;
    case 'control_character':
      return `${name} chứa ký tự điều khiển (ký tự ẩn).`;
    case 'duplicate_conflict':
      return `Mã văn bản${v} xuất hiện nhiều lần trong cùng lần nạp với nội dung khác nhau.`;
    case 'replacement_character':
      return `${name}${v} chứa ký tự bị lỗi mã hóa (�): tệp xuất đã làm hỏng chữ tiếng Việt.`;
    case 'unreadable_row':
      return 'Không đọc được dòng này: sai định dạng tệp (dấu ngoặc kép không đóng, số cột không khớp tiêu đề hoặc ký tự không hợp lệ).';
    default:
      return p.field ? `${name}${v} không hợp lệ.` : 'Dòng không hợp lệ.';
  }
}

/** Every problem of a row, in Vietnamese, in one line. */
export function reasonText(problems: readonly Problem[], raw: Record<string, string | null> | null): string {
  return problems.map((p) => problemText(p, raw)).join(' ');
}
