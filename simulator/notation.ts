import { chance, intBetween, pickWeighted, type Rng } from './prng.ts';
import type { Unit } from './registry.ts';

/**
 * Số/ký hiệu (number and notation) the way Vietnamese registers write them:
 * "125/UBND-VP" for a dispatch, "45/QĐ-UBND" for a decision. Real-looking numbers
 * matter because people read them in the demo's drill-down to single documents.
 */

const TYPE_ABBR: Record<string, string> = {
  'Quyết định': 'QĐ',
  'Kế hoạch': 'KH',
  'Báo cáo': 'BC',
  'Tờ trình': 'TTr',
  'Thông báo': 'TB',
  'Giấy mời': 'GM',
};

const SKIP_WORDS = new Set(['và', '-', '–']);

/** Issuer abbreviation: SNV for Sở Nội vụ, SLĐTBXH for Sở Lao động - Thương binh và Xã hội. */
export function issuerAbbr(unit: Pick<Unit, 'name' | 'level'>): string {
  if (unit.level !== 'province') return 'UBND';
  const name = unit.name.normalize('NFC');
  if (/^Văn phòng UBND/i.test(name)) return 'VP';
  if (/^Thanh tra/i.test(name)) return 'TTr';
  if (/Nghi Sơn/.test(name)) return 'BQLKKTNS';
  return name
    .replaceAll(',', ' ')
    .split(/\s+/)
    .filter((w) => w && !SKIP_WORDS.has(w.toLowerCase()))
    .map((w) => w[0]!.toUpperCase())
    .join('');
}

const DISTRICT_DEPTS = ['VP', 'VP', 'TCKH', 'NV', 'TNMT', 'KT', 'VHTT', 'GDĐT', 'LĐTBXH'];
const PROVINCE_DEPTS = ['VP', 'VP', 'KHTC', 'TCCB', 'NV', 'TTr', 'QLCL'];

export function outgoingNumber(rng: Rng, seq: number, docType: string, unit: Pick<Unit, 'name' | 'level'>): string {
  const issuer = issuerAbbr(unit);
  const abbr = TYPE_ABBR[docType];
  if (abbr) return `${seq}/${abbr}-${issuer}`;
  if (unit.level === 'commune') return `${seq}/UBND`;
  const depts = unit.level === 'district' ? DISTRICT_DEPTS : PROVINCE_DEPTS;
  return `${seq}/${issuer}-${depts[intBetween(rng, 0, depts.length - 1)]!}`;
}

const SENDERS: ReadonlyArray<readonly [readonly [string, string], number]> = [
  [['UBND', 'VX'], 5],
  [['UBND', 'KTTC'], 4],
  [['UBND', 'NN'], 3],
  [['UBND', 'THKH'], 3],
  [['VPCP', 'KSTT'], 1],
  [['BTTTT', 'CĐSQG'], 1],
  [['BNV', 'CCVC'], 1],
  [['STTTT', 'CNTT'], 2],
  [['SNV', 'CCVC'], 2],
  [['STC', 'QLNS'], 2],
  [['SKHĐT', 'TH'], 2],
  [['SYT', 'NVY'], 2],
  [['SGDĐT', 'VP'], 1],
  [['STNMT', 'QLĐĐ'], 1],
];

export function incomingNumber(rng: Rng, docType: string): string {
  const [org, dept] = pickWeighted(rng, SENDERS);
  const n = intBetween(rng, 1, chance(rng, 0.3) ? 9000 : 2500);
  const abbr = TYPE_ABBR[docType];
  let number = abbr ? `${n}/${abbr}-${org}` : `${n}/${org}-${dept}`;
  // A few registers annotate the notation; the comma forces CSV quoting in exports.
  if (chance(rng, 0.002)) number += ' (bản sao, kèm phụ lục)';
  return number;
}
