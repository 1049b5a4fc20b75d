import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { PROVINCE_AREA } from '../analytics/figures.ts';
import type { Period } from '../analytics/period.ts';
import { formatDate } from '../time.ts';
import type { AlertDeps } from './deps.ts';
import { METRIC_NAMES } from './text.ts';

const run = promisify(execFile);

/** LibreOffice on the PATH (Debian's libreoffice-calc), or null. */
export function officeBinary(): string | null {
  for (const name of ['libreoffice', 'soffice']) {
    if ((process.env['PATH'] ?? '').split(delimiter).some((d) => d && existsSync(join(d, name)))) return name;
  }
  return null;
}

/**
 * A district leader's one page for a month: its rank among the 27 and its movement, its
 * three rates beside the province's, and the documents that pulled them down. Written as a
 * workbook of one A4 page, then turned into PDF by LibreOffice where it is installed;
 * returns the path of the PDF, or of the workbook.
 */
export async function districtSummary(deps: AlertDeps, district: string, period: Period, dir: string): Promise<string> {
  const asOf = period.to;
  const scope = { period, asOf, includeBaseline: false };
  const [ranking, areas] = await Promise.all([deps.figures.ranking(period, asOf), deps.figures.ratesOfAreas(scope, [district, PROVINCE_AREA])]);
  const row = ranking.find((r) => r.code === district);
  const own = areas.get(district)!;
  const province = areas.get(PROVINCE_AREA)!;
  const name = row?.name ?? district;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Tóm tắt', { pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 1 } });
  ws.columns = [{ width: 46 }, { width: 18 }, { width: 18 }];
  ws.addRow([`Kết quả thực hiện Chỉ thị 15/CT-UBND — ${name}`]).font = { bold: true, size: 14 };
  ws.addRow([`Tháng ${period.label.slice(5, 7)}/${period.label.slice(0, 4)}, số liệu đến hết ngày ${formatDate(asOf)}`]);
  ws.addRow([]);
  const rank = row?.rank ?? null;
  ws.addRow(['Thứ hạng trong 27 huyện, thị xã, thành phố', rank === null ? 'Chưa xếp hạng' : `${rank}/27`]);
  ws.addRow(['Thứ hạng tháng trước', row?.previous_rank == null ? '—' : `${row.previous_rank}/27`]);
  const score = ws.addRow(['Điểm (trung bình ba tỉ lệ)', row?.score ?? null]);
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
  const xlsx = join(dir, `chi-thi-15-tom-tat-${district}-${period.label}.xlsx`);
  await wb.xlsx.writeFile(xlsx);
  const office = officeBinary();
  if (!office) return xlsx;
  await run(office, ['--headless', `-env:UserInstallation=file://${join(dir, '.lo-profile')}`, '--convert-to', 'pdf', '--outdir', dir, xlsx], { timeout: 120_000 });
  const pdf = xlsx.replace(/\.xlsx$/, '.pdf');
  return existsSync(pdf) ? pdf : xlsx;
}
