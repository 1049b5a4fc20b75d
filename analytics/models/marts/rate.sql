-- A rate is a fraction of counts; with nothing to count it is NULL (no data), never 0 or 1.
CREATE OR REPLACE MACRO cds_rate(num, den) AS CASE WHEN den > 0 THEN num::DOUBLE / den END;
