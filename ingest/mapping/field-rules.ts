import type { CanonicalField } from './canonical.ts';

/**
 * What an empty or unreadable value of each field does to the figures: the one table the
 * README's figures section and the workbooks' definitions sheet both show (README, "What a
 * gap in the data does"; reports/definitions.ts renders it in Vietnamese). The load
 * (ingest/sql/normalise.sql) follows it; the notes it keeps on documents take their codes
 * and messages from NOTES below.
 *
 * The principle: missing data never raises a rate. A rate's numerator needs a record (a
 * document counts as sent electronically or signed only if its register says so), so an
 * empty yes/no or channel cell leaves the document in the denominator and out of the
 * numerator, with a note. A row that cannot be attributed to a unit, a document, a
 * direction and a day (unit_code, doc_id, direction, event_time empty or unreadable), and a
 * row holding any value that cannot be read (a spelling no mapping knows, an impossible
 * date), goes to quarantine instead: guessing could move a figure either way, a garbled
 * value marks a garbled row, a source pulled by watermark sends a quarantined row again
 * until it loads, and the quarantine lists it for the unit to correct.
 */

/** The principle, as the README and the definitions sheet state it. */
export const MISSING_DATA_PRINCIPLE = {
  en: 'Missing data never raises a rate. A document counts as sent electronically or signed only where its register records it; an empty cell there counts against the rate, with a note on the document. A row that cannot be attributed to a unit, a document, a direction and a day, or that holds a value that cannot be read, is quarantined and listed for correction instead.',
  vi: 'Dữ liệu thiếu không bao giờ làm tăng tỷ lệ. Văn bản chỉ được tính là gửi điện tử hoặc đã ký số khi sổ văn bản ghi nhận điều đó; ô để trống được tính là chưa đạt, có ghi chú trên văn bản. Dòng dữ liệu không xác định được đơn vị, mã văn bản, loại sổ, ngày gửi/nhận, hoặc có giá trị không đọc được thì được đưa vào danh sách dữ liệu lỗi để đơn vị sửa và gửi lại.',
} as const;

/** The yes/no fields: in a checkbox column (every non-empty value a mark) an empty cell reads "no". */
export const YES_NO_FIELDS = ['signed'] as const;

/** The marks a checkbox column holds, as the load's value key writes them (lower case, NFC). */
export const CHECKBOX_MARKS = ['x', 'v', '✓', '✔'] as const;

/** The fields whose empty value a source's mapping may declare an error (`emptyIsError`). */
export const EMPTY_RULE_FIELDS = ['security', 'channel', 'signed'] as const;
export type EmptyRuleField = (typeof EMPTY_RULE_FIELDS)[number];

export interface Note {
  field: CanonicalField;
  code: string;
  /** what a person reads (Vietnamese) */
  message: string;
}

/** The notes the load keeps on a document (documents.notes), by what caused them. */
export const NOTES = {
  signedEmpty: { field: 'signed', code: 'empty_counted_not_signed', message: 'Ô "Ký số" để trống: tính là chưa ký số' },
  channelEmpty: { field: 'channel', code: 'empty_counted_not_electronic', message: 'Ô "Hình thức" để trống: tính là không gửi điện tử' },
  securityEmpty: { field: 'security', code: 'empty_counted_normal', message: 'Ô "Độ mật" để trống: tính là văn bản thường (không mật)' },
  channelEmptyIn: { field: 'channel', code: 'empty_counted_not_received_electronic', message: 'Ô "Hình thức" để trống: tính là không nhận điện tử' },
  processedEmpty: { field: 'processed_electronic', code: 'empty_counted_not_processed_electronic', message: 'Ô "Xử lý trên môi trường mạng" để trống: tính là không xử lý trên môi trường mạng' },
} as const satisfies Record<string, Note>;

export interface FieldRule {
  field: CanonicalField;
  /** the column as Vietnamese registers head it */
  label: string;
  en: { empty: string; unreadable: string; figures: string };
  vi: { empty: string; unreadable: string; figures: string };
}

const Q = 'quarantined';
const QVI = 'Đưa vào danh sách dữ liệu lỗi';

