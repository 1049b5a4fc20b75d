import { csvLine } from './csv.ts';
import { dateToDmy, toLocalDmyHm, toLocalOffsetIso } from './local-time.ts';
import { hash32, unitFloat } from './prng.ts';
import type { Unit } from './registry.ts';
import type { SimDocument } from './types.ts';

/**
 * The three vendor document-management systems and their export dialects. Each dialect is
 * written the way the vendor's export really looks, so the ingestion side is tested
 * against headers, spellings, encodings and time formats it will meet in the field.
 */

/**
 * ioffice-v1: an older iOffice installation, whose export lacks the two columns Directive 15's
 * received and processed rates added (sender, processed_electronic): its registers do not
 * record them, so its units' processed rate is null (not recorded), never 0.
 */
export type SystemId = 'tdoffice' | 'ioffice' | 'voffice' | 'ioffice-v1';
export const SYSTEM_IDS: readonly SystemId[] = ['tdoffice', 'ioffice', 'voffice', 'ioffice-v1'];

export function isSystemId(id: string): id is SystemId {
  return (SYSTEM_IDS as readonly string[]).includes(id);
}

export const SYSTEM_FORMAT: Record<SystemId, 'csv' | 'json'> = { tdoffice: 'csv', ioffice: 'csv', voffice: 'json', 'ioffice-v1': 'csv' };

export const CONTENT_TYPE: Record<'csv' | 'json', string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/** The provincial capital runs the province's own TD-Office. */
const CAPITAL_DISTRICT = '380';
/** Chosen so the 26 other real districts split 13/13 between iOffice and VOffice. */
const VENDOR_SALT = 'vendor-1';

/**
 * The districts whose iOffice is the old installation (ioffice-v1): Quan Sơn (387) and its
 * communes, whose exports lack sender and processed_electronic.
 */
export const LEGACY_DISTRICTS: ReadonlySet<string> = new Set(['387']);

/** Which vendor system a unit runs: fixed by its code (and its district's), independent of seed. */
export function systemOf(unit: Pick<Unit, 'code' | 'level' | 'parent_code'>): SystemId {
  if (unit.level === 'province') return 'tdoffice';
  const district = unit.level === 'district' ? unit.code : unit.parent_code;
  if (district === CAPITAL_DISTRICT) return 'tdoffice';
  const system = hash32(VENDOR_SALT, district) % 2 === 0 ? 'ioffice' : 'voffice';
  return system === 'ioffice' && LEGACY_DISTRICTS.has(district) ? 'ioffice-v1' : system;
}

/** Whether a system's registers record the sender and the processing of incoming documents. */
export function recordsDirectiveFields(system: SystemId): boolean {
  return system !== 'ioffice-v1';
}

export function assignSystems(units: readonly Unit[]): Map<string, SystemId> {
  return new Map(units.map((u) => [u.code, systemOf(u)]));
}

// ---------------------------------------------------------------- tdoffice

export const TDOFFICE_HEADERS = [
  'unit_code', 'doc_id', 'direction', 'number', 'doc_type', 'doc_date',
  'event_time', 'security', 'channel', 'signed', 'deadline', 'completed_time',
  // incoming documents (Directive 15's received and processed rates)
  'sender', 'processed_electronic',
] as const;

function tdofficeRow(d: SimDocument): string[] {
  return [
    d.unit_code,
    d.doc_id,
    d.direction,
    d.number,
    d.doc_type,
    d.doc_date,
    toLocalOffsetIso(d.event_time),
    d.security,
    d.channel,
    d.signed ? 'true' : 'false',
    d.deadline ?? '',
    d.completed_time === null ? '' : toLocalOffsetIso(d.completed_time),
    d.sender ?? '',
    d.processed_electronic === null ? '' : String(d.processed_electronic),
  ];
}

// ---------------------------------------------------------------- ioffice

