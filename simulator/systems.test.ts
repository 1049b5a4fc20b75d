import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.ts';
import { decodeExport } from './decode.ts';
import { generateProvince } from './generate.ts';
import { selectUnits } from './registry.ts';
import {
  CORRUPTIONS,
  corruptRow,
  exportRows,
  iofficeQuirks,
  serializeRows,
  systemOf,
  toVendorRow,
  type SystemId,
} from './systems.ts';
import { MILESTONES, REGISTRY } from './test-fixtures.ts';
import type { SimDocument } from './types.ts';

const sample: SimDocument[] = [
  {
    unit_code: '380', doc_id: '380-2020-000123', direction: 'out', number: '125/UBND-VP', doc_type: 'Công văn',
    doc_date: '2020-05-21', event_time: '2020-05-21T17:30:00Z', security: 'normal', channel: 'electronic', signed: true,
    deadline: null, completed_time: null, sender: null, processed_electronic: null, updated_at: '2020-05-21T17:30:00Z',
  },
  {
    unit_code: '380', doc_id: '380-2020-000124', direction: 'in', number: '12/SNV-CCVC, "bản sao"', doc_type: 'Quyết định',
    doc_date: '2020-06-01', event_time: '2020-06-02T02:05:00Z', security: 'top_secret', channel: 'both', signed: false,
    deadline: '2020-06-10', completed_time: '2020-06-09T16:50:00Z', sender: 'Sở Nội vụ', processed_electronic: true, updated_at: '2020-06-09T16:50:00Z',
  },
];

describe('system assignment', () => {
  it('puts the province and the capital on TD-Office and splits the other districts', () => {
    const byCode = new Map(REGISTRY.map((u) => [u.code, u]));
    for (const u of REGISTRY) {
      const system = systemOf(u);
      if (u.level === 'province' || u.code === '380' || u.parent_code === '380') expect(system).toBe('tdoffice');
      else expect(system).not.toBe('tdoffice');
      if (u.level === 'commune') expect(system).toBe(systemOf(byCode.get(u.parent_code)!));
    }
    const others = REGISTRY.filter((u) => u.level === 'district' && u.code !== '380');
    const ioffice = others.filter((u) => systemOf(u) === 'ioffice').length;
    expect(ioffice).toBeGreaterThanOrEqual(10);
    expect(others.length - ioffice).toBeGreaterThanOrEqual(10);
  });
});

describe('tdoffice dialect', () => {
  it('writes canonical headers and values, +07:00 times, LF, no BOM, proper quoting', () => {
    const body = exportRows('tdoffice', sample);
    expect(body.charCodeAt(0)).not.toBe(0xfeff);
    expect(body).not.toContain('\r');
    const lines = body.split('\n');
    expect(lines[0]).toBe('unit_code,doc_id,direction,number,doc_type,doc_date,event_time,security,channel,signed,deadline,completed_time,sender,processed_electronic');
    expect(lines[1]).toBe('380,380-2020-000123,out,125/UBND-VP,Công văn,2020-05-21,2020-05-22T00:30:00+07:00,normal,electronic,true,,,,');
    expect(lines[2]).toBe('380,380-2020-000124,in,"12/SNV-CCVC, ""bản sao""",Quyết định,2020-06-01,2020-06-02T09:05:00+07:00,top_secret,both,false,2020-06-10,2020-06-09T23:50:00+07:00,Sở Nội vụ,true');
    expect(lines[3]).toBe('');
    expect(decodeExport('tdoffice', body)).toEqual(sample);
  });

  it('is a header line only when empty', () => {
    expect(exportRows('tdoffice', [])).toBe('unit_code,doc_id,direction,number,doc_type,doc_date,event_time,security,channel,signed,deadline,completed_time,sender,processed_electronic\n');
  });
});

describe('ioffice dialect', () => {
  it('writes Vietnamese headers and values, semicolons, BOM, CRLF, local dd/mm/yyyy times', () => {
    const code = ['16000', '16003', '16006', '381', '382', '15000'].find((c) => { const q = iofficeQuirks(c); return !q.nfd && !q.upper; })!;
    const docs = sample.map((d) => ({ ...d, unit_code: code }));
    const body = exportRows('ioffice', docs);
    expect(body.startsWith('\uFEFF')).toBe(true);
    const lines = body.slice(1).split('\r\n');
    expect(lines[0]).toBe('Mã đơn vị;Mã văn bản;Loại sổ;Số ký hiệu;Loại văn bản;Ngày văn bản;Thời gian gửi/nhận;Độ mật;Hình thức;Ký số;Hạn xử lý;Ngày hoàn thành;Nơi gửi;Xử lý trên môi trường mạng');
    expect(lines[1]).toBe(`${code};380-2020-000123;Đi;125/UBND-VP;Công văn;21/05/2020;22/05/2020 00:30;Thường;Điện tử;Có;;;;`);
    expect(lines[2]).toBe(`${code};380-2020-000124;Đến;"12/SNV-CCVC, ""bản sao""";Quyết định;01/06/2020;02/06/2020 09:05;Tối mật;Điện tử và giấy;Không;10/06/2020;09/06/2020 23:50;Sở Nội vụ;Có`);
    expect(body.split('\n').every((l, i, all) => i === all.length - 1 || l.endsWith('\r'))).toBe(true);
    expect(decodeExport('ioffice', body)).toEqual(docs);
  });

  it('has units that write NFD text and units that write capitals, and still round-trips', () => {
    const units = REGISTRY.filter((u) => systemOf(u) === 'ioffice');
    const nfd = units.filter((u) => iofficeQuirks(u.code).nfd);
    const upper = units.filter((u) => iofficeQuirks(u.code).upper);
    expect(nfd.length / units.length).toBeGreaterThan(0.1);
    expect(nfd.length / units.length).toBeLessThan(0.3);
    expect(upper.length / units.length).toBeGreaterThan(0.1);
    expect(upper.length / units.length).toBeLessThan(0.3);

    const nfdDoc = { ...sample[0]!, unit_code: nfd[0]!.code };
    const nfdRow = toVendorRow('ioffice', nfdDoc) as string[];
    expect(nfdRow[4]).toBe('Công văn'.normalize('NFD'));
    expect(nfdRow[4]).not.toBe('Công văn');
    const upperDoc = { ...sample[0]!, unit_code: upper[0]!.code };
    const upperRow = (toVendorRow('ioffice', upperDoc) as string[]).map((v) => v.normalize('NFC'));
    expect(upperRow[2]).toBe('ĐI');
    expect(upperRow[9]).toBe('CÓ');
    expect(upperRow[8]).toBe('ĐIỆN TỬ');
    expect(decodeExport('ioffice', exportRows('ioffice', [nfdDoc, upperDoc]))).toEqual([nfdDoc, upperDoc]);
  });
});

