-- How complete each frozen figure was when it was frozen (README, "Completeness"): the open
-- quarantined rows of its units in the period and the units due to have documents that had
-- none. A later load changes neither, like the figures. NULL in the rows of versions frozen
-- before this was recorded: not known, never read as complete.
ALTER TABLE report_frozen_rows ADD COLUMN quarantined_rows BIGINT;
ALTER TABLE report_frozen_rows ADD COLUMN units_without_data BIGINT;
