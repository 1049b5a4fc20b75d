INSERT INTO report_frozen_rows
VALUES ($report::VARCHAR, $period::VARCHAR, $version::INTEGER, $row_no::INTEGER, $part::VARCHAR, $section::VARCHAR, $code::VARCHAR, $name::VARCHAR,
        $out_total::BIGINT, $out_electronic::BIGINT, $out_signed::BIGINT, $in_on_time::BIGINT, $in_late::BIGINT, $in_pending::BIGINT, $secret_excluded::BIGINT,
        $sent_electronic_rate::DOUBLE, $signed_rate::DOUBLE, $on_time_rate::DOUBLE, $rank::INTEGER, $score::DOUBLE,
        $quarantined_rows::BIGINT, $units_without_data::BIGINT,
        $in_total::BIGINT, $in_electronic::BIGINT, $received_electronic_rate::DOUBLE,
        $in_completed::BIGINT, $in_processed_electronic::BIGINT, $in_completed_unrecorded::BIGINT, $processed_electronic_rate::DOUBLE);
