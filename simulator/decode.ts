import { parseCsv } from './csv.ts';
import { dayNumber, instantIso, localToMs, parseInstant } from './local-time.ts';
import {
  IOFFICE_HEADERS,
  IOFFICE_V1_HEADERS,
  IOFFICE_VALUES,
  TDOFFICE_HEADERS,
  VOFFICE_KEYS,
  VOFFICE_VALUES,
  type SystemId,
  type VofficeRecord,
} from './systems.ts';
import type { SimDocument } from './types.ts';

/**
 * Strict reference decoder of the simulator's own dialects back into canonical records.
 * It exists so the simulator's tests can prove round-trips, and so integration tests have
 * an oracle for "what this page says"; the service's ingestion has its own, tolerant
 * parsers. Anything off-vocabulary throws, which is how corrupted rows show up.
 */

function invert<K extends string, V extends string | number>(map: Record<K, V>, fold: (s: string) => string): Map<string, K> {
  return new Map(Object.entries(map).map(([k, v]) => [fold(String(v)), k as K]));
}

const fold = (s: string) => s.normalize('NFC').toLowerCase().trim();
const IO_DIRECTION = invert(IOFFICE_VALUES.direction, fold);
const IO_SECURITY = invert(IOFFICE_VALUES.security, fold);
const IO_CHANNEL = invert(IOFFICE_VALUES.channel, fold);
const IO_SIGNED = invert(IOFFICE_VALUES.signed, fold);
const VO_DIRECTION = invert(VOFFICE_VALUES.direction, String);
const VO_SECURITY = invert(VOFFICE_VALUES.security, String);
const VO_CHANNEL = invert(VOFFICE_VALUES.channel, String);

const DIRECTIONS = new Set(['out', 'in']);
const SECURITIES = new Set(['normal', 'secret', 'top_secret', 'absolute_secret']);
const CHANNELS = new Set(['electronic', 'paper', 'both']);

function need<T>(value: T | undefined, what: string, raw: unknown): T {
  if (value === undefined) throw new Error(`unknown ${what}: ${JSON.stringify(raw)}`);
  return value;
}

function checkDate(iso: string): string {
  dayNumber(iso); // throws on impossible dates
  return iso;
}

function checkInstant(text: string): string {
  const ms = parseInstant(text);
  if (ms === null) throw new Error(`bad instant ${JSON.stringify(text)}`);
  return instantIso(ms);
}

function dmyToIso(text: string): string {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text);
  if (!m) throw new Error(`bad date ${JSON.stringify(text)}`);
  return checkDate(`${m[3]}-${m[2]}-${m[1]}`);
}

function dmyHmToInstant(text: string): string {
  const m = /^(\d{2}\/\d{2}\/\d{4}) (\d{2}):(\d{2})$/.exec(text);
  if (!m) throw new Error(`bad local time ${JSON.stringify(text)}`);
  return instantIso(localToMs(dayNumber(dmyToIso(m[1]!)), Number(m[2]) * 60 + Number(m[3])));
}

function nonEmpty(v: string, what: string): string {
  if (v.trim() === '') throw new Error(`empty ${what}`);
  return v;
}

function finish(d: Omit<SimDocument, 'updated_at'>, knownUnits?: ReadonlySet<string>): SimDocument {
  if (knownUnits && !knownUnits.has(d.unit_code)) throw new Error(`unknown unit ${JSON.stringify(d.unit_code)}`);
  const updated = d.completed_time !== null && d.completed_time > d.event_time ? d.completed_time : d.event_time;
  return { ...d, updated_at: updated };
}

function expectHeader(actual: readonly string[] | undefined, expected: readonly string[]): void {
  if (!actual || actual.length !== expected.length || actual.some((h, i) => h !== expected[i])) {
    throw new Error(`unexpected header ${JSON.stringify(actual)}`);
  }
}

