import { describe, expect, it } from 'vitest';
import { cellText } from './cells.ts';
import { sourceLabel, SourceCells, systemNames } from './source-label.ts';

describe('SourceCells', () => {
  it('gives the text cellText(sourceLabel(…)) gives, for every source, file and row', () => {
    // NFD names (a combining mark at the end of the part before the row), control
    // characters, URLs with and without a page, no file, no row, a source not configured
    const names = systemNames([
      { id: 'td', name: 'TDOffice' },
      { id: 'nfd', name: 'Quản lý văn bản'.normalize('NFD') },
      { id: 'ctl', name: 'Hệ\u0001 thống\u0007' },
    ]);
    const files = [null, '', 'export.csv', '/data/Thường Xuân/xuat-du-lieu.csv'.normalize('NFD'), 'https://qlvb.example/api/export?page=3', 'https://qlvb.example/files/t%E1%BB%87p%C3%A0.csv', 'ho\u0300', 'e\u0301\u0002', 'ａ'];
    const rows = [null, 0, 1, 9113, 2 ** 31, 1.5, Number.NaN];
    const cells = new SourceCells(names);
    let n = 0;
    for (let pass = 0; pass < 2; pass++) {
      for (const id of ['td', 'nfd', 'ctl', 'other', null]) {
        for (const file of files) {
          for (const row of rows) {
            expect(cells.cell(id, file, row)).toBe(cellText(sourceLabel(names(id), file, row)));
            n++;
          }
        }
      }
    }
    expect(n).toBe(2 * 5 * files.length * rows.length);
    // the shortcut is taken (the part before the row is kept), and it is the NFC text
    expect(cells.cell('nfd', files[3]!, 7)).toBe(`Quản lý văn bản · xuat-du-lieu.csv · dòng 7`.normalize('NFC'));
  });
});
