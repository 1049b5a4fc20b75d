import type { Database } from '../warehouse/database.ts';
import { sqlFile } from '../warehouse/sql.ts';

/**
 * A province held whose published registry does not have as many communes, wards and special
 * zones in force as the roster gives it (national/sql/registry-coverage.sql).
 */
export interface RegistryMismatch {
  province: string;
  name: string;
  /** the roster's number (migration 023) */
  expected: number;
  /** its registry's, in force on on_day */
  registered: number;
  /** the last day of its last month held from 1/7/2025, or 2025-07-01 */
  on_day: string;
}

/** The provinces held whose registry has fewer or more communes than the roster gives them. */
export async function registryMismatches(db: Database): Promise<RegistryMismatch[]> {
  const rows = await db.all<RegistryMismatch>(sqlFile(new URL('./sql/registry-coverage.sql', import.meta.url)));
  return rows.filter((r) => r.registered !== r.expected);
}

/** What the roll-up prints of a mismatch, in English and Vietnamese. */
export function mismatchLine(m: RegistryMismatch): string {
  const day = m.on_day.split('-').reverse().join('/');
  if (m.registered < m.expected) {
    const missing = m.expected - m.registered;
    return `province ${m.province} (${m.name}): its registry has ${m.registered} communes, wards and special zones in force on ${m.on_day}, the roster ${m.expected}: the ${missing} missing count as units without data from 1/7/2025, and its figures are not complete. Publish the registry of the whole province.\n`
      + `  ${m.name} (mã ${m.province}): danh mục đã công bố có ${m.registered} xã, phường, đặc khu có hiệu lực ngày ${day}, trong khi tỉnh có ${m.expected}: ${missing} đơn vị còn thiếu được tính là chưa có dữ liệu từ 01/7/2025, số liệu của tỉnh chưa đủ. Đề nghị công bố danh mục của toàn tỉnh.`;
  }
  return `province ${m.province} (${m.name}): its registry has ${m.registered} communes, wards and special zones in force on ${m.on_day}, the roster ${m.expected}: is it the registry of the map before 1/7/2025? Every unit in it is counted.\n`
    + `  ${m.name} (mã ${m.province}): danh mục đã công bố có ${m.registered} xã, phường, đặc khu có hiệu lực ngày ${day}, nhiều hơn ${m.expected} của tỉnh: có thể là danh mục trước ngày 01/7/2025.`;
}
