// The work list's query (inspection-violations.sql: in two steps, each document as JSON) lists
// exactly the documents, in exactly the order and with exactly the values, that its first,
// plain version gave row by row: checked here against that version, kept as the reference,
// for texts that JSON must carry over unchanged, several lists of units and several scopes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listValue } from '@duckdb/node-api';
import type { Scope } from '../analytics/figures.ts';
import { parsePeriod } from '../analytics/period.ts';
import { startViolations, streamViolations, teamScope, type Violation } from './inspection-data.ts';
import { AS_OF, FIXTURE_ROWS, reportFixture, type ReportFixture } from '../test/helpers/reports.ts';

/**
 * inspection-violations.sql as it was first written (row by row, list_contains, one pass),
 * with listed_for (the fixture has no paper at the Provincial Office: paper_to_office is
 * tested in test/directive-figures.test.ts).
 */
const REFERENCE_SQL = `
WITH scope AS (
  SELECT d.*, f.name AS file,
         cds_violation_reasons(d.direction, d.channel, d.signed, d.deadline, d.completed_date, $as_of::DATE) AS reasons
  FROM documents d
  JOIN stg_units u ON u.unit_code = d.unit_code
  LEFT JOIN ingest_files f ON f.run_id = d.run_id AND f.file_seq = d.file_seq
  WHERE list_contains($units::VARCHAR[], d.unit_code)
    AND d.security = 'normal'
    AND d.event_date BETWEEN $from::DATE AND least($to::DATE, $as_of::DATE)
    AND ($include_baseline::BOOLEAN OR d.event_date >= u.milestone)
)
SELECT
  unit_code, doc_id, direction, number, doc_type, strftime(doc_date, '%Y-%m-%d') AS doc_date,
  strftime(event_date, '%Y-%m-%d') AS event_date, strftime(deadline, '%Y-%m-%d') AS deadline,
  cds_iso(completed_time) AS completed_time, reasons, file, row_no::DOUBLE AS row_no,
  nullif(array_to_string(list_transform(coalesce(notes, []), x -> x.message), '; '), '') AS notes, source_id, cds_iso(event_time) AS event_time,
  unit_code AS listed_for
FROM scope
WHERE len(reasons) > 0
ORDER BY list_position($units::VARCHAR[], unit_code), event_time, doc_id`;

// texts JSON escapes (quotes, backslashes, markup, tabs, line breaks, U+2028), text outside
// the BMP, decomposed (NFD) Vietnamese as some exports write it, spaces at the ends
const AWKWARD_ROWS = [
  'P01,A1,out,"a ""quoted"" \\ back<slash> & amp",Công văn,2020-10-14,2020-10-14 08:00,normal,paper,false,,',
  'P01,A2,out,"two\nlines",Co\u0302ng va\u0306n,2020-10-14,2020-10-14 08:30,normal,electronic,false,,',
  'P01,A3,out,tab\there 😀/UBND,"Tờ trình\u2028x",2020-10-15,2020-10-15 08:00,normal,paper,true,,',
  'P02,A4,in,/ slash /,Báo cáo,2020-10-02,2020-10-02 08:00,normal,electronic,,2020-10-05,2020-10-09 23:59:59',
  '380,A5,in,{"json": [1]},Giấy mời,2020-10-03,2020-10-03 07:00,normal,electronic,,2020-10-04,',
  '14755,A6,out,  spaced  ,Công văn,2020-10-20,2020-10-20 16:45,normal,paper,false,,',
  // the same time, told apart by doc_id
  '381,A8,out,8/UBND,Công văn,2020-10-21,2020-10-21 08:00,normal,paper,false,,',
  '381,A7,out,7/UBND,Công văn,2020-10-21,2020-10-21 08:00,normal,paper,false,,',
];

let f: ReportFixture;
beforeAll(async () => {
  f = await reportFixture([...FIXTURE_ROWS, ...AWKWARD_ROWS]);
});
afterAll(() => f.close());

