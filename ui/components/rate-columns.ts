import { count, percent, processedRate } from '../format.ts';
import type { Counts, DirectiveCounts } from '../api.ts';
import type { Column } from './cds-data-table.ts';

type Rates = Pick<Counts, 'sent_electronic_rate' | 'signed_rate' | 'on_time_rate' | 'out_total'>
  & Pick<DirectiveCounts, 'received_electronic_rate' | 'processed_electronic_rate' | 'in_completed_unrecorded'>;

/**
 * The five rates and the outgoing count, as the district's and a unit's own page show them
 * side by side with their other columns (cds-district.ts, cds-own-unit.ts): one definition,
 * so the pages name and format them alike.
 */
export function rateColumns<T extends Rates>(): Column<T>[] {
  return [
    { key: 'sent', label: 'Gửi điện tử', type: 'percent', value: (r) => r.sent_electronic_rate, cell: (r) => percent(r.sent_electronic_rate) },
    { key: 'signed', label: 'Ký số', type: 'percent', value: (r) => r.signed_rate, cell: (r) => percent(r.signed_rate) },
    { key: 'ontime', label: 'Đúng hạn', type: 'percent', value: (r) => r.on_time_rate, cell: (r) => percent(r.on_time_rate) },
    { key: 'received', label: 'Nhận điện tử', type: 'percent', value: (r) => r.received_electronic_rate, cell: (r) => percent(r.received_electronic_rate) },
    { key: 'processed', label: 'Xử lý trên môi trường mạng', type: 'percent', value: (r) => r.processed_electronic_rate,
      cell: (r) => processedRate(r.processed_electronic_rate, r.in_completed_unrecorded) },
    { key: 'out', label: 'Văn bản đi', type: 'integer', value: (r) => r.out_total, cell: (r) => count(r.out_total) },
  ];
}