export const IOFFICE_HEADERS = [
  'Mã đơn vị', 'Mã văn bản', 'Loại sổ', 'Số ký hiệu', 'Loại văn bản', 'Ngày văn bản',
  'Thời gian gửi/nhận', 'Độ mật', 'Hình thức', 'Ký số', 'Hạn xử lý', 'Ngày hoàn thành',
  'Nơi gửi', 'Xử lý trên môi trường mạng',
] as const;

export const IOFFICE_VALUES = {
  direction: { out: 'Đi', in: 'Đến' },
  security: { normal: 'Thường', secret: 'Mật', top_secret: 'Tối mật', absolute_secret: 'Tuyệt mật' },
  channel: { electronic: 'Điện tử', paper: 'Giấy', both: 'Điện tử và giấy' },
  signed: { true: 'Có', false: 'Không' },
} as const;

/**
 * Per-unit quirks of iOffice installations, fixed by unit code: about 1 in 5 write
 * decomposed Unicode (NFD), about 1 in 5 write the coded values in capitals.
 */
export function iofficeQuirks(unitCode: string): { nfd: boolean; upper: boolean } {
  return { nfd: unitFloat('ioffice-nfd', unitCode) < 0.2, upper: unitFloat('ioffice-upper', unitCode) < 0.2 };
}

function iofficeRow(d: SimDocument): string[] {
  const q = iofficeQuirks(d.unit_code);
  const coded = (v: string) => (q.upper ? v.toUpperCase() : v);
  const row = [
    d.unit_code,
    d.doc_id,
    coded(IOFFICE_VALUES.direction[d.direction]),
    d.number,
    d.doc_type,
    dateToDmy(d.doc_date),
    toLocalDmyHm(d.event_time),
    coded(IOFFICE_VALUES.security[d.security]),
    coded(IOFFICE_VALUES.channel[d.channel]),
    coded(d.signed ? IOFFICE_VALUES.signed.true : IOFFICE_VALUES.signed.false),
    d.deadline === null ? '' : dateToDmy(d.deadline),
    d.completed_time === null ? '' : toLocalDmyHm(d.completed_time),
    d.sender ?? '',
    d.processed_electronic === null ? '' : coded(d.processed_electronic ? IOFFICE_VALUES.signed.true : IOFFICE_VALUES.signed.false),
  ];
  return q.nfd ? row.map((v) => v.normalize('NFD')) : row;
}

/** The old iOffice's headers: those of iOffice without sender and processed_electronic. */
export const IOFFICE_V1_HEADERS = IOFFICE_HEADERS.slice(0, 12);

// ---------------------------------------------------------------- voffice

export interface VofficeRecord {
  ma_dv: string;
  id: string;
  loai: 'VB_DI' | 'VB_DEN' | string;
  so_ky_hieu: string;
  loai_vb: string;
  ngay_vb: string | null;
  thoi_gian: string | null;
  do_mat: number;
  kenh: 'DT' | 'GIAY' | 'DT_GIAY' | string;
  ky_so: number;
  han_xu_ly: string | null;
  hoan_thanh: string | null;
  /** incoming: the sender (code or name); null when not recorded */
  noi_gui: string | null;
  /** incoming and completed: DT (on the network) or GIAY; null otherwise */
  xu_ly_mang: 'DT' | 'GIAY' | null;
}

export const VOFFICE_KEYS = [
  'ma_dv', 'id', 'loai', 'so_ky_hieu', 'loai_vb', 'ngay_vb', 'thoi_gian', 'do_mat', 'kenh', 'ky_so', 'han_xu_ly', 'hoan_thanh',
  'noi_gui', 'xu_ly_mang',
] as const;

export const VOFFICE_VALUES = {
  direction: { out: 'VB_DI', in: 'VB_DEN' },
  security: { normal: 0, secret: 1, top_secret: 2, absolute_secret: 3 },
  channel: { electronic: 'DT', paper: 'GIAY', both: 'DT_GIAY' },
} as const;