async function reference(units: readonly string[], scope: Scope): Promise<Violation[]> {
  if (units.length === 0) return [];
  return f.w.db.all<Violation>(REFERENCE_SQL, {
    units: listValue([...units]), from: scope.period.from, to: scope.period.to, as_of: scope.asOf, include_baseline: scope.includeBaseline,
  });
}

async function streamed(units: readonly string[], scope: Scope): Promise<{ rows: Violation[]; chunks: number }> {
  const rows: Violation[] = [];
  let chunks = 0;
  await streamViolations(f.w, units, scope, 'P01', (chunk) => {
    chunks++;
    rows.push(...chunk);
  });
  return { rows, chunks };
}

describe('the work list query', () => {
  it('gives what its plain version gave, value for value, in the same order', async () => {
    const all = (await teamScope(f.figures, f.w.config.settings, 'all')).unitCodes;
    const team1 = (await teamScope(f.figures, f.w.config.settings, 1)).unitCodes;
    const scopes: Scope[] = [
      { period: parsePeriod('2020-10'), asOf: AS_OF, includeBaseline: false },
      { period: parsePeriod('2020'), asOf: '2020-12-31', includeBaseline: false },
      { period: parsePeriod('2020'), asOf: '2020-10-10', includeBaseline: true },
    ];
    const lists = [all, team1, [...all].reverse(), ['381', 'P01', '381', 'P02', 'P01'], ['nope'], []];
    let compared = 0;
    for (const scope of scopes) {
      for (const units of lists) {
        const expected = await reference(units, scope);
        const { rows } = await streamed(units, scope);
        expect(rows, `${scope.period.label} as of ${scope.asOf}, ${units.length} units`).toEqual(expected);
        compared += rows.length;
      }
    }
    expect(compared).toBeGreaterThan(50);
    const october = (await streamed(all, scopes[0]!)).rows;
    expect(october.find((v) => v.doc_id === 'A1')).toMatchObject({ number: 'a "quoted" \\ back<slash> & amp', reasons: ['not_electronic', 'not_signed'] });
    expect(october.find((v) => v.doc_id === 'A3')!.number).toContain('😀');
    expect(october.filter((v) => v.unit_code === '381').map((v) => v.doc_id)).toEqual(['A7', 'A8']);
  });

  it('closes a stream never read (a report that failed first), or read once only', async () => {
    const units = (await teamScope(f.figures, f.w.config.settings, 'all')).unitCodes;
    const scope: Scope = { period: parsePeriod('2020-10'), asOf: AS_OF, includeBaseline: false };
    await startViolations(f.w, units, scope, 'P01').close();
    const stream = startViolations(f.w, units, scope, 'P01');
    let n = 0;
    await stream.forEach((rows) => { n += rows.length; });
    await expect(stream.forEach(() => undefined)).rejects.toThrow(/read once/);
    await stream.close();
    expect(n).toBe((await reference(units, scope)).length);
  });

  it('hands the documents over in DuckDB chunks of 2,048, in order', async () => {
    const { writeSyntheticCsv } = await import('../test/helpers/exports.ts');
    const big = await reportFixture([]);
    try {
      const path = `${big.w.dir}/big.csv`;
      await writeSyntheticCsv(path, 30_000);
      await big.loadFile(path);
      const units = (await teamScope(big.figures, big.w.config.settings, 'all')).unitCodes;
      const scope: Scope = { period: parsePeriod('2020-08'), asOf: '2020-12-31', includeBaseline: false };
      const rows: Violation[] = [];
      const sizes: number[] = [];
      await streamViolations(big.w, units, scope, 'P01', (chunk) => {
        sizes.push(chunk.length);
        rows.push(...chunk);
      });
      expect(rows.length).toBeGreaterThan(2 * 2_048);
      expect(sizes.slice(0, -1).every((n) => n === 2_048)).toBe(true);
      expect(rows).toEqual(await big.w.db.all<Violation>(REFERENCE_SQL, {
        units: listValue(units), from: scope.period.from, to: scope.period.to, as_of: scope.asOf, include_baseline: false,
      }));
    } finally {
      big.close();
    }
  });
});