/** One row per canonical field: those that attribute a row first, then those of the figures, then the rest. */
export const FIELD_RULES: readonly FieldRule[] = [
  {
    field: 'unit_code', label: 'Mã đơn vị',
    en: { empty: Q, unreadable: `${Q} (a code the registry lacks)`, figures: 'none: the row cannot be attributed to a unit' },
    vi: { empty: QVI, unreadable: `${QVI} (mã không có trong danh mục)`, figures: 'Không tính vào số liệu nào: không xác định được đơn vị' },
  },
  {
    field: 'doc_id', label: 'Mã văn bản',
    en: { empty: Q, unreadable: `${Q} (over 200 characters, a control character)`, figures: 'none: without its id a document could be counted twice' },
    vi: { empty: QVI, unreadable: `${QVI} (quá 200 ký tự, có ký tự điều khiển)`, figures: 'Không tính: không có mã thì văn bản có thể bị đếm hai lần' },
  },
  {
    field: 'direction', label: 'Loại sổ',
    en: { empty: Q, unreadable: Q, figures: 'none: an outgoing and an incoming document count in different figures' },
    vi: { empty: QVI, unreadable: QVI, figures: 'Không tính: văn bản đi và văn bản đến tính vào các tỷ lệ khác nhau' },
  },
  {
    field: 'event_time', label: 'Thời gian gửi/nhận',
    en: { empty: Q, unreadable: `${Q} (also before 2000 or in the future)`, figures: 'none: the business date decides the period and the milestone' },
    vi: { empty: QVI, unreadable: `${QVI} (kể cả trước năm 2000 hoặc ở tương lai)`, figures: 'Không tính: ngày gửi/nhận quyết định kỳ báo cáo và mốc áp dụng' },
  },
  {
    field: 'security', label: 'Độ mật',
    en: {
      empty: 'counted as normal (not secret), with a note',
      unreadable: `${Q}: an unknown grade may be a secret one`,
      figures: 'in every count with its own values: a secret document carries its grade mark by law, so an unmarked one is an ordinary document; treating it as secret would take it out of every rate',
    },
    vi: {
      empty: 'Tính là văn bản thường (không mật), có ghi chú',
      unreadable: `${QVI}: độ mật không rõ có thể là văn bản mật`,
      figures: 'Tính vào mọi tỷ lệ theo các thông tin của văn bản: văn bản mật phải có dấu độ mật, văn bản không ghi độ mật là văn bản thường; coi là mật sẽ loại văn bản khỏi mọi tỷ lệ',
    },
  },
  {
    field: 'channel', label: 'Hình thức',
    en: {
      empty: 'outgoing: counted as not sent electronically, with a note; incoming: counted as not received electronically, with a note',
      unreadable: `${Q} (a spelling no mapping knows)`,
      figures: 'outgoing: in out_total, not in out_electronic; incoming: in in_total, not in in_electronic (the sent and received rates can only go down); a quarantined row is counted the same way by the ranking under `count_against` (`quarantined_as_out`, `quarantined_as_in`)',
    },
    vi: {
      empty: 'Văn bản đi: tính là không gửi điện tử, có ghi chú; văn bản đến: tính là không nhận điện tử, có ghi chú',
      unreadable: `${QVI} (giá trị chưa được khai báo)`,
      figures: 'Văn bản đi: tính vào tổng số văn bản đi, không tính là gửi điện tử; văn bản đến: tính vào tổng số văn bản đến, không tính là nhận điện tử (tỷ lệ chỉ có thể giảm); khi xếp hạng, dòng bị cách ly cũng được tính như vậy',
    },
  },
  {
    field: 'signed', label: 'Ký số',
    en: {
      empty: 'outgoing: counted as not signed, with a note; in a checkbox column (every non-empty value x, v, ✓ or ✔) read as "no" without one; incoming: nothing',
      unreadable: `${Q} (a spelling no mapping knows)`,
      figures: 'outgoing: in out_total, not in out_signed (the signed rate can only go down)',
    },
    vi: {
      empty: 'Văn bản đi: tính là chưa ký số, có ghi chú; cột đánh dấu (các ô có giá trị đều là x, v, ✓ hoặc ✔) thì ô trống là "không"; văn bản đến: không ảnh hưởng',
      unreadable: `${QVI} (giá trị chưa được khai báo)`,
      figures: 'Văn bản đi: tính vào tổng số văn bản đi, không tính là đã ký số (tỷ lệ chỉ có thể giảm)',
    },
  },
  {
    field: 'deadline', label: 'Hạn xử lý',
    en: {
      empty: 'no deadline: the export format leaves it empty when there is none',
      unreadable: Q,
      figures: 'incoming: not in the on-time rate, which measures documents with a deadline only',
    },
    vi: {
      empty: 'Không có hạn xử lý (định dạng dữ liệu để trống khi văn bản không có hạn)',
      unreadable: QVI,
      figures: 'Văn bản đến: không tính vào tỷ lệ đúng hạn (chỉ tính văn bản có hạn xử lý)',
    },
  },
  {
    field: 'completed_time', label: 'Ngày hoàn thành',
    en: {
      empty: 'not completed (open)',
      unreadable: `${Q} (also in the future or before the document arrived)`,
      figures: 'incoming with a deadline: late once the deadline has passed, pending before; never on time',
    },
    vi: {
      empty: 'Chưa hoàn thành',
      unreadable: `${QVI} (kể cả ở tương lai hoặc trước ngày nhận)`,
      figures: 'Văn bản đến có hạn: quá hạn thì tính là trễ hạn, chưa đến hạn thì là đang xử lý; không bao giờ tính là đúng hạn',
    },
  },
  {
    field: 'processed_electronic', label: 'Xử lý trên môi trường mạng',
    en: {
      empty: 'column absent (an export without it stays valid): not recorded, the processed rate of those documents is null, never 0, and completeness counts them; an empty cell of the column on an incoming document: counted as not processed electronically, with a note once it is completed',
      unreadable: `${Q} (a spelling no mapping knows)`,
      figures: 'incoming completed: in in_completed, in in_processed_electronic only when recorded yes; not recorded: in in_completed_unrecorded only (the processed rate can only go down)',
    },
    vi: {
      empty: 'Tệp không có cột này (vẫn hợp lệ): chưa ghi nhận, tỷ lệ xử lý trên môi trường mạng của các văn bản đó để trống (không tính là 0) và được nêu ở mức độ đầy đủ; ô để trống trong cột: văn bản đến tính là không xử lý trên môi trường mạng, có ghi chú khi đã hoàn thành',
      unreadable: `${QVI} (giá trị chưa được khai báo)`,
      figures: 'Văn bản đến đã hoàn thành: tính vào tổng số đã hoàn thành, chỉ tính là xử lý trên môi trường mạng khi ghi "Có"; chưa ghi nhận: chỉ đếm vào số văn bản chưa ghi nhận (tỷ lệ chỉ có thể giảm)',
    },
  },
  {
    field: 'sender', label: 'Nơi gửi',
    en: {
      empty: 'not recorded: a paper receipt without a sender cannot be attributed to the body that sent it (the office\'s count of such receipts is given beside paper_sent_to_office)',
      unreadable: `${Q} when over 500 characters (a broken row)`,
      figures: 'incoming: a registry code names a unit of the registry (paper_sent_to_office, the cross-check of self-reports); any other text is the name of a body outside the registry',
    },
    vi: {
      empty: 'Chưa ghi nhận: văn bản giấy không ghi nơi gửi thì không quy được cho cơ quan gửi (số văn bản như vậy được nêu kèm chỉ tiêu văn bản giấy gửi Văn phòng UBND tỉnh)',
      unreadable: `${QVI} nếu quá 500 ký tự (dòng bị hỏng)`,
      figures: 'Văn bản đến: mã có trong danh mục là đơn vị trong danh mục (văn bản giấy gửi Văn phòng UBND tỉnh, đối chiếu tự báo cáo); giá trị khác là tên cơ quan ngoài danh mục',
    },
  },
  {
    field: 'doc_date', label: 'Ngày văn bản',
    en: { empty: 'nothing', unreadable: `${Q} (also before 2000 or in the future): a garbled value marks a garbled row, and a source pulled by watermark sends a quarantined row again until it loads`, figures: 'none (the business date is event_time)' },
    vi: { empty: 'Không ảnh hưởng', unreadable: `${QVI} (kể cả trước năm 2000 hoặc ở tương lai): giá trị hỏng cho thấy dòng dữ liệu bị hỏng`, figures: 'Không ảnh hưởng (ngày tính số liệu là ngày gửi/nhận)' },
  },
  {
    field: 'number', label: 'Số ký hiệu',
    en: { empty: 'nothing', unreadable: `${Q} when over 500 characters (a broken row)`, figures: 'none' },
    vi: { empty: 'Không ảnh hưởng', unreadable: `${QVI} nếu quá 500 ký tự (dòng bị hỏng)`, figures: 'Không ảnh hưởng' },
  },
  {
    field: 'doc_type', label: 'Loại văn bản',
    en: { empty: 'nothing', unreadable: `${Q} when over 500 characters (a broken row)`, figures: 'none' },
    vi: { empty: 'Không ảnh hưởng', unreadable: `${QVI} nếu quá 500 ký tự (dòng bị hỏng)`, figures: 'Không ảnh hưởng' },
  },
];

/** A rule for every field and for all of them: text whose bytes were damaged in reading. */
export const DAMAGED_TEXT_RULE = {
  en: 'Any value that holds U+FFFD (�, a character lost to a wrong encoding) is quarantined, never stored.',
  vi: 'Giá trị có ký tự lỗi � (mất ký tự do sai bảng mã) thì dòng được đưa vào danh sách dữ liệu lỗi, không lưu.',
} as const;

/** The table as the README's figures section shows it (field-rules.test.ts keeps the README in step). */
export function fieldRulesMarkdown(): string {
  const cell = (s: string) => s.replaceAll('|', '\\|');
  return [
    '| field | empty | unreadable | effect on the figures |',
    '|---|---|---|---|',
    ...FIELD_RULES.map((r) => `| \`${r.field}\` (${r.label}) | ${cell(r.en.empty)} | ${cell(r.en.unreadable)} | ${cell(r.en.figures)} |`),
    `| any text | — | ${cell(DAMAGED_TEXT_RULE.en)} | none: the row is not stored |`,
  ].join('\n');
}
