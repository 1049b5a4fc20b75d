-- The rows of one frozen version, in report order.
SELECT
  row_no::INTEGER AS row_no, part, section, code, name,
  out_total::DOUBLE AS out_total, out_electronic::DOUBLE AS out_electronic, out_signed::DOUBLE AS out_signed,
  in_on_time::DOUBLE AS in_on_time, in_late::DOUBLE AS in_late, in_pending::DOUBLE AS in_pending,
  secret_excluded::DOUBLE AS secret_excluded,
  sent_electronic_rate, signed_rate, on_time_rate,
  rank::INTEGER AS rank, score,
  quarantined_rows::DOUBLE AS quarantined_rows, units_without_data::DOUBLE AS units_without_data,
  in_total::DOUBLE AS in_total, in_electronic::DOUBLE AS in_electronic, received_electronic_rate,
  in_completed::DOUBLE AS in_completed, in_processed_electronic::DOUBLE AS in_processed_electronic,
  in_completed_unrecorded::DOUBLE AS in_completed_unrecorded, processed_electronic_rate
FROM report_frozen_rows
WHERE report = $report::VARCHAR AND period = $period::VARCHAR AND version = $version::INTEGER
ORDER BY row_no, part;
