-- Data tests of rules.sql.

-- test: in_status_decided_as_rules
-- scope: full
-- The incoming mart keeps, of each document, the day it stands decided and whether on time
-- (cds_in_decided_on, cds_in_on_time) instead of its deadline and completion date, and the
-- figures decide its status from those (cds_in_status_decided): for every deadline, every
-- completion (or none) before, on or after it, and every as_of around both, that must be
-- the status cds_in_status gives. A row here is a case where it is not.
WITH days AS (
  SELECT DATE '2021-03-10' + i::INTEGER AS d FROM range(0, 12) t(i)
), cases AS (
  SELECT dl.d AS deadline, c.d AS completed_date, a.d AS as_of
  FROM days dl, (SELECT d FROM days UNION ALL SELECT NULL) c, (SELECT d - 1 AS d FROM days UNION ALL SELECT d + 1 FROM days) a
  UNION ALL
  SELECT NULL, c.d, DATE '2021-03-15' FROM (SELECT d FROM days UNION ALL SELECT NULL) c
)
SELECT deadline, completed_date, as_of, cds_in_status(deadline, completed_date, as_of) AS status,
       cds_in_status_decided(cds_in_decided_on(deadline, completed_date), cds_in_on_time(deadline, completed_date), as_of) AS decided
FROM cases
WHERE cds_in_status(deadline, completed_date, as_of) IS DISTINCT FROM
      cds_in_status_decided(cds_in_decided_on(deadline, completed_date), cds_in_on_time(deadline, completed_date), as_of);
