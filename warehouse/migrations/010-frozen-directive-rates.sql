-- The monthly report carries the received and processed rates too (Directive 15: "tỷ lệ gửi,
-- nhận, xử lý"): each frozen figure keeps its counts and rates as they were reported. NULL in
-- the rows of versions frozen before this was recorded: shown "—", never read as 0.
ALTER TABLE report_frozen_rows ADD COLUMN in_total BIGINT;
ALTER TABLE report_frozen_rows ADD COLUMN in_electronic BIGINT;
ALTER TABLE report_frozen_rows ADD COLUMN received_electronic_rate DOUBLE;
ALTER TABLE report_frozen_rows ADD COLUMN in_completed BIGINT;
ALTER TABLE report_frozen_rows ADD COLUMN in_processed_electronic BIGINT;
ALTER TABLE report_frozen_rows ADD COLUMN in_completed_unrecorded BIGINT;
ALTER TABLE report_frozen_rows ADD COLUMN processed_electronic_rate DOUBLE;
