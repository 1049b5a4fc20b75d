import { describe, expect, it } from 'vitest';
import { csvDocument, csvField, text } from './cells.ts';

describe('text for cells and CSV fields', () => {
  it('is NFC and drops characters that XML cannot hold', () => {
    const nfd = 'Thanh Hóa'.normalize('NFD');
    expect(text(nfd)).toBe('Thanh Hóa'.normalize('NFC'));
    expect(text('a\u0001b\u000bc\td\ne')).toBe('abc\td\ne');
    expect(text(null)).toBeNull();
  });

  it('prefixes CSV text that a spreadsheet would run as a formula with a quote (OWASP)', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField('+1-2')).toBe("'+1-2");
    expect(csvField('-5/STC')).toBe("'-5/STC");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tx')).toBe("'\tx");
    expect(csvField('\rx')).toBe(`"'\rx"`);
    expect(csvField('125/UBND-VP')).toBe('125/UBND-VP');
  });

  it('writes numbers as numbers (a negative change is data) and nulls as empty fields', () => {
    expect(csvField(-0.25)).toBe('-0.25');
    expect(csvField(0)).toBe('0');
    expect(csvField(null)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
  });

  it('makes a UTF-8 document with a BOM and CRLF lines', () => {
    const doc = csvDocument(['a', 'b'], [['Hóa, Thanh', 1]]);
    expect([...doc.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(doc.subarray(3).toString('utf8')).toBe('a,b\r\n"Hóa, Thanh",1\r\n');
  });
});
