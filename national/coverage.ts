import type { Database } from '../warehouse/database.ts';
import { sqlFile } from '../warehouse/sql.ts';

/**
 * A province held whose published registry does not have as many communes, wards and special
 * zones in force as the roster gives it, in a month from 1/7/2025
 * (national/sql/registry-coverage.sql): the month with the fewest when any has fewer.
 */
export interface RegistryMismatch {
  province: string;
  name: string;
  official_name: string;
  /** the roster's number (migration 023) */
  expected: number;
  /** its registry's, in force on some day of `month` */
  registered: number;
  /** YYYY-MM */
  month: string;
}

/** The provinces held whose registry has fewer or more communes than the roster gives them. */
export function registryMismatches(db: Database): Promise<RegistryMismatch[]> {
  return db.all<RegistryMismatch>(sqlFile(new URL('./sql/registry-coverage.sql', import.meta.url)));
}

/** Where the roster's numbers come from, as a ministry official names it. */
const RESOLUTIONS = 'theo các nghị quyết của Ủy ban Thường vụ Quốc hội về sắp xếp đơn vị hành chính cấp xã năm 2025';

/** What the roll-up prints of a mismatch, in English and Vietnamese. */
export function mismatchLine(m: RegistryMismatch): string {
  const month = m.month.split('-').reverse().join('/');
  const has = `its registry has ${m.registered} communes, wards and special zones in force in ${m.month}, the roster ${m.expected}`;
  const vi = `${m.official_name} (mã ${m.province}): danh mục đơn vị cấp xã đã công bố gồm ${m.registered} xã, phường, đặc khu còn hiệu lực trong tháng ${month}`;
  if (m.registered < m.expected) {
    const missing = m.expected - m.registered;
    return `province ${m.province} (${m.name}): ${has}: the ${missing} missing count as units without data, and its figures are not complete. Publish the registry of the whole province.\n`
      + `  ${vi}, ít hơn ${m.expected} ${RESOLUTIONS}: ${missing} đơn vị còn thiếu được tính là chưa có dữ liệu, số liệu chưa đủ. Đề nghị công bố danh mục đơn vị đầy đủ.`;
  }
  return `province ${m.province} (${m.name}): ${has}: is it the registry of the map before 1/7/2025? Every unit in it is counted.\n`
    + `  ${vi}, nhiều hơn ${m.expected} ${RESOLUTIONS}: có thể là danh mục trước ngày 01/07/2025. Đề nghị kiểm tra lại danh mục.`;
}
