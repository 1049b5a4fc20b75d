// The additive fields of the export contract (migration 009): sender and processed_electronic
// of incoming documents, from files written by hand with the Vietnamese headers registers use.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSettings } from '../config.ts';
import { testWarehouse, type TestWarehouse } from '../test/helpers/warehouse.ts';

let w: TestWarehouse;
beforeEach(async () => { w = await testWarehouse(); });
afterEach(() => w.close());

interface Doc { doc_id: string; direction: string; channel: string | null; sender: string | null; processed_electronic: boolean | null; notes: string[] }
const docs = () => w.rows<Doc>(`
  SELECT doc_id, direction, channel, sender, processed_electronic, list_transform(notes, n -> n.code) AS notes
  FROM documents ORDER BY doc_id`);
const quarantine = () => w.rows<{ file: string; row_no: number; field: string | null; codes: string[] }>(`
  SELECT file, row_no::INTEGER AS row_no, field, list_transform(problems, p -> p.code) AS codes FROM quarantine ORDER BY row_no`);

const BASE = 'Mã đơn vị;Mã văn bản;Loại sổ;Số ký hiệu;Loại văn bản;Ngày văn bản;Thời gian gửi/nhận;Độ mật;Hình thức;Ký số;Hạn xử lý;Ngày hoàn thành';