function vofficeRecord(d: SimDocument): VofficeRecord {
  return {
    ma_dv: d.unit_code,
    id: d.doc_id,
    loai: VOFFICE_VALUES.direction[d.direction],
    so_ky_hieu: d.number,
    loai_vb: d.doc_type,
    ngay_vb: d.doc_date,
    thoi_gian: d.event_time,
    do_mat: VOFFICE_VALUES.security[d.security],
    kenh: VOFFICE_VALUES.channel[d.channel],
    ky_so: d.signed ? 1 : 0,
    han_xu_ly: d.deadline,
    hoan_thanh: d.completed_time,
    noi_gui: d.sender,
    xu_ly_mang: d.processed_electronic === null ? null : d.processed_electronic ? 'DT' : 'GIAY',
  };
}

// ---------------------------------------------------------------- rows and bodies

/** One vendor row: CSV fields for the CSV systems, an object for VOffice. */
export type VendorRow = string[] | VofficeRecord;

export function toVendorRow(system: SystemId, doc: SimDocument): VendorRow {
  switch (system) {
    case 'tdoffice':
      return tdofficeRow(doc);
    case 'ioffice':
      return iofficeRow(doc);
    case 'voffice':
      return vofficeRecord(doc);
    case 'ioffice-v1':
      return iofficeRow(doc).slice(0, IOFFICE_V1_HEADERS.length);
  }
}

const CSV_DIALECT = {
  tdoffice: { delimiter: ',', eol: '\n', bom: '', headers: TDOFFICE_HEADERS as readonly string[] },
  ioffice: { delimiter: ';', eol: '\r\n', bom: '\uFEFF', headers: IOFFICE_HEADERS as readonly string[] },
  'ioffice-v1': { delimiter: ';', eol: '\r\n', bom: '\uFEFF', headers: IOFFICE_V1_HEADERS as readonly string[] },
} as const;

/** Serialises vendor rows as one export body: CSV with its header line, or a JSON array. */
export function serializeRows(system: SystemId, rows: readonly VendorRow[]): string {
  if (system === 'voffice') return JSON.stringify(rows);
  const dialect = CSV_DIALECT[system];
  const parts = [dialect.bom + csvLine(dialect.headers, dialect.delimiter, dialect.eol)];
  for (const row of rows) parts.push(csvLine(row as string[], dialect.delimiter, dialect.eol));
  return parts.join('');
}

/** The export body of some documents in a system's dialect. */
export function exportRows(system: SystemId, docs: readonly SimDocument[]): string {
  return serializeRows(system, docs.map((d) => toVendorRow(system, d)));
}

// ---------------------------------------------------------------- corruption (fault injection)

export type Corruption = 'unit_code' | 'date' | 'doc_id' | 'channel';
export const CORRUPTIONS: readonly Corruption[] = ['unit_code', 'date', 'doc_id', 'channel'];

/**
 * Damages one field of a vendor row the way broken exports do: a unit code nobody knows,
 * an impossible date, a missing id, a channel word outside the vocabulary. Returns a copy.
 */
export function corruptRow(system: SystemId, row: VendorRow, kind: Corruption): VendorRow {
  if (system === 'voffice') {
    const r = { ...(row as VofficeRecord) };
    if (kind === 'unit_code') r.ma_dv = `X${r.ma_dv}`;
    else if (kind === 'date') r.ngay_vb = '2020-13-32';
    else if (kind === 'doc_id') r.id = '';
    else r.kenh = 'FAX';
    return r;
  }
  const r = [...(row as string[])];
  const io = system === 'ioffice' || system === 'ioffice-v1';
  if (kind === 'unit_code') r[0] = `X${r[0]}`;
  else if (kind === 'date') r[5] = io ? '32/13/2020' : '2020-13-32';
  else if (kind === 'doc_id') r[1] = '';
  else r[8] = io ? 'Fax' : 'fax';
  return r;
}
