import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { PROVINCE_AREA, type RankLevel } from '../analytics/figures.ts';
import type { RankingRow } from '../analytics/schemas.ts';
import type { Period } from '../analytics/period.ts';
import { formatDate } from '../time.ts';
import type { AlertDeps } from './deps.ts';
import { rankGroupName } from './rules.ts';
import { METRIC_NAMES } from './text.ts';

const run = promisify(execFile);

/** LibreOffice on the PATH (Debian's libreoffice-calc), or null. */
export function officeBinary(): string | null {
  for (const name of ['libreoffice', 'soffice']) {
    if ((process.env['PATH'] ?? '').split(delimiter).some((d) => d && existsSync(join(d, name)))) return name;
  }
  return null;
}

/** A unit on the map of a period: the peer group it is ranked in there. */
export interface SummaryUnit {
  code: string;
  /** its name on that map */
  name: string;
  level: RankLevel;
  /** the peer group, in Vietnamese: "các xã, phường", … */
  group: string;
  /** its peer group ranked */
  ranking: RankingRow[];
  row: RankingRow;
}

/**
 * Where a unit stands on the map of the period's end (issue 17): a district among the
 * districts (27, 26 from 1/12/2024), a commune among the province's communes (166 from
 * 1/7/2025), a provincial body among the bodies; null when the code is not on that map (a
 * district after 30/6/2025).
 */
export async function summaryUnit(deps: AlertDeps, code: string, period: Period): Promise<SummaryUnit | null> {
  const map = await deps.figures.mapOf(period);
  const other: RankLevel = map.ranked_level === 'district' ? 'commune' : 'district';
  for (const level of [map.ranked_level, 'province', other] as RankLevel[]) {
    const ranking = await deps.figures.ranking(period, period.to, { level });
    const row = ranking.find((r) => r.code === code);
    if (row) return { code, name: row.name, level, group: rankGroupName(level, map.ranked_level), ranking, row };
  }
  return null;
}

/**
 * A unit leader's one page for a month — a district's until 30/6/2025, a commune's (or a
 * provincial body's): its rank in its peer group on the period's map and its movement, its
 * three rates beside the province's, and the documents that pulled them down. Written as a
 * workbook of one A4 page, then turned into PDF by LibreOffice where it is installed;
 * returns the path of the PDF, or of the workbook.
 */
export async function districtSummary(deps: AlertDeps, unit: SummaryUnit, period: Period, dir: string): Promise<string> {
  const asOf = period.to;
  const scope = { period, asOf, includeBaseline: false };
  const { code, name, row } = unit;
  // a district or a commune: its area (a district with its communes); a provincial body: its own figures
  const areas = await deps.figures.ratesOfAreas(scope, unit.level === 'province' ? [PROVINCE_AREA] : [code, PROVINCE_AREA]);
  const own = unit.level === 'province' ? row : areas.get(code)!;
  const province = areas.get(PROVINCE_AREA)!;
  const members = unit.ranking.length;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Tóm tắt', { pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 1 } });
  ws.columns = [{ width: 46 }, { width: 18 }, { width: 18 }];
  ws.addRow([`Kết quả thực hiện Chỉ thị 15/CT-UBND — ${name}`]).font = { bold: true, size: 14 };
  ws.addRow([`Tháng ${period.label.slice(5, 7)}/${period.label.slice(0, 4)}, số liệu đến hết ngày ${formatDate(asOf)}`]);
  ws.addRow([]);
  const rank = row.rank;
  ws.addRow([`Thứ hạng trong ${members} ${unit.group.replace(/^các /, '')}`, rank === null ? 'Chưa xếp hạng' : `${rank}/${members}`]);
  ws.addRow(['Thứ hạng tháng trước', row.previous_rank == null ? '—' : `${row.previous_rank}/${members}`]);
  const score = ws.addRow(['Điểm (trung bình ba tỉ lệ)', row.score ?? null]);
  score.getCell(2).numFmt = '0.0%';
  ws.addRow([]);
  ws.addRow(['Tỉ lệ', name, 'Toàn tỉnh']).font = { bold: true };
  for (const k of ['sent_electronic_rate', 'signed_rate', 'on_time_rate'] as const) {
    const r = ws.addRow([METRIC_NAMES[k].replace(/^tỉ lệ/, 'Tỉ lệ'), own[k], province[k]]);
    r.getCell(2).numFmt = '0.0%';
    r.getCell(3).numFmt = '0.0%';
  }
  ws.addRow([]);
  ws.addRow(['Văn bản chưa đạt', 'Số văn bản']).font = { bold: true };
  ws.addRow(['Văn bản đi không gửi điện tử', own.out_total - own.out_electronic]);
  ws.addRow(['Văn bản đi chưa ký số', own.out_total - own.out_signed]);
  ws.addRow(['Văn bản đến xử lý quá hạn', own.in_late]);
  ws.addRow([]);
  ws.addRow([own.complete ? 'Số liệu đầy đủ.' : `Chưa đủ dữ liệu: ${own.units_without_data} đơn vị chưa có dữ liệu, ${own.quarantined_rows} dòng dữ liệu lỗi chưa xử lý.`]);
  ws.addRow(['Ô để trống là không có số liệu để tính, không phải 0 %.']);
  const xlsx = join(dir, `chi-thi-15-tom-tat-${code}-${period.label}.xlsx`);
  await wb.xlsx.writeFile(xlsx);
  const office = officeBinary();
  if (!office) return xlsx;
  await run(office, ['--headless', `-env:UserInstallation=file://${join(dir, '.lo-profile')}`, '--convert-to', 'pdf', '--outdir', dir, xlsx], { timeout: 120_000 });
  const pdf = xlsx.replace(/\.xlsx$/, '.pdf');
  return existsSync(pdf) ? pdf : xlsx;
}