describe('sender and processed_electronic', () => {
  it('reads "Nơi gửi" and "Xử lý trên môi trường mạng" (NFD, any case), a registry code or a free-text name', async () => {
    const f = w.file('so-van-ban-den.csv', [
      `${BASE};Nơi gửi;Xử lý trên môi trường mạng`,
      'P01;D1;Đến;12/STC;Công văn;01/06/2020;01/06/2020 08:00;Thường;Giấy;;10/06/2020;05/06/2020 10:00;P05;Không',
      'P01;D2;Đến;3/BTC;Công văn;01/06/2020;01/06/2020 09:00;Thường;Điện tử;;;02/06/2020 10:00;Bộ Tài chính;Có',
      'P01;D3;Đến;4/SYT;Công văn;01/06/2020;01/06/2020 09:30;Thường;Điện tử và giấy;;;02/06/2020 11:00;P16;x',
      'P01;D4;Đi;5/VP;Công văn;01/06/2020;01/06/2020 10:00;Thường;Điện tử;Có;;;;',
    ].join('\n').normalize('NFD'));
    expect(await w.load([f])).toMatchObject({ status: 'succeeded', loaded: 4, quarantined: 0 });
    expect(await docs()).toEqual([
      { doc_id: 'D1', direction: 'in', channel: 'paper', sender: 'P05', processed_electronic: false, notes: [] },
      { doc_id: 'D2', direction: 'in', channel: 'electronic', sender: 'Bộ Tài chính', processed_electronic: true, notes: [] },
      { doc_id: 'D3', direction: 'in', channel: 'both', sender: 'P16', processed_electronic: true, notes: [] },
      { doc_id: 'D4', direction: 'out', channel: 'electronic', sender: null, processed_electronic: null, notes: [] },
    ]);
  });

  it('reads "Cơ quan gửi" and "Hồ sơ điện tử"; an empty cell of the column is "no" with a note once completed, an empty channel is noted', async () => {
    const f = w.file('tdoffice.csv', [
      'Mã đơn vị,Mã văn bản,Loại sổ,Thời gian gửi/nhận,Độ mật,Hình thức,Ký số,Hạn xử lý,Ngày hoàn thành,Cơ quan gửi,Hồ sơ điện tử',
      '380,E1,Đến,2020-07-02 08:00,Thường,Điện tử,,,2020-07-03 08:00,Sở Nội vụ,Có',
      '380,E2,Đến,2020-07-02 08:00,Thường,,,,2020-07-03 08:00,,',
      '380,E3,Đến,2020-07-02 08:00,Thường,Giấy,,,,P02,',
    ].join('\n'));
    expect(await w.load([f])).toMatchObject({ loaded: 3, quarantined: 0 });
    expect(await docs()).toEqual([
      { doc_id: 'E1', direction: 'in', channel: 'electronic', sender: 'Sở Nội vụ', processed_electronic: true, notes: [] },
      // completed with the cell empty: counted as not processed electronically, with a note
      { doc_id: 'E2', direction: 'in', channel: null, sender: null, processed_electronic: false, notes: ['empty_counted_not_received_electronic', 'empty_counted_not_processed_electronic'] },
      // still open: false, no note (the processed rate counts completed documents only)
      { doc_id: 'E3', direction: 'in', channel: 'paper', sender: 'P02', processed_electronic: false, notes: [] },
    ]);
  });

  it('an old export without the columns stays valid: not recorded (NULL), never "no"', async () => {
    const f = w.file('old.csv', [
      'unit_code,doc_id,direction,number,doc_type,doc_date,event_time,security,channel,signed,deadline,completed_time',
      'P02,O1,in,,,,2020-06-01T08:00:00+07:00,normal,paper,,,2020-06-02T08:00:00+07:00',
    ].join('\n'));
    expect(await w.load([f])).toMatchObject({ loaded: 1, quarantined: 0 });
    expect(await docs()).toEqual([{ doc_id: 'O1', direction: 'in', channel: 'paper', sender: null, processed_electronic: null, notes: [] }]);
  });

  it('quarantines an unreadable processed value with its file, row and field; a later export with the columns updates a document', async () => {
    const f = w.file('bad.csv', [
      `${BASE};Nơi gửi;Xử lý trên môi trường mạng`,
      'P01;Q1;Đến;;;;01/06/2020 08:00;Thường;Giấy;;;02/06/2020 08:00;P05;có lẽ',
      'P01;Q2;Đến;;;;01/06/2020 08:00;Thường;Giấy;;;02/06/2020 08:00;P05;Không',
    ].join('\n'));
    expect(await w.load([f])).toMatchObject({ loaded: 1, quarantined: 1 });
    expect(await quarantine()).toEqual([{ file: 'bad.csv', row_no: 2, field: 'processed_electronic', codes: ['unknown_value'] }]);
    const raw = await w.rows<{ raw: string }>(`SELECT raw FROM quarantine`);
    expect(JSON.parse(raw[0]!.raw)).toMatchObject({ sender: 'P05', processed_electronic: 'có lẽ' });

    const old = w.file('old.csv', [
      'unit_code,doc_id,direction,number,doc_type,doc_date,event_time,security,channel,signed,deadline,completed_time',
      'P01,Q3,in,,,,2020-06-01T08:00:00+07:00,normal,paper,,,2020-06-02T08:00:00+07:00',
    ].join('\n'));
    await w.load([old]);
    const again = w.file('new.csv', [
      'unit_code,doc_id,direction,number,doc_type,doc_date,event_time,security,channel,signed,deadline,completed_time,sender,processed_electronic',
      'P01,Q3,in,,,,2020-06-01T08:00:00+07:00,normal,paper,,,2020-06-02T08:00:00+07:00,P07,false',
    ].join('\n'));
    expect(await w.load([again])).toMatchObject({ updated: 1 });
    expect((await docs()).find((d) => d.doc_id === 'Q3')).toMatchObject({ sender: 'P07', processed_electronic: false });
    expect(await w.rows(`SELECT sender, processed_electronic FROM document_history WHERE doc_id = 'Q3'`)).toEqual([{ sender: null, processed_electronic: null }]);
  });

  it('maps a vendor\'s own columns and values (the voffice mapping of config/settings.json)', async () => {
    const settings = loadSettings(new URL('../config/settings.json', import.meta.url).pathname);
    const f = w.file('voffice.json', JSON.stringify([
      { ma_dv: 'P03', id: 'J1', loai: 'VB_DEN', thoi_gian: '2020-06-01T08:00:00+07:00', do_mat: '0', kenh: 'GIAY', ky_so: '', han_xu_ly: '', hoan_thanh: '2020-06-03T08:00:00+07:00', noi_gui: 'P05', xu_ly_mang: 'DT' },
      { ma_dv: 'P03', id: 'J2', loai: 'VB_DEN', thoi_gian: '2020-06-01T08:00:00+07:00', do_mat: '0', kenh: 'DT', ky_so: '', han_xu_ly: '', hoan_thanh: '2020-06-03T08:00:00+07:00', noi_gui: 'Văn phòng Chính phủ', xu_ly_mang: 'GIAY' },
    ]));
    expect(await w.load([f], { mapping: settings.mappings['voffice'] })).toMatchObject({ loaded: 2, quarantined: 0 });
    expect((await docs()).map((d) => [d.doc_id, d.sender, d.processed_electronic])).toEqual([['J1', 'P05', true], ['J2', 'Văn phòng Chính phủ', false]]);
  });
});