describe('voffice dialect', () => {
  it('writes vendor keys and codes with ISO Z times', () => {
    const body = exportRows('voffice', sample);
    const rows = JSON.parse(body) as Record<string, unknown>[];
    expect(Object.keys(rows[0]!)).toEqual(['ma_dv', 'id', 'loai', 'so_ky_hieu', 'loai_vb', 'ngay_vb', 'thoi_gian', 'do_mat', 'kenh', 'ky_so', 'han_xu_ly', 'hoan_thanh', 'noi_gui', 'xu_ly_mang']);
    expect(rows[1]).toMatchObject({ noi_gui: 'Sở Nội vụ', xu_ly_mang: 'DT' });
    expect(rows[0]).toMatchObject({ noi_gui: null, xu_ly_mang: null });
    expect(rows[0]).toMatchObject({ loai: 'VB_DI', do_mat: 0, kenh: 'DT', ky_so: 1, han_xu_ly: null, hoan_thanh: null, thoi_gian: '2020-05-21T17:30:00Z', ngay_vb: '2020-05-21' });
    expect(rows[1]).toMatchObject({ loai: 'VB_DEN', do_mat: 2, kenh: 'DT_GIAY', ky_so: 0, han_xu_ly: '2020-06-10', hoan_thanh: '2020-06-09T16:50:00Z' });
    expect(exportRows('voffice', [])).toBe('[]');
    expect(decodeExport('voffice', body)).toEqual(sample);
  });
});

describe('every dialect on generated data', () => {
  const units = selectUnits(REGISTRY, ['P05', '380', '381', '382', '384', '386']);
  const docs = generateProvince({ units, milestones: MILESTONES, seed: 11, scale: 0.3 });
  const systems: SystemId[] = ['tdoffice', 'ioffice', 'voffice'];

  it('ioffice-v1 (Quan Sơn) writes the iOffice dialect without sender and processed_electronic, and its registers record neither', () => {
    const old = selectUnits(REGISTRY, ['387']);
    expect(old.every((u) => systemOf(u) === 'ioffice-v1')).toBe(true);
    const mine = generateProvince({ units: old, milestones: MILESTONES, seed: 11, scale: 0.3 });
    const incoming = mine.filter((d) => d.direction === 'in');
    expect(incoming.length).toBeGreaterThan(50);
    expect(incoming.every((d) => d.sender === null && d.processed_electronic === null)).toBe(true);
    const body = exportRows('ioffice-v1', mine);
    expect(body.slice(1, body.indexOf('\r\n'))).toBe('Mã đơn vị;Mã văn bản;Loại sổ;Số ký hiệu;Loại văn bản;Ngày văn bản;Thời gian gửi/nhận;Độ mật;Hình thức;Ký số;Hạn xử lý;Ngày hoàn thành');
    expect(decodeExport('ioffice-v1', body)).toEqual(mine);
  });

  it.each(systems)('%s round-trips every record of its units', (system) => {
    const mine = docs.filter((d) => systemOf(units.find((u) => u.code === d.unit_code)!) === system);
    expect(mine.length).toBeGreaterThan(100);
    expect(decodeExport(system, exportRows(system, mine))).toEqual(mine);
  });

  it.each(systems)('%s: each corruption makes the row undecodable', (system) => {
    const known = new Set(units.map((u) => u.code));
    const doc = docs[0]!;
    for (const kind of CORRUPTIONS) {
      const body = serializeRows(system, [corruptRow(system, toVendorRow(system, doc), kind)]);
      expect(() => decodeExport(system, body, { knownUnits: known }), kind).toThrow();
    }
  });
});

describe('parseCsv', () => {
  it('handles BOM, quotes, doubled quotes, CRLF, embedded newlines and a missing last line end', () => {
    expect(parseCsv('\uFEFFa;"b;c";"say ""hi"""\r\n1;"x\ny";3', ';')).toEqual([['a', 'b;c', 'say "hi"'], ['1', 'x\ny', '3']]);
    expect(parseCsv('a,b\n,\n')).toEqual([['a', 'b'], ['', '']]);
    expect(() => parseCsv('a,"b')).toThrow();
  });
});