export function decodeExport(system: SystemId, body: string, opts: { knownUnits?: ReadonlySet<string> } = {}): SimDocument[] {
  if (system === 'voffice') {
    const rows = JSON.parse(body) as VofficeRecord[];
    if (!Array.isArray(rows)) throw new Error('voffice export is not an array');
    return rows.map((r) => {
      const keys = Object.keys(r);
      if (keys.length !== VOFFICE_KEYS.length || VOFFICE_KEYS.some((k) => !(k in r))) throw new Error(`unexpected keys ${keys.join(',')}`);
      if (r.ky_so !== 0 && r.ky_so !== 1) throw new Error(`bad ky_so ${JSON.stringify(r.ky_so)}`);
      return finish({
        unit_code: nonEmpty(r.ma_dv, 'unit code'),
        doc_id: nonEmpty(r.id, 'doc id'),
        direction: need(VO_DIRECTION.get(r.loai), 'loai', r.loai),
        number: r.so_ky_hieu,
        doc_type: r.loai_vb,
        doc_date: checkDate(need(r.ngay_vb ?? undefined, 'ngay_vb', r.ngay_vb)),
        event_time: checkInstant(need(r.thoi_gian ?? undefined, 'thoi_gian', r.thoi_gian)),
        security: need(VO_SECURITY.get(String(r.do_mat)), 'do_mat', r.do_mat),
        channel: need(VO_CHANNEL.get(r.kenh), 'kenh', r.kenh),
        signed: r.ky_so === 1,
        deadline: r.han_xu_ly === null ? null : checkDate(r.han_xu_ly),
        completed_time: r.hoan_thanh === null ? null : checkInstant(r.hoan_thanh),
        sender: r.noi_gui,
        processed_electronic: r.xu_ly_mang === null ? null : need(({ DT: true, GIAY: false } as Record<string, boolean>)[r.xu_ly_mang], 'xu_ly_mang', r.xu_ly_mang),
      }, opts.knownUnits);
    });
  }
  if (system === 'ioffice' || system === 'ioffice-v1') {
    if (!body.startsWith('\uFEFF')) throw new Error(`${system} export lacks its BOM`);
    const rows = parseCsv(body, ';');
    // the old installation's export has neither sender nor processed_electronic: not recorded
    const headers = system === 'ioffice' ? IOFFICE_HEADERS : IOFFICE_V1_HEADERS;
    expectHeader(rows.shift(), headers);
    return rows.map((r) => {
      if (r.length !== headers.length) throw new Error(`row has ${r.length} fields`);
      const f = r.map((v) => v.normalize('NFC'));
      return finish({
        unit_code: nonEmpty(f[0]!, 'unit code'),
        doc_id: nonEmpty(f[1]!, 'doc id'),
        direction: need(IO_DIRECTION.get(fold(f[2]!)), 'Loại sổ', f[2]),
        number: f[3]!,
        doc_type: f[4]!,
        doc_date: dmyToIso(f[5]!),
        event_time: dmyHmToInstant(f[6]!),
        security: need(IO_SECURITY.get(fold(f[7]!)), 'Độ mật', f[7]),
        channel: need(IO_CHANNEL.get(fold(f[8]!)), 'Hình thức', f[8]),
        signed: need(IO_SIGNED.get(fold(f[9]!)), 'Ký số', f[9]) === 'true',
        deadline: f[10] === '' ? null : dmyToIso(f[10]!),
        completed_time: f[11] === '' ? null : dmyHmToInstant(f[11]!),
        sender: f[12] === undefined || f[12] === '' ? null : f[12],
        processed_electronic: f[13] === undefined || f[13] === '' ? null : need(IO_SIGNED.get(fold(f[13])), 'Xử lý trên môi trường mạng', f[13]) === 'true',
      }, opts.knownUnits);
    });
  }
  const rows = parseCsv(body, ',');
  expectHeader(rows.shift(), TDOFFICE_HEADERS);
  return rows.map((f) => {
    if (f.length !== TDOFFICE_HEADERS.length) throw new Error(`row has ${f.length} fields`);
    const oneOf = <T extends string>(set: Set<string>, v: string, what: string) => need(set.has(v) ? (v as T) : undefined, what, v);
    if (f[9] !== 'true' && f[9] !== 'false') throw new Error(`bad signed ${JSON.stringify(f[9])}`);
    return finish({
      unit_code: nonEmpty(f[0]!, 'unit code'),
      doc_id: nonEmpty(f[1]!, 'doc id'),
      direction: oneOf<SimDocument['direction']>(DIRECTIONS, f[2]!, 'direction'),
      number: f[3]!,
      doc_type: f[4]!,
      doc_date: checkDate(f[5]!),
      event_time: checkInstant(f[6]!),
      security: oneOf<SimDocument['security']>(SECURITIES, f[7]!, 'security'),
      channel: oneOf<SimDocument['channel']>(CHANNELS, f[8]!, 'channel'),
      signed: f[9] === 'true',
      deadline: f[10] === '' ? null : checkDate(f[10]!),
      completed_time: f[11] === '' ? null : checkInstant(f[11]!),
      sender: f[12] === '' ? null : f[12]!,
      processed_electronic: f[13] === '' ? null : f[13] === 'true' ? true : f[13] === 'false' ? false : need<boolean>(undefined, 'processed_electronic', f[13]),
    }, opts.knownUnits);
  });
}
