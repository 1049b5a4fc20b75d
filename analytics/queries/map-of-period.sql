-- The map a period's figures are pooled on: the one in force on its last day ($to), the
-- level ranked on it, and the days within the period ($from, $to] on which the map changed
-- (a unit started, ended or changed): a period that spans a change says so.
SELECT
  strftime($to::DATE, '%Y-%m-%d') AS map_date,
  cds_ranked_kind($to::DATE) AS ranked_level,
  coalesce((
    SELECT list(DISTINCT strftime(d, '%Y-%m-%d') ORDER BY strftime(d, '%Y-%m-%d'))
    FROM (SELECT valid_from AS d FROM unit_versions UNION ALL SELECT valid_to + 1 FROM unit_versions WHERE valid_to < DATE '9999-12-31')
    WHERE d > $from::DATE AND d <= $to::DATE
  ), []) AS changes
